"""Reference counts in the extension module: steady traffic leaves nothing behind."""
import pytest


def test_repeated_traffic_does_not_grow_python_memory(run_scenario):
    run = run_scenario("refcounts")
    assert run["page"] == {"emitted": 4 * 300}
    blocks = run["blocks"]
    growth = [later - earlier for earlier, later in zip(blocks[1:], blocks[2:])]  # after the warm-up round
    # One leaked object per message would be >= per_round (1800) blocks a round. Python's own
    # caches still grow for the first rounds: 10-round runs on both shims grew 60-220 blocks a
    # round until round 5 or 6, then 0-25 (a per_round // 20 bound failed now and then).
    assert all(g < run["per_round"] // 4 for g in growth), (blocks, growth)


N = 20_000  # events, calls of each kind and emits in the measured phase of scenarios/refcount_leaks.py
# A leak of one reference (or one object) per event, call or emit grows a count by >= N; what
# the runs grew on both shims: refcounts by 0-2 (the interned names' dict slots), gc-tracked
# objects by ~20, allocated blocks by ~100.
BOUND = 100
BLOCKS_BOUND = 1_000


@pytest.fixture(scope="module")
def leaks(run_scenario):
    run = run_scenario("refcount_leaks", N)
    assert "exception" not in run["page"], run["page"]
    return run


def test_every_message_of_the_measured_phase_went_through(leaks):
    before, after = leaks["measures"]["before"], leaks["measures"]["after"]
    ran = {k: after["runs"][k] - before["runs"].get(k, 0) for k in after["runs"]}
    assert ran == {k: N for k in ("kw", "args", "none", "raises", "bad_result", "ping", "ping_second", "plain")}
    assert leaks["page"]["codes"] == {"ok": 3 * N, "HANDLER_ERROR": 2 * N, "METHOD_NOT_FOUND": N}
    assert leaks["page"]["echoed"] == N + 500  # every emit reached the page, none refused


def test_no_reference_leaks_per_event_call_or_emit(leaks):
    """sys.getrefcount of the view, the handlers, the per-event handler tuples, the returned,
    raised and emitted objects: one reference leaked per event, call or emit grows one by N."""
    before = leaks["measures"]["before"]["refcounts"]
    after = leaks["measures"]["after"]["refcounts"]
    growth = {name: after[name] - before[name] for name in before}
    assert all(abs(g) < BOUND for g in growth.values()), {name: g for name, g in growth.items() if g}


def test_no_objects_left_per_event_or_call(leaks):
    """The event's detail, a call's params and args, results and errors are made fresh for each
    message: one left behind per message grows the gc-tracked objects (containers) or Python's
    allocated blocks (strings, numbers) by >= N."""
    before, after = leaks["measures"]["before"], leaks["measures"]["after"]
    by_type = {t: after["gc_objects"].get(t, 0) - n for t, n in before["gc_objects"].items()}
    by_type.update({t: n for t, n in after["gc_objects"].items() if t not in before["gc_objects"]})
    assert after["gc_total"] - before["gc_total"] < BOUND, {t: g for t, g in by_type.items() if g}
    assert after["blocks"] - before["blocks"] < BLOCKS_BOUND, (before["blocks"], after["blocks"])


def test_window_and_page_events_do_not_grow_python_memory(run_scenario):
    run = run_scenario("refcount_events")
    assert run["seen"]["resized"] >= 5 * 300 and run["seen"]["titles"] >= 5 * 300
    blocks = run["blocks"]
    growth = [later - earlier for earlier, later in zip(blocks[1:], blocks[2:])]  # after the warm-up round
    # One leaked object per event (a geometry dict, a data dict, a cached URL) would be >= 600 a round.
    assert all(g < run["per_round"] // 4 for g in growth), (blocks, growth)
