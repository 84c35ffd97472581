"""QtWebView: upstream AuroraView's QWidget for Qt programs, a widget of the process's Python Qt
binding (PyQt6 or PySide6 on Qt 6, PyQt5 or PySide2 on Qt 5) holding a WebView as its child.

Importing this module imports that binding: auroraview imports it only when auroraview.QtWebView
is first asked for (auroraview/__init__.py)."""
import importlib
import inspect
import os
import re
import sys

from . import _options, _shim
from . import webview as _webview

_BINDINGS = {6: ("PyQt6", "PySide6"), 5: ("PyQt5", "PySide2")}


def _binding():
    """The name of the Python binding of the process's Qt: one the process imported already, else
    the first of the two that imports."""
    names = _BINDINGS[_shim.major]
    for name in names:
        if f"{name}.QtWidgets" in sys.modules:
            return name
    for name in names:
        try:
            importlib.import_module(f"{name}.QtWidgets")
        except ImportError:
            continue
        return name
    raise ImportError(f"QtWebView is a widget of {' or '.join(names)}, the Python bindings of the Qt "
                      f"{_shim.major} this process runs: install one of them")


_BINDING = _binding()
_QtCore = importlib.import_module(f"{_BINDING}.QtCore")
_QtGui = importlib.import_module(f"{_BINDING}.QtGui")
_QtWidgets = importlib.import_module(f"{_BINDING}.QtWidgets")
_Signal = _QtCore.pyqtSignal if _BINDING.startswith("PyQt") else _QtCore.Signal
_Qt = _QtCore.Qt
# Qt 6 bindings name enum members by their enum only (Qt.WindowType.Tool), Qt 5 ones also flat.
_WindowType = getattr(_Qt, "WindowType", _Qt)
_WidgetAttribute = getattr(_Qt, "WidgetAttribute", _Qt)
_CLOSE = getattr(_QtCore.QEvent, "Type", _QtCore.QEvent).Close
_CONSOLE_LEVELS = {"info": 0, "warning": 1, "error": 2}  # QWebEnginePage's JavaScriptConsoleMessageLevel
_PYSIDE_SIGNAL = re.compile(r"2\w+\(.*\)")  # what a PySide signal's emit() hands QObject.emit: "2name(types)"

#: QtWebView's keywords that have no effect here (docs/api/python.md, "QtWebView").
_WITHOUT_EFFECT = {"embed_mode": "child", "auto_prewarm": True}


