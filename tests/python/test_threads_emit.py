"""Issue 4 §5: 8 Python threads emitting 10k events each, concurrently."""

import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("threads_emit")


def test_every_event_arrives_in_per_thread_order(run):
    assert run["errors"] == []
    assert run["emitted"] == 80_000
    assert run["page"] == {"received": 80_000, "out_of_order": 0, "next": [10_000] * 8}


def test_eval_js_runs_in_order_with_the_same_threads_emits(run):
    assert run["evaled"] == 10_000
