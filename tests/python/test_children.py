"""Parent/child windows over the nanopb channel, with real processes (scenarios/children.py,
child_tool.py, orphan_parent.py)."""
import json
import signal
import subprocess
import sys
import time

import pytest
from conftest import HANG_GUARD_S, HERE, scenario_env


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("children")


def events(run, name):
    return [[who, data] for event, who, data in run["events"] if event == name]


def test_three_children_say_ready_and_their_pages_report(run):
    assert sorted(who for who, _ in events(run, "child:ready") if isinstance(who, int)) == [0, 1, 2]
    pages = [data for who, data in events(run, "page_ready") if who in (0, 1, 2)]
    assert sorted(p["child_id"].rsplit("-", 1)[1] for p in pages) == ["1", "2", "3"]


def test_events_both_ways_through_each_childs_page(run):
    pongs = {data["n"]: who for who, data in events(run, "pong")}
    # Each ping went parent -> child -> the child's page -> child -> parent.
    assert {n: pongs[n] for n in ("a0", "a1", "a2")} == {"a0": 0, "a1": 1, "a2": 2}
    assert all(data["parent_id"] == run["parent_id"] for _, data in events(run, "pong"))


def test_broadcast_reaches_every_child(run):
    got = events(run, "got_broadcast")
    assert sorted(who for who, _ in got) == [0, 1, 2]
    assert all(data == {"from": run["parent_id"]} for _, data in got)


def test_script_children_run_under_the_python_named(run):
    assert run["interpreter"] == {"python=": ["FileNotFoundError", "/nonexistent/hython"],
                                  "env": ["FileNotFoundError", "/nonexistent/mayapy"]}


def test_the_socket_is_private(run):
    assert run["modes"] == {"dir": "0o700", "socket": "0o600"}


def test_intruders_are_refused_and_the_rest_carry_on(run):
    # A real child with a wrong token, a second hello for a connected child, garbage, and a
    # frame above the size limit: each connection closed by the parent and counted...
    assert run["refused"] == 4
    assert run["intruders"] == {"second hello": "closed", "garbage": "closed", "oversized": "closed"}
    assert run["impostor_status"] == 3  # it saw its connection closed
    # ...and child 0 still answers afterwards.
    assert [who for who, data in events(run, "pong") if data["n"] == "b0"] == [0]


def test_a_killed_child_is_reported_exited(run):
    assert [2, {"status": -signal.SIGKILL}] in events(run, "child:exited")


def test_ten_thousand_events_arrive_all_in_order(run):
    flood = run["flood"]
    assert flood["count"] == 10000 and flood["in_order"] is True
    print(f"10k events child -> parent: {flood['seconds']} s")


def test_children_asked_to_quit_close_and_exit_cleanly(run):
    closing = sorted(str(who) for who, _ in events(run, "child:closing"))
    assert len(closing) == 3 and "0" in closing and "1" in closing
    exited = {str(who): data["status"] for who, data in events(run, "child:exited")}
    assert exited["0"] == exited["1"] == 0
    assert run["children_left"] == [] and run["dir_removed"] is True
    assert run["stats"]["spawned"] == run["stats"]["exited"] == 5


def running(pid):
    """True while pid is a live process (a zombie waiting to be reaped has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_child_notices_its_parent_killed_and_exits_cleanly(tmp_path):
    marker = tmp_path / "noticed.json"
    env = scenario_env()
    parent = subprocess.Popen([sys.executable, str(HERE / "scenarios" / "orphan_parent.py"), str(marker)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = parent.stdout.readline()  # "CHILD <pid>" once the child's page is up
        assert line.startswith("CHILD "), line
        child_pid = int(line.split()[1])
        parent.send_signal(signal.SIGKILL)
        killed_at = time.time()
        parent.wait(timeout=HANG_GUARD_S)
        deadline = time.time() + HANG_GUARD_S
        exited = marker.with_name(marker.name + ".exited")
        while not exited.exists() and time.time() < deadline:
            time.sleep(0.05)
        assert exited.read_text() == "clean"  # the child ran to the end of its script
        noticed = json.loads(marker.read_text())["noticed"] - killed_at
        print(f"child noticed its parent's death after {noticed:.3f} s")
        assert noticed < 1.0  # the bound: within a second
        while running(child_pid) and time.time() < deadline:
            time.sleep(0.05)
        assert not running(child_pid)
    finally:
        if parent.poll() is None:
            parent.kill()
