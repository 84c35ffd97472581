"""Parent/child windows: a tool spawns child processes, each with its own views, and the two sides
exchange events over a Unix socket (docs/guide/en/child-windows.md).

The wire is plugin/ipc's frames (nanopb, length-prefixed; _core.ipc_*). Every socket is
non-blocking and served on the Qt main thread by file-descriptor watches and timers
(_core.watch_fd, _core.call_later): no thread per child, and handlers run where views may be
touched. The parent's socket lives in a private directory (0700, the socket 0600); a child proves
itself in its first frame with the random token the parent put in its environment.

What a peer can make the parent hold is bounded (docs/security.md, "Child processes"):
- before its hello, a connection may send one frame of at most HELLO_MAX_FRAME bytes and must do
  so within HELLO_TIMEOUT seconds; at most MAX_WAITING_FOR_HELLO connections wait at once (the
  oldest is closed for a new one); anything else closes that connection alone;
- an accept() that fails (no file descriptors left) stops the listening watch for ACCEPT_BACKOFF
  seconds instead of spinning, logged once per episode;
- at most OUTBOUND_LIMIT bytes wait for one peer that does not read: past it a send is refused
  BUSY (BusyError; broadcast returns the ids it could not reach);
- after the hello, a frame that is malformed, or an event named as one of the channel's own
  (RESERVED_EVENTS), is refused alone: counted, logged once per child, and the frames after it
  are read as usual. Only a length prefix above MAX_FRAME closes the connection (the
  next frame cannot be found).
Refusals are counted in ChildManager.stats.
"""
import dataclasses
import hmac
import logging
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import typing
import uuid

from . import _core
from . import webview as _webview

logger = logging.getLogger("auroraview")

ENV_SOCKET = "AURORAVIEW_PARENT_SOCKET"
ENV_TOKEN = "AURORAVIEW_CHILD_TOKEN"
ENV_CHILD_ID = "AURORAVIEW_CHILD_ID"
ENV_PARENT_ID = "AURORAVIEW_PARENT_ID"
ENV_EXAMPLE_NAME = "AURORAVIEW_EXAMPLE_NAME"  # spawn(example_name=): upstream AuroraView's variable

#: The largest frame either side accepts (bytes of one encoded event).
MAX_FRAME = 16 << 20
#: The largest frame before a connection has proved itself: a hello is under 200 bytes.
HELLO_MAX_FRAME = 4 << 10
#: Seconds a new connection has to send its hello.
HELLO_TIMEOUT = 5.0
#: Connections that may wait for their hello at once.
MAX_WAITING_FOR_HELLO = 64
#: Seconds the parent stops accepting after accept() failed (out of file descriptors).
ACCEPT_BACKOFF = 1.0
#: Bytes that may wait for one peer (the parent's for each child, a child's for its parent).
OUTBOUND_LIMIT = 32 << 20
#: The channel's own events: the parent makes "child:ready" and "child:exited"; a child may send
#: "child:closing" once (ChildContext does, on leaving). Any other name, "child:message" included
#: (upstream AuroraView's examples send it), is a tool's own event.
RESERVED_EVENTS = ("child:ready", "child:closing", "child:exited")
_RECV_BYTES = 1 << 16
_PREFIX = 4
_QUIET_S = 10.0  # a repeated log line about connections is written at most once in this many seconds


def _ensure_app():
    """The Qt application the watches run on (made now if auroraview makes it)."""
    if not _webview._started:
        _webview._start()


def _on_main(fn, *args):
    if threading.current_thread() is threading.main_thread():
        fn(*args)
    else:
        _core.run_on_main_thread(fn, *args)


