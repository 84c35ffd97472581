"""Streams from Python to the page: a generator or async generator bound with bind_call (or
bind_api) is read in the page with `for await (const x of auroraview.stream("api.tail", params))`.

Over reserved events, as channels are:

- "auroraview:stream_open" (page -> Python): {id, method, params, window}. The page names the
  stream (ids are unique per document) and grants `window` items of credit.
- "auroraview:stream" (Python -> page): {id, items: [...]}, then {id, done: true} or
  {id, error: {name, message, code}}.
- "auroraview:stream_ack" (page -> Python): {id: n, ...}: page code took n more items; each ack
  gives that much credit back.
- "auroraview:stream_cancel" (page -> Python): {id}: the page broke out of its loop, called
  return(), or its AbortSignal fired. The generator is closed (GeneratorExit at its yield, its
  finally runs; an async generator's task is cancelled and aclose() runs).

Backpressure: Python pulls an item only while it has credit, so at most `window` items are
produced and not yet taken by page code, whatever the consumer's speed. A sync generator is
pulled on the main thread (its code may use the host's main-thread-only APIs, as any handler),
a slice at a time: at most one batch of items or about SLICE_S seconds per turn of the main
loop, then the loop goes on; an async generator runs as a task on auroraview's asyncio loop
(_aio) and awaits credit. A page reload or the view's close cancels every stream of the page.
"""
import asyncio
import inspect
import json
import logging
import time
import traceback

from .. import _aio, _core

logger = logging.getLogger("auroraview")

OPEN_EVENT = "auroraview:stream_open"
DATA_EVENT = "auroraview:stream"
ACK_EVENT = "auroraview:stream_ack"
CANCEL_EVENT = "auroraview:stream_cancel"
CALL_CANCEL_EVENT = "auroraview:call_cancel"  # page -> Python: {id}: the page gave up on a call

DEFAULT_WINDOW = 1024  # the page's default credit (bridge_js: auroraview.stream's options.window)
MAX_WINDOW = 65536
SLICE_S = 0.008  # a sync generator is pulled for at most this long per main-loop turn
_RETRY_S = 0.05  # a batch the view's full queue refused goes again this much later


class Streams:
    """The streams open on one view's page, by the page's ids. Main thread."""

    def __init__(self, view):
        self._view = view
        self._open = {}  # id -> _Stream
        view._core.on(OPEN_EVENT, self._opened)
        view._core.on(ACK_EVENT, self._acked)
        view._core.on(CANCEL_EVENT, self._cancelled)
        view._core.on(CALL_CANCEL_EVENT, self._call_cancelled)
        view._hook("load_started", self.cancel_all)
        view._hook("closed", self.cancel_all)

    def cancel_all(self):
        """The page is gone (reload, close): every stream of it ends, its generator closed."""
        streams, self._open = self._open, {}
        for stream in streams.values():
            stream.cancel()

    def _call_cancelled(self, detail):
        call_id = detail.get("id") if isinstance(detail, dict) else None
        if isinstance(call_id, (int, str)) and not isinstance(call_id, bool):
            _aio.cancel_call(self._view.id, json.dumps(call_id))

    def _opened(self, detail):
        if not isinstance(detail, dict) or not isinstance(detail.get("id"), str):
            logger.warning("view %d: a stream open without an id was ignored", self._view.id)
            return
        sid, method = detail["id"], detail.get("method")
        window = detail.get("window")
        if not (isinstance(window, int) and 0 < window <= MAX_WINDOW):
            window = DEFAULT_WINDOW
        stream = _Stream(self, sid, method, window)
        self._open[sid] = stream
        try:
            source = self._source(method, detail.get("params", _ABSENT))
        except Exception as e:
            stream.finish(e)
            return
        stream.start(source)

    def _source(self, method, params):
        fn = self._view._bindings.handler(method) if isinstance(method, str) else None
        if fn is None:
            raise _NotBound(f"no method named {method!r} is bound: bind a generator with "
                              f"view.bind_call({method!r}, fn) before the page streams it")
        if params is _ABSENT:
            source = fn()
        elif isinstance(params, dict):
            source = fn(**params)
        elif isinstance(params, list):
            source = fn(*params)
        else:
            source = fn(params)
        if not (inspect.isgenerator(source) or inspect.isasyncgen(source) or hasattr(source, "__next__")
                or hasattr(source, "__anext__")):
            if hasattr(source, "__iter__"):
                return iter(source)
            raise TypeError(f"{method} returned {type(source).__name__}, not an iterator: a streamed method "
                            "is a generator (def ...: yield) or an async generator (async def ...: yield)")
        return source

    def _acked(self, detail):
        if isinstance(detail, dict):
            for sid, count in detail.items():
                stream = self._open.get(sid)
                if stream is not None and isinstance(count, int) and count > 0:
                    stream.credit_back(count)

    def _cancelled(self, detail):
        sid = detail.get("id") if isinstance(detail, dict) else None
        stream = self._open.pop(sid, None)
        if stream is not None:
            stream.cancel()

    def _forget(self, stream):
        if self._open.get(stream.id) is stream:
            del self._open[stream.id]


