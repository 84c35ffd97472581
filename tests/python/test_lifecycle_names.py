"""Upstream AuroraView's lifecycle names (scenarios/lifecycle_names.py): show(wait=), show_async,
show_blocking, wait(timeout), the context manager and repr."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("lifecycle_names")


def test_show_wait_false_returns_and_wait_times_out_while_the_page_runs(run):
    assert run["returned_at_once"] is True
    assert run["wait_times_out"] is False
    assert run["page_ran_while_waiting"] is True


def test_wait_returns_true_once_closed_on_the_main_thread_and_from_another(run):
    assert run["wait_until_closed"] is True
    assert run["thread_wait"] is True


def test_show_blocking_runs_until_the_view_closes(run):
    assert run["blocking_returned_closed"] is True


def test_a_view_as_context_manager_closes_at_the_end_of_the_block(run):
    assert run["inside_open"] is True and run["after_with_closed"] is True


def test_block_and_wait_that_disagree_are_refused(run):
    assert run["both"] == "show(): give block or wait, not both with different values"


def test_repr_names_id_title_and_size(run):
    assert run["repr_open"] == f"<auroraview.WebView {run['id']} 'Lifecycle' 420x300>"
    assert run["repr_closed"] == f"<auroraview.WebView {run['id']} 'Lifecycle' closed>"
