"""Async handlers: the awaitable a bind_call() or on() handler returns runs on an asyncio loop that
runs with the Qt main loop, and its outcome answers the call (auroraview._core.Pending).

The loop: when an asyncio loop already runs on the main thread (a host that runs one), the
awaitable is scheduled on it. Otherwise on auroraview's own SelectorEventLoop, which never runs on
its own: it is driven one iteration at a time from the Qt main loop, with no thread and no polling
while idle:

- its selector's fd (epoll) is watched on the Qt loop (_core.watch_fd): readable when any socket
  of the loop is ready, and when another thread calls call_soon_threadsafe (its self-pipe);
- one Qt timer (_core.call_later) is armed for the earliest of its timers, or for now when
  callbacks are ready (call_soon from Qt callbacks, a Future set by a plain handler);
- each iteration is run_forever() with stop() queued first: one pass over the selector (timeout
  0) and the ready callbacks, then it returns.

A handler's first step (up to its first await) runs at once, inside the drain that called it, so
the synchronous parts of handlers run in the order the page sent the calls, one at a time; from the
first await on, the drain moves on and the page's later calls start while it awaits.
"""
import asyncio
import selectors
import threading

from . import _core

_MAX_DELAY = 86400.0  # _core.call_later's limit

_driver = None
_tasks = {}  # view id -> {task: pending}, until the task is done
_calls = {}  # (view id, call id token) -> the task answering that call, until it is done
_closing = set()  # tasks cancelled because their view closed: no answer to give


class _Loop(asyncio.SelectorEventLoop):
    """Asks the driver for an iteration whenever work is scheduled from outside one."""

    def call_soon(self, callback, *args, context=None):
        handle = super().call_soon(callback, *args, context=context)
        self._av_wanted()
        return handle

    def call_at(self, when, callback, *args, context=None):
        handle = super().call_at(when, callback, *args, context=context)
        self._av_wanted()
        return handle

    def _av_wanted(self):
        # Not for the stop() the driver queues itself (that would arm the next pass forever).
        if (_driver is not None and not _driver.stepping and not self.is_running()
                and threading.current_thread() is threading.main_thread()):
            _driver.arm()


class _Driver:
    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.loop = _Loop(self.selector)
        self.watch = _core.watch_fd(self.selector.fileno(), False, self.run)
        self.timer = None
        self.timer_at = None
        self.stepping = False
        self.passes = 0  # iterations run, for tests

    def run(self):
        """One iteration of the loop; then the timer is armed for what is left."""
        if self.loop.is_running() or asyncio._get_running_loop() is not None:
            # Inside one of our own steps (a handler ran a nested Qt loop), or another loop runs
            # on this thread: the level-triggered watch would fire on and on meanwhile, so it
            # rests until our iteration has ended (its finally), or, under another loop, until a
            # retry a little later.
            if self.watch is not None:
                _core.unwatch_fd(self.watch)
                self.watch = None
            if not self.loop.is_running():
                self._set_timer(self.loop.time() + 0.05)
            return
        self.passes += 1
        self.stepping = True
        try:
            self.loop.call_soon(self.loop.stop)
            self.loop.run_forever()
        finally:
            self.stepping = False
            if self.watch is None:
                self.watch = _core.watch_fd(self.selector.fileno(), False, self.run)
            self.arm()

    def arm(self):
        """Arms the timer for the loop's next piece of work (none: no timer)."""
        loop = self.loop
        # The loop's own queues (BaseEventLoop._ready, ._scheduled: a heap by deadline); asyncio
        # has no public "when is the next callback due".
        if loop._ready:
            at = loop.time()
        elif loop._scheduled:
            at = loop._scheduled[0].when()
        else:
            at = None
        if at is None or (self.timer is not None and self.timer_at <= at):
            return  # nothing to do, or the armed timer comes first (a stale one costs one pass)
        self._set_timer(at)

    def _set_timer(self, at):
        """The one timer, for loop time at (an earlier one is cancelled: dropping it would too)."""
        if self.timer is not None:
            _core.cancel_call(self.timer)
        self.timer_at = at
        self.timer = _core.call_later(min(max(at - self.loop.time(), 0.0), _MAX_DELAY), self._fired)

    def _fired(self):
        self.timer = None
        self.run()


def _own_driver():
    global _driver
    if _driver is None:
        _driver = _Driver()
    return _driver


def start(awaitable, pending, view_id):
    """Runs awaitable for the handler of a call or event of view view_id; pending answers it.
    Called by _core, on the main thread, inside the drain."""
    call = (view_id, pending.call_id)

    def track(task):
        _tasks.setdefault(view_id, {})[task] = pending
        if call[1] is not None:
            _calls[call] = task
        task.add_done_callback(lambda t: _done(t, pending, view_id, call))

    spawn(awaitable, track)


def spawn(awaitable, track=None):
    """A task running awaitable on the loop async handlers run on (track(task) first, when
    given); its first step runs now, in the caller's order. Main thread."""
    running = asyncio._get_running_loop()
    driver = None
    if running is None or (_driver is not None and running is _driver.loop):
        driver = _own_driver()
        running = driver.loop
    eager = driver is not None and not running.is_running()
    if eager:
        driver.stepping = True  # its first step runs below: no timer for it
    try:
        task = asyncio.ensure_future(awaitable, loop=running)
    finally:
        if eager:
            driver.stepping = False
    if track is not None:
        track(task)
    if eager:
        driver.run()  # the first step now, in the drain's order
    return task


def _done(task, pending, view_id, call):
    if _calls.get(call) is task:
        del _calls[call]
    tasks = _tasks.get(view_id)
    if tasks is not None:
        tasks.pop(task, None)
        if not tasks:
            del _tasks[view_id]
    if task in _closing:
        _closing.discard(task)
        pending.drop()
        return
    if task.cancelled():  # by the handler's own code: the page gets the CancelledError
        try:
            task.result()
        except asyncio.CancelledError as exc:
            pending.reject(exc)
        return
    # exception(), not result(): the traceback is the handler's own, with no frame of this module.
    exc = task.exception()
    if exc is not None:
        pending.reject(exc)
    else:
        pending.resolve(task.result())


def cancel_call(view_id, call_id):
    """The page gave up on call call_id (its AbortSignal, its timeout): the async handler
    answering it, if one still runs, is cancelled (CancelledError at its await)."""
    task = _calls.get((view_id, call_id))
    if task is not None and not task.done():
        task.cancel()


def view_closed(view_id):
    """The view closed (the core cancelled its pending calls): its unfinished handlers are
    cancelled, and their answers dropped."""
    for task in list(_tasks.pop(view_id, {})):
        if not task.done():
            _closing.add(task)
            task.cancel()
