"""A parent under attack on its child channel (docs/security.md, "Child processes"): real child
processes (scenarios/child_attacker.py) on the real socket, while an honest "echo" child is pinged
to show the host still answers. argv[1] the attack set, argv[2] a work directory:

- channel: forged reserved names, JSON nested past json.loads' reach and past the codec's limit, a
  dying child's last words, garbage after the hello, a second hello with the right token,
  impostors (another child's id, wrong, short and empty tokens, an over-long id, version 2, an
  event first) and the child whose id they used, slowloris, a frame cut short by a kill, a frame
  above the size limit, a connection from another user;
- flood: 300 idle connections, 30 connections announcing 16 MiB each, and a child that does not
  read while the parent sends it 1 MiB events, with the parent's peak file descriptors and RSS
  sampled throughout; then the deaf child reads, and must get exactly what was accepted;
- emfile: the parent out of file descriptors while connections wait to be accepted.

Reports what each child's events were, the auroraview log, the stats, and what the attackers
wrote. Everything ends within BOUND_S even if the channel misbehaves (as on a parent without the
fixes), so the tests fail on assertions rather than a hang."""
import json
import os
import resource
import signal
import sys
import threading
import time

from harness import capture_log, report

import auroraview

HERE = os.path.dirname(os.path.abspath(__file__))
ATTACKER = os.path.join(HERE, "child_attacker.py")
BOUND_S = 120
attack_set, work = sys.argv[1], sys.argv[2]

manager = auroraview.get_manager()
view = auroraview.WebView(title="parent", html="<!doctype html><p>parent</p>")
log = capture_log()
mode_of, id_of, pids = {}, {}, {}
result = {"events": [], "exits": {}, "files": {}, "pids": {}}
state = {"t0": time.time(), "done": False, "pings": 0, "pongs": set()}
NAMES = ["child:ready", "child:closing", "child:exited", "child:anything", "after_forgery", "deep", "deeper",
         "deep_again", "after_deep", "after_deeper", "last_words", "seq", "garbage_done", "first_ok", "from_second",
         "second_result", "pong", "impostor_report", "victim_ok", "hi", "half_next", "never_whole", "oversize_next",
         "deaf_ready", "echo_ready", "n" * 300, "not_json"]


def spawn(mode, *args, name=None):
    cid = manager.spawn(ATTACKER, args=[mode, work, *args], python=sys.executable)
    mode_of[cid] = name or mode
    id_of[name or mode] = cid
    result["pids"][name or mode] = manager._children[cid].process.pid
    return cid


def depth(value):
    d = 0
    while isinstance(value, list):
        d += 1
        value = value[0] if value else None
    return d


def summary(event, data):
    if event in ("deep", "deeper", "deep_again"):
        return {"depth": depth(data)}
    if isinstance(data, str) and len(data) > 100:
        return {"str_len": len(data)}
    return data


def on_event(event, child_id, data):
    who = mode_of.get(child_id, child_id)
    if event == "seq":
        state.setdefault("seq", []).append(data)
        return
    result["events"].append([who, event, summary(event, data)])
    if event == "child:exited":
        result["exits"][who] = data["status"]
    elif event == "pong":
        state["pongs"].add(data["n"] if isinstance(data, dict) else data)
    react(who, event, data)


for name in NAMES:
    manager.on(name, lambda child_id, data, name=name: on_event(name, child_id, data))


def read_file(name):
    path = os.path.join(work, name)
    if name not in result["files"] and os.path.exists(path):
        with open(path) as f:
            result["files"][name] = json.load(f)
    return result["files"].get(name)


def ping(who, n):
    manager.send_to_child(id_of[who], "ping", {"n": n})


def exited(*modes):
    return all(m in result["exits"] for m in modes)


def finish():
    """Ends the run: quits the children still running, reports once they have all exited."""
    if state["done"]:
        return
    state["done"] = True
    state["quit_at"] = time.time()
    for cid in manager.children:
        try:
            manager.send_to_child(cid, "quit")
        except Exception as e:  # a deaf child may be BUSY: it is killed below
            result.setdefault("quit_errors", []).append(f"{mode_of.get(cid)}: {type(e).__name__}")


