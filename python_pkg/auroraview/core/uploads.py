"""Streams from the page to Python: `const w = auroraview.openStream("api.ingest", params)` in the
page, `await w.write(x)` ... `await w.close()`, read by an async handler bound with bind_call (or
bind_api) that takes a keyword-only `stream`: `async for item in stream`.

Over reserved events:

- "auroraview:write_open" (page -> Python): {id, method, params, window}; the page names the stream
  (ids are unique per document) and may send `window` items before Python gives credit back.
- "auroraview:write" (page -> Python): {id, items: [...]}, then once {id, close: true} or
  {id, abort: reason}.
- "auroraview:write_ack" (Python -> page): {id, n}: the handler took n more items (n more credit);
  then once {id, done: true, result} or {id, error: {name, message, code}}.

Backpressure: at most `window` items wait in Python; the page's write() waits for credit. Only an
async handler can read a stream: the items come through the main loop, so a sync handler looping
over them on the main thread would wait for items that cannot arrive while it runs.
"""
import asyncio
import collections
import inspect
import logging

from .. import _aio, _core

logger = logging.getLogger("auroraview")

OPEN_EVENT = "auroraview:write_open"
DATA_EVENT = "auroraview:write"
ACK_EVENT = "auroraview:write_ack"

DEFAULT_WINDOW = 1024  # the page's default (bridge_js: auroraview.openStream's options.window)
MAX_WINDOW = 65536
_RETRY_S = 0.05  # a message the view's full queue refused goes again this much later


class Uploads:
    """The page->Python streams open on one view's page, by the page's ids. Main thread."""

    def __init__(self, view):
        self._view = view
        self._open = {}  # id -> PageStream
        view._core.on(OPEN_EVENT, self._opened)
        view._core.on(DATA_EVENT, self._data)
        view._hook("load_started", self.cancel_all)
        view._hook("closed", self.cancel_all)

    def cancel_all(self):
        """The page is gone (reload, close): every handler reading one of its streams is cancelled."""
        streams, self._open = self._open, {}
        for stream in streams.values():
            stream._cancel()

    def _opened(self, detail):
        if not isinstance(detail, dict) or not isinstance(detail.get("id"), str):
            logger.warning("view %d: a page stream open without an id was ignored", self._view.id)
            return
        sid, method = detail["id"], detail.get("method")
        window = detail.get("window")
        if not (isinstance(window, int) and not isinstance(window, bool) and 0 < window <= MAX_WINDOW):
            window = DEFAULT_WINDOW
        stream = PageStream(self, sid, method, window)
        fn = self._view._bindings.handler(method) if isinstance(method, str) else None
        if fn is None:
            stream._end({"error": _error("METHOD_NOT_FOUND", "METHOD_NOT_FOUND",
                                         f"no method named {method!r} is bound: bind an async handler with a "
                                         f"keyword-only stream parameter, view.bind_call({method!r}, fn)")})
            return
        if not inspect.iscoroutinefunction(fn):
            stream._end({"error": _error("INVALID_PARAMS", "INVALID_PARAMS",
                                         f"{method} is not an async function: a page stream is read with "
                                         "'async def handler(*, stream): async for item in stream' (a sync "
                                         "handler would hold the main thread the items arrive on)")})
            return
        params = detail.get("params", _ABSENT)
        try:
            if params is _ABSENT:
                coro = fn(stream=stream)
            elif isinstance(params, dict):
                coro = fn(stream=stream, **params)
            elif isinstance(params, list):
                coro = fn(*params, stream=stream)
            else:
                coro = fn(params, stream=stream)
        except TypeError as e:
            stream._end({"error": _error("INVALID_PARAMS", "INVALID_PARAMS",
                                         f"{method} does not take these params and a keyword 'stream': {e}")})
            return
        self._open[sid] = stream
        stream._task = _aio.spawn(stream._run(coro))

    def _data(self, detail):
        sid = detail.get("id") if isinstance(detail, dict) else None
        stream = self._open.get(sid) if isinstance(sid, str) else None
        if stream is not None:
            stream._receive(detail)

    def _forget(self, stream):
        if self._open.get(stream.id) is stream:
            del self._open[stream.id]