_ABSENT = object()
_BUSY = object()


class _NotBound(LookupError):
    pass


def _failure(error, debug):
    """The page's AuroraViewError fields for the exception that ended a stream."""
    code = "METHOD_NOT_FOUND" if isinstance(error, _NotBound) else "HANDLER_ERROR"
    body = {"name": code if isinstance(error, _NotBound) else type(error).__name__, "message": str(error),
            "code": code}
    if debug:
        body["data"] = {"traceback": "".join(traceback.format_exception(type(error), error, error.__traceback__))}
    return body


class _Stream:
    def __init__(self, streams, sid, method, window):
        self._streams = streams
        self.id = sid
        self._method = method
        self._credit = window
        self._batch_max = max(1, window // 2)
        self._source = None
        self._task = None  # an async generator's driver
        self._room = None  # the future it awaits credit on
        self._timer = None  # the next pull of a sync generator
        self._unsent = None  # a batch the view's full queue refused
        self._ended = False

    # ---- starting and ending ----

    def start(self, source):
        self._source = source
        if hasattr(source, "__anext__"):
            self._task = _aio.spawn(self._drive_async())
        else:
            self._pull()

    def finish(self, error=None):
        """Tells the page the stream ended (error: how), once."""
        if self._ended:
            return
        self._ended = True
        self._streams._forget(self)
        view = self._streams._view
        if error is None:
            message = {"id": self.id, "done": True}
        else:
            message = {"id": self.id, "error": _failure(error, view._debug)}
            logger.warning("stream '%s' failed: %s: %s", self._method, type(error).__name__, error)
        self._send_end(message)

    def _send_end(self, message):
        self._timer = None
        if self._send(message) is _BUSY:
            self._timer = _core.call_later(_RETRY_S, lambda: self._send_end(message))

    def cancel(self):
        """The page gave up (or is gone): the generator is closed, nothing more is sent."""
        if self._ended:
            return
        self._ended = True
        self._streams._forget(self)
        if self._timer is not None:
            _core.cancel_call(self._timer)
            self._timer = None
        if self._task is not None:
            self._task.cancel()
        elif self._source is not None and hasattr(self._source, "close"):
            try:
                self._source.close()
            except Exception:
                logger.exception("closing the cancelled stream '%s' raised", self._method)

    def credit_back(self, count):
        self._credit += count
        if self._room is not None and not self._room.done():
            self._room.set_result(None)
        elif self._task is None and self._timer is None and not self._ended:
            self._schedule(0)

    # ---- a sync generator: pulled a slice per main-loop turn ----

    def _schedule(self, delay):
        self._timer = _core.call_later(delay, self._pull)

    def _pull(self):
        self._timer = None
        if self._ended:
            return
        if self._unsent is not None:
            message, self._unsent = self._unsent, None
            if not self._send_or_keep(message):
                return
        items = []
        deadline = time.monotonic() + SLICE_S
        error = None
        done = False
        while self._credit > 0 and len(items) < self._batch_max:
            try:
                items.append(next(self._source))
            except StopIteration:
                done = True
                break
            except Exception as e:
                error, done = e, True
                break
            self._credit -= 1
            if time.monotonic() >= deadline:
                break
        if self._ended:  # the generator cancelled its own stream (a nested loop ran meanwhile)
            return
        if items and not self._send_or_keep({"id": self.id, "items": items}):
            return
        if done:
            self.finish(error)
        elif self._credit > 0:
            self._schedule(0)
        # else: the page's next ack schedules the next slice

    # ---- an async generator: a task that awaits credit ----

    async def _drive_async(self):
        source = self._source
        try:
            async for item in source:
                while self._credit <= 0:
                    self._room = asyncio.get_running_loop().create_future()
                    await self._room
                self._room = None
                self._credit -= 1
                message = {"id": self.id, "items": [item]}
                sent = self._send(message)
                while sent is _BUSY:
                    await asyncio.sleep(_RETRY_S)
                    sent = self._send(message)
                if not sent:
                    return
        except asyncio.CancelledError:
            raise
        except Exception as e:
            self.finish(e)
        else:
            self.finish()
        finally:
            await source.aclose()

    def _send_or_keep(self, message):
        """Sends a batch: True when it went; when the view's queue is full it is kept and sent
        again after _RETRY_S (False); False too when the view is gone."""
        sent = self._send(message)
        if sent is _BUSY:
            self._unsent = message
            self._schedule(_RETRY_S)
        return sent is True

    def _send(self, message):
        """Emits message: True; _BUSY when the view's queue is full (send it again later); False
        when the stream ended instead (the view closed, or an item is not JSON)."""
        try:
            self._streams._view.emit(DATA_EVENT, message)
            return True
        except _core.BusyError:
            return _BUSY
        except _core.ClosedError:
            self.cancel()
            return False
        except TypeError as e:  # an item is not JSON: the page gets why
            if "items" not in message:
                raise
            self._source_failed(e)
            return False

    def _source_failed(self, error):
        self.finish(TypeError(f"an item of stream '{self._method}' cannot be sent as JSON: {error}"))
        if self._task is None and hasattr(self._source, "close"):
            self._source.close()