def codec_checks():
    """What the sending side and the decoder say, beside json: a name above 256 bytes is refused
    where it is made; the decoder reads what json.loads reads, to the same values and types."""
    from auroraview import _core
    checks = {}
    try:
        _core.ipc_event("n" * 300)
        checks["long_name"] = "made"
    except ValueError as e:
        checks["long_name"] = f"ValueError: {e}"
    texts = ['0', '-0', '1.5', '-1E-3', '1e400', '123456789012345678901234567890', '"caf\\u00e9 \\ud83d\\ude00"',
             '"\\u0000\\n\\t\\"\\\\/"', '{"a": 1, "a": 2}', ' [1, [2.0, [true, false, null]], {}] ', '{"k": {"j": []}}',
             '"\u4e2d\u6587"']
    loads = getattr(_core, "json_loads", None)
    checks["decoder_differs"] = []
    for text in texts:
        theirs = json.loads(text)
        ours = loads(text) if loads else None
        if repr(ours) != repr(theirs) or type(ours) is not type(theirs):
            checks["decoder_differs"].append([text, repr(ours), repr(theirs)])
    return checks


def wrap_up():
    if attack_set == "channel":
        result["codec"] = codec_checks()
    result["stats"] = dict(manager.stats)
    result["ids"] = id_of
    result["log"] = [r for r in log if "a file descriptor watch's callback raised" not in r[1]][:400]
    result["log_count"] = len(log)
    result["tracebacks"] = sum(1 for r in log if r[2])
    result["seq"] = state.get("seq", [])
    result["pongs"] = sorted(state["pongs"])
    result["elapsed"] = round(time.time() - state["t0"], 1)
    manager.close()
    view.close()


# ---- the attack sets ---------------------------------------------------------------------------

def start_channel():
    spawn("echo")
    for mode in ("forger", "deep", "garbage", "twice", "slowloris", "half", "oversize", "nobody"):
        spawn(mode)
    victim = spawn("victim")
    spawn("impostor", victim)


def react_channel(who, event, data):
    if who == "twice" and event == "first_ok":
        manager.send_to_child(id_of["twice"], "go")
    elif who == "twice" and event == "second_result":
        ping("twice", "twice")
    elif who == "half" and event == "half_next":
        manager.kill(id_of["half"], signal.SIGKILL)


def tick_channel():
    for name in ("slowloris.json", "oversize.json", "impostor_tried"):
        read_file(name)
    events = {(w, e) for w, e, _ in result["events"]}
    attacks_over = (("forger", "after_forgery") in events and exited("deep", "half", "slowloris", "oversize", "nobody")
                    and ("garbage", "garbage_done") in events and "twice" in state["pongs"]
                    and ("impostor", "impostor_report") in events and ("victim", "victim_ok") in events)
    if attacks_over or time.time() - state["t0"] > BOUND_S - 30:
        if "final" not in state:
            state["final"] = time.time()
            ping("echo", "final")  # the host still answers, after all of it
        if "final" in state["pongs"] or time.time() - state["final"] > 20:
            finish()


def start_flood():
    spawn("echo")
    spawn("deaf")


def sample():
    """The parent's peak file descriptors and RSS, every 20 ms, from another thread."""
    while not state["done"]:
        fds = len(os.listdir("/proc/self/fd"))
        with open("/proc/self/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) // 1024
        state["peak_fds"] = max(state.get("peak_fds", 0), fds)
        state["peak_rss"] = max(state.get("peak_rss", 0), rss)
        time.sleep(0.02)


def react_flood(who, event, data):
    seen = {(w, e) for w, e, _ in result["events"]}
    if who == "deaf" and event == "pong":
        result["deaf_received"] = data["big_received"]
    elif ("echo", "echo_ready") in seen and ("deaf", "deaf_ready") in seen and "base_fds" not in state:
        attack_flood()


def attack_flood():
    with open("/proc/self/status") as f:
        state["base_rss"] = next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) // 1024
    state["base_fds"] = len(os.listdir("/proc/self/fd"))
    threading.Thread(target=sample, daemon=True).start()
    spawn("idle", 300)
    spawn("prefixes")
    big = "x" * (1 << 20)
    sends = {"sent": 0, "busy": 0, "other": []}
    for _ in range(100):
        try:
            manager.send_to_child(id_of["deaf"], "big", big)
            sends["sent"] += 1
        except auroraview.BusyError as e:
            sends["busy"] += 1
            sends.setdefault("busy_message", str(e))
            sends.setdefault("busy_code", getattr(e, "code", None))
    broadcasts = []
    for _ in range(20):
        broadcasts.append(manager.broadcast("big", big))
    sends["broadcast_refused"] = [sorted(mode_of.get(c, c) for c in r) if isinstance(r, list) else repr(r)
                                  for r in broadcasts]
    sends["broadcast_sent_to_deaf"] = sum(1 for r in broadcasts if isinstance(r, list) and id_of["deaf"] not in r)
    result["sends"] = sends
    ping("echo", "during")


