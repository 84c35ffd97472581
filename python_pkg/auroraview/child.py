"""Parent/child windows: a tool spawns child processes, each with its own views, and the two sides
exchange events over a Unix socket (docs/guide/en/child-windows.md).

The wire is plugin/ipc's frames (nanopb, length-prefixed; _core.ipc_*). Every socket is
non-blocking and served on the Qt main thread by file-descriptor watches (_core.watch_fd): no
thread per child, and handlers run where views may be touched. The parent's socket lives in a
private directory (0700, the socket 0600); a child proves itself in its first frame with the
random token the parent put in its environment. A frame that is malformed, above the size limit
or (as a first frame) not a valid hello closes that connection alone, logged and counted in
ChildManager.stats; the parent and the other children carry on.
"""
import hmac
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid

from . import _core
from . import webview as _webview

logger = logging.getLogger("auroraview")

ENV_SOCKET = "AURORAVIEW_PARENT_SOCKET"
ENV_TOKEN = "AURORAVIEW_CHILD_TOKEN"
ENV_CHILD_ID = "AURORAVIEW_CHILD_ID"
ENV_PARENT_ID = "AURORAVIEW_PARENT_ID"

#: The largest frame either side accepts (bytes of one encoded event).
MAX_FRAME = 16 << 20
_RECV_BYTES = 1 << 16
_PREFIX = 4


def _ensure_app():
    """The Qt application the watches run on (made now if auroraview makes it)."""
    if not _webview._started:
        _webview._start()


def _on_main(fn, *args):
    if threading.current_thread() is threading.main_thread():
        fn(*args)
    else:
        _core.run_on_main_thread(fn, *args)


class _Channel:
    """One connected socket: frames in through _core.ipc_read, frames out through a buffer that
    drains whenever the socket can take more. Main thread only."""

    def __init__(self, sock, on_frame, on_closed):
        sock.setblocking(False)
        self._sock = sock
        self._on_frame = on_frame  # fn(frame tuple)
        self._on_closed = on_closed  # fn(reason, refused)
        self._in = bytearray()
        self._out = bytearray()
        self._write_watch = None
        self._read_watch = _core.watch_fd(sock.fileno(), False, self._readable)
        self.closed = False

    def send(self, frame):
        if self.closed:
            raise ConnectionError("the channel is closed")
        if not self._out:
            try:
                frame = frame[self._sock.send(frame):]
            except BlockingIOError:
                pass
            except OSError as e:
                self.close(f"send failed: {e}")
                raise ConnectionError(str(e)) from e
        self._out += frame
        if self._out and self._write_watch is None:
            self._write_watch = _core.watch_fd(self._sock.fileno(), True, self._writable)

    def _writable(self):
        try:
            del self._out[: self._sock.send(self._out)]
        except BlockingIOError:
            return
        except OSError as e:
            self.close(f"send failed: {e}")
            return
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

    def read_frames(self):
        """Hands every whole frame received so far to on_frame."""
        while not self.closed and len(self._in) >= _PREFIX:
            need = _PREFIX + int.from_bytes(self._in[:_PREFIX], "little")
            if need <= MAX_FRAME + _PREFIX and len(self._in) < need:
                return  # a frame still on its way: no copy until it is whole
            frames, used, error = _core.ipc_read(bytes(self._in), MAX_FRAME)
            del self._in[:used]
            for frame in frames:
                if self.closed:
                    return
                self._on_frame(frame)
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
        self.read_frames()

    def flush(self, timeout):
        """Sends what is buffered, waiting up to timeout seconds (a closing child's last words)."""
        if self.closed or not self._out:
            return
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(self._out)
            self._out.clear()
        except OSError as e:
            logger.warning("auroraview: %d bytes to the other side not sent: %s", len(self._out), e)
        finally:
            self._sock.setblocking(False)

    def close(self, reason="closed", refused=False):
        if self.closed:
            return
        self.closed = True
        _core.unwatch_fd(self._read_watch)
        if self._write_watch is not None:
            _core.unwatch_fd(self._write_watch)
        self._sock.close()
        self._on_closed(reason, refused)


def _decode(frame):
    """(event, data) of an event frame."""
    _, name, data = frame
    return name, json.loads(data)


# ---- the child's side ---------------------------------------------------------------------------