class _Outbox:
    """The bytes on their way to one peer: reserved by the sending thread, released as the
    socket takes them. Past limit a send is refused (BUSY), logged once until the peer reads
    again. Any thread."""

    def __init__(self, who):
        self.who = who
        self.limit = OUTBOUND_LIMIT
        self.queued = 0
        self.refused = 0  # sends refused BUSY, all told
        self._busy_since = None  # refusals since the peer last caught up, or None
        self._lock = threading.Lock()

    def reserve(self, n):
        """True when n more bytes may wait; False (BUSY) when the peer is not reading them."""
        with self._lock:
            if self.queued and self.queued + n > self.limit:
                self.refused += 1
                first = self._busy_since is None
                self._busy_since = (self._busy_since or 0) + 1
                queued = self.queued
            else:
                self.queued += n
                return True
        if first:
            logger.warning("auroraview: %s is not reading: %d bytes wait for it (the limit is %d); "
                           "sends to it are refused BUSY until it reads", self.who, queued, self.limit)
        return False

    def release(self, n):
        with self._lock:
            self.queued = max(0, self.queued - n)
            caught_up = self._busy_since is not None and self.queued <= self.limit // 2
            if caught_up:
                refused, self._busy_since = self._busy_since, None
        if caught_up:
            logger.info("auroraview: %s reads again (%d sends were refused BUSY meanwhile)", self.who, refused)

    def busy_error(self, what):
        e = _core.BusyError(f"{what}: {self.who} is not reading ({self.queued} bytes wait for it, "
                            f"the limit is {self.limit}): not sent")
        e.code = "BUSY"
        return e


class _Channel:
    """One connected socket: frames in through _core.ipc_read, frames out through a buffer that
    drains whenever the socket can take more. Main thread only.

    max_frame is the largest frame read (a larger length prefix closes the channel: the stream
    cannot be resynchronised); one_frame reads a single frame per call (the parent before the
    hello, so the frames after it are read under the limit the hello sets)."""

    def __init__(self, sock, on_frame, on_closed, max_frame=MAX_FRAME, outbox=None):
        sock.setblocking(False)
        self._sock = sock
        self._on_frame = on_frame  # fn(frame tuple)
        self._on_closed = on_closed  # fn(reason, refused)
        self._in = bytearray()
        self._out = bytearray()
        self.max_frame = max_frame
        self.one_frame = False
        self.outbox = outbox  # released as bytes leave; None: nothing is accounted
        self.unfinished = 0  # bytes of a frame cut short by the close
        self._write_watch = None
        self._read_watch = _core.watch_fd(sock.fileno(), False, self._readable)
        self.closed = False

    def send(self, frame):
        """Sends frame (its bytes reserved in outbox by the caller, if there is one)."""
        if self.closed:
            self._sent(len(frame))
            raise ConnectionError("the channel is closed")
        if not self._out:
            try:
                n = self._sock.send(frame)
                self._sent(n)
                frame = frame[n:]
            except BlockingIOError:
                pass
            except OSError as e:
                self._sent(len(frame))
                self.close(f"send failed: {e}")
                raise ConnectionError(str(e)) from e
        self._out += frame
        if self._out and self._write_watch is None:
            self._write_watch = _core.watch_fd(self._sock.fileno(), True, self._writable)

    def _sent(self, n):
        if self.outbox is not None and n:
            self.outbox.release(n)

    def _writable(self):
        try:
            n = self._sock.send(self._out)
        except BlockingIOError:
            return
        except OSError as e:
            self.close(f"send failed: {e}")
            return
        del self._out[:n]
        self._sent(n)
        if not self._out:
            _core.unwatch_fd(self._write_watch)
            self._write_watch = None

    def _readable(self):
        try:
            data = self._sock.recv(_RECV_BYTES)
        except BlockingIOError:
            return
        except OSError as e:
            self.close(f"receive failed: {e}")
            return
        if not data:
            self.close("the other side closed the connection")
            return
        self._in += data
        self.read_frames()

    def read_now(self):
        """Reads what has arrived already, without waiting for the watch."""
        self._readable()

    def read_frames(self):
        """Hands every whole frame received so far to on_frame, in order: a malformed one as
        ("refused", why), and the frames after it as usual."""
        while not self.closed and len(self._in) >= _PREFIX:
            size = int.from_bytes(self._in[:_PREFIX], "little")
            if size > self.max_frame:
                self.close(f"a frame announces {size} bytes, above the limit of {self.max_frame}", refused=True)
                return
            if len(self._in) < _PREFIX + size:
                return  # a frame still on its way: no copy until it is whole
            end = _PREFIX + size if self.one_frame else len(self._in)
            frames, used, error = _core.ipc_read(bytes(self._in[:end]), self.max_frame)
            del self._in[:used]
            for frame in frames:
                if self.closed:
                    return
                try:
                    self._on_frame(frame)
                except Exception:  # never lose the frames after it
                    logger.exception("auroraview: handling a %r frame raised", frame[0])
            if error is not None:
                self.close(error, refused=True)
            if not frames:
                return

    def drain(self):
        """Reads what the socket holds now (before the process behind it is declared gone)."""
        while not self.closed:
            try:
                data = self._sock.recv(_RECV_BYTES)
            except (BlockingIOError, OSError):
                break
            if not data:
                break
            self._in += data
            self.read_frames()  # as it comes: a peer's last words are bounded by the frames, not the buffer

    def flush(self, timeout):
        """Sends what is buffered, waiting up to timeout seconds (a closing child's last words)."""
        if self.closed or not self._out:
            return
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(self._out)
            self._sent(len(self._out))
            self._out.clear()
        except OSError as e:
            logger.warning("auroraview: %d bytes to the other side not sent: %s", len(self._out), e)
        finally:
            self._sock.setblocking(False)

    def peer_pid(self):
        """The pid of the process at the other end, as the kernel saw it connect."""
        try:
            creds = self._sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            return struct.unpack("3i", creds)[0]
        except OSError:
            return None

    def close(self, reason="closed", refused=False):
        if self.closed:
            return
        self.closed = True
        self.unfinished = len(self._in)
        self._in.clear()
        _core.unwatch_fd(self._read_watch)
        if self._write_watch is not None:
            _core.unwatch_fd(self._write_watch)
        self._sent(len(self._out))
        self._out.clear()
        self._sock.close()
        self._on_closed(reason, refused)


