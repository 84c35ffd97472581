"""Hostile (and one honest) children for scenarios/child_attacks.py, on raw sockets: no
ChildContext, no Qt loop, so each one says exactly the bytes it means to. Started by the parent's
ChildManager.spawn (so each has a real token and child id in its environment), argv[1] the mode,
argv[2] a work directory shared with the parent. Frames are made with _core.ipc_* where they are
well-formed and by hand (protobuf, below) where they are not.

Modes (what each sends; the parent's side says what must happen):
- echo:      says "echo_ready", then answers each "ping" with "pong" (same data) until "quit"; the
             host's pulse.
- forger:    events named as the channel's own (child:exited, child:ready, child:closing twice),
             one that only looks like them (child:anything), then "after_forgery"; exits 0.
- deep:      data nested 1024 deep (json.loads cannot read it), "after_deep"; data nested 1025
             deep (the codec's limit + 1), "after_deeper"; a deep one again and its "last_words",
             then exits at once (a dying child's last words after such a frame).
- garbage:   after the hello, 2,000 rounds of malformed frames (undecodable bodies, invalid UTF-8
             names, names of 300 bytes and 100 KiB, data that is not JSON, a second hello, an
             unknown kind) each followed by a good numbered "seq" event; then "garbage_done".
- twice:     connects and says hello, then says hello again, with the RIGHT token, on a second
             connection; reports whether the parent closed that one, and answers "ping" on the
             first.
- impostor:  argv[3] = another child's id: on one connection after another, a hello for the other
             child's id with its own token, a token one byte off, a short token, an unknown
             child id, an over-long child id, protocol version 2, an event as first frame, an
             empty token; writes work/impostor_tried; then its own right hello, and reports.
- victim:    waits for work/impostor_tried, then connects with its own credentials: "victim_ok".
- slowloris: sends its (right) hello one byte every 0.3 s; reports whether the parent closed the
             connection before the hello was whole (written to work/slowloris.json).
- half:      "half_next", then the first half of an event frame; waits to be killed.
- oversize:  after the hello, a frame announcing 17 MiB: the parent must close the connection;
             writes work/oversize.json saying so.
- nobody:    (as uid 65534) tries to connect; its exit status says what happened (3: refused).
- idle:      opens argv[3] connections that never send a byte (with argv[4], once work/idle_go
             exists); writes work/idle_connected, then work/idle.json when the parent has closed
             all of them (or after a bound).
- prefixes:  30 connections each announcing 16 MiB and sending all but one byte, never a hello;
             writes work/prefixes.json with how many the parent closed.
- deaf:      says hello and never reads (a small receive buffer) until SIGUSR1; then reads
             everything and answers "ping" with "pong"."""
import json
import os
import signal
import socket
import sys
import time

import auroraview  # noqa: F401  (loads the shim _core resolves against)
from auroraview import _core

mode, work = sys.argv[1], sys.argv[2]
SOCK = os.environ["AURORAVIEW_PARENT_SOCKET"]
TOKEN = bytes.fromhex(os.environ["AURORAVIEW_CHILD_TOKEN"])
CHILD_ID = os.environ["AURORAVIEW_CHILD_ID"]
BOUND_S = 60  # a guard against hangs only


# ---- protobuf by hand, for frames the codec would never make ---------------------------------

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, value):
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def raw_frame(*fields):
    """A frame of (number, value) fields: int values are varints, bytes length-delimited."""
    body = b"".join(field(n, v) for n, v in fields)
    return len(body).to_bytes(4, "little") + body


def raw_event(name, data):
    return raw_frame((1, 2), (6, name), (7, data))


def raw_hello(token, child_id, version=1):
    return raw_frame((1, 1), (2, token), (3, child_id), (4, os.getpid()), (5, version))


def hello():
    return _core.ipc_hello(TOKEN, CHILD_ID, os.getpid())


def event(name, data=None):
    return _core.ipc_event(name, data)


def nested(depth):
    return ("[" * depth + "]" * depth).encode()


# ---- a blocking peer ---------------------------------------------------------------------------

def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(SOCK)
    return s


def closed_by_parent(s, bound=BOUND_S):
    """True once the parent closes s (end of file or a reset), False if still open at the bound."""
    s.settimeout(bound)
    try:
        while True:
            if s.recv(65536) == b"":
                return True
    except socket.timeout:
        return False
    except OSError:
        return True