class ChildContext:
    """A tool's side of the channel, as a context manager:

        with ChildContext() as ctx:
            view = ctx.create_webview(html=...)
            ctx.emit_to_parent("picked", {...})
            view.show()

    Started by a parent (ChildManager.spawn), it connects on enter and says "child:ready", and
    says "child:closing" on exit. When the parent goes away, the views it made are closed (so
    show() returns and the tool exits cleanly) and on_parent_closed hooks run. Started alone,
    it is a normal standalone tool: is_child is False and emit_to_parent sends nothing."""

    def __init__(self):
        env = os.environ
        self.is_child = all(env.get(k) for k in (ENV_SOCKET, ENV_TOKEN, ENV_CHILD_ID))
        self.parent_id = env.get(ENV_PARENT_ID) if self.is_child else None
        self.child_id = env.get(ENV_CHILD_ID) if self.is_child else None
        self.parent_alive = self.is_child
        self._handlers = []
        self._closed_hooks = []
        self._views = []
        self._channel = None

    def __enter__(self):
        if self.is_child:
            _ensure_app()
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(os.environ[ENV_SOCKET])
            self._channel = _Channel(sock, self._frame, self._closed)
            token = bytes.fromhex(os.environ[ENV_TOKEN])
            self._channel.send(_core.ipc_hello(token, self.child_id, os.getpid()))
            self.emit_to_parent("child:ready", {"pid": os.getpid()})
        return self

    def __exit__(self, *exc):
        if self._channel is not None and not self._channel.closed:
            self.emit_to_parent("child:closing")
            self._channel.flush(timeout=5.0)
            self._channel.close("the child is done")
        return False

    def create_webview(self, **kwargs):
        """A WebView(**kwargs) this context closes when the parent goes away."""
        view = _webview.WebView(**kwargs)
        self._views.append(view)
        return view

    def emit_to_parent(self, event, data=None):
        """Sends event with data (JSON-serialisable) to the parent. Any thread. Returns False when
        there is no parent to send to (a standalone run, or the parent has gone)."""
        if not self.is_child or not self.parent_alive:
            return False
        frame = _core.ipc_event(event, data)
        _on_main(self._send, frame)
        return True

    def _send(self, frame):
        if self._channel is not None and not self._channel.closed:
            self._channel.send(frame)

    def on_parent_message(self, fn):
        """fn(event, data) runs on the main thread for each event the parent sends. Decorator."""
        self._handlers.append(fn)
        return fn

    def on_parent_closed(self, fn):
        """fn() runs once if the parent goes away first (after the views are closed). Decorator."""
        self._closed_hooks.append(fn)
        return fn

    def _frame(self, frame):
        if frame[0] != "event":
            self._channel.close(f"the parent sent a '{frame[0]}' frame", refused=True)
            return
        event, data = _decode(frame)
        for fn in list(self._handlers):
            try:
                fn(event, data)
            except Exception:
                logger.exception("auroraview: on_parent_message handler for %r raised", event)

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
            except Exception:
                logger.exception("auroraview: on_parent_closed hook raised")


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