class _Quiet:
    """A log line that may repeat without limit (one per hostile connection) is written once
    per _QUIET_S seconds per key, with the number held back since."""

    def __init__(self):
        self._last = {}  # key -> [monotonic time written, held back since]

    def warning(self, key, message, *args):
        now = time.monotonic()
        last = self._last.get(key)
        if last is not None and now - last[0] < _QUIET_S:
            last[1] += 1
            return
        held = last[1] if last else 0
        self._last[key] = [now, 0]
        if held:
            message += f" ({held} more like it since the last such line)"
        logger.warning(message, *args)


# ---- the child's side ---------------------------------------------------------------------------


@dataclasses.dataclass
class ChildInfo:
    """What this process's environment says about its parent (upstream AuroraView's name). A
    process is a child when a ChildManager started it: its environment names the parent's socket,
    its token and its id. Upstream's parent_port has no counterpart: the channel is a Unix socket
    (socket_path)."""

    is_child: bool = False
    parent_id: typing.Optional[str] = None
    child_id: typing.Optional[str] = None
    example_name: typing.Optional[str] = None
    socket_path: typing.Optional[str] = None

    @classmethod
    def from_env(cls, env=None):
        """The ChildInfo of env (default os.environ)."""
        env = os.environ if env is None else env
        if not all(env.get(k) for k in (ENV_SOCKET, ENV_TOKEN, ENV_CHILD_ID)):
            if env.get(ENV_PARENT_ID) or env.get(ENV_CHILD_ID):
                _warn_partial_env()
            return cls()
        return cls(True, env.get(ENV_PARENT_ID), env[ENV_CHILD_ID], env.get(ENV_EXAMPLE_NAME) or None,
                   env[ENV_SOCKET])


_partial_env_warned = False


def _warn_partial_env():
    global _partial_env_warned
    if not _partial_env_warned:
        _partial_env_warned = True
        logger.warning("auroraview: %s or %s is set but this process has no channel to a parent (%s and %s "
                       "are missing): it runs standalone. A parent starts its children with "
                       "get_manager().spawn(script), which gives them the channel.",
                       ENV_PARENT_ID, ENV_CHILD_ID, ENV_SOCKET, ENV_TOKEN)


def is_child_mode():
    """True when a parent (ChildManager.spawn) started this process (upstream AuroraView's name)."""
    return ChildInfo.from_env().is_child


def get_parent_id():
    """The id of the parent that started this process (its ChildManager.parent_id), or None."""
    return ChildInfo.from_env().parent_id


def get_child_id():
    """The id the parent gave this process (what its ChildManager handlers get), or None."""
    return ChildInfo.from_env().child_id


def get_example_name():
    """The name the parent gave this child (spawn(example_name=)), or None."""
    return ChildInfo.from_env().example_name