class QtWebView(_QtWidgets.QWidget):
    """A QWidget showing a web page with the auroraview bridge: a WebView placed inside it as a
    child (filling it), for Qt programs that put widgets in their own layouts, docks and dialogs.

    Upstream AuroraView's constructor arguments. Window ones (title, width, height, frameless,
    always_on_top, tool_window, transparent, icon) apply to this widget, the page ones to the
    WebView inside. Every WebView method and property whose name is not a QWidget's (load_url,
    load_html, on, bind_call, bind_api, eval_js, eval_js_async, on_ready, ...) is the inner
    view's, and so is emit; `webview` is that view. Closing the widget (its window closing, or close()) emits
    aboutToClose, then closes the view: is_alive is False from then on.
    """

    aboutToClose = _Signal()
    loadStarted = _Signal()
    loadFinished = _Signal(bool)
    urlChanged = _Signal(str)
    titleChanged = _Signal(str)
    consoleMessage = _Signal(int, str, int, str)
    jsError = _Signal(str, int, str)

    def __init__(
        self,
        parent=None,
        title="AuroraView",
        width=800,
        height=600,
        url=None,
        html=None,
        dev_tools=True,
        context_menu=True,
        asset_root=None,
        data_directory=None,
        allow_file_protocol=False,
        capture_file_drop=None,
        always_on_top=False,
        frameless=False,
        transparent=False,
        background_color=None,
        embed_mode="child",
        ipc_batch_size=0,
        icon=None,
        tool_window=False,
        auto_prewarm=True,
        allow_new_window=False,
        new_window_mode=None,
        remote_debugging_port=None,
    ):
        _options.warn_without_effect("QtWebView", {"embed_mode": embed_mode, "auto_prewarm": auto_prewarm},
                                     tuple(_WITHOUT_EFFECT), _WITHOUT_EFFECT)
        # Qt WebEngine starts with the first view; a QWidget needs the QApplication first.
        _options.start_engine_options({"remote_debugging_port": remote_debugging_port, "proxy_url": None},
                                      _webview._started)
        _webview._start(dev_tools)
        super().__init__(parent)
        self._closing = False
        self.setWindowTitle(title)
        self.resize(width, height)
        if frameless:  # a window of its own, as upstream makes it
            self.setWindowFlags(_WindowType.Window | _WindowType.FramelessWindowHint)
        if always_on_top:
            self.setWindowFlag(_WindowType.WindowStaysOnTopHint, True)
        if tool_window:
            self.setWindowFlag(_WindowType.Tool, True)
        if transparent:
            self.setAttribute(_WidgetAttribute.WA_TranslucentBackground, True)
        if icon is not None:
            path = os.path.abspath(os.path.expanduser(os.fspath(icon)))
            if not os.path.isfile(path):
                raise FileNotFoundError(f"icon: no such file: {path}")
            self.setWindowIcon(_QtGui.QIcon(path))
        layout = _QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._webview = _webview.WebView(
            title=title, width=width, height=height, url=url, html=html, debug=dev_tools, context_menu=context_menu,
            asset_root=asset_root, data_directory=data_directory, allow_file_protocol=allow_file_protocol,
            capture_file_drop=capture_file_drop, transparent=transparent, background_color=background_color,
            ipc_batch_size=ipc_batch_size, allow_new_window=allow_new_window, new_window_mode=new_window_mode,
            parent=self, dock=False,
        )
        self._wire_signals()
        # A child widget is only hidden when its window closes: the window's close ends the view.
        self._window = None if parent is None else parent.window()
        if self._window is not None:
            self._window.installEventFilter(self)

    def _wire_signals(self):
        view = self._webview
        view.on_load_started(lambda data: self._signal(self.loadStarted))
        view.on_load_finished(lambda data: self._signal(self.loadFinished, data["ok"]))
        view.on_url_changed(lambda data: self._signal(self.urlChanged, data["url"]))
        view.on_title_changed(lambda data: self._signal(self.titleChanged, data["title"]))
        view.on_console_message(self._console)

    def _signal(self, signal, *args):
        if self.is_alive:
            signal.emit(*args)

    def _console(self, data):
        self._signal(self.consoleMessage, _CONSOLE_LEVELS.get(data["level"], 0), data["message"], data["line"],
                     data["source"])
        if data["level"] == "error" and data["message"].startswith("Uncaught"):
            self._signal(self.jsError, data["message"], data["line"], data["source"])

    @property
    def webview(self):
        """The WebView inside this widget."""
        return self._webview

    @property
    def is_alive(self):
        """True until the widget closes (or its C++ object is deleted, or its view closes)."""
        if self._closing or self._webview.closed:
            return False
        try:
            self.objectName()  # raises RuntimeError once the C++ object is gone
        except RuntimeError:
            return False
        return True

    @property
    def title(self):
        """The widget's window title (assigning sets it, and the view's)."""
        return self.windowTitle()

    @title.setter
    def title(self, value):
        self.setWindowTitle(value)
        self._webview.set_title(value)

    def emit(self, event_name, *args, **kwargs):
        """The view's emit(event_name, data=None, auto_process=True) (named here: PySide's QObject
        has an emit of its own). auto_process is upstream's; emits reach the page from the Qt loop
        either way."""
        if _PYSIDE_SIGNAL.fullmatch(str(event_name)):  # PySide emits this widget's signals through it
            return super().emit(event_name, *args)
        return self._emit_event(event_name, *args, **kwargs)

    def _emit_event(self, event_name, data=None, auto_process=True):
        self._webview.emit(event_name, data)

    emit.__signature__ = inspect.signature(_emit_event)  # what callers give

    @property
    def current_url(self):
        """The page's URL as last reported, "" before the first."""
        return self._webview.get_current_url() or ""

    def _close_view(self):
        if self._closing:
            return
        self._closing = True
        self.aboutToClose.emit()
        self._webview.close()

    def closeEvent(self, event):
        self._close_view()
        super().closeEvent(event)

    def eventFilter(self, watched, event):
        if watched is self._window and event.type() == _CLOSE:
            # Whether the window really closes is known once it has handled the event.
            _QtCore.QTimer.singleShot(0, self._after_window_close)
        return super().eventFilter(watched, event)

    def _after_window_close(self):
        if self.is_alive and not self._window.isVisible():
            self._close_view()

    def __getattr__(self, name):
        # Only names the widget lacks get here: the WebView's API.
        view = self.__dict__.get("_webview")
        if view is None or name.startswith("_"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return getattr(view, name)

    def __repr__(self):
        try:
            return f"<auroraview.QtWebView {self.windowTitle()!r} {self.width()}x{self.height()}>"
        except RuntimeError:
            return "<auroraview.QtWebView (deleted)>"
