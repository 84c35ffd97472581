"""Upstream AuroraView's channels: a stream of messages from Python to the page.

view.create_channel() gives a Channel; each send(data) reaches the page's
auroraview.channel(id).onMessage handlers (and any auroraview.on("__channel_message__") handler, as
upstream's {channel_id, data}), in order; close() ends the stream (onClose, "__channel_close__").

The stream is bounded by what the page has taken: a message counts as taken once page code got
it (an onMessage handler, or a "__channel_message__" handler), and the page says so in one
"auroraview:channel_ack" event per task. At most `capacity` messages may be untaken at once; past
that send() raises BusyError (it never waits: on the main thread the page's answer could only
arrive after it returned), and send_async() waits for room. So a page that never listens holds at
most `capacity` messages of the channel, and so does the view's queue meanwhile.
"""
import logging
import threading
import uuid

from .. import _core

logger = logging.getLogger("auroraview")

OPEN_EVENT = "__channel_open__"  # Python -> page, upstream's names and fields
MESSAGE_EVENT = "__channel_message__"
CLOSE_EVENT = "__channel_close__"
ACK_EVENT = "auroraview:channel_ack"  # page -> Python: {channel_id: messages taken}

DEFAULT_CAPACITY = 1024


class Channel:
    """One stream of messages to the page of a view, named by id (channel_id, or a new
    "channel_<hex>"). Made with a view (view.create_channel(), Channel(view)) it is open on that
    view at once; made without one, send() holds up to capacity messages until
    _attach_webview(view) opens it there. Any thread."""

    def __init__(self, webview=None, channel_id=None, *, capacity=DEFAULT_CAPACITY):
        if not (isinstance(capacity, int) and capacity > 0):
            raise ValueError(f"Channel: capacity must be an int above 0 (got {capacity!r})")
        self.id = channel_id or f"channel_{uuid.uuid4().hex[:8]}"
        if not isinstance(self.id, str):
            raise TypeError(f"Channel: channel_id must be a str, not {type(self.id).__name__}")
        self._capacity = capacity
        self._webview = None
        self._closed = False
        self._on_close_handlers = []
        self._held = []  # sent before a view was attached
        self._untaken = 0
        self._waiters = []  # (loop, future) of send_async calls waiting for room
        self._lock = threading.Lock()
        if webview is not None:
            self._attach_webview(webview)

    def send(self, data):
        """Sends data (JSON-serialisable) to the page; False when the channel is closed. Raises
        BusyError when capacity messages are still untaken by the page (or held, without a
        view), ClosedError when its view has closed."""
        with self._lock:
            if self._closed:
                logger.warning("channel %s is closed: send() sent nothing", self.id)
                return False
            view = self._webview
            if view is None:
                if len(self._held) >= self._capacity:
                    raise _core.BusyError(
                        f"channel {self.id} has no view yet and holds {self._capacity} messages (its capacity): "
                        "attach it to a view, or send fewer before that")
                self._held.append(data)
                return True
            if self._untaken >= self._capacity:
                raise _core.BusyError(
                    f"channel {self.id}: the page has not taken its last {self._capacity} messages (no "
                    "auroraview.channel(id).onMessage handler yet, or a busy page, or this thread is the "
                    "main thread inside a handler, where the page's answer cannot arrive); send from an "
                    "async handler with await channel.send_async(data), or from a worker thread, or "
                    "give the channel a larger capacity")
            self._untaken += 1
        try:
            view.emit(MESSAGE_EVENT, {"channel_id": self.id, "data": data})
        except BaseException:
            with self._lock:
                self._untaken -= 1
            raise
        return True

    async def send_async(self, data):
        """send(), waiting (in the running asyncio loop) while the page has capacity messages
        untaken instead of raising BusyError."""
        # Imported here, not at the top: importing auroraview then loads no asyncio (about 5 MiB
        # and 18 ms, its ssl included) in hosts that never await; a coroutine runs under it anyway.
        import asyncio

        while True:
            with self._lock:
                room = self._closed or self._webview is None or self._untaken < self._capacity
                if not room:
                    loop = asyncio.get_running_loop()
                    future = loop.create_future()
                    self._waiters.append((loop, future))
            if room:
                return self.send(data)
            await future

    def close(self):
        """Ends the stream: the page's onClose handlers run, then this channel's on_close
        handlers. Closing again does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            view = self._webview
        if view is not None:
            view._link.forget_channel(self)
            if not view.closed:
                try:
                    view.emit(CLOSE_EVENT, {"channel_id": self.id})
                except _core.ClosedError:
                    pass  # the view closed meanwhile: its page is gone with the stream
        self._wake()
        for handler in list(self._on_close_handlers):
            try:
                handler()
            except Exception:
                logger.exception("channel %s close handler %r raised", self.id, handler)

    def on_close(self, handler):
        """Calls handler() when the channel closes (by close(), or when its view closes). Decorator."""
        self._on_close_handlers.append(handler)
        return handler

    @property
    def is_closed(self):
        return self._closed

    def _attach_webview(self, webview):
        """Opens the channel on webview's page ("__channel_open__") and sends what it held."""
        if self._closed:
            raise ValueError(f"channel {self.id} is closed: make a new one (view.create_channel())")
        webview._link.adopt_channel(self)
        with self._lock:
            self._webview = webview
            self._untaken = 0
            held, self._held = self._held, []
        webview.emit(OPEN_EVENT, {"channel_id": self.id})
        for data in held:
            self.send(data)

    def _taken(self, count):
        """The page took count more messages (all of them: count None)."""
        with self._lock:
            self._untaken = 0 if count is None else max(0, self._untaken - count)
        self._wake()

    def _wake(self):
        with self._lock:
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            loop.call_soon_threadsafe(_release, future)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def __repr__(self):
        return f"Channel({self.id}, {'closed' if self._closed else 'open'})"


def _release(future):
    if not future.done():
        future.set_result(None)


class ChannelManager:
    """The open channels of a view by id (view.channels), or of no view until
    _attach_webview(view). A channel leaves when it closes."""

    def __init__(self, webview=None):
        self._channels = {}
        self._webview = webview

    def _attach_webview(self, webview):
        self._webview = webview
        for channel in list(self._channels.values()):
            channel._attach_webview(webview)

    def create(self, channel_id=None, *, capacity=DEFAULT_CAPACITY):
        """A new Channel (on the manager's view, when it has one)."""
        channel = Channel(self._webview, channel_id, capacity=capacity)
        self._channels[channel.id] = channel

        @channel.on_close
        def leave():
            if self._channels.get(channel.id) is channel:
                del self._channels[channel.id]

        return channel

    def get(self, channel_id):
        """The open channel channel_id, or None."""
        return self._channels.get(channel_id)

    def close_all(self):
        for channel in list(self._channels.values()):
            channel.close()

    @property
    def active_count(self):
        """How many channels are open."""
        return len(self._channels)

    def __len__(self):
        return len(self._channels)

    def __contains__(self, channel_id):
        return channel_id in self._channels

    def __repr__(self):
        return f"ChannelManager({len(self._channels)} channels)"