class _ParentBridge:
    """ChildContext.bridge: upstream AuroraView's handle on the connection to the parent."""

    def __init__(self, ctx):
        self._ctx = ctx

    @property
    def connected(self):
        return self._ctx.parent_alive

    def send(self, event, data=None):
        return self._ctx.emit_to_parent(event, data)

    def on(self, event, handler):
        return self._ctx.on_parent_event(event, handler)


class ChildContext:
    """A tool's side of the channel, as a context manager:

        with ChildContext() as ctx:
            view = ctx.create_webview(html=...)
            ctx.emit_to_parent("picked", {...})
            view.show()

    Started by a parent (ChildManager.spawn), it connects on enter and proves itself with its
    token (the parent then reports "child:ready"), and says "child:closing" on exit. When the
    parent goes away, the views it made are closed (so show() returns and the tool exits cleanly)
    and on_parent_closed hooks run. Started alone, it is a normal standalone tool: is_child is
    False and emit_to_parent sends nothing. Tools written for upstream AuroraView use its names
    here too: `if ctx.bridge:` (connected to a parent), on_parent_event(event, handler), and
    run_example(create_webview) around it all."""

    def __init__(self):
        self.info = ChildInfo.from_env()
        self.is_child = self.info.is_child
        self.parent_id = self.info.parent_id
        self.child_id = self.info.child_id
        self.example_name = self.info.example_name
        self.parent_alive = self.is_child
        self._handlers = []
        self._event_handlers = {}  # event -> [fn(data)], on_parent_event
        self._bridge = None
        self._closed_hooks = []
        self._views = []
        self._channel = None
        self._outbox = _Outbox("the parent")
        self._refused = {}  # kind of frame refused from the parent -> count

    def __enter__(self):
        if self.is_child:
            _ensure_app()
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self.info.socket_path)
            self._channel = _Channel(sock, self._frame, self._closed, outbox=self._outbox)
            token = bytes.fromhex(os.environ[ENV_TOKEN])
            hello = _core.ipc_hello(token, self.child_id, os.getpid())
            self._outbox.reserve(len(hello))
            self._channel.send(hello)
            self._bridge = _ParentBridge(self)
        return self

    def __exit__(self, *exc):
        if self._channel is not None and not self._channel.closed:
            self._emit("child:closing", None)
            self._channel.flush(timeout=5.0)
            self.parent_alive = False  # leaving: the parent has not gone, and its hooks do not run
            self._channel.close("the child is done")
        return False

    @property
    def bridge(self):
        """While connected to the parent, an object with send(event, data=None) (emit_to_parent)
        and on(event, handler) (on_parent_event); None standalone, before entering and once the
        parent has gone (upstream AuroraView's `if ctx.bridge:` test)."""
        return self._bridge if self.parent_alive else None

    def create_webview(self, title="AuroraView", width=800, height=600, **kwargs):
        """A WebView(title, width, height, **kwargs) this context closes when the parent goes away.
        In a child given an example name, the title reads "<example name> - <title>"."""
        if self.is_child and self.example_name:
            title = f"{self.example_name} - {title}"
        return self._adopt(_webview.WebView(title=title, width=width, height=height, **kwargs))

    def _adopt(self, view):
        if view not in self._views:
            self._views.append(view)
        return view

    def emit_to_parent(self, event, data=None):
        """Sends event with data (JSON-serialisable) to the parent. Any thread. Returns False when
        there is no parent to send to (a standalone run, or the parent has gone). Raises
        BusyError when the parent is not reading (OUTBOUND_LIMIT bytes wait for it), ValueError
        for one of RESERVED_EVENTS: those are the channel's own."""
        if event in RESERVED_EVENTS:
            raise ValueError(f"{event!r} is one of the channel's own events {RESERVED_EVENTS}; the parent "
                             "refuses it from a child: give your event another name")
        return self._emit(event, data)

    def _emit(self, event, data):
        if not self.is_child or not self.parent_alive:
            return False
        frame = _core.ipc_event(event, data)
        if not self._outbox.reserve(len(frame)):
            raise self._outbox.busy_error(f"emit_to_parent({event!r})")
        _on_main(self._send, frame)
        return True

    def _send(self, frame):
        if self._channel is not None and not self._channel.closed:
            self._channel.send(frame)
        else:
            self._outbox.release(len(frame))

    def on_parent_message(self, fn):
        """fn(event, data) runs on the main thread for each event the parent sends. Decorator."""
        self._handlers.append(fn)
        return fn

    def on_parent_event(self, event, handler):
        """handler(data) runs on the main thread for each event of that name the parent sends
        (upstream AuroraView's name; on_parent_message hears every event). Returns a function that
        removes it. Standalone, nothing ever arrives."""
        self._event_handlers.setdefault(event, []).append(handler)

        def unsubscribe():
            handlers = self._event_handlers.get(event, [])
            if handler in handlers:
                handlers.remove(handler)

        return unsubscribe

    def on_parent_closed(self, fn):
        """fn() runs once if the parent goes away first (after the views are closed). Decorator."""
        self._closed_hooks.append(fn)
        return fn

    def _frame(self, frame):
        if frame[0] != "event":
            why = frame[1] if frame[0] == "refused" else f"a '{frame[0]}' frame"
            self._refused[frame[0]] = self._refused.get(frame[0], 0) + 1
            if self._refused[frame[0]] == 1:
                logger.warning("auroraview: the parent sent %s: refused (it is skipped; the next ones "
                               "are not logged)", why)
            return
        _, event, data = frame
        for fn in list(self._handlers):
            try:
                fn(event, data)
            except BaseException:  # every handler runs, as a view's do
                logger.exception("auroraview: on_parent_message handler for %r raised", event)
        for fn in list(self._event_handlers.get(event, ())):
            try:
                fn(data)
            except BaseException:
                logger.exception("auroraview: on_parent_event handler for %r raised", event)

    def _closed(self, reason, refused):
        if refused:
            logger.error("auroraview: channel to the parent closed: %s", reason)
        if not self.parent_alive:
            return
        self.parent_alive = False
        logger.info("auroraview: the parent has gone (%s); closing this child's views", reason)
        for view in self._views:
            if not view.closed:
                view.close()
        for fn in self._closed_hooks:
            try:
                fn()
            except BaseException:  # every handler runs, as a view's do
                logger.exception("auroraview: on_parent_closed hook raised")


