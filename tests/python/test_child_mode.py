"""Tools written the way upstream AuroraView's child-aware examples are (child_aware_demo.py,
child_window_demo.py) run alone and as real children of a parent (scenarios/child_mode.py, which
launches scenarios/child_mode_tool.py as upstream's Gallery launches examples)."""
import json
import time

import pytest
from conftest import HANG_GUARD_S


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return tmp_path_factory.mktemp("child_mode")


@pytest.fixture(scope="module")
def run(run_scenario, records):
    return run_scenario("child_mode", records)


def events(run, style):
    return [[event, data] for who, event, data in run["events"] if who == style]


def reported(run, style):
    [facts] = [data for event, data in events(run, style) if event == "report"]
    return facts


@pytest.mark.parametrize("style", ["run_example", "context", "direct"])
def test_a_launched_tool_knows_it_is_a_child_and_whose(run, style):
    facts = reported(run, style)
    child_id, parent_id = run["ids"][style], run["parent_id"]
    name = "shot_tool" if style == "run_example" else None  # the parent's own name is not passed on
    assert facts["module"] == {"is_child_mode": True, "get_parent_id": parent_id, "get_child_id": child_id,
                               "get_example_name": name}
    assert facts["info"] == {"is_child": True, "parent_id": parent_id, "child_id": child_id,
                             "example_name": name, "socket_path": True}
    assert facts["ctx"] == {"is_child": True, "parent_id": parent_id, "child_id": child_id,
                            "example_name": name, "bridge": True}
    assert facts["title"] == ("shot_tool - Shot Tool" if name else "Shot Tool")


@pytest.mark.parametrize("style", ["run_example", "context", "direct"])
def test_the_page_talks_to_the_parent_through_the_child(run, style):
    """The page's call -> emit_to_parent("child:message") -> the parent's handler, whose
    parent:data -> on_parent_event -> the page. parent:other reaches no handler, and a handler
    removed with the function on() returned hears nothing."""
    child_id = run["ids"][style]
    assert ["child:message", {"type": "hello", "n": 1, "from": child_id}] in events(run, style)
    facts = reported(run, style)
    assert facts["page"] == {"sent": True, "response": {"for": child_id, "n": 2}}
    assert "unsubscribed_heard" not in facts


def test_run_example_calls_on_ready_with_the_context(run):
    assert reported(run, "run_example")["on_ready"] is True


@pytest.mark.parametrize("style", ["run_example", "context"])
def test_a_child_that_closes_its_view_leaves_and_exits_cleanly(run, records, style):
    assert [event for event, _ in events(run, style)] == ["child:ready", "child:message", "report", "child:closing",
                                                          "child:exited"]
    assert events(run, style)[-1] == ["child:exited", {"status": 0}]
    # Leaving is not the parent going away: the on_parent_closed hooks did not run.
    assert json.loads((records / f"{style}.json").read_text()) == {"left": True, "parent_closed_hooks": 0}


def test_run_example_closes_a_view_it_did_not_make_when_the_parent_goes(run, records):
    """The "direct" tool made its view with WebView() itself: when the parent ended, run_example
    closed it too, so show() returned and the tool left its context."""
    record = records / "direct.json"
    deadline = time.time() + HANG_GUARD_S
    while not record.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert json.loads(record.read_text()) == {"left": True, "parent_closed_hooks": 1}


@pytest.mark.parametrize("style", ["run_example", "context"])
def test_the_same_tool_alone_is_standalone(run_scenario, tmp_path, style):
    facts = run_scenario("child_mode_tool", style, tmp_path / "record.json")
    assert facts["module"] == {"is_child_mode": False, "get_parent_id": None, "get_child_id": None,
                               "get_example_name": None}
    assert facts["info"] == {"is_child": False, "parent_id": None, "child_id": None, "example_name": None,
                             "socket_path": False}
    assert facts["ctx"] == {"is_child": False, "parent_id": None, "child_id": None, "example_name": None,
                            "bridge": False}
    assert facts["title"] == "Shot Tool"
    assert facts["page"] == {"sent": False}  # no parent to send to
    if style == "run_example":
        assert facts["on_ready"] is True


def test_upstream_variables_without_a_channel_run_standalone_and_say_why(run_scenario, tmp_path):
    """Upstream's docs start an example with AURORAVIEW_PARENT_ID/AURORAVIEW_CHILD_ID set by hand:
    here that is no channel to a parent, so the tool runs standalone, and the log says why."""
    facts = run_scenario("child_mode_tool", "context", tmp_path / "record.json",
                         env={"AURORAVIEW_PARENT_ID": "gallery", "AURORAVIEW_CHILD_ID": "test"})
    assert facts["module"]["is_child_mode"] is False and facts["page"] == {"sent": False}
    assert facts["partial_env_warnings"] == 1
