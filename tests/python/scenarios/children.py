"""A parent with real child processes (scenarios/child_tool.py), all through the README's API:
- three "echo" children: each says child:ready and page_ready; a ping to each goes through that
  child's page and comes back as pong; a broadcast reaches all three;
- intruders on the parent's socket: a spawned child that says hello with a wrong token (it exits
  3 once refused), a hello for a child connected already, garbage, a frame announcing more than
  the size limit; each refused and counted, and a ping still gets its pong afterwards;
- a child killed with SIGKILL: child:exited with status -9;
- a "flood" child sends 10,000 events: all arrive, in order (the time is reported);
- "quit" to the rest: child:closing, then child:exited with status 0.
Reports what arrived, in order, per child."""
import os
import signal
import socket
import sys
import stat
import time

from harness import report

import auroraview
from auroraview import _core

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "child_tool.py")

manager = auroraview.get_manager()
parent_view = auroraview.WebView(title="parent", html="<!doctype html><p>parent</p>")
result = {"events": [], "intruders": {}, "flood": {}}
# The interpreter a script child runs under: python=, then $AURORAVIEW_CHILD_PYTHON.
for how in ("python=", "env"):
    try:
        if how == "env":
            os.environ["AURORAVIEW_CHILD_PYTHON"] = "/nonexistent/mayapy"
            manager.spawn(TOOL, args=["echo"])
        else:
            manager.spawn(TOOL, args=["echo"], python="/nonexistent/hython")
    except OSError as e:
        result.setdefault("interpreter", {})[how] = [type(e).__name__, e.filename]
    finally:
        os.environ.pop("AURORAVIEW_CHILD_PYTHON", None)
echo = [manager.spawn(TOOL, args=["echo"]) for _ in range(3)]
state = {"phase": "ready", "pongs": set(), "broadcast": set(), "seq": []}


def log(event, child_id, data):
    if event != "seq":
        result["events"].append([event, echo.index(child_id) if child_id in echo else child_id, data])


def phase(name):
    state["phase"] = name
    result.setdefault("phases", []).append(name)


def pings(children, tag):
    state["pongs"] = set()
    for i, child_id in enumerate(children):
        manager.send_to_child(child_id, "ping", {"n": f"{tag}{i}"})


def intrude():
    """Three connections that are not children: each must be refused, nothing else harmed."""
    state["refused_before"] = manager.stats["refused"]
    bad = [
        ("second hello", _core.ipc_hello(b"x" * 32, echo[0], os.getpid())),
        ("garbage", b"\x05\x00\x00\x00\xff\xff\xff\xff\xff"),
        ("oversized", (64 << 20).to_bytes(4, "little") + b"\x08\x02"),
    ]
    state["intruder_socks"] = []
    for name, data in bad:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(manager.socket_path)
        s.sendall(data)
        s.setblocking(False)
        state["intruder_socks"].append((name, s))
    state["impostor"] = manager.spawn(TOOL, args=["impostor"])
    state["intrude_t0"] = time.time()
    auroraview.run_on_main_thread(wait_for_refusals)


def wait_for_refusals():
    """Polls (through the main loop, which reads the intruders) until all three are refused."""
    if manager.stats["refused"] < state["refused_before"] + 4 and time.time() - state["intrude_t0"] < 20:
        auroraview.run_on_main_thread(wait_for_refusals)
        return
    phase("after_intruders")
    pings([echo[0]], "b")


for event in ("child:ready", "page_ready", "pong", "got_broadcast", "child:closing", "child:exited", "flood_done"):
    def handler(child_id, data, event=event):
        log(event, child_id, data)
        on_event(event, child_id, data)
    manager.on(event, handler)


@manager.on("seq")
def on_seq(child_id, n):
    state["seq"].append(n)


def check_intruders():
    """Each intruder's socket was closed by the parent (end of file), and each was counted."""
    for name, s in state["intruder_socks"]:
        try:
            result["intruders"][name] = "closed" if s.recv(1) == b"" else "answered"
        except BlockingIOError:
            result["intruders"][name] = "still open"
        except OSError as e:
            result["intruders"][name] = f"closed ({e.strerror})"
        s.close()
    result["refused"] = manager.stats["refused"] - state["refused_before"]


def on_event(event, child_id, data):
    p = state["phase"]
    if event == "child:exited" and child_id == state.get("impostor"):
        result["impostor_status"] = data["status"]
    elif p == "ready" and event == "page_ready" and sum(e[0] == "page_ready" for e in result["events"]) == 3:
        d = os.path.dirname(manager.socket_path)
        result["modes"] = {"dir": oct(stat.S_IMODE(os.stat(d).st_mode)),
                           "socket": oct(stat.S_IMODE(os.stat(manager.socket_path).st_mode))}
        phase("ping")
        pings(echo, "a")
    elif p == "ping" and event == "pong":
        state["pongs"].add(data["n"])
        if len(state["pongs"]) == 3:
            phase("broadcast")
            manager.broadcast("hello_all", {"from": manager.parent_id})
    elif p == "broadcast" and event == "got_broadcast":
        state["broadcast"].add(child_id)
        if len(state["broadcast"]) == 3:
            phase("intruders")
            intrude()
    elif p == "after_intruders" and event == "pong":
        check_intruders()
        phase("kill")
        manager.kill(echo[2], signal.SIGKILL)
    elif p == "kill" and event == "child:exited" and child_id == echo[2]:
        phase("flood")
        state["flood_child"] = manager.spawn(TOOL, args=["flood"], python=sys.executable)
    elif p == "flood" and event == "flood_done":
        seq = state["seq"]
        result["flood"] = {"count": len(seq), "in_order": seq == list(range(10000)),
                           "seconds": round(time.perf_counter() - data["t0"], 4)}
        phase("quit")
        for child_id in (echo[0], echo[1], state["flood_child"]):
            manager.send_to_child(child_id, "quit")
    elif p == "quit" and event == "child:exited" and len(manager.children) == 0:
        result["stats"] = dict(manager.stats)
        result["children_left"] = manager.children
        result["parent_id"] = manager.parent_id
        manager.close()
        result["dir_removed"] = manager.socket_path is None
        parent_view.close()


parent_view.show()
report(result)