def run_example(create_webview_func, *, on_ready=None):
    """Runs a tool that works both alone and as a child (upstream AuroraView's name): enters a
    ChildContext, makes the view with create_webview_func(ctx), calls on_ready(ctx) if given, and
    shows the view until it closes (or the parent goes away). Then leaves the context."""
    with ChildContext() as ctx:
        if ctx.is_child:
            logger.info("auroraview: running as child %s of parent %s", ctx.child_id, ctx.parent_id)
        else:
            logger.info("auroraview: running standalone")
        view = create_webview_func(ctx)
        if not isinstance(view, _webview.WebView):
            raise TypeError(f"run_example: {getattr(create_webview_func, '__name__', create_webview_func)}(ctx) "
                            f"must return the WebView it made (ctx.create_webview(...)), not {view!r}")
        ctx._adopt(view)  # closed with the others if the parent goes away
        if on_ready is not None:
            on_ready(ctx)
        view.show()


# ---- the parent's side --------------------------------------------------------------------------


class _Child:
    def __init__(self, child_id, process, token):
        self.id = child_id
        self.process = process
        self.token = token
        self.channel = None
        self.waiting = []  # frames sent before the child connected
        self.pidfd = None
        self.exit_watch = None
        self.outbox = _Outbox(f"child {child_id}")
        self.closing = False  # it said child:closing (once)
        self.refused = {}  # kind of frame refused from it -> count
        self.undelivered = 0  # events sent to it after it had gone


class _Waiting:
    """A connection that has not said hello yet."""

    def __init__(self):
        self.channel = None
        self.child = None  # the child it proved to be
        self.deadline = None  # the timer that closes it without a hello


