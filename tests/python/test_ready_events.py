"""ReadyEvents and require_created / require_shown / require_loaded / require_bridge_ready /
require_ready (upstream AuroraView's names) on real views: scenarios/ready_events.py."""
import pytest

ALL = {"created": True, "shown": True, "loaded": True, "bridge_ready": True}


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("ready_events")


def test_every_view_has_its_ready_events_from_the_start(run):
    assert run["a_is_ready_events"] is True
    assert run["a_made"] == "ran"  # require_created: a view is created once made
    assert run["a_before"] == {"created": True, "shown": False, "loaded": False, "bridge_ready": False}


def test_require_loaded_on_the_main_thread_waits_for_the_page(run):
    assert run["order"][:3] == ["A: page_url called", "A: loaded hook", "A: page_url ran"]
    assert run["a_page_url"] == {"url": "https://auroraview.localhost/",
                                 "status": {"created": True, "shown": False, "loaded": True, "bridge_ready": True}}


def test_require_bridge_ready_on_another_thread_waits_for_the_bridge(run):
    assert run["b"]["main_thread"] is False
    assert run["b"]["status"]["bridge_ready"] is True


def test_require_shown_raises_after_its_timeout_and_runs_once_shown(run):
    assert run["a_hidden_size"] == ["RuntimeError", "ToolView.visible_size: view 1 was not shown within 0.5 s"]
    assert run["a_shown_size"] == {"width": 320, "height": 240, "shown": True}
    assert run["a_everything"] == ALL  # require_ready
    assert run["a_loaded_is_event"] == [True, True]  # loaded.is_set(), loaded.wait(0), as an Event's


def test_a_navigation_clears_loaded_and_a_call_waits_for_the_new_page(run):
    assert run["a_navigating"] == {"created": True, "shown": True, "loaded": False, "bridge_ready": False}
    assert run["a_second_page_url"] == {"url": "https://auroraview.localhost/second", "status": ALL}
    assert run["order"][3:] == ["A: loaded hook", "A: page_url ran"]


def test_hiding_clears_shown_and_a_wait_that_times_out_says_so(run):
    status, waited = run["a_after_hide"]
    assert status["shown"] is False and waited is False
    assert run["warnings"] == ["auroraview: view 1 was not shown within 0.2 s"]


def test_a_view_closed_during_a_wait_raises_closed_error(run):
    assert run["c"] == {"raised": ["ClosedError", True, "ToolView.never_loads: view 3 closed before it was loaded"]}


def test_a_page_calling_a_require_shown_method_gets_its_answer_once_shown(run):
    assert run["d"] == {"width": 300, "height": 200, "shown": True}


def test_the_decorators_call_through_on_objects_that_are_not_views(run):
    assert run["not_a_view"] == "ran"