class ChildManager:
    """The parent's side: spawns children and exchanges events with them. One per process:
    get_manager(). Its methods run on the main thread (send_to_child and broadcast may be called
    from any thread); handlers run on the main thread.

    Events from children, with their data, go to handlers registered by on(event): "child:ready",
    "child:closing" and whatever the children emit_to_parent; "child:exited" (data
    {"status": exit status, negative for a signal}) is the parent's own, once per child."""

    def __init__(self):
        self.parent_id = uuid.uuid4().hex[:12]
        self.stats = {"spawned": 0, "connected": 0, "refused": 0, "events": 0, "exited": 0}
        self._children = {}
        self._handlers = {}
        self._dir = None
        self._path = None
        self._listener = None
        self._listen_watch = None
        self._unclaimed = set()  # channels that have not said hello yet

    @property
    def socket_path(self):
        return self._path

    @property
    def children(self):
        """Ids of the children whose process is still running."""
        return [cid for cid, c in self._children.items() if c.exit_watch is not None]

    def on(self, event, fn=None):
        """fn(child_id, data) runs for each event of that name from any child. Decorator."""
        if fn is None:
            return lambda f: self.on(event, f)
        self._handlers.setdefault(event, []).append(fn)
        return fn

    def off(self, event, fn=None):
        handlers = self._handlers.get(event, [])
        self._handlers[event] = [] if fn is None else [h for h in handlers if h is not fn]

    def spawn(self, target, args=(), env=None, cwd=None, python=None):
        """Starts a child: target is a Python script's path or a full argv list. A script runs
        under python, else $AURORAVIEW_CHILD_PYTHON, else sys.executable; inside a DCC,
        sys.executable is the DCC itself, so give its Python (mayapy, hython) one of those ways.
        Returns the child's id. The child finds the channel in its environment."""
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
        process = subprocess.Popen(argv, env=child_env, cwd=cwd)
        child = _Child(child_id, process, token)
        self._children[child_id] = child
        child.pidfd = os.pidfd_open(process.pid)
        child.exit_watch = _core.watch_fd(child.pidfd, False, lambda: self._exited(child))
        self.stats["spawned"] += 1
        return child_id

    def send_to_child(self, child_id, event, data=None):
        """Sends event with data to one child (queued until it has connected). Any thread."""
        if child_id not in self._children:
            raise KeyError(f"no child {child_id!r}")
        _on_main(self._send, child_id, _core.ipc_event(event, data))

    def broadcast(self, event, data=None):
        """Sends event with data to every running child. Any thread."""
        frame = _core.ipc_event(event, data)
        for child_id in self.children:
            _on_main(self._send, child_id, frame)

    def kill(self, child_id, sig=signal.SIGTERM):
        """Sends sig to the child's process; child:exited follows."""
        self._children[child_id].process.send_signal(sig)

    def close(self):
        """Stops listening and removes the private directory (children keep running)."""
        if self._listen_watch is not None:
            _core.unwatch_fd(self._listen_watch)
            self._listen_watch = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = self._path = None

    # ---- inside -----------------------------------------------------------------------------

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
        except BlockingIOError:
            return
        holder = {}
        channel = _Channel(sock, lambda frame: self._frame(holder, frame),
                           lambda reason, refused: self._channel_closed(holder, reason, refused))
        holder["channel"] = channel
        self._unclaimed.add(channel)

    def _refuse(self, channel, reason):
        self.stats["refused"] += 1
        logger.warning("auroraview: a connection to the parent was refused: %s", reason)
        channel.close(reason)

    def _frame(self, holder, frame):
        channel = holder["channel"]
        child = holder.get("child")
        if child is None:  # the first frame: it must be a hello with the right token
            if frame[0] != "hello":
                self._refuse(channel, "the first frame was not a hello")
                return
            _, token, child_id, pid = frame
            known = self._children.get(child_id)
            if known is None:
                self._refuse(channel, f"no child {child_id!r} was spawned")
                return
            if not hmac.compare_digest(token, known.token):
                self._refuse(channel, f"wrong token for child {child_id!r} (pid {pid})")
                return
            if known.channel is not None:
                self._refuse(channel, f"child {child_id!r} is connected already")
                return
            self._unclaimed.discard(channel)
            holder["child"] = known
            known.channel = channel
            self.stats["connected"] += 1
            for waiting in known.waiting:
                channel.send(waiting)
            known.waiting.clear()
            return
        if frame[0] != "event":
            self._refuse(channel, f"child {child.id} sent a second '{frame[0]}' frame")
            return
        self.stats["events"] += 1
        self._dispatch(*_decode(frame), child.id)

    def _dispatch(self, event, data, child_id):
        for fn in list(self._handlers.get(event, ())):
            try:
                fn(child_id, data)
            except Exception:
                logger.exception("auroraview: handler for child event %r raised", event)

    def _channel_closed(self, holder, reason, refused):
        self._unclaimed.discard(holder["channel"])
        child = holder.get("child")
        if refused:
            self.stats["refused"] += 1
            who = f"child {child.id}" if child else "an unidentified connection"
            logger.warning("auroraview: %s sent a bad frame and was disconnected: %s", who, reason)

    def _send(self, child_id, frame):
        child = self._children.get(child_id)
        if child is None or child.exit_watch is None:
            return
        if child.channel is None:
            child.waiting.append(frame)
        elif not child.channel.closed:
            child.channel.send(frame)

    def _exited(self, child):
        _core.unwatch_fd(child.exit_watch)
        child.exit_watch = None
        os.close(child.pidfd)
        status = child.process.wait()
        if child.channel is not None:
            child.channel.drain()  # its last events come before its exit
            child.channel.close("the child exited")
        self.stats["exited"] += 1
        self._dispatch("child:exited", {"status": status}, child.id)


_manager = None  # one per process, like the engine: get_manager()


def get_manager():
    """The process's ChildManager."""
    global _manager
    if _manager is None:
        _manager = ChildManager()
    return _manager
