"""WindowManager, get_windows, get_active_window, broadcast_event (scenarios/windows.py), both
shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("windows")


def test_every_view_registers_itself_in_order(run):
    assert run["same_manager"] is True
    assert run["windows"] == ["A", "B"] and run["ids"] is True
    assert run["find"] is True and run["has"] == [True, False]


def test_the_active_view_follows_focus_and_set_active(run):
    assert run["first_active"] == "A"  # the first made, before any window had focus
    assert run["after_focus"] == "A"
    assert run["set_active"] == [True, False, True]


def test_broadcast_reaches_every_open_page(run):
    assert run["broadcast"] == 2
    assert run["news"] == [["A", {"n": 1}], ["B", {"n": 1}]]


def test_closed_views_leave_and_close_all_closes_the_rest(run):
    assert run["after_close"] == ["B"] and run["active_after_close"] == "B"
    assert run["close_all"] == 1 and run["left"] == 0
    assert run["unregister_unknown"] is False


def test_change_callbacks_run_until_unsubscribed(run):
    # A registered (1), B (2), focus changes, A closed (1), B closed (0); C after unsubscribe: none.
    assert run["changes"][:2] == [1, 2] and run["changes"][-2:] == [1, 0]


def test_a_change_callback_of_two_arguments_is_told_what_and_which(run):
    assert run["told"] == [["registered", True], ["registered", False]]
    assert run["told_kinds"] == ["activated", "registered", "unregistered"]
