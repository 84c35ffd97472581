"""view.state and the page's auroraview.state, upstream AuroraView's shared state
(scenarios/shared_state.py, a real page), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("shared_state")


def test_a_new_page_gets_the_whole_state_when_its_bridge_is_ready(run):
    first = run["checks"]["first_page"]
    assert first["state"] == {"theme": "dark", "doomed": 1, "n": 0}
    assert first["theme"] == "dark" and first["keys"] == ["theme", "doomed", "n"]
    assert first["seen"] == [["theme", "dark", "python"], ["doomed", 1, "python"], ["n", 0, "python"]]
    assert first["syncs"] == ["full"]


def test_python_changes_of_one_turn_reach_the_page_as_one_message_before_a_later_emit(run):
    turn = run["checks"]["python_turn"]
    assert turn["syncs"] == ["batch"]
    assert turn["seen"] == [["a", 1, "python"], ["b", 2, "python"], ["n", "<undefined>", "python"]]
    assert turn["state"] == {"theme": "dark", "doomed": 1, "a": 1, "b": 2}


def test_page_changes_of_one_task_reach_python_as_one_message_before_a_later_call(run):
    page = run["page_turn"]
    assert page["updates"] == 1
    assert page["python_seen"] == [["fromPage", {"n": 1}, "javascript"], ["count", 2, "javascript"],
                                   ["doomed", None, "javascript"]]
    expected = {"theme": "dark", "a": 1, "b": 2, "fromPage": {"n": 1}, "count": 2}
    assert page["seen_by_call"] == expected and page["python_state"] == expected
    assert page["seen"] == [["fromPage", {"n": 1}, "javascript"], ["count", 1, "javascript"],
                            ["count", 2, "javascript"], ["doomed", "<undefined>", "javascript"]]


def test_clear_and_a_batch_update_reach_the_page_as_one_whole_state(run):
    check = run["checks"]["clear_and_batch"]
    assert run["batch_pending"] == {"x": 1, "y": 2, "z": 3}
    assert check["syncs"] == ["full"] and check["state"] == {"x": 1, "y": 2, "z": 3}
    assert [key for key, value, _ in check["seen"] if value == "<undefined>"] == ["theme", "a", "b", "fromPage", "count"]


def test_a_change_from_another_thread_reaches_the_page(run):
    check = run["checks"]["thread"]
    assert check["seen"] == [["t", "from a thread", "python"]] and check["syncs"] == ["batch"]


def test_a_reloaded_page_gets_the_whole_state_again(run):
    check = run["checks"]["reloaded"]
    assert check["state"] == {"x": 1, "y": 2, "z": 3, "t": "from a thread"} and check["syncs"] == ["full"]
    assert [key for key, _, source in check["seen"] if source == "python"] == ["x", "y", "z", "t"]


def test_the_python_side_is_dict_like(run):
    assert run["python_side"] == {"len": 3, "in": True, "get": "default", "keys": ["theme", "doomed", "n"],
                                  "repr": "State({'theme': 'dark', 'doomed': 1, 'n': 0})", "is_view_state": True}


def test_what_cannot_be_shared_is_refused_where_it_is_set(run):
    assert run["bad_value"].startswith("state['bad']: Object of type object is not JSON serializable")
    assert run["bad_key"] == "state keys are str (the page's object keys), not int: 1"
    assert run["page_turn"]["refused"] == "TypeError: auroraview.state.keys is a method, not a key"


def test_a_state_made_with_the_view_becomes_its_state(run):
    assert run["adopted"] is True
