"""ReadyEvents and the require_* decorators (upstream AuroraView's names): wait until a view has
been created, is shown, has loaded its page, or its page's bridge is ready.

Every WebView makes one with itself (view.ready_events), so it has heard every hook:
- created: set when the view is made;
- shown: set by on_shown, cleared by on_hidden (the window is visible);
- loaded: set by on_loaded (a page loaded successfully), cleared by on_load_started;
- bridge_ready: set by on_ready (the page's window.auroraview is installed), cleared by
  on_load_started.
So a navigation clears loaded and bridge_ready when it starts, and a wait then waits for the new
page. A load asked for with load_url() starts a moment later: until it does, the states still
describe the page before it.

A wait on the Qt main thread processes Qt's events meanwhile (so the page goes on loading); on
another thread it blocks. A view that closes ends every wait on it: it will never get there.
"""
import functools
import logging
import threading

from .. import _core

logger = logging.getLogger("auroraview")

#: Seconds a wait and the require_* decorators wait by default (upstream's values).
DEFAULT_TIMEOUT = 20.0
#: Seconds wait_all and require_ready wait by default.
READY_TIMEOUT = 30.0


class _State:
    """One state of a ReadyEvents, with threading.Event's methods (upstream's attributes are
    Events); its wait also ends when the view closes."""

    def __init__(self, events, name):
        self._events = events
        self.name = name
        self._flag = False

    def is_set(self):
        return self._flag

    def set(self):
        self._events._change(self, True)

    def clear(self):
        self._events._change(self, False)

    def wait(self, timeout=None):
        return self._events._wait((self,), timeout)

    def __repr__(self):
        return f"<ReadyEvents.{self.name} {'set' if self._flag else 'clear'}>"


class ReadyEvents:
    """The lifecycle states of one view, to wait on: created, shown, loaded and bridge_ready
    (each with threading.Event's is_set, set, clear and wait). view.ready_events is the view's
    own; one made later hears only what happens after it is made."""

    def __init__(self, window):
        self._window = window
        self._cond = threading.Condition()
        self._closed = False
        self.created = _State(self, "created")
        self.shown = _State(self, "shown")
        self.loaded = _State(self, "loaded")
        self.bridge_ready = _State(self, "bridge_ready")
        window.on_shown(self.set_shown)
        window.on_hidden(self.shown.clear)
        window.on_load_started(self._navigating)
        window.on_loaded(self.set_loaded)
        window.on_ready(self._bridge_ready)
        window.on_closed(self._view_closed)
        self.set_created()

    # ---- waiting --------------------------------------------------------------------------

    def wait_created(self, timeout=DEFAULT_TIMEOUT):
        """True once the view is created; False when timeout seconds passed first or the view
        closed (logged)."""
        return self._wait_logged((self.created,), timeout)

    def wait_shown(self, timeout=DEFAULT_TIMEOUT):
        """True once the window is shown; False on timeout or close (logged)."""
        return self._wait_logged((self.shown,), timeout)

    def wait_loaded(self, timeout=DEFAULT_TIMEOUT):
        """True once the page has loaded; False on timeout or close (logged)."""
        return self._wait_logged((self.loaded,), timeout)

    def wait_bridge_ready(self, timeout=DEFAULT_TIMEOUT):
        """True once the page's bridge is ready; False on timeout or close (logged)."""
        return self._wait_logged((self.bridge_ready,), timeout)

    def wait_all(self, timeout=READY_TIMEOUT):
        """True once the view is created, shown, loaded and its bridge ready, all at once; False
        on timeout or close (logged)."""
        return self._wait_logged(self._all(), timeout)

    # ---- setting and reading ----------------------------------------------------------------

    def set_created(self):
        self.created.set()

    def set_shown(self):
        self.shown.set()

    def set_loaded(self):
        self.loaded.set()

    def set_bridge_ready(self):
        self.bridge_ready.set()

    def reset(self):
        """Clears every state."""
        for state in self._all():
            state.clear()

    def is_created(self):
        return self.created._flag

    def is_shown(self):
        return self.shown._flag

    def is_loaded(self):
        return self.loaded._flag

    def is_bridge_ready(self):
        return self.bridge_ready._flag

    def is_ready(self):
        """True when every state is set."""
        return all(state._flag for state in self._all())

    def status(self):
        """{"created": bool, "shown": bool, "loaded": bool, "bridge_ready": bool}."""
        return {state.name: state._flag for state in self._all()}

    # ---- inside -----------------------------------------------------------------------------

    def _all(self):
        return (self.created, self.shown, self.loaded, self.bridge_ready)

    def _change(self, state, flag):
        with self._cond:
            state._flag = flag
            self._cond.notify_all()

    def _navigating(self, data):
        self.loaded.clear()
        self.bridge_ready.clear()

    def _bridge_ready(self, url):
        self.bridge_ready.set()

    def _view_closed(self):
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _wait(self, states, timeout):
        def done():
            return self._closed or all(state._flag for state in states)

        if threading.current_thread() is threading.main_thread():
            if not done():
                _core.wait_until(done, -1.0 if timeout is None else float(timeout))
        else:
            with self._cond:
                self._cond.wait_for(done, timeout)
        return all(state._flag for state in states)

    def _wait_logged(self, states, timeout):
        if self._wait(states, timeout):
            return True
        logger.warning("auroraview: %s", self._why_not(states, timeout))
        return False

    def _why_not(self, states, timeout):
        names = " and ".join(state.name for state in states if not state._flag)
        view = f"view {self._window.id}"
        if self._closed:
            return f"{view} closed before it was {names}"
        return f"{view} was not {names} within {timeout:g} s"

    def _fail(self, func, states, timeout):
        why = f"{func.__qualname__}: {self._why_not(states, timeout)}"
        if self._closed:
            raise _core.ClosedError(why)
        raise RuntimeError(why)


