"""register_callback / disconnect with ConnectionId, get_bound_methods / is_method_bound
(scenarios/connections.py), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("connections")


def test_each_connection_gets_its_own_id(run):
    assert run["ids_distinct"] is True and run["id_type"] == "ConnectionId"


def test_every_connection_runs_async_ones_included(run):
    assert run["first"] == [["a", 1], ["a", 1], ["b", 1]]
    assert run["async_seen"] == [1]  # its round only: it was disconnected before the second


def test_disconnect_removes_exactly_that_connection(run):
    assert run["disconnect"] is True and run["async_off"] is True
    assert run["second"] == [["a", 2], ["b", 2]]


def test_a_used_id_or_another_events_is_refused(run):
    assert run["again"] is False and run["other_event"] is False


def test_a_callback_that_is_not_callable_is_a_type_error(run):
    assert run["not_callable"] == "the handler for event 'tick' must be callable, not int"


def test_bound_methods_are_listed_sorted_and_none_after_close(run):
    assert run["bound"] == ["api.a", "api.b"]
    assert run["is_bound"] == [True, False]
    assert run["bound_after_close"] == []