class Reader:
    """Frames from the parent on a blocking socket: next() -> (event, data)."""

    def __init__(self, s):
        self.s, self.buf, self.frames = s, b"", []

    def next(self):
        while not self.frames:
            data = self.s.recv(1 << 20)
            if not data:
                raise EOFError("the parent closed the connection")
            self.buf += data
            frames, used, error = _core.ipc_read(self.buf)
            assert error is None, error
            self.buf = self.buf[used:]
            self.frames += frames
        kind, name, data = self.frames.pop(0)
        if isinstance(data, str) and not hasattr(_core, "json_loads"):  # an older _core: JSON text
            data = json.loads(data)
        return name, data


def echo_until_quit(s, reader, pong="pong"):
    while True:
        name, data = reader.next()
        if name == "ping":
            s.sendall(event(pong, data))
        elif name == "quit":
            return


def write(name, result):
    path = os.path.join(work, name)
    with open(path + ".tmp", "w") as f:
        json.dump(result, f)
    os.replace(path + ".tmp", path)


# ---- the modes ---------------------------------------------------------------------------------

def mode_echo():
    s = connect()
    s.sendall(hello() + event("echo_ready"))
    echo_until_quit(s, Reader(s))


def mode_forger():
    s = connect()
    s.sendall(hello() + raw_event(b"child:exited", b'{"status":0}') + raw_event(b"child:ready", b'{"pid":1}')
              + raw_event(b"child:closing", b"null") + raw_event(b"child:closing", b"null")
              + raw_event(b"child:anything", b"1") + event("after_forgery", {"n": 1}))
    echo_until_quit(s, Reader(s))


def mode_deep():
    s = connect()
    s.sendall(hello() + raw_event(b"deep", nested(1024)) + event("after_deep")
              + raw_event(b"deeper", nested(1025)) + event("after_deeper")
              + raw_event(b"deep_again", nested(1024)) + event("last_words"))
    s.close()  # and exits at once: the parent reads the rest after it has gone


def mode_garbage():
    s = connect()
    s.sendall(hello())
    bad = [
        b"\x07\x00\x00\x00\xff\xfe\xfd\xfc\xfb\xfa\xf9",  # not protobuf
        raw_event(b"caf\xc3", b"1"),  # a name that is not UTF-8
        raw_event(b"n" * 300, b"1"),  # above the 256-byte name limit
        raw_event(b"n" * (100 << 10), b"1"),  # a 100 KiB name
        raw_event(b"not_json", b"{nope"),
        hello(),  # a second hello, right token and all
        raw_frame((1, 7), (6, b"x")),  # an unknown kind
        raw_frame((6, b"x")),  # no kind
    ]
    rounds = 2000
    batch = []
    for i in range(rounds):
        batch.append(bad[i % len(bad)])
        batch.append(event("seq", i))
        if len(batch) >= 200:
            s.sendall(b"".join(batch))
            batch = []
    s.sendall(b"".join(batch) + event("garbage_done", {"rounds": rounds, "kinds": len(bad)}))
    echo_until_quit(s, Reader(s))


def mode_twice():
    first = connect()
    first.sendall(hello() + event("first_ok"))
    reader = Reader(first)
    name, _ = reader.next()  # "go": the parent has seen first_ok
    assert name == "go", name
    second = connect()
    second.sendall(hello() + event("from_second"))
    closed = closed_by_parent(second)
    first.sendall(event("second_result", {"closed": closed}))
    echo_until_quit(first, reader)


def mode_impostor():
    other = sys.argv[3]
    off = TOKEN[:-1] + bytes([TOKEN[-1] ^ 1])
    attempts = [
        ("another child's id", _core.ipc_hello(TOKEN, other, os.getpid())),
        ("token one byte off", _core.ipc_hello(off, CHILD_ID, os.getpid())),
        ("short token", _core.ipc_hello(TOKEN[:16], CHILD_ID, os.getpid())),
        ("unknown child id", _core.ipc_hello(TOKEN, CHILD_ID + "0", os.getpid())),
        ("over-long child id", raw_hello(TOKEN, b"x" * 200)),
        ("protocol version 2", raw_hello(TOKEN, CHILD_ID.encode(), version=2)),
        ("an event first", event("hi")),
        ("empty token", raw_hello(b"", CHILD_ID.encode())),
    ]
    results = {}
    for what, frame in attempts:
        s = connect()
        s.sendall(frame)
        results[what] = "closed" if closed_by_parent(s) else "open"
        s.close()
    write("impostor_tried", results)
    s = connect()
    s.sendall(hello() + event("impostor_report", results))
    echo_until_quit(s, Reader(s))


