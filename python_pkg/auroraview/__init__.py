"""AuroraView: web UIs for DCC tools, with two-way messaging between JavaScript and Python.

    from auroraview import WebView

    view = WebView(title="Outliner", html=PAGE)

    @view.bind_call("api.get_hierarchy")
    def get_hierarchy(root):
        return {"root": root, "children": []}

    @view.on("export_scene")
    def export_scene(detail):
        ...

    view.emit("selection_changed", {"selected": ["cube1"]})   # from any thread
    view.show()   # standalone: runs until the window closes; in a Qt host: returns at once

QtWebView (a QWidget for Qt programs' layouts) comes from the process's PyQt or PySide binding,
imported only when auroraview.QtWebView is first used.
Log lines go to the logger "auroraview".
"""
from . import _shim

_shim.load()  # the Qt WebEngine shim of the process's Qt, before _core binds to it

from ._core import AuroraViewError, BusyError, ClosedError  # noqa: E402
from ._connections import ConnectionId  # noqa: E402
from ._page_eval import JavaScriptError, PageResult  # noqa: E402
from ._urls import normalize_url, path_to_file_url  # noqa: E402
from ._windows import WindowManager, broadcast_event, get_active_window, get_window_manager, get_windows  # noqa: E402
from .webview import AuroraView, WebView, configure, run_on_main_thread, stats  # noqa: E402
from ._apps import create_webview, run_app, run_desktop, run_standalone  # noqa: E402
from .child import ChildContext, ChildManager, get_manager  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "AuroraView",
    "AuroraViewError",
    "BusyError",
    "ChildContext",
    "ChildManager",
    "ClosedError",
    "ConnectionId",
    "JavaScriptError",
    "PageResult",
    "QtWebView",
    "WebView",
    "WindowManager",
    "broadcast_event",
    "configure",
    "create_webview",
    "get_active_window",
    "get_manager",
    "get_window_manager",
    "get_windows",
    "normalize_url",
    "path_to_file_url",
    "run_app",
    "run_desktop",
    "run_on_main_thread",
    "run_standalone",
    "stats",
]


def __getattr__(name):
    # QtWebView is a widget of the process's Python Qt binding, imported only when asked for.
    if name == "QtWebView":
        from ._qtwebview import QtWebView

        return QtWebView
    raise AttributeError(f"module 'auroraview' has no attribute {name!r}")