def _require(func, timeout, states_of):
    """The require_* decorators: func(self, ...) runs once the states of self.ready_events
    (states_of(events)) are all set. An object without ready events (not a WebView) calls func
    at once, as upstream's does."""
    if func is None:
        return lambda f: _require(f, timeout, states_of)

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        events = getattr(self, "_ready_events", None)
        if events is not None:
            states = states_of(events)
            if not events._wait(states, timeout):
                events._fail(func, states, timeout)
        return func(self, *args, **kwargs)

    return wrapper


def require_created(func=None, *, timeout=DEFAULT_TIMEOUT):
    """Decorates a WebView (subclass) method: each call first waits until the view is created.
    A view is created when its constructor returns, so this never waits for a view."""
    return _require(func, timeout, lambda events: (events.created,))


def require_shown(func=None, *, timeout=DEFAULT_TIMEOUT):
    """Decorates a WebView (subclass) method: each call first waits, up to timeout seconds,
    until the window is shown. RuntimeError when it is not by then, ClosedError when the view
    closes first."""
    return _require(func, timeout, lambda events: (events.shown,))


def require_loaded(func=None, *, timeout=DEFAULT_TIMEOUT):
    """Decorates a WebView (subclass) method: each call first waits, up to timeout seconds,
    until the page has loaded. RuntimeError when it has not by then, ClosedError when the view
    closes first."""
    return _require(func, timeout, lambda events: (events.loaded,))


def require_bridge_ready(func=None, *, timeout=DEFAULT_TIMEOUT):
    """Decorates a WebView (subclass) method: each call first waits, up to timeout seconds,
    until the page's bridge is ready. RuntimeError when it is not by then, ClosedError when the
    view closes first."""
    return _require(func, timeout, lambda events: (events.bridge_ready,))


def require_ready(func=None, *, timeout=READY_TIMEOUT):
    """Decorates a WebView (subclass) method: each call first waits, up to timeout seconds,
    until the view is created, shown, loaded and its bridge ready. RuntimeError when it is not
    by then, ClosedError when the view closes first."""
    return _require(func, timeout, lambda events: events._all())