def mode_victim():
    deadline = time.time() + BOUND_S
    while not os.path.exists(os.path.join(work, "impostor_tried")) and time.time() < deadline:
        time.sleep(0.05)
    s = connect()
    s.sendall(hello() + event("victim_ok"))
    echo_until_quit(s, Reader(s))


def mode_slowloris():
    s = connect()
    data = hello()
    sent = 0
    try:
        for i in range(len(data)):
            s.sendall(data[i:i + 1])
            sent += 1
            time.sleep(0.3)
        closed = closed_by_parent(s, bound=2)  # whole: the parent took it (or closes it now)
        result = {"sent": sent, "whole": True, "closed": closed}
    except OSError as e:
        result = {"sent": sent, "whole": False, "closed": True, "error": e.strerror}
    write("slowloris.json", result)


def mode_half():
    s = connect()
    frame = event("never_whole", {"x": "y" * 1000})
    s.sendall(hello() + event("half_next") + frame[:len(frame) // 2])
    time.sleep(BOUND_S)  # the parent kills it


def mode_oversize():
    s = connect()
    s.sendall(hello() + event("oversize_next") + (17 << 20).to_bytes(4, "little") + b"\x08\x02")
    write("oversize.json", {"closed": closed_by_parent(s)})


def mode_nobody():
    """Exit status 3: refused with PermissionError; 4: connected; 5: another error; 6: not root."""
    if os.geteuid() != 0:
        sys.exit(6)
    os.setgid(65534)
    os.setuid(65534)
    try:
        connect()
    except PermissionError:
        sys.exit(3)
    except OSError:
        sys.exit(5)
    sys.exit(4)


def mode_idle():
    import resource
    n = int(sys.argv[3])
    if len(sys.argv) > 4:  # "wait": connect only once the parent says so (work/idle_go)
        deadline = time.time() + BOUND_S
        while not os.path.exists(os.path.join(work, "idle_go")) and time.time() < deadline:
            time.sleep(0.02)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 100)), hard))
    socks, connected_at = [], time.time()
    while len(socks) < n and time.time() < connected_at + BOUND_S:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        while time.time() < connected_at + BOUND_S:
            try:
                s.connect(SOCK)
                socks.append(s)
                break
            except (BlockingIOError, InterruptedError):
                time.sleep(0.002)  # the backlog is full: the parent has not accepted yet
    open(os.path.join(work, "idle_connected"), "w").close()
    closed = 0
    deadline = time.time() + BOUND_S
    for s in socks:
        s.setblocking(True)
        if closed_by_parent(s, bound=max(0.01, deadline - time.time())):
            closed += 1
    write("idle.json", {"connected": len(socks), "closed": closed})


def mode_prefixes():
    n, size = 30, 16 << 20
    closed = 0
    for _ in range(n):
        s = connect()
        s.settimeout(BOUND_S)
        try:
            s.sendall(size.to_bytes(4, "little"))
            chunk = b"\x08" * (1 << 20)
            left = size - 1
            while left:
                left -= s.send(chunk[:left])
        except OSError:
            closed += 1  # the parent closed it: the rest could not be sent
            s.close()
            continue
        write("prefixes_sent", {})
        if closed_by_parent(s, bound=10):
            closed += 1
    write("prefixes.json", {"connections": n, "closed": closed})


def mode_deaf():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(SOCK)
    woken = []
    signal.signal(signal.SIGUSR1, lambda *a: woken.append(1))
    s.sendall(hello() + event("deaf_ready"))
    deadline = time.time() + BOUND_S
    while not woken and time.time() < deadline:
        time.sleep(0.05)
    reader = Reader(s)
    got = 0
    while True:
        name, data = reader.next()
        if name == "big":
            got += 1
        elif name == "ping":
            s.sendall(event("pong", {"n": data["n"], "big_received": got}))
        elif name == "quit":
            return


globals()["mode_" + mode]()
