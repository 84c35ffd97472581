"""Emits before the page is ready are held, delivered in order when it is, and bounded
(scenarios/early_emit.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("early_emit")


def test_emits_made_before_the_page_exists_reach_it_in_order(run):
    assert run["made_with_html"] == [0, 1, 2, 3, 4]


def test_emits_made_before_the_first_load_wait_for_the_first_page(run):
    assert run["before_first_load"] == [{"n": 0}, {"n": 1}, {"n": 2}]


def test_held_emits_are_not_counted_delivered_before_they_are(run):
    assert run["stats_before_ready"] == 0


def test_past_the_bound_emit_raises_busy_instead_of_losing_it(run):
    assert run["busy"] == 1 and 64 <= run["sent_before_busy"] < 200  # the capacity, rounded up by the ring
    assert "BUSY" in run["busy_message"] or "full" in run["busy_message"]
