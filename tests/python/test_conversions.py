"""DESIGN.md section 4 mappings (scenarios/conversions.py): params -> arguments, results -> JSON,
exceptions -> errors; per-view bindings with two views open at once; event details; off()."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("conversions")


def calls(run, view):
    report = run["reports"][view]
    assert "exception" not in report
    return report["calls"]


def test_params_map_to_arguments(run):
    ok = [c.get("ok", "error") for c in calls(run, "A") if c["method"] in ("api.kw", "api.args", "api.kwargs")]
    assert ok == [
        {"a": 1, "b": 2},  # object -> **kwargs, defaults apply
        {"a": 1, "b": 3},
        "error",  # unknown keyword
        "error",  # array of nothing: a missing
        [1, "x", None, {"k": [1]}],  # array -> *args
        [],  # absent -> no arguments
        [None],  # null -> one argument
        [5],  # anything else -> one argument
        ["s"],
        [True],
        {},  # empty object -> no keywords
    ]


def test_results_become_json(run):
    by_method = {c["method"]: c.get("ok") for c in calls(run, "A")}
    assert by_method["api.none_result"] is None
    assert by_method["api.a_set"] == [3]  # sets become lists
    assert by_method["api.nested"] == {"t": [1, [2, 3]], "s": ["x"], "u": "ünï©ødé ✓"}  # tuples too
    assert by_method["api.vec"] == {"v": [1, 2]}  # through the view's json_default


def errors(run, view):
    return [(c["method"], c["error"]) for c in calls(run, view) if "error" in c]


def test_wrong_signature_is_invalid_params(run):
    invalid = [e for m, e in errors(run, "A") if m == "api.kw"]
    assert [(e["name"], e["code"]) for e in invalid] == [("TypeError", "INVALID_PARAMS")] * 2
    assert "zzz" in invalid[0]["message"] and "'a'" in invalid[1]["message"]


def test_exceptions_are_handler_errors_named_after_their_class(run):
    errs = dict(errors(run, "A"))
    assert (errs["api.type_error_inside"]["name"], errs["api.type_error_inside"]["code"]) == ("TypeError", "HANDLER_ERROR")
    assert errs["api.type_error_inside"]["message"] == "inner"
    assert (errs["api.tool_error"]["name"], errs["api.tool_error"]["message"]) == ("ToolError", "bad scene")


def test_unserialisable_results_are_a_clear_error_never_str(run):
    a, b = dict(errors(run, "A")), dict(errors(run, "B"))
    assert (b["api.bad_result"]["name"], b["api.bad_result"]["code"]) == ("TypeError", "HANDLER_ERROR")
    assert b["api.bad_result"]["message"].startswith("the handler of 'api.bad_result' (<lambda>() at ")
    assert b["api.bad_result"]["message"].endswith(
        "returned a value JSON cannot carry: Object of type object is not JSON serializable; give "
        "WebView(json_default=fn) a function that converts such objects (json_default=str sends their text)")
    # json_default's own TypeError, named as the handler's result it was called for.
    assert a["api.bad_result"]["name"] == "TypeError"
    assert a["api.bad_result"]["message"].startswith("the handler of 'api.bad_result' (<lambda>() at ")
    assert a["api.bad_result"]["message"].endswith(") returned a value JSON cannot carry: cannot encode object")
    assert (a["api.nan"]["name"], a["api.nan"]["code"]) == ("ValueError", "HANDLER_ERROR")


def test_traceback_only_in_debug_mode(run):
    a, b = dict(errors(run, "A")), dict(errors(run, "B"))
    traceback = a["api.tool_error"]["data"]["traceback"]
    assert "in tool_error" in traceback and traceback.endswith("ToolError: bad scene\n")
    assert b["api.tool_error"]["data"] == "absent"


def test_bindings_belong_to_their_view(run):
    assert dict(errors(run, "A"))["api.only_b"]["code"] == "METHOD_NOT_FOUND"
    assert [c for c in calls(run, "B") if c["method"] == "api.only_b"] == [{"method": "api.only_b", "ok": "b's own"}]
    assert "multi_in_b" not in run["events"]


def test_event_handlers_get_one_argument(run):
    events = run["events"]
    assert events["no_detail"] == [{}]  # upstream AuroraView's shape for an event without detail
    assert events["null_detail"] == [None]
    assert events["scalar_detail"] == [5]


def test_a_raising_event_handler_does_not_stop_the_next(run):
    assert run["events"]["multi_second"] == ["m"]


def test_off_removes_a_handler(run):
    assert run["events"]["counted"] == [1]


def test_emit_serialises_sets_tuples_and_the_default_hook(run):
    assert run["reports"]["A"]["events"]["converted"] == {"s": [1], "t": [1, 2], "v": [3, 4]}


def test_emit_errors_are_raised_to_the_caller(run):
    assert run["emit_errors"] == {"b_object": "TypeError", "a_nan": "ValueError", "empty_name": "ValueError"}


def test_handler_errors_are_logged_with_their_traceback(run):
    log = run["log"]
    assert ["WARNING", "call 'api.tool_error' failed with HANDLER_ERROR: ToolError: bad scene", True] in log
    assert any(level == "WARNING" and has_tb and message.startswith(
        "call 'api.kw' failed with INVALID_PARAMS: TypeError: kw() missing 1 required positional argument: 'a'; "
        "the handler of 'api.kw' is ") for level, message, has_tb in log)
    assert ["ERROR", "handler for event 'multi' raised: first handler fails", True] in log
