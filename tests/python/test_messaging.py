"""Issue 4 §5, on one page (scenarios/messaging.py): emit, send_event, call, errors, and
that JS-local events stay in JS."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("messaging")


def test_emits_reach_auroraview_on_in_the_page(run):
    assert run["page"]["update_data"] == {"frame": 42, "objects": ["cube", "sphere"]}
    assert run["page"]["selection_changed"] == {"selected": ["cube1"]}


def test_send_event_reaches_view_on_once(run):
    assert run["exports"] == [{"path": "/tmp/x.fbx", "format": "fbx"}]


def test_calls_resolve_with_what_the_bound_functions_return(run):
    assert run["page"]["hierarchy"] == {"root": "scene", "children": [{"name": "camera1"}, {"name": "cube1"}]}
    assert run["page"]["renamed"] == {"old_name": "cube1", "new_name": "hero_cube"}
    assert run["calls"] == ["get_hierarchy", "rename_object"]


def test_trigger_and_dom_events_stay_in_the_page(run):
    # They were delivered locally...
    assert run["page"]["local"] == ["trigger"]
    assert run["page"]["dom"] == ["dom"]
    # ...and never reached Python, though a handler was bound for both names.
    assert run["local_only"] == []
    assert all(e.get("via") is None for e in run["exports"])


def test_raising_handler_rejects_with_handler_error_and_class_name(run):
    assert run["page"]["fail"] == {"name": "RuntimeError", "code": "HANDLER_ERROR", "message": "boom", "is_av": True}
    assert run["stats"]["rejected"]["HANDLER_ERROR"] == 1


def test_unknown_method_rejects_with_method_not_found(run):
    nope = run["page"]["nope"]
    assert nope["code"] == "METHOD_NOT_FOUND"
    assert "api.nope" in nope["message"]
    assert run["stats"]["rejected"]["METHOD_NOT_FOUND"] == 1
    assert run["stats"]["rejected"]["TIMEOUT"] == 0


def test_handlers_run_on_the_main_thread(run):
    assert run["threads_main"] and all(run["threads_main"])
