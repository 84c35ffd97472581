"""WebView and AuroraView: the Python API over auroraview._core.

Threads: handlers bound with on() and bind_call() run on the Qt main thread. emit() and
eval_js() work from any thread; load_url(), load_html(), load_file(), show() and close()
too (called off the main thread, they are queued for it and return at once).
"""
import importlib
import logging
import os
import sys
import threading
import urllib.parse

from . import _core
from . import host as _host

logger = logging.getLogger("auroraview")

#: load_html() without a base URL gives the page this one; its origin is allowed.
DEFAULT_BASE_URL = "https://auroraview.localhost/"

_TOPLEVEL, _CHILD, _DOCK, _DOCK_OR_CHILD = 0, 1, 2, -1  # the core's placements
_DOCK_AREAS = {"left": 1, "right": 2, "top": 4, "bottom": 8}

run_on_main_thread = _core.run_on_main_thread
stats = _core.stats

_LIMITS = ("inbound_capacity", "outbound_capacity", "max_message_bytes")
_limits = {}
_started = False


def configure(**limits):
    """Sets the engine's limits; call it before the first WebView. inbound_capacity and
    outbound_capacity: records queued (all pages -> Python, and per view Python -> page; a full
    queue is a BusyError or a BUSY rejection, never a silent drop); max_message_bytes: the largest
    single message. Unset or 0: the engine's defaults (1M records, 16 MiB)."""
    unknown = set(limits) - set(_LIMITS)
    if unknown:
        raise TypeError(f"configure(): unknown limits {sorted(unknown)}; known: {list(_LIMITS)}")
    if _started:
        raise RuntimeError("configure() must come before the first WebView")
    _limits.update(limits)


def _start():
    global _started
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("create WebViews on the main thread (the Qt GUI thread)")
    # The core formats every level; _log asks the logger, so its level may change at any time.
    _core.init(_log, logging.DEBUG, **_limits)
    _started = True


def _log(level, message, exc):
    if logger.isEnabledFor(level):  # cached by logging, cleared when a level changes
        logger.log(level, "%s", message, exc_info=exc)


def origin_of(url):
    """The trust entry of url, as the view spells it: 'scheme://host[:port]' (the host in its
    ASCII form, the default port dropped, as Chromium does); for a file URL its directory tree,
    'file:///dir/' (the file alone when other users may write that directory, as in /tmp),
    since every local file has the one origin 'file://'."""
    if not urllib.parse.urlsplit(url).scheme:
        raise ValueError(f"{url!r} is not an absolute URL (https://..., file:///...)")
    return _core.origin_of(url)


def _json_fallback(default):
    """What _core's JSON encoder (C: dict, list, tuple, str, int, float, bool, None) calls for
    any other object: sets become lists, the rest goes to default, or is a TypeError: never a
    silent str()."""

    def fallback(obj):
        if isinstance(obj, (set, frozenset)):
            return list(obj)
        if default is not None:
            return default(obj)
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")

    return fallback


# The Python bindings of Qt 6 and Qt 5 a parent widget may come from; the shim loaded
# (auroraview._shim) is of the process's Qt, so the widget is of that Qt too.
_TOOLKITS = ("PyQt6", "PySide6", "PyQt5", "PySide2")


def _parent_pointer(parent):
    """(QWidget* as an int, whether it is a QMainWindow or None when unknown)."""
    if isinstance(parent, int):
        return parent, None
    classes = type(parent).__mro__
    toolkits = {cls.__module__.partition(".")[0] for cls in classes}
    toolkit = next((t for t in _TOOLKITS if t in toolkits), None)
    if toolkit is None:
        raise TypeError(
            f"parent must be a widget of {', '.join(_TOOLKITS)}, or a QWidget* as an int, not {type(parent).__name__}"
        )
    if toolkit.startswith("PyQt"):
        pointer = importlib.import_module(f"{toolkit}.sip").unwrapinstance(parent)
    else:  # PySide6 -> shiboken6, PySide2 -> shiboken2
        pointer = importlib.import_module(f"shiboken{toolkit[-1]}").getCppPointer(parent)[0]
    return pointer, any(cls.__name__ == "QMainWindow" for cls in classes)


