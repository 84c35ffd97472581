"""WebView and AuroraView: the Python API over auroraview._core.

Threads: handlers bound with on() and bind_call() run on the Qt main thread, and so do the
window and page hooks (on_closing, on_resized, on_load_failed, ...). emit() and eval_js() work
from any thread; load_url(), load_html(), load_file(), reload(), show(), close() and the window
methods (hide, focus, move, resize, ...) too (called off the main thread, they are queued for it
and return at once); geometry and get_current_url() read what Qt last reported.
"""
import importlib
import inspect
import logging
import os
import sys
import threading
import urllib.parse

from . import _core, _options
from . import host as _host
from ._bindings import Bindings
from ._connections import ConnectionId, Connections
from ._page_eval import PageEvaluator
from ._windows import WindowManager
from .core.ready_events import ReadyEvents
from .core._features import ViewFeatures
from .core.events import WindowEventData, hook_of

logger = logging.getLogger("auroraview")
#: Every console message of every page (and uncaught errors, as "Uncaught ..." at ERROR).
page_logger = logging.getLogger("auroraview.page")
_CONSOLE_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}

#: load_html() without a base URL gives the page this one; its origin is allowed.
DEFAULT_BASE_URL = "https://auroraview.localhost/"

_TOPLEVEL, _CHILD, _DOCK, _OWNED, _DOCK_OR_CHILD = 0, 1, 2, 3, -1  # the core's placements
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
    single message. Unset or 0: the engine's defaults (1M records, 1 GiB)."""
    unknown = set(limits) - set(_LIMITS)
    if unknown:
        raise TypeError(f"configure(): unknown limits {sorted(unknown)}; known: {list(_LIMITS)}")
    if _started:
        raise RuntimeError("configure() must come before the first WebView")
    _limits.update(limits)


def _start(debug=False):
    global _started
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("create WebViews on the main thread (the Qt GUI thread)")
    # Qt WebEngine's startup report (GL type, Chromium's flags) stays off the terminal unless the
    # user set Qt's logging rules or asked for debug output.
    quiet = "QT_LOGGING_RULES" not in os.environ and not debug and not logger.isEnabledFor(logging.DEBUG)
    # The core formats every level; _log asks the logger, so its level may change at any time.
    created = _core.init(_log, logging.DEBUG, quiet=quiet, **_limits)
    if created and not _started:
        _refuse_second_application()
    _started = True


def _refuse_second_application():
    """auroraview made this process's QApplication: a PyQt or PySide QApplication made now would
    be a second one (Qt does not refuse it; it fails later, at exit). Their constructors, for the
    toolkits loaded, raise instead, saying what to do. The binding itself calls the constructor
    with no arguments to wrap the existing application (QApplication.instance()): that goes on."""
    for toolkit in _TOOLKITS:
        module = sys.modules.get(f"{toolkit}.QtWidgets")
        if module is None:
            continue
        original = module.QApplication.__init__

        def guarded(self, *args, _original=original, **kwargs):
            if not args and not kwargs:
                return _original(self)
            raise RuntimeError(
                "auroraview already made this process's QApplication (when the first WebView was created), "
                "so a second one cannot be made. Make your QApplication before the first WebView "
                "(auroraview then uses it), or use QApplication.instance()"
            )

        try:
            module.QApplication.__init__ = guarded
        except TypeError:  # a binding whose classes cannot be changed: Qt's own failure remains
            logger.debug("%s.QApplication cannot be guarded against a second application", toolkit)


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
        raise TypeError(
            f"Object of type {type(obj).__name__} is not JSON serializable; give WebView(json_default=fn) a "
            "function that converts such objects (json_default=str sends their text)"
        )

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


def _placement(parent, dock, mode=None):
    """(the core's placement, the parent's pointer) for parent, dock= and mode= (upstream's:
    "none" a window of its own whatever the parent; "owner" a window of its own that the parent
    owns; "child" and "container" inside the parent, as no mode is)."""
    if mode == "none" or parent is None:
        if dock:
            raise ValueError("dock=True needs parent=<a QMainWindow>")
        return _TOPLEVEL, None
    pointer, main_window = _parent_pointer(parent)
    if mode == "owner":
        if dock:
            raise ValueError("dock=True and mode='owner' ask for two places: give one")
        return _OWNED, pointer
    if dock is not None:
        return (_DOCK if dock else _CHILD), pointer
    if main_window is None:
        return _DOCK_OR_CHILD, pointer
    return (_DOCK if main_window else _CHILD), pointer