class ChildManager:
    """The parent's side: spawns children and exchanges events with them. One per process:
    get_manager(). Its methods run on the main thread (send_to_child and broadcast may be called
    from any thread); handlers run on the main thread.

    Events from children, with their data, go to handlers registered by on(event): whatever the
    children emit_to_parent, and the channel's own, which no child can forge: "child:ready"
    (data {"pid": ...}, when a child has proved itself), "child:closing" (once, when it leaves its
    ChildContext) and "child:exited" (data {"status": exit status, negative for a signal}, once
    per child, after its last events)."""

    def __init__(self):
        self.parent_id = uuid.uuid4().hex[:12]
        self.stats = {"spawned": 0, "connected": 0, "refused": 0, "refused_frames": 0, "busy": 0,
                      "accept_errors": 0, "events": 0, "exited": 0}
        self._children = {}
        self._handlers = {}
        self._dir = None
        self._path = None
        self._listener = None
        self._listen_watch = None
        self._accept_timer = None  # the back-off after a failed accept()
        self._accept_failures = 0  # in a row
        self._unclaimed = {}  # channel -> _Waiting, oldest first
        self._quiet = _Quiet()
        self._stats_lock = threading.Lock()  # busy is counted on the sending thread

    @property
    def socket_path(self):
        return self._path

    @property
    def children(self):
        """Ids of the children whose process is still running."""
        return [cid for cid, c in list(self._children.items()) if c.exit_watch is not None]

    def on(self, event, fn=None):
        """fn(child_id, data) runs for each event of that name from any child. Decorator."""
        if fn is None:
            return lambda f: self.on(event, f)
        self._handlers.setdefault(event, []).append(fn)
        return fn

    def off(self, event, fn=None):
        handlers = self._handlers.get(event, [])
        self._handlers[event] = [] if fn is None else [h for h in handlers if h is not fn]

    def spawn(self, target, args=(), env=None, cwd=None, python=None, example_name=None):
        """Starts a child: target is a Python script's path or a full argv list. A script runs
        under python, else $AURORAVIEW_CHILD_PYTHON, else sys.executable; inside a DCC,
        sys.executable is the DCC itself, so give its Python (mayapy, hython) one of those ways.
        Returns the child's id. The child finds the channel in its environment, and example_name
        (its ChildContext.example_name) if given."""
        _ensure_app()
        self._listen()
        child_id = f"{self.parent_id}-{len(self._children) + 1}"  # children are never forgotten
        token = secrets.token_bytes(32)
        if isinstance(target, (str, os.PathLike)):
            interpreter = python or os.environ.get("AURORAVIEW_CHILD_PYTHON") or sys.executable
            argv = [interpreter, str(target), *map(str, args)]
        else:
            argv = [str(a) for a in target]
        child_env = dict(os.environ if env is None else env)
        child_env.update({ENV_SOCKET: self._path, ENV_TOKEN: token.hex(), ENV_CHILD_ID: child_id,
                          ENV_PARENT_ID: self.parent_id})
        child_env.pop(ENV_EXAMPLE_NAME, None)  # not this process's own, if it is a child itself
        if example_name is not None:
            child_env[ENV_EXAMPLE_NAME] = str(example_name)
        process = subprocess.Popen(argv, env=child_env, cwd=cwd)
        child = _Child(child_id, process, token)
        self._children[child_id] = child
        child.pidfd = os.pidfd_open(process.pid)
        child.exit_watch = _core.watch_fd(child.pidfd, False, lambda: self._exited(child))
        self.stats["spawned"] += 1
        return child_id

    def send_to_child(self, child_id, event, data=None):
        """Sends event with data to one child (queued until it has connected). Any thread. Raises
        KeyError for an unknown id, BusyError when the child is not reading (OUTBOUND_LIMIT bytes
        wait for it already): the event was not sent."""
        child = self._children.get(child_id)
        if child is None:
            raise KeyError(f"no child {child_id!r}")
        frame = _core.ipc_event(event, data)
        if not self._reserve(child, frame):
            raise child.outbox.busy_error(f"send_to_child({child_id!r}, {event!r})")
        _on_main(self._send, child, frame)

    def broadcast(self, event, data=None):
        """Sends event with data to every running child. Any thread. Returns the ids of the
        children it was not sent to because they are not reading (BUSY; [] when all took it)."""
        frame = _core.ipc_event(event, data)
        refused = []
        for child in [c for c in list(self._children.values()) if c.exit_watch is not None]:
            if self._reserve(child, frame):
                _on_main(self._send, child, frame)
            else:
                refused.append(child.id)
        return refused

    def kill(self, child_id, sig=signal.SIGTERM):
        """Sends sig to the child's process; child:exited follows."""
        self._children[child_id].process.send_signal(sig)

    def close(self):
        """Stops listening and removes the private directory (children keep running)."""
        if self._listen_watch is not None:
            _core.unwatch_fd(self._listen_watch)
            self._listen_watch = None
        if self._accept_timer is not None:
            _core.cancel_call(self._accept_timer)
            self._accept_timer = None
        for channel in list(self._unclaimed):
            channel.close("the parent stopped listening")
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = self._path = None

    # ---- inside -----------------------------------------------------------------------------

    def _count(self, key, n=1):
        with self._stats_lock:
            self.stats[key] += n

    def _reserve(self, child, frame):
        if child.outbox.reserve(len(frame)):
            return True
        self._count("busy")
        return False

    def _listen(self):
        if self._listener is not None:
            return
        self._dir = tempfile.mkdtemp(prefix="auroraview-")  # 0700: only this user gets in
        self._path = os.path.join(self._dir, "parent.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            listener.bind(self._path)  # created 0600
        finally:
            os.umask(old)
        listener.listen(64)
        listener.setblocking(False)
        self._listener = listener
        self._listen_watch = _core.watch_fd(listener.fileno(), False, self._accept)

    def _accept(self):
        try:
            sock, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:  # EMFILE, ENFILE, ENOBUFS, ENOMEM: the connection waits in the backlog
            self._accept_failed(e)
            return
        if self._accept_failures:
            logger.info("auroraview: the parent accepts connections again (after %d failed attempts)",
                        self._accept_failures)
            self._accept_failures = 0
        waiting = _Waiting()
        channel = _Channel(sock, lambda frame: self._frame(waiting, frame),
                           lambda reason, refused: self._channel_closed(waiting, reason, refused),
                           max_frame=HELLO_MAX_FRAME)
        channel.one_frame = True
        waiting.channel = channel
        waiting.deadline = _core.call_later(HELLO_TIMEOUT, lambda: self._hello_late(waiting))
        self._unclaimed[channel] = waiting
        channel.read_now()  # a child's hello is usually there already: it is proved before any crowding
        while len(self._unclaimed) > MAX_WAITING_FOR_HELLO:
            oldest = next(iter(self._unclaimed))
            self._refuse(oldest, f"{MAX_WAITING_FOR_HELLO} connections were waiting for their hello "
                                 "already (the oldest is closed for a new one)", key="crowd")

    def _accept_failed(self, error):
        """Stops watching the listening socket for ACCEPT_BACKOFF seconds: a level-triggered watch
        on a backlog that cannot be accepted would run the loop hot."""
        self._count("accept_errors")
        self._accept_failures += 1
        if self._accept_failures == 1:
            logger.warning("auroraview: the parent cannot accept connections (%s); it tries again every "
                           "%g s and says so once it can", error, ACCEPT_BACKOFF)
        if self._listen_watch is not None:
            _core.unwatch_fd(self._listen_watch)
            self._listen_watch = None
        self._accept_timer = _core.call_later(ACCEPT_BACKOFF, self._resume_accept)

    def _resume_accept(self):
        self._accept_timer = None
        if self._listener is not None and self._listen_watch is None:
            self._listen_watch = _core.watch_fd(self._listener.fileno(), False, self._accept)

    def _hello_late(self, waiting):
        waiting.deadline = None
        if waiting.child is None and not waiting.channel.closed:
            self._refuse(waiting.channel, f"no hello within {HELLO_TIMEOUT:g} s", key="late")

    def _refuse(self, channel, reason, key=None):
        """Closes a connection that has not proved itself. Logged once per _QUIET_S per kind
        (key): a flood of them must not flood the log."""
        self.stats["refused"] += 1
        self._quiet.warning(key or reason, "auroraview: a connection to the parent was refused: %s", reason)
        channel.close(reason)

    def _refuse_frame(self, child, kind, why):
        """A frame from a connected child that is not delivered: counted, logged once per kind
        per child, skipped (the frames after it are read as usual)."""
        self.stats["refused_frames"] += 1
        child.refused[kind] = child.refused.get(kind, 0) + 1
        if child.refused[kind] == 1:
            logger.warning("auroraview: child %s sent %s: refused and skipped (more of this kind from "
                           "it are counted in stats['refused_frames'], not logged)", child.id, why)

    def _frame(self, waiting, frame):
        channel = waiting.channel
        child = waiting.child
        if child is None:  # the first frame: it must be a hello with the right token
            self._hello(waiting, frame)
            return
        kind = frame[0]
        if kind == "refused":
            self._refuse_frame(child, "malformed", f"a malformed frame ({frame[1]})")
            return
        if kind != "event":
            self._refuse_frame(child, kind, f"a second '{kind}' frame")
            return
        _, name, data = frame
        if name in RESERVED_EVENTS:
            if name == "child:closing" and not child.closing:
                child.closing = True
                self._dispatch("child:closing", None, child.id)
            else:
                self._refuse_frame(child, "reserved", f"the event {name[:80]!r}, a name only the parent makes")
            return
        self.stats["events"] += 1
        self._dispatch(name, data, child.id)

    def _hello(self, waiting, frame):
        channel = waiting.channel
        if frame[0] == "refused":
            self._refuse(channel, f"its first frame was malformed ({frame[1]})", key="malformed")
            return
        if frame[0] != "hello":
            self._refuse(channel, "the first frame was not a hello", key="not hello")
            return
        _, token, child_id, pid = frame
        known = self._children.get(child_id)
        if known is None:
            self._refuse(channel, f"no child {child_id!r} was spawned", key="unknown")
            return
        if not hmac.compare_digest(token, known.token):
            self._refuse(channel, f"wrong token for child {child_id!r} (pid {pid})", key="token")
            return
        if known.channel is not None:
            self._refuse(channel, f"child {child_id!r} is connected already", key="connected")
            return
        if known.exit_watch is None:
            self._refuse(channel, f"child {child_id!r} has exited already", key="exited")
            return
        del self._unclaimed[channel]
        if waiting.deadline is not None:
            _core.cancel_call(waiting.deadline)
            waiting.deadline = None
        waiting.child = known
        known.channel = channel
        channel.max_frame = MAX_FRAME
        channel.one_frame = False
        channel.outbox = known.outbox
        self.stats["connected"] += 1
        waiting_frames, known.waiting = known.waiting, []
        for frame in waiting_frames:
            channel.send(frame)
        self._dispatch("child:ready", {"pid": channel.peer_pid() or known.process.pid}, known.id)

    def _dispatch(self, event, data, child_id):
        for fn in list(self._handlers.get(event, ())):
            try:
                fn(child_id, data)
            except BaseException:  # every handler runs, as a view's do
                logger.exception("auroraview: handler for child event %r raised", event)

    def _channel_closed(self, waiting, reason, refused):
        self._unclaimed.pop(waiting.channel, None)
        if waiting.deadline is not None:
            _core.cancel_call(waiting.deadline)
            waiting.deadline = None
        child = waiting.child
        if refused:
            self.stats["refused"] += 1
            if child is not None:
                logger.warning("auroraview: child %s sent a frame that ends its connection: %s", child.id, reason)
            else:
                self._quiet.warning("closed", "auroraview: a connection to the parent was refused: %s", reason)
        if child is not None and waiting.channel.unfinished:
            logger.warning("auroraview: child %s: its connection closed with %d bytes of an unfinished frame, "
                           "dropped (%s)", child.id, waiting.channel.unfinished, reason)

    def _send(self, child, frame):
        if child.exit_watch is None or (child.channel is not None and child.channel.closed):
            child.outbox.release(len(frame))
            child.undelivered += 1
            if child.undelivered == 1:
                logger.warning("auroraview: child %s has gone: events sent to it are not delivered", child.id)
            return
        if child.channel is None:
            child.waiting.append(frame)
            return
        try:
            child.channel.send(frame)
        except ConnectionError:  # the channel closed on this send, and said why
            child.undelivered += 1

    def _exited(self, child):
        _core.unwatch_fd(child.exit_watch)
        child.exit_watch = None
        os.close(child.pidfd)
        status = child.process.wait()
        if child.channel is not None:
            child.channel.drain()  # its last events come before its exit
            child.channel.close("the child exited")
        if child.waiting:
            child.outbox.release(sum(map(len, child.waiting)))
            logger.warning("auroraview: child %s exited before it connected: %d events sent to it were not "
                           "delivered", child.id, len(child.waiting))
            child.waiting = []
        if child.refused:
            logger.warning("auroraview: child %s exited; frames refused from it: %s", child.id,
                           ", ".join(f"{n} {kind}" for kind, n in sorted(child.refused.items())))
        self.stats["exited"] += 1
        self._dispatch("child:exited", {"status": status}, child.id)


_manager = None  # one per process, like the engine: get_manager()


def get_manager():
    """The process's ChildManager."""
    global _manager
    if _manager is None:
        _manager = ChildManager()
    return _manager