def tick_flood():
    if "base_fds" not in state:
        return
    read_file("idle.json")
    read_file("prefixes.json")
    if os.path.exists(os.path.join(work, "idle_connected")) and "echo2" not in id_of:
        spawn("echo", name="echo2")  # a real child connecting while the idle ones crowd the socket
    if "echo2" in id_of and ("echo2", "echo_ready") in {(w, e) for w, e, _ in result["events"]} \
            and "echo2" not in state["pongs"] and "echo2_pinged" not in state:
        state["echo2_pinged"] = True
        ping("echo2", "echo2")
    attacks_over = "idle.json" in result["files"] and "prefixes.json" in result["files"] and "echo2" in state["pongs"]
    late = time.time() - state["t0"] > BOUND_S - 30
    if (attacks_over or late) and "peaks" not in result:
        result["peaks"] = {"fds": state.get("peak_fds"), "base_fds": state["base_fds"],
                           "rss_mb": state.get("peak_rss"), "base_rss_mb": state["base_rss"]}
        os.kill(manager._children[id_of["deaf"]].process.pid, signal.SIGUSR1)  # it reads now
        state["deaf_woken"] = time.time()
        ping("deaf", "deaf")
    if "peaks" in result and ("deaf" in state["pongs"] or time.time() - state["deaf_woken"] > 20):
        finish()


def start_emfile():
    spawn("echo")
    spawn("idle", 3, "wait")


def react_emfile(who, event, data):
    if who == "echo" and event == "echo_ready":
        squeeze()


def squeeze():
    """Leaves the parent no file descriptor, then lets three connections arrive."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    state["limit"] = (soft, hard)
    state["filler"] = []
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 16, hard))
    try:
        while True:
            state["filler"].append(os.open("/dev/null", os.O_RDONLY))
    except OSError:
        pass
    state["cpu0"], state["squeezed"] = time.process_time(), time.time()
    # Creating idle_go needs a descriptor: free one, create the file, take it back.
    os.close(state["filler"].pop())
    open(os.path.join(work, "idle_go"), "w").close()
    state["filler"].append(os.open("/dev/null", os.O_RDONLY))


def release():
    for fd in state.pop("filler"):
        os.close(fd)
    resource.setrlimit(resource.RLIMIT_NOFILE, state["limit"])
    result["squeeze"] = {"seconds": round(time.time() - state["squeezed"], 2),
                         "cpu_seconds": round(time.process_time() - state["cpu0"], 2),
                         "accept_errors": manager.stats.get("accept_errors"),
                         "log_lines": len(log), "tracebacks": sum(1 for r in log if r[2])}
    state["released"] = time.time()
    with open(os.path.join(work, "after.txt"), "w") as f:  # the host opens files again
        f.write("ok")
    result["opened_after"] = True


def tick_emfile():
    if "filler" in state:
        connected = os.path.exists(os.path.join(work, "idle_connected"))
        errors = manager.stats.get("accept_errors", 0)
        squeezed_for = time.time() - state["squeezed"]
        if connected and ((errors >= 2 and squeezed_for >= 2) or len(log) > 1000 or squeezed_for > 10):
            release()
        return
    if "released" in state:
        read_file("idle.json")
        if "idle.json" in result["files"] and "after" not in state["pongs"] and "pinged" not in state:
            state["pinged"] = True
            ping("echo", "after")
        if "after" in state["pongs"] or time.time() - state["released"] > 90:
            finish()


START = {"channel": start_channel, "flood": start_flood, "emfile": start_emfile}
REACT = {"channel": react_channel, "flood": react_flood, "emfile": react_emfile}
TICK = {"channel": tick_channel, "flood": tick_flood, "emfile": tick_emfile}


def react(who, event, data):
    REACT[attack_set](who, event, data)


def tick():
    """Every 0.1 s on the main thread (posted by a plain thread: no timer of the product's)."""
    try:
        if not state["done"]:
            TICK[attack_set]()
        elif not manager.children or time.time() - state["quit_at"] > 15:
            for cid in manager.children:
                manager.kill(cid, signal.SIGKILL)
            if not manager.children or time.time() - state["quit_at"] > 25:
                wrap_up()
                return
        if time.time() - state["t0"] > BOUND_S and not state["done"]:
            result["bound_reached"] = True
            finish()
    except Exception as e:  # report it: the test says what went wrong
        result.setdefault("scenario_errors", []).append(f"{type(e).__name__}: {e}")
        if len(result["scenario_errors"]) > 20:
            wrap_up()
            return
    state["ticker_due"] = True


def ticker():
    while not view.closed:
        time.sleep(0.1)
        if state.pop("ticker_due", True):
            auroraview.run_on_main_thread(tick)


START[attack_set]()
threading.Thread(target=ticker, daemon=True).start()
view.show()
report(result)