class WebView(ViewFeatures):
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
    frameless, always_on_top: a top-level window without a frame, kept above other windows.
    retain: a dock's close button hides it (show() brings the same page back); the default for
    docks. tabify: the objectName or title of a dock of the main window to share tabs with.
    Every keyword of upstream AuroraView's WebView is taken, in its order: those with a meaning
    in a Qt host take effect (context_menu, resizable, frame, transparent, background_color,
    icon, tool_window, user_agent, data_directory, mode, ...), the others are named in one
    warning; docs/api/python.md, "Upstream keyword arguments", has the table.
    """

    _singletons = {}  # create(singleton=key): key -> the open view made with it

    def __init__(
        self,
        title="AuroraView",
        width=800,
        height=600,
        url=None,
        html=None,
        debug=None,
        context_menu=True,
        resizable=True,
        frame=None,
        parent=None,
        mode=None,
        bridge=None,
        dev_tools=None,
        decorations=None,
        asset_root=None,
        data_directory=None,
        allow_file_protocol=False,
        capture_file_drop=None,
        always_on_top=False,
        transparent=False,
        background_color=None,
        auto_show=True,
        ipc_batch_size=0,
        icon=None,
        tool_window=False,
        undecorated_shadow=False,
        allow_new_window=False,
        new_window_mode=None,
        remote_debugging_port=None,
        splash_overlay=False,
        allow_downloads=True,
        download_prompt=False,
        download_directory=None,
        proxy_url=None,
        user_agent=None,
        parent_hwnd=None,
        embed_mode=None,
        dcc_mode="auto",
        config=None,
        *,
        dock=None,
        dock_area="right",
        floating=False,
        allowed_origins=(),
        json_default=None,
        frameless=False,
        retain=None,
        tabify=None,
    ):
        # Upstream AuroraView's keywords, its aliases settled (auroraview/_options.py).
        o = _options.resolve({name: value for name, value in locals().items() if name in _options.UPSTREAM})
        url, html, parent, asset_root, debug = o["url"], o["html"], o["parent"], o["asset_root"], o["debug"]
        if url is not None and html is not None:
            raise ValueError("give url or html, not both")
        if url is not None and asset_root is None:
            origin_of(url)  # a bad URL fails here, before a window exists
        icon = None if o["icon"] is None else os.path.abspath(os.path.expanduser(os.fspath(o["icon"])))
        if icon is not None and not os.path.isfile(icon):
            raise FileNotFoundError(f"icon: no such file: {icon}")
        data_directory, download_directory = (
            None if o[name] is None else os.path.abspath(os.path.expanduser(os.fspath(o[name])))
            for name in ("data_directory", "download_directory"))
        _options.warn_without_effect(type(self).__name__, o)
        _options.start_engine_options(o, _started)
        _start(debug)
        attached = _host.current()
        if attached is not None and parent is None and dock is not False and o["mode"] != "none":
            parent, dock = attached.main_window, o["mode"] != "owner"
        placement, pointer = _placement(parent, dock, o["mode"])
        self._ready_hooks = []
        self._hooks = {name: [] for name in _HOOKS}
        self._evaluator = PageEvaluator(self)
        self._closed_event = threading.Event()
        self._connections = Connections(self)
        self._bindings = None  # set once _core.View exists
        self._ready_events = ReadyEvents(self)  # before any hook can fire: it hears them all
        self._debug = bool(debug)
        self._title = o["title"]
        self._placement = placement
        self._html_base = _options.file_base_url() if o["allow_file_protocol"] else DEFAULT_BASE_URL
        if retain is None:
            retain = placement in (_DOCK, _DOCK_OR_CHILD)
        json_fallback = _json_fallback(json_default)
        self._core = _core.View(
            json_fallback,
            title=o["title"],
            width=o["width"],
            height=o["height"],
            placement=placement,
            parent=pointer,
            dock_area=_DOCK_AREAS[dock_area] if isinstance(dock_area, str) else dock_area,
            floating=floating,
            devtools=debug,
            debug=debug,
            on_ready=self._fire_ready,
            on_closed=self._fire_closed,
            frameless=frameless or not o["frame"],
            always_on_top=o["always_on_top"],
            retain=bool(retain),
            tabify=tabify,
            on_window=self._window_event,
            on_page=self._page_event,
            on_closing=self._fire_closing,
            tool_window=o["tool_window"],
            fixed_size=not o["resizable"],
            transparent=o["transparent"],
            context_menu=o["context_menu"],
            background_color=_options.qt_color(o["background_color"]),
            icon=icon,
            user_agent=o["user_agent"] or None,
            storage_path=data_directory,
            allow_downloads=o["allow_downloads"],
            download_prompt=o["download_prompt"],
            download_directory=download_directory,
        )
        self._core.facade = self  # what auroraview.current_call().view gives
        self._bindings = Bindings(self._core)
        self._page_window_events = set()  # the window events the page showing listens for
        self._core.on(WINDOW_EVENTS_ASKED, lambda d: self._page_window_events.add(d.get("event")))
        self._init_features(json_fallback)
        if attached is not None:
            attached._adopt(self)
        self._window_uid = WindowManager().register(self)
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

    @classmethod
    def create(
        cls,
        title="AuroraView",
        *,
        url=None,
        html=None,
        width=800,
        height=600,
        resizable=True,
        frame=None,
        always_on_top=False,
        transparent=False,
        background_color=None,
        parent=None,
        mode="auto",
        bridge=None,
        debug=True,
        context_menu=True,
        asset_root=None,
        data_directory=None,
        allow_file_protocol=False,
        capture_file_drop=None,
        auto_show=False,
        auto_timer=True,
        singleton=None,
        ipc_batch_size=0,
        icon=None,
        tool_window=False,
        undecorated_shadow=False,
        allow_new_window=False,
        new_window_mode=None,
        remote_debugging_port=None,
    ):
        """Makes a view (upstream AuroraView's factory). mode: where it goes (see the table in
        docs/api/python.md, "WebView.create"). auto_show: show() it at once when it has a window
        of its own (a docked or child view shows with its host's window); a standalone program
        then runs until it closes, as show() does. singleton: a key; while a view made with it is
        open, create() with the same key returns that view."""
        if singleton is not None:
            existing = cls._singletons.get(singleton)
            if existing is not None and not existing.closed:
                return existing
        _options.warn_without_effect(f"{cls.__name__}.create", {"auto_timer": auto_timer}, ("auto_timer",),
                                     {"auto_timer": True})
        view = cls(
            title=title, width=width, height=height, url=url, html=html, debug=debug, context_menu=context_menu,
            resizable=resizable, frame=frame, parent=parent, mode=mode, bridge=bridge, asset_root=asset_root,
            data_directory=data_directory, allow_file_protocol=allow_file_protocol,
            capture_file_drop=capture_file_drop, always_on_top=always_on_top, transparent=transparent,
            background_color=background_color, ipc_batch_size=ipc_batch_size, icon=icon, tool_window=tool_window,
            undecorated_shadow=undecorated_shadow, allow_new_window=allow_new_window,
            new_window_mode=new_window_mode, remote_debugging_port=remote_debugging_port,
        )
        if singleton is not None:
            cls._singletons[singleton] = view
            view.on_closed(lambda: cls._singletons.pop(singleton, None))
        if auto_show and view._placement in (_TOPLEVEL, _OWNED):
            view.show()
        return view

    @property
    def id(self):
        """The view's process-unique id."""
        return self._core.id

    @property
    def window_id(self):
        """The view's id in the WindowManager ("wv_<id>"; upstream AuroraView's name)."""
        return self._window_uid

    @property
    def closed(self):
        return self._core.closed

    @property
    def ready_events(self):
        """The view's ReadyEvents: wait until it is shown, loaded, its bridge ready (upstream's name)."""
        return self._ready_events

    # ---- JS -> Python -------------------------------------------------------------------

    def bind_call(self, method, fn=None, *, allow_rebind=True):
        """fn answers auroraview.call(method, params): params object -> fn(**params), array ->
        fn(*params), absent -> fn(), anything else -> fn(params). The return value goes back as
        JSON; an exception rejects the call. Decorator (@view.bind_call("api.x")) or direct.
        "ns.name" is auroraview.ns.name() in the page too; a name with no namespace is also
        auroraview.api.name(). allow_rebind=False leaves a method that is bound already alone."""
        if fn is None:
            return lambda f: self.bind_call(method, f, allow_rebind=allow_rebind)
        self._bindings.bind(method, fn, allow_rebind)
        self._link.bound_changed()
        return fn

    def get_bound_methods(self):
        """The names of the methods bound now, sorted (upstream AuroraView's name). Empty once
        the view has closed."""
        return self._bindings.names()

    def is_method_bound(self, method):
        """True when method is bound now (upstream AuroraView's name)."""
        return self._bindings.is_bound(method)

    def bind_api(self, api, namespace="api", *, allow_rebind=False):
        """Binds every public method of api as '<namespace>.<name>': auroraview.<namespace>.<name>()
        in the page. A namespace is bound once: binding it again is skipped (upstream AuroraView's
        rule) unless allow_rebind=True."""
        if not self._bindings.claim_namespace(namespace, allow_rebind):
            logger.debug("bind_api: namespace %r is bound already; skipped", namespace)
            return api
        for name in dir(api):
            if not name.startswith("_"):
                attr = getattr(api, name)
                if callable(attr):
                    self.bind_call(f"{namespace}.{name}", attr)
        return api

    def is_namespace_bound(self, namespace):
        """True when bind_api has bound namespace on this view."""
        return self._bindings.namespace_bound(namespace)

    def on(self, event, fn=None):
        """fn(detail) runs for each auroraview.send_event(event, detail) (detail {} when the page
        gave none, as upstream AuroraView gives). Several handlers per event run in order.
        Decorator (returns fn) or direct, view.on(event, fn), which returns a ConnectionId for
        disconnect() as upstream's does. A WindowEvent of a hook below (WindowEvent.RESIZED:
        on_resized) registers fn as that hook (and returns fn)."""
        if fn is None:
            return lambda f: self._on(event, f)
        if hook_of(event) is not None:
            return self._on(event, fn)
        return self._connections.connect(str(event), fn)

    def _on(self, event, fn):
        hook = hook_of(event)
        if hook is not None:
            return self._hook(hook, fn)
        self._core.on(str(event), fn)
        return fn

    def off(self, event, fn=None):
        """Removes fn (or the connection, given the ConnectionId on() returned), or every
        handler of event."""
        if isinstance(fn, ConnectionId):
            self._connections.disconnect(str(event), fn)
        else:
            self._core.off(str(event), fn)

    def register_callback(self, event_name, callback):
        """Connects callback to event_name as on() does and returns a ConnectionId; disconnect()
        with it removes exactly this connection (upstream AuroraView's form)."""
        return self._connections.connect(str(event_name), callback)

    def disconnect(self, event_name, conn_id):
        """Removes the connection conn_id of event_name; False when there is none."""
        return self._connections.disconnect(str(event_name), conn_id)

    # ---- Python -> JS -------------------------------------------------------------------

    def emit(self, event, data=None):
        """Sends data to the page's auroraview.on(event) handlers in upstream AuroraView's shape:
        a dict as it is, None as {}, anything else as {"value": data}. Any thread. Raises
        BusyError when the queue is full, ClosedError after close()."""
        self._link.flush()
        self._core.emit(event, _event_payload(data))

    def emit_batch(self, events, auto_process=True):
        """emit() for each (event, data) pair of events, in order; returns how many were sent.
        They reach the page together (one batch when the page is ready). auto_process is
        upstream AuroraView's and changes nothing: the engine delivers by itself."""
        self._link.flush()
        count = 0
        for event, data in events:
            self._core.emit(event, _event_payload(data))
            count += 1
        return count

    def eval_js(self, script):
        """Runs script in the page, in order with emits. Any thread."""
        self._link.flush()
        self._core.eval_js(script)

    def eval_js_async(self, script, callback=None, timeout_ms=5000):
        """Runs script in the page (as eval_js does: in order with emits, in a trusted page, once
        it is ready) and brings its value back: the value of its last expression, a Promise's
        settled value, as JSON. Returns a concurrent.futures.Future (PageResult); callback, if
        given, is called as callback(result, error) on the main thread. A script that throws
        gives JavaScriptError with the JS error's name and message; no value within timeout_ms
        gives TimeoutError; a page replaced or a view closed first gives AuroraViewError or
        ClosedError. Any thread."""
        return self._evaluator.submit(script, callback, timeout_ms)

    async def eval_js_awaitable(self, script, timeout_ms=5000, poll_interval=None):
        """eval_js_async as a coroutine: `value = await view.eval_js_awaitable("1 + 1")`.
        poll_interval is accepted for upstream AuroraView's signature; nothing polls here."""
        import asyncio

        return await asyncio.wrap_future(self._evaluator.submit(script, None, timeout_ms))

    # ---- content ------------------------------------------------------------------------

    def load_url(self, url):
        """Shows url; with an asset root, a URL without a scheme is a path under it."""
        if self.asset_url and not urllib.parse.urlsplit(url).scheme:
            url = self.asset_url + url.lstrip("/")
        self._core.load_url(url)

    def load_html(self, html, base_url=None):
        """Shows html as if it came from base_url (default: the asset root, else DEFAULT_BASE_URL;
        with allow_file_protocol, a file:// URL in a private directory)."""
        base_url = base_url or self.asset_url or self._html_base
        self._core.load_html(html, base_url)

    def load_local_html(self, path, rewrite_paths=True):
        """Shows the local HTML file path with its relative links working (upstream AuroraView's
        name). rewrite_paths=True (the default) serves the file's directory as this view's asset
        root (auroraview://<host>/, see asset_root) and loads the file from it, so its scripts,
        styles and images load through that root whatever their relative paths, with no
        rewriting of the HTML; False loads it as a file:// page (load_file)."""
        path = os.path.abspath(os.path.expanduser(os.fspath(path)))
        if not os.path.isfile(path):
            raise FileNotFoundError(f"load_local_html: no such file: {path}")
        if not rewrite_paths:
            return self.load_file(path)
        self.asset_url = _core.asset_root(os.path.dirname(path))
        self._core.allow_origin(origin_of(self.asset_url))
        self._core.load_url(self.asset_url + urllib.parse.quote(os.path.basename(path)))

    def load_file(self, path):
        """Shows the local HTML file path and trusts its directory tree (the file alone when
        other users may write its directory); other local files get no bridge."""
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no such file: {path}")
        self._core.load_file(path)

    # ---- window -------------------------------------------------------------------------

    def show(self, block=None, *, wait=None):
        """Shows the view (again, after hide()). block=None means: block (run Qt's event loop
        until this view closes) when auroraview created the QApplication and Python is not
        interactive; inside a Qt host, or at a REPL (whose input hook keeps windows live), return
        at once. wait is upstream AuroraView's name for block."""
        if wait is not None:
            if block is not None and bool(block) != bool(wait):
                raise TypeError("show(): give block or wait, not both with different values")
            block = wait
        if block is None:
            block = _core.standalone() and not (hasattr(sys, "ps1") or sys.flags.interactive)
        self._core.show(block)

    def show_async(self):
        """Shows the view and returns at once (show(wait=False))."""
        self.show(block=False)

    def show_blocking(self):
        """Shows the view and runs Qt's event loop until it closes (show(wait=True)); in a host
        whose loop already runs, shows and returns."""
        self.show(block=True)

    def wait(self, timeout=None):
        """Waits until the view has closed, at most timeout seconds (None: no limit); True when it
        has. On the main thread Qt's events are processed meanwhile (the windows stay live);
        another thread just waits."""
        if threading.current_thread() is threading.main_thread():
            return bool(_core.wait_until(lambda: self.closed, -1.0 if timeout is None else float(timeout)))
        return self._closed_event.wait(timeout)

    def close(self):
        self._core.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def __repr__(self):
        state = "closed" if self.closed else f"{self.width}x{self.height}"
        return f"<auroraview.{type(self).__name__} {self.id} {self.title!r} {state}>"

    def hide(self):
        """Hides the window (or dock); show() brings the same page back. Any thread."""
        self._core.hide()

    def focus(self):
        """Raises the window (or dock) and gives the page keyboard focus. Any thread."""
        self._core.focus()

    def move(self, x, y):
        """Moves a window (or a floating dock) to x, y on the screen. Any thread."""
        self._core.move(x, y)

    def resize(self, width, height):
        """Resizes the window; a docked view is given that size in its dock area. Any thread."""
        self._core.resize(width, height)

    def minimize(self):
        self._core.set_state("minimized")

    def maximize(self):
        self._core.set_state("maximized")

    def restore(self):
        """Back to the normal state from minimized, maximized or full screen."""
        self._core.set_state("normal")

    def toggle_fullscreen(self):
        """Full screen, or back to normal when full screen already."""
        state = (self._core.geometry or {}).get("state")
        self._core.set_state("normal" if state == "fullscreen" else "fullscreen")

    def set_always_on_top(self, on_top=True):
        """Keeps the window above other windows (or stops). Any thread."""
        self._core.set_always_on_top(on_top)

    def set_title(self, title):
        """The window's (or dock's) title. Any thread."""
        self._title = str(title)
        self._core.set_title(self._title)

    @property
    def title(self):
        """The window's title (assigning sets it)."""
        return self._title

    @title.setter
    def title(self, value):
        self.set_title(value)

    @property
    def geometry(self):
        """The window as last reported: a dict of x, y, width, height, visible, state ("normal",
        "minimized", "maximized", "fullscreen"), focused, docked, floating, dock_area ("left",
        ... or None). Any thread: read from what Qt reported, Qt is not asked."""
        return self._core.geometry or {}

    @property
    def width(self):
        return self.geometry.get("width", 0)

    @property
    def height(self):
        return self.geometry.get("height", 0)

    @property
    def x(self):
        return self.geometry.get("x")

    @property
    def y(self):
        return self.geometry.get("y")

    def set_floating(self, floating=True):
        """A dock: floats it in a window of its own, or (False) puts it back in its area."""
        self._core.dock(0, floating)

    def dock_to(self, area):
        """A dock: moves it into area ("left", "right", "top", "bottom"), docked."""
        if area not in _DOCK_AREAS:
            raise ValueError(f"dock_to({area!r}): the areas are {list(_DOCK_AREAS)}")
        self._core.dock(_DOCK_AREAS[area], False)

    def tabify(self, name):
        """A dock: shares tabs with the dock of the main window whose objectName or title is
        name. RuntimeError when there is none."""
        self._core.tabify(name)

    def get_current_url(self):
        """The page's URL as last reported (a load_html page: its base URL), or None."""
        return self._core.url

    def reload(self):
        """Loads the page again; a page given as html gets the same html again."""
        self._core.reload()

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

    def _hook(self, name, fn):
        self._hooks[name].append((fn, _takes_data(fn)))
        return fn

    def on_closed(self, fn):
        """fn() or fn(data) runs once, when the view has closed. Decorator."""
        return self._hook("closed", fn)

    def on_closing(self, fn):
        """fn() or fn(data) runs when the user closes the window (its X, Alt-F4, a dock's X
        when not retained); returning False keeps it open. Decorator."""
        return self._hook("closing", fn)

    def on_loaded(self, fn):
        """fn(data) when a page has loaded successfully; data {url}. Decorator."""
        return self._hook("loaded", fn)

    def on_shown(self, fn):
        return self._hook("shown", fn)

    def on_hidden(self, fn):
        return self._hook("hidden", fn)

    def on_resized(self, fn):
        """fn(data): data {width, height}. Decorator."""
        return self._hook("resized", fn)

    def on_moved(self, fn):
        """fn(data): data {x, y}. Decorator."""
        return self._hook("moved", fn)

    def on_focused(self, fn):
        return self._hook("focused", fn)

    def on_blurred(self, fn):
        return self._hook("blurred", fn)

    def on_minimized(self, fn):
        return self._hook("minimized", fn)

    def on_maximized(self, fn):
        return self._hook("maximized", fn)

    def on_restored(self, fn):
        return self._hook("restored", fn)

    def on_window_event(self, fn):
        """fn(kind, data) for every window event: the kinds above and "fullscreen", "floated",
        "docked"; data is the geometry (see geometry). Decorator."""
        self._hooks["window_event"].append((fn, 2))
        return fn

    def on_load_started(self, fn):
        """fn(data): data {url}. Decorator."""
        return self._hook("load_started", fn)

    def on_load_finished(self, fn):
        """fn(data): data {url, ok}. Decorator."""
        return self._hook("load_finished", fn)

    def on_load_failed(self, fn):
        """fn(data): data {url, error, code}. Decorator."""
        return self._hook("load_failed", fn)

    def on_title_changed(self, fn):
        """fn(data): data {title}. Decorator."""
        return self._hook("title_changed", fn)

    def on_url_changed(self, fn):
        """fn(data): data {url}. Decorator."""
        return self._hook("url_changed", fn)

    def on_render_process_gone(self, fn):
        """fn(data): data {reason, exit_code, reloading}. Decorator."""
        return self._hook("render_process_gone", fn)

    def on_console_message(self, fn):
        """fn(data): data {level, message, source, line}. Decorator."""
        return self._hook("console_message", fn)

    # Every hook runs: one that raises, even KeyboardInterrupt or SystemExit, is logged with its
    # traceback (as a handler's exception is) and the next one runs.
    def _fire_ready(self, url):
        for fn in list(self._ready_hooks):
            try:
                fn(url)
            except BaseException:
                logger.exception("ready hook %r raised", fn)

    def _fire(self, name, data, *, kind=None):
        answers = []
        for fn, takes in list(self._hooks[name]):
            try:
                if takes == 2:
                    answers.append(fn(kind, WindowEventData(data)))
                else:
                    answers.append(fn(WindowEventData(data)) if takes else fn())
            except BaseException:
                logger.exception("%s hook %r raised", name, fn)
        return answers

    def _fire_closed(self):
        self._closed_event.set()
        WindowManager().unregister(self._window_uid)
        self._evaluator.fail_all(_core.ClosedError("eval_js_async: the view closed before the script's value came back"))
        self._fire("closed", {})

    def _fire_closing(self):
        self._tell_page("closing", {})
        return all(answer is not False for answer in self._fire("closing", {}))

    def _window_event(self, kind, data):
        if kind == "focused":
            WindowManager().set_active(self._window_uid)
        self._fire("window_event", data, kind=kind)
        if kind == "resized":
            payload = {"width": data["width"], "height": data["height"]}
        elif kind == "moved":
            payload = {"x": data["x"], "y": data["y"]}
        elif kind in self._hooks:
            payload = {}
        else:
            return
        self._tell_page(kind, payload)
        self._fire(kind, payload)

    def _tell_page(self, kind, payload):
        """The page hears its window's events too, as upstream AuroraView's pages do:
        auroraview.on("resized", ({width, height}) => ...); only a page that listens for the
        event (its bridge says so) is sent it."""
        if kind not in self._page_window_events:
            return
        try:
            self._core.emit(kind, payload)
        except _core.ClosedError:
            pass
        except _core.BusyError:
            logger.warning("view %d: the page's queue is full; its '%s' window event was not sent", self.id, kind)

    def _page_event(self, kind, data):
        if kind == "console":
            level = _CONSOLE_LEVELS.get(data["level"], logging.INFO)
            page_logger.log(level, "%s (%s:%d)", data["message"], data["source"], data["line"])
            self._fire("console_message", data)
            return
        if kind == "load_failed":
            logger.warning("view %d: %s did not load: %s (code %d)", self.id, data["url"], data["error"],
                           data["code"])
        elif kind == "load_started":
            self._page_window_events.clear()  # the next page says what it listens for
        elif kind == "render_process_gone":
            logger.warning("view %d: the page's render process ended (%s, exit code %d); %s", self.id,
                           data["reason"], data["exit_code"],
                           "reloading the page" if data["reloading"] else
                           "not reloading: it ended again before a page loaded")
        self._fire(kind, data)
        if kind == "load_finished" and data["ok"]:
            self._fire("loaded", {"url": data["url"]})


#: The bridge's word that the page listens for a window event (auroraview.js, WINDOW_EVENTS).
WINDOW_EVENTS_ASKED = "auroraview:window_events"

_HOOKS = ("closed", "closing", "loaded", "shown", "hidden", "resized", "moved", "focused", "blurred",
          "minimized", "maximized", "restored", "window_event", "load_started", "load_finished",
          "load_failed", "title_changed", "url_changed", "render_process_gone", "console_message")


def _event_payload(data):
    if data is None:
        return {}
    return data if isinstance(data, dict) else {"value": data}


def _takes_data(fn):
    """1 when fn takes the event's data (fn(data): a required positional parameter, or *args), 0
    when it needs no argument (fn(), fn(x=1): defaults are left alone, as in `lambda i=i: ...`)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    required = [p for p in params if p.kind in positional and p.default is p.empty]
    if len(required) > 1 or any(p.kind == p.KEYWORD_ONLY and p.default is p.empty for p in params):
        raise TypeError(f"{fn!r} must take no argument or one (the event's data)")
    if required or any(p.kind == p.VAR_POSITIONAL for p in params):
        return 1
    return 0


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
