"""docs/security.md class 1: a handler's nested event loop (a modal dialog, processEvents) neither
aborts the host nor lets its view's later messages in early; other views are served meanwhile,
and emits from inside the running handler reach its page."""
import pytest

N_CALLS = 100


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("nested_loop")


def test_the_views_later_calls_wait_and_run_in_order_one_at_a_time(run):
    assert run["order"] == list(range(N_CALLS))
    assert run["reentered"] == 0 and run["max_depth"] == 1
    assert run["answers"] == list(range(N_CALLS))
    # The page's "all_sent" event, sent after its last call, ran after that call's handler.
    assert run["all_sent_after"] == list(range(N_CALLS))


def test_another_view_is_served_while_the_modal_is_up(run):
    assert run["b_during_modal"] > 0


def test_emits_from_inside_the_running_handler_reach_the_page(run):
    assert run["progress_while_pending"] > 0
