"""Native -> page delivery (docs/architecture.md, "The walk of one call"): the signal path, the
runJavaScript path and scripts, each batch reaching the bridge in order."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("delivery")


def test_a_call_from_the_first_script_of_a_fresh_page_is_answered(run):
    assert run["first"] == [{"ok": i} for i in range(8)]


def test_small_batches_large_batches_and_scripts_arrive_in_the_order_queued(run):
    assert run["order"] == list(range(600))
