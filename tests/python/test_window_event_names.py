"""Upstream AuroraView's WindowEvent and WindowEventData (scenarios/window_event_names.py, a real
view driven by its page), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("window_event_names")


def test_on_with_a_window_event_registers_that_hook_with_window_event_data(run):
    events = dict((name, data) for name, data in run["events"] if name not in ("closing",))
    assert events["loaded"] == {"url_is_page": True}
    assert events["resized"] == {"width": 640, "height": 480}
    assert events["moved"] == {"x": 40, "y": 50, "focused": None}
    assert run["on_resized_attributes"] == [640, 480]  # the hooks' own form gets it too


def test_a_window_event_without_a_hook_is_the_page_event_of_that_name(run):
    assert ["file_drop", {"paths": ["/tmp/a.ma"], "position": {"x": 1, "y": 2}}] in run["events"]
    assert run["types"] == ["WindowEventData", "dict"]  # the page's event: its detail, a dict


def test_a_closing_handler_can_refuse_the_users_close(run):
    assert run["close_returned"] == [False, True]
    assert [e for e in run["events"] if e[0] in ("closing", "closed")] == [
        ["closing", {"answer": False}], ["closing", {"answer": True}], ["closed", {}]]


def test_the_names_and_the_data_are_upstreams(run):
    assert run["names"]["str"] == "resized" and run["names"]["equal"] is True
    assert run["names"]["values"] == [
        "loaded", "load_started", "load_finished", "shown", "hidden", "closing", "closed", "focused", "blurred",
        "minimized", "maximized", "restored", "resized", "moved", "navigation_started", "navigation_finished",
        "file_drop", "file_drop_hover", "file_drop_cancelled", "file_paste"]
    assert run["data"] == {"empty": {}, "none": None, "repr": "WindowEventData({'width': 3})", "is_dict": True}
