"""The process's open views, with upstream AuroraView's names (WindowManager,
get_window_manager, get_windows, get_active_window, broadcast_event, on_event). Every WebView registers
itself when made, as "wv_<id>", and leaves when it closes; the active one is the one whose window
last gained focus (the first one until then). Any thread; change callbacks run on the thread that
made the change."""
import inspect
import logging
import threading

logger = logging.getLogger("auroraview")


class WindowManager:
    """The registry of open views: one per process (WindowManager() gives it)."""

    _instance = None
    _instance_lock = threading.Lock()

    def __new__(cls):
        with cls._instance_lock:
            if cls._instance is None:
                manager = super().__new__(cls)
                manager._windows = {}  # uid -> view, in registration order
                manager._active = None
                manager._callbacks = []
                manager._handlers = []  # (event, fn) of on_event, for every view
                manager._lock = threading.RLock()
                cls._instance = manager
        return cls._instance

    def register(self, window, uid=None):
        """Adds window under uid ("wv_<its id>" when None) and returns the uid; the handlers of
        on_event are connected to it."""
        uid = uid or f"wv_{window.id}"
        with self._lock:
            self._windows[uid] = window
            if self._active is None:
                self._active = uid
            handlers = list(self._handlers)
        for event, fn in handlers:
            window.on(event)(fn)
        self._changed("registered", uid)
        return uid

    def unregister(self, uid):
        """Removes uid; False when it was not registered."""
        with self._lock:
            if self._windows.pop(uid, None) is None:
                return False
            if self._active == uid:
                self._active = next(iter(self._windows), None)
        self._changed("unregistered", uid)
        return True

    def get(self, uid):
        """The view registered as uid, or None."""
        with self._lock:
            return self._windows.get(uid)

    def get_active(self):
        """The active view (its window gained focus last), or None."""
        with self._lock:
            return self._windows.get(self._active) if self._active else None

    def get_active_id(self):
        with self._lock:
            return self._active

    def set_active(self, uid):
        """Makes uid the active view; False when it is not registered."""
        with self._lock:
            if uid not in self._windows:
                return False
            self._active = uid
        self._changed("activated", uid)
        return True

    def get_all(self):
        """The registered views, in the order they were made."""
        with self._lock:
            return list(self._windows.values())

    def get_all_ids(self):
        with self._lock:
            return list(self._windows)

    def count(self):
        with self._lock:
            return len(self._windows)

    def has(self, uid):
        with self._lock:
            return uid in self._windows

    def on_change(self, callback):
        """callback() runs after each registration, removal or change of the active view; a
        callback that takes two arguments gets what happened and to which view: ("registered",
        uid), ("unregistered", uid) or ("activated", uid). Returns a function that removes it
        again."""
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe():
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def broadcast(self, event, data=None):
        """Emits event to every registered view; returns how many took it (a closed or full one
        is logged and skipped)."""
        sent = 0
        for window in self.get_all():
            try:
                window.emit(event, data)
                sent += 1
            except Exception as e:  # noqa: BLE001 - one view's refusal must not stop the others
                logger.warning("broadcast of '%s' to view %d refused: %s", event, window.id, e)
        return sent

    def on_event(self, event, fn):
        """Connects fn to event in every view: those open now and those made later."""
        with self._lock:
            self._handlers.append((event, fn))
            windows = list(self._windows.values())
        for window in windows:
            window.on(event)(fn)
        return fn

    def close_all(self):
        """Closes every registered view; returns how many."""
        windows = self.get_all()
        for window in windows:
            window.close()
        return len(windows)

    def find_by_title(self, title):
        """The first registered view titled title, or None."""
        return next((w for w in self.get_all() if w.title == title), None)

    def _changed(self, what, uid):
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                if _takes_two(callback):
                    callback(what, uid)
                else:
                    callback()
            except Exception:  # noqa: BLE001 - logged, the others still run
                logger.exception("window manager change callback %r raised", callback)


def _takes_two(fn):
    """True when fn needs two positional arguments (upstream's callbacks take none)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return len([p for p in params if p.kind in positional and p.default is p.empty]) == 2


def get_window_manager():
    """The process's WindowManager."""
    return WindowManager()


def get_windows():
    """The open views, in the order they were made."""
    return WindowManager().get_all()


def get_active_window():
    """The view whose window gained focus last (the first one made until then), or None."""
    return WindowManager().get_active()


def broadcast_event(event, data=None):
    """Emits event to every open view; returns how many took it."""
    return WindowManager().broadcast(event, data)


def on_event(event):
    """Decorator: fn(detail) handles the page event in every view, open now or made later
    (upstream AuroraView's top-level name; there it only records the function)."""
    return lambda fn: WindowManager().on_event(event, fn)