def _placement(parent, dock):
    if parent is None:
        if dock:
            raise ValueError("dock=True needs parent=<a QMainWindow>")
        return _TOPLEVEL, None
    pointer, main_window = _parent_pointer(parent)
    if dock is not None:
        return (_DOCK if dock else _CHILD), pointer
    if main_window is None:
        return _DOCK_OR_CHILD, pointer
    return (_DOCK if main_window else _CHILD), pointer


class WebView:
    """A web view with the auroraview bridge in its pages.

    parent: a PyQt6/PySide6 widget or a QWidget* as an int. A QMainWindow parent gets the view
    as a dock widget (dock=None or True; dock_area "left", "right", "top" or "bottom"), any
    other widget gets it as a child (dock=False forces that). No parent: docked into the host's
    main window when a host is attached (auroraview.host), else its own window.
    debug: DevTools allowed, and errors sent to the page carry data.traceback.
    allowed_origins: more origins whose pages get the bridge and may message Python ("*" for any;
    "file:///dir/" for local pages in dir and below it).
    The view's own content (load_url's origin, load_html's base URL, the file's directory tree
    for load_file, the asset root) is always allowed; pages of any other origin, and local files
    outside those directories, get no window.auroraview and their messages are refused
    (docs/security.md).
    asset_root: a directory served at auroraview://<host>/ (view.asset_url), with no way out of
    it, to this view's trusted pages only (not to other pages, opaque ones or local files);
    url= and load_url() take paths relative to it, and html= gets it as base URL.
    json_default: called for objects JSON cannot encode (as json.dumps' default=).
    """

    def __init__(
        self,
        title="AuroraView",
        width=800,
        height=600,
        url=None,
        html=None,
        *,
        parent=None,
        dock=None,
        dock_area="right",
        floating=False,
        debug=False,
        allowed_origins=(),
        json_default=None,
        asset_root=None,
    ):
        if url is not None and html is not None:
            raise ValueError("give url or html, not both")
        if url is not None and asset_root is None:
            origin_of(url)  # a bad URL fails here, before a window exists
        _start()
        attached = _host.current()
        if attached is not None and parent is None and dock is not False:
            parent, dock = attached.main_window, True
        placement, pointer = _placement(parent, dock)
        self._ready_hooks = []
        self._closed_hooks = []
        self._debug = bool(debug)
        self._core = _core.View(
            _json_fallback(json_default),
            title=title,
            width=width,
            height=height,
            placement=placement,
            parent=pointer,
            dock_area=_DOCK_AREAS[dock_area] if isinstance(dock_area, str) else dock_area,
            floating=floating,
            devtools=debug,
            debug=debug,
            on_ready=self._fire_ready,
            on_closed=self._fire_closed,
        )
        if attached is not None:
            attached._adopt(self)
        for origin in allowed_origins:
            self._core.allow_origin(origin if origin == "*" else origin_of(origin))
        self.asset_url = None
        if asset_root is not None:
            self.asset_url = _core.asset_root(os.fspath(asset_root))
            self._core.allow_origin(origin_of(self.asset_url))
        if url is not None:
            self.load_url(url)
        elif html is not None:
            self.load_html(html)

    @property
    def id(self):
        """The view's process-unique id."""
        return self._core.id

    @property
    def closed(self):
        return self._core.closed

    # ---- JS -> Python -------------------------------------------------------------------

    def bind_call(self, method, fn=None):
        """fn answers auroraview.call(method, params): params object -> fn(**params), array ->
        fn(*params), absent -> fn(), anything else -> fn(params). The return value goes back as
        JSON; an exception rejects the call. Decorator (@view.bind_call("api.x")) or direct."""
        if fn is None:
            return lambda f: self.bind_call(method, f)
        self._core.bind(method, fn)
        return fn

    def bind_api(self, api, namespace="api"):
        """Binds every public method of api as '<namespace>.<name>'."""
        for name in dir(api):
            if not name.startswith("_"):
                attr = getattr(api, name)
                if callable(attr):
                    self.bind_call(f"{namespace}.{name}", attr)
        return api

    def on(self, event, fn=None):
        """fn(detail) runs for each auroraview.send_event(event, detail) (detail None when the page
        gave none). Several handlers per event run in order. Decorator or direct."""
        if fn is None:
            return lambda f: self.on(event, f)
        self._core.on(event, fn)
        return fn

    def off(self, event, fn=None):
        """Removes fn, or every handler of event."""
        self._core.off(event, fn)

    # ---- Python -> JS -------------------------------------------------------------------

    def emit(self, event, data=None):
        """Sends data (JSON-serialisable) to the page's auroraview.on(event) handlers. Any
        thread. Raises BusyError when the queue is full, ClosedError after close()."""
        self._core.emit(event, data)

    def eval_js(self, script):
        """Runs script in the page, in order with emits. Any thread."""
        self._core.eval_js(script)

    # ---- content ------------------------------------------------------------------------

    def load_url(self, url):
        """Shows url; with an asset root, a URL without a scheme is a path under it."""
        if self.asset_url and not urllib.parse.urlsplit(url).scheme:
            url = self.asset_url + url.lstrip("/")
        self._core.load_url(url)

    def load_html(self, html, base_url=None):
        """Shows html as if it came from base_url (default: the asset root, else DEFAULT_BASE_URL)."""
        base_url = base_url or self.asset_url or DEFAULT_BASE_URL
        self._core.load_html(html, base_url)

    def load_file(self, path):
        """Shows the local HTML file path and trusts its directory tree (the file alone when
        other users may write its directory); other local files get no bridge."""
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no such file: {path}")
        self._core.load_file(path)

    # ---- window -------------------------------------------------------------------------

    def show(self, block=None):
        """Shows the view. block=None means: block (run Qt's event loop until this view closes)
        when auroraview created the QApplication and Python is not interactive; inside a Qt
        host, or at a REPL (whose input hook keeps windows live), return at once."""
        if block is None:
            block = _core.standalone() and not (hasattr(sys, "ps1") or sys.flags.interactive)
        self._core.show(block)

    def close(self):
        self._core.close()

    def open_devtools(self):
        """Opens the DevTools window of this view (made with debug=True). Any thread."""
        if not self._debug:
            raise RuntimeError("open_devtools() needs a view made with WebView(debug=True)")
        self._core.open_devtools()

    # ---- hooks --------------------------------------------------------------------------

    def on_ready(self, fn):
        """fn(url) runs each time a page's bridge is ready (after DOMContentLoaded). Decorator."""
        self._ready_hooks.append(fn)
        return fn

    def on_closed(self, fn):
        """fn() runs once, when the view has closed. Decorator."""
        self._closed_hooks.append(fn)
        return fn

    # Every hook runs: one that raises, even KeyboardInterrupt or SystemExit, is logged with its
    # traceback (as a handler's exception is) and the next one runs.
    def _fire_ready(self, url):
        for fn in list(self._ready_hooks):
            try:
                fn(url)
            except BaseException:
                logger.exception("ready hook %r raised", fn)

    def _fire_closed(self):
        for fn in list(self._closed_hooks):
            try:
                fn()
            except BaseException:
                logger.exception("closed hook %r raised", fn)


class AuroraView(WebView):
    """A WebView that exposes an API object: AuroraView(url=..., api=obj) makes every public
    method of obj callable from the page as auroraview.api.<name>(params)."""

    def __init__(self, *, url=None, html=None, api=None, namespace="api", **kwargs):
        if url is not None and html is not None:
            raise ValueError("give url or html, not both")
        if url is not None and kwargs.get("asset_root") is None:
            origin_of(url)
        super().__init__(**kwargs)
        self.api = api
        if api is not None:
            self.bind_api(api, namespace)
        if url is not None:
            self.load_url(url)
        elif html is not None:
            self.load_html(html)
