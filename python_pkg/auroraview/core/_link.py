"""What joins one WebView to the page side of its state, commands and channels, over the view's
ordinary emits and page events (the reserved names of state.py, commands.py and channel.py) and
one more:

- "auroraview:bound_methods" (Python -> page): the names view.get_bound_methods() gives, for the
  page's auroraview.getBoundMethods() and isMethodBound(); sent when a page is ready and after
  bind_call changes them.

Python's state changes and bound-method changes wait for the end of the main loop's turn and go
as one message each, or earlier: before anything else the view sends (flush(), which emit and
eval_js call first), so the page never sees an emit before a change made ahead of it. Nothing is
sent to a page that is not ready: a page gets the whole state and the bound methods when its bridge
is ready.
"""
import inspect
import logging
import threading

from .. import _core
from .channel import ACK_EVENT, ChannelManager
from .commands import INVOKE_EVENT, RESULT_EVENT, CommandRegistry, _failure
from .state import SYNC_EVENT, UPDATE_EVENT, State
from .streams import Streams
from .uploads import Uploads

logger = logging.getLogger("auroraview")

BOUND_EVENT = "auroraview:bound_methods"
_RETRY_S = 0.05  # a flush the view's full queue refused is tried again this much later


class ViewLink:
    def __init__(self, view, json_fallback):
        self._view = view
        self._json_fallback = json_fallback
        self._lock = threading.Lock()
        self._state = None
        self._commands = None
        self._channel_manager = None
        self._channels = {}  # id -> Channel open on this view
        self._page_ready = False
        self._bound_dirty = False
        self._due = False  # something waits to be sent (read unlocked on every emit: the cheap test)
        self._flush_queued = False
        view._core.on(UPDATE_EVENT, self._state_from_page)
        view._core.on(INVOKE_EVENT, self._invoke)
        view._core.on(ACK_EVENT, self._channel_acks)
        self.streams = Streams(view)
        self.uploads = Uploads(view)
        view._ready_hooks.append(self._page_is_ready)
        view._hook("load_started", self._page_is_leaving)
        view._hook("closed", self._view_closed)

    # ---- the view's objects -------------------------------------------------------------

    @property
    def state(self):
        with self._lock:
            if self._state is None:
                self._state = State()
                self._state._link = self
            return self._state

    def adopt_state(self, state):
        """state becomes the view's; the page's state is replaced by it."""
        with self._lock:
            if self._state is not None and self._state is not state:
                self._state._link = None
            self._state = state
            state._link = self
        state._resend_whole()
        self.state_changed()

    @property
    def commands(self):
        with self._lock:
            registry = self._commands
        if registry is None:
            registry = CommandRegistry()
            self.adopt_commands(registry)
        return registry

    def adopt_commands(self, registry):
        with self._lock:
            if self._commands is not None and self._commands is not registry:
                self._commands._webview = None
            self._commands = registry
            registry._webview = self._view

    @property
    def channels(self):
        with self._lock:
            if self._channel_manager is None:
                self._channel_manager = ChannelManager(self._view)
            return self._channel_manager

    def adopt_channel(self, channel):
        with self._lock:
            other = self._channels.get(channel.id)
            if other is not None and other is not channel:
                raise ValueError(f"a channel named {channel.id!r} is already open on this view: close it first, "
                                 "or give the new one another channel_id")
            self._channels[channel.id] = channel

    def forget_channel(self, channel):
        with self._lock:
            if self._channels.get(channel.id) is channel:
                del self._channels[channel.id]

    def check_json(self, value, what):
        try:
            _core.json_dumps(value, self._json_fallback)
        except TypeError as e:
            raise TypeError(f"{what}: {e}") from None

    # ---- Python -> page -----------------------------------------------------------------

    def state_changed(self):
        if self._page_ready:
            self._queue_flush()

    def bound_changed(self):
        self._bound_dirty = True
        if self._page_ready:
            self._queue_flush()

    def _queue_flush(self):
        with self._lock:
            self._due = True
            if self._flush_queued:
                return
            self._flush_queued = True
        _core.run_on_main_thread(self._queued_flush)

    def _queued_flush(self):
        with self._lock:
            self._flush_queued = False
        try:
            self.flush()
        except _core.BusyError:
            logger.debug("view %d: queue full, the state goes %d ms later", self._view.id, _RETRY_S * 1000)
            _core.call_later(_RETRY_S, self._queued_flush)
        except _core.ClosedError:
            pass

    def flush(self):
        """Sends what waits (state changes, the bound methods) now. Raises as emit does; what
        could not go waits for the next flush. A change made meanwhile by another thread goes
        by the flush it queued."""
        if not self._due:
            return
        with self._lock:
            self._due = False
            state = self._state
        if not self._page_ready or self._view.closed:
            return
        message = state._take_message() if state is not None else None
        if message is not None:
            try:
                self._view._core.emit(SYNC_EVENT, message)
            except BaseException:
                state._resend_whole()
                self._due = True
                raise
        if self._bound_dirty:
            self._bound_dirty = False
            try:
                self._view._core.emit(BOUND_EVENT, self._view.get_bound_methods())
            except BaseException:
                self._bound_dirty = True
                self._due = True
                raise

    def _page_is_ready(self, url):
        self._page_ready = True
        for channel in list(self._channels.values()):
            channel._taken(None)  # what the last page did not take went with it
        with self._lock:
            state = self._state
        if state is not None and len(state):
            state._resend_whole()
        self._bound_dirty = bool(self._view.get_bound_methods())
        self._due = True
        self._queued_flush()

    def _page_is_leaving(self):
        self._page_ready = False

    def _view_closed(self):
        for channel in list(self._channels.values()):
            channel.close()

    # ---- page -> Python -----------------------------------------------------------------

    def _state_from_page(self, detail):
        if not isinstance(detail, dict):
            return
        if "changes" in detail or "deleted" in detail:  # the bridge's batch
            changes, deleted = detail.get("changes") or {}, detail.get("deleted") or []
        elif isinstance(detail.get("key"), str):  # upstream's {key, value}
            changes, deleted = {detail["key"]: detail.get("value")}, []
        else:
            return
        if isinstance(changes, dict) and isinstance(deleted, list):
            self.state._from_page(changes, [key for key in deleted if isinstance(key, str)])

    def _channel_acks(self, detail):
        if not isinstance(detail, dict):
            return
        for channel_id, count in detail.items():
            channel = self._channels.get(channel_id)
            if channel is not None and isinstance(count, int) and count > 0:
                channel._taken(count)

    def _invoke(self, request):
        if not isinstance(request, dict) or not isinstance(request.get("id"), (int, str)):
            logger.warning("view %d: an %s without an id was ignored: %.200r", self._view.id, INVOKE_EVENT, request)
            return None
        call_id, command = request["id"], request.get("command")
        try:
            fn, positional, keyword = self.commands._prepare(command, request.get("args"))
            result = fn(*positional, **keyword)
        except BaseException as e:
            self._answer(call_id, command, error=e)
            if not isinstance(e, Exception):
                raise
            return None
        if inspect.isawaitable(result):
            return self._answer_when_done(call_id, command, result)
        self._answer(call_id, command, result=result)
        return None

    async def _answer_when_done(self, call_id, command, awaitable):
        try:
            result = await awaitable
        except Exception as e:
            self._answer(call_id, command, error=e)
        else:
            self._answer(call_id, command, result=result)

    def _answer(self, call_id, command, result=None, error=None):
        debug = self._view._debug
        if error is None:
            answer = {"id": call_id, "ok": True, "result": result}
        else:
            answer = {"id": call_id, "ok": False, "error": _failure(command, error, debug)}
        try:
            try:
                self._view.emit(RESULT_EVENT, answer)
            except TypeError as e:  # the result is not JSON: the page gets why
                unsent = TypeError(f"the result of command '{command}' cannot be sent as JSON: {e}")
                self._view.emit(RESULT_EVENT, {"id": call_id, "ok": False, "error": _failure(command, unsent, debug)})
        except (_core.BusyError, _core.ClosedError) as e:
            logger.warning("view %d: the answer of command '%s' was not sent: %s", self._view.id, command, e)
