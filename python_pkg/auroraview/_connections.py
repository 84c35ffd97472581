"""Upstream AuroraView's connection ids: WebView.register_callback(event, fn) returns one, and
WebView.disconnect(event, id) removes exactly that connection, even when the same function is
connected more than once."""
import itertools
import threading

_ids = itertools.count(1)


class ConnectionId:
    """Names one connection made by WebView.register_callback, for WebView.disconnect."""

    __slots__ = ("_id",)

    def __init__(self, value):
        self._id = value

    def __str__(self):
        return self._id

    def __repr__(self):
        return f"ConnectionId({self._id!r})"

    def __eq__(self, other):
        return isinstance(other, ConnectionId) and other._id == self._id

    def __hash__(self):
        return hash(self._id)


class _Connected:
    """The handler _core gets for one connection: its own object, so disconnect() removes only
    it, while off(event, fn) still finds every connection of fn (equal to fn, by identity)."""

    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, detail):
        return self.fn(detail)  # an async fn's coroutine goes back to _core as it is

    def __eq__(self, other):
        return other is self or other is self.fn

    def __hash__(self):
        return id(self)


class Connections:
    """A view's connections by id. Any thread."""

    def __init__(self, view):
        self._view = view
        self._by_id = {}
        self._lock = threading.Lock()

    def connect(self, event, fn):
        if not callable(fn):
            raise TypeError(f"the handler for event {event!r} must be callable, not {type(fn).__name__}")
        handler = _Connected(fn)
        self._view._on(event, handler)
        conn = ConnectionId(f"{self._view.id}:{next(_ids)}")
        with self._lock:
            self._by_id[conn] = (event, handler)
        return conn

    def disconnect(self, event, conn):
        with self._lock:
            entry = self._by_id.get(conn)
            if entry is None or entry[0] != event:
                return False
            del self._by_id[conn]
        self._view.off(event, entry[1])
        return True
