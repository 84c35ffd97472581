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
from ._calls import current_call  # noqa: E402
from ._connections import ConnectionId  # noqa: E402
from ._page_eval import JavaScriptError, PageResult  # noqa: E402
from ._urls import normalize_url, path_to_file_url, rewrite_html_for_custom_protocol  # noqa: E402
from ._windows import (  # noqa: E402
    WindowManager,
    broadcast_event,
    get_active_window,
    get_window_manager,
    get_windows,
    on_event,
)
from .webview import AuroraView, WebView, configure, run_on_main_thread, stats  # noqa: E402
from ._apps import create_webview, run_app, run_desktop, run_standalone  # noqa: E402
from .core.ready_events import (  # noqa: E402
    ReadyEvents,
    require_bridge_ready,
    require_created,
    require_loaded,
    require_ready,
    require_shown,
)
from .child import (  # noqa: E402
    ChildContext,
    ChildInfo,
    ChildManager,
    get_child_id,
    get_example_name,
    get_manager,
    get_parent_id,
    is_child_mode,
    run_example,
)
from .core.events import WindowEvent, WindowEventData  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "AuroraView",
    "AuroraViewError",
    "BusyError",
    "ChildContext",
    "ChildInfo",
    "ChildManager",
    "ClosedError",
    "ConnectionId",
    "JavaScriptError",
    "PageResult",
    "QtWebView",
    "ReadyEvents",
    "WebView",
    "WindowEvent",
    "WindowEventData",
    "WindowManager",
    "broadcast_event",
    "configure",
    "create_webview",
    "current_call",
    "get_active_window",
    "get_child_id",
    "get_example_name",
    "get_manager",
    "get_parent_id",
    "get_window_manager",
    "get_windows",
    "is_child_mode",
    "normalize_url",
    "on_event",
    "path_to_file_url",
    "rewrite_html_for_custom_protocol",
    "require_bridge_ready",
    "require_created",
    "require_loaded",
    "require_ready",
    "require_shown",
    "run_app",
    "run_desktop",
    "run_example",
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
