"""Upstream AuroraView's shared state: view.state, a dict kept the same in Python and in the page's
auroraview.state.

A change on one side reaches the other as one message per tick: every change Python makes in one
turn of the main loop goes as one "__state_sync__" event (sent before anything else the view sends
after it, so a page handler of a later emit sees the new state), and every change the page makes in
one task goes as one "__state_update__" event. A change is not echoed back to its side. A page that
has just loaded gets the whole state when its bridge is ready. When both sides change one key at
once, the change the other side heard last wins there; a change still waiting to go is dropped when
the other side's change of that key arrives first, so both sides end with that one.
"""
import logging
import threading

logger = logging.getLogger("auroraview")

SYNC_EVENT = "__state_sync__"  # Python -> page (upstream's name and message types)
UPDATE_EVENT = "__state_update__"  # page -> Python

_DELETED = object()


class State:
    """A dict-like store shared with the page (view.state). Keys are str; values are what the
    view's emit can send. Handlers given to on_change run on the thread that made the change
    (the main thread for the page's changes) as handler(key, value, source): source "python" or
    "javascript", value None for a deleted key."""

    def __init__(self, webview=None):
        self._data = {}
        self._handlers = []
        self._lock = threading.Lock()
        self._outgoing = {}  # key -> value or _DELETED, not sent yet
        self._cleared = False  # clear() not sent yet: the next message is the whole state
        self._link = None
        if webview is not None:
            self._attach_webview(webview)

    def _attach_webview(self, webview):
        """Makes this the view's state (upstream's name); the page's whole state becomes this one."""
        webview._link.adopt_state(self)

    # ---- dict-like ----------------------------------------------------------------------

    def __getitem__(self, key):
        return self._data[key]

    def __setitem__(self, key, value):
        self._set({key: value})
        self._notify([(key, value)], "python")

    def __delitem__(self, key):
        """Removes key; nothing happens when it is absent (as upstream)."""
        with self._lock:
            if key not in self._data:
                return
            del self._data[key]
            self._outgoing[key] = _DELETED
        self._changed()
        self._notify([(key, None)], "python")

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(list(self._data))

    def __len__(self):
        return len(self._data)

    def __repr__(self):
        return f"State({self._data!r})"

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return list(self._data)

    def values(self):
        return list(self._data.values())

    def items(self):
        return list(self._data.items())

    def to_dict(self):
        """A copy of the state as a dict."""
        return dict(self._data)

    def update(self, data, notify=True):
        """Sets every key of data (the page gets them in one message, as every change of a tick);
        notify=False: the Python handlers are not told."""
        data = dict(data)
        self._set(data)
        if notify:
            self._notify(list(data.items()), "python")

    def batch_update(self):
        """A context manager whose sets become one update() when it exits."""
        return BatchUpdate(self)

    def clear(self):
        """Removes every key (the page's too)."""
        with self._lock:
            keys = list(self._data)
            self._data.clear()
            self._outgoing.clear()
            self._cleared = True
        self._changed()
        self._notify([(key, None) for key in keys], "python")

    # ---- handlers -----------------------------------------------------------------------

    def on_change(self, handler):
        """Calls handler(key, value, source) on every change, from either side. Decorator."""
        if not callable(handler):
            raise TypeError(f"on_change(handler): handler must be callable, not {type(handler).__name__}")
        self._handlers.append(handler)
        return handler

    def off_change(self, handler):
        """Stops calling handler; nothing happens when it was not registered."""
        if handler in self._handlers:
            self._handlers.remove(handler)

    def _notify(self, changes, source):
        for key, value in changes:
            for handler in list(self._handlers):
                try:
                    handler(key, value, source)
                except Exception:
                    logger.exception("state change handler %r raised", handler)

    # ---- the page ------------------------------------------------------------------------

    def _set(self, data):
        for key, value in data.items():
            if not isinstance(key, str):
                raise TypeError(f"state keys are str (the page's object keys), not {type(key).__name__}: {key!r}")
            if self._link is not None:
                self._link.check_json(value, f"state[{key!r}]")
        with self._lock:
            self._data.update(data)
            self._outgoing.update(data)
        self._changed()

    def _changed(self):
        if self._link is not None:
            self._link.state_changed()

    def _take_message(self):
        """The message of the changes not sent yet, or None; they count as sent."""
        with self._lock:
            if self._cleared:
                message = {"type": "full", "data": dict(self._data)}
            elif self._outgoing:
                message = {"type": "batch", "data": {k: v for k, v in self._outgoing.items() if v is not _DELETED}}
                deleted = [k for k, v in self._outgoing.items() if v is _DELETED]
                if deleted:
                    message["deleted"] = deleted
            else:
                return None
            self._outgoing.clear()
            self._cleared = False
        return message

    def _resend_whole(self):
        """The next message is the whole state (a new page, or a message that could not go)."""
        with self._lock:
            self._cleared = True

    def _from_page(self, changes, deleted):
        """Applies the page's changes (not sent back); a change of the same key still waiting to
        go to the page is dropped, so both sides end with the page's."""
        applied = []
        with self._lock:
            for key, value in changes.items():
                self._data[key] = value
                self._outgoing.pop(key, None)
                applied.append((key, value))
            for key in deleted:
                self._outgoing.pop(key, None)
                if self._data.pop(key, _DELETED) is not _DELETED:
                    applied.append((key, None))
        self._notify(applied, "javascript")


class BatchUpdate:
    """Collects sets (batch[key] = value, batch.set(key, value)) and applies them as one
    State.update when its with block exits."""

    def __init__(self, state):
        self._state = state
        self._updates = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self._updates:
            self._state.update(self._updates)
        return False

    def __setitem__(self, key, value):
        self._updates[key] = value

    def __getitem__(self, key):
        return self._updates[key] if key in self._updates else self._state[key]

    def set(self, key, value):
        """Queues key = value; returns the batch (chainable)."""
        self._updates[key] = value
        return self

    def get_pending(self):
        """A copy of the sets queued so far."""
        return dict(self._updates)