_ABSENT = object()


def _error(code, name, message):
    return {"code": code, "name": name, "message": message}


class PageStream:
    """What a handler's `stream` parameter is: an async iterator of the items the page writes, in
    order; it ends when the page calls close(). When the page aborts (or reloads, or the view
    closes) the handler's task is cancelled: CancelledError at its await."""

    def __init__(self, uploads, sid, method, window):
        self._uploads = uploads
        self.id = sid
        self.method = method
        self.window = window
        self._step = max(1, window // 4)
        self._items = collections.deque()
        self._taken = 0  # items taken and not acknowledged yet
        self._closed = False  # the page called close(): no more items
        self._ended = False
        self._waiter = None
        self._task = None
        self._ack_timer = None

    def __aiter__(self):
        return self

    async def __anext__(self):
        while not self._items:
            if self._closed:
                raise StopAsyncIteration
            if self._ended:  # the page gave up, and the handler went on reading: no more will come
                raise asyncio.CancelledError(f"the page cancelled stream {self.method!r}")
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        item = self._items.popleft()
        self._taken += 1
        if self._taken >= self._step and self._ack_timer is None:
            self._ack()
        return item

    def __repr__(self):
        return f"<PageStream {self.method!r} id={self.id!r} window={self.window}>"

    # ---- the page's side ----

    def _receive(self, detail):
        items = detail.get("items")
        if isinstance(items, list) and not self._closed:
            if len(self._items) + len(items) > self.window:
                logger.warning("page stream '%s' wrote past its window of %d: cancelled", self.method, self.window)
                self._end({"error": _error("BAD_MESSAGE", "BAD_MESSAGE", "the page wrote past the stream's window")})
                self._cancel()
                return
            self._items.extend(items)
        if detail.get("close") is True:
            self._closed = True
        if "abort" in detail:
            self._uploads._forget(self)
            self._ended = True  # the page has given up: nothing to tell it
            self._cancel()
            return
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def _cancel(self):
        self._ended = True
        if self._task is not None:
            self._task.cancel()

    def _ack(self):
        self._ack_timer = None
        if self._ended or self._taken == 0:
            return
        if self._send({"id": self.id, "n": self._taken}):
            self._taken = 0

    # ---- the handler's outcome ----

    async def _run(self, coro):
        try:
            result = await coro
        except asyncio.CancelledError:
            if not self._ended:  # the handler's own cancel: the page gets it
                self._end({"error": _error("CANCELLED", "CancelledError", f"the handler of {self.method} was cancelled")})
            raise
        except Exception as e:
            logger.warning("page stream '%s' failed: %s: %s", self.method, type(e).__name__, e)
            self._end({"error": _error("HANDLER_ERROR", type(e).__name__, str(e))})
        else:
            self._end({"done": True, "result": result})

    def _end(self, message):
        if self._ended:
            return
        self._ended = True
        self._uploads._forget(self)
        message["id"] = self.id
        self._send_end(message)

    def _send_end(self, message):
        try:
            sent = self._send(message)
        except TypeError as e:  # the result is not JSON
            message = {"id": self.id, "error": _error(
                "HANDLER_ERROR", "TypeError", f"the result of {self.method} cannot be sent as JSON: {e}")}
            sent = self._send(message)
        if not sent:
            _core.call_later(_RETRY_S, lambda: self._send_end(message))

    def _send(self, message):
        """Emits message: True; False when the view's queue is full (an ack is tried again later);
        True as well when the view closed (nobody to tell)."""
        try:
            self._uploads._view.emit(ACK_EVENT, message)
            return True
        except _core.BusyError:
            if "n" in message and self._ack_timer is None:
                self._ack_timer = _core.call_later(_RETRY_S, self._ack)
            return False
        except _core.ClosedError:
            return True
