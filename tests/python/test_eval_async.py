"""WebView.eval_js_async and PageResult in a real page (scenarios/eval_async.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("eval_async")


def test_the_value_of_the_last_expression_comes_back_as_json(run):
    assert run["sum"] == {"ok": 2}
    assert run["global"] == {"ok": 42}
    assert run["undefined"] == {"ok": None}
    assert run["object"] == {"ok": {"a": [1, "two", None], "b": {"c": True}}}


def test_a_promise_is_awaited_in_the_page(run):
    assert run["promise"] == {"ok": {"late": 1}}


def test_js_exceptions_arrive_with_their_name_and_message(run):
    assert run["throw"] == {"js": ["TypeError", "boom", True]}
    assert run["reference"]["js"][0] == "ReferenceError" and "no_such_name" in run["reference"]["js"][1]
    assert run["rejects"] == {"js": ["RangeError", "nope", True]}
    assert run["syntax"]["js"][0] == "SyntaxError"


def test_a_value_json_cannot_carry_is_an_error_not_a_silent_null(run):
    name, message, _ = run["cycle"]["js"]
    assert name == "TypeError" and "serialised to JSON" in message


def test_no_value_in_time_is_a_timeout_error_saying_why(run):
    name, message = run["timeout"]["error"]
    assert name == "TimeoutError" and "300 ms" in message


def test_bad_arguments_are_refused_with_a_sentence(run):
    assert "script must be a str, not int" in run["bad_script"]
    assert "timeout_ms must be above 0" in run["bad_timeout"]


def test_callback_runs_on_the_main_thread_and_a_thread_can_wait(run):
    assert run["callback"] == [["eval", None, True]]
    assert run["thread"] == [41, "from a thread"]


def test_result_inside_a_handler_of_the_same_view_raises_at_once_and_callbacks_work_there(run):
    assert "would wait for itself" in run["in_handler"]["result"]
    assert run["in_handler"]["callback"] == 42


def test_pending_scripts_fail_with_closed_error_when_the_view_closes(run):
    assert run["closed"]["error"][0] == "ClosedError"
    assert run["closed_callback"] == ["ClosedError"]


def test_an_async_handler_awaits_the_page_value(run):
    assert run["awaitable"] == 82
