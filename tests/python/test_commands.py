"""Upstream AuroraView's commands (view.command, CommandRegistry, CommandError) and the page's
invoke, getBoundMethods and isMethodBound (scenarios/commands.py, a real page), both shims."""
import pytest

NAMES = ["greet", "add_numbers", "slow_double", "export", "direct", "error_demo", "explode", "async_explode", "not_json"]


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("commands")


@pytest.fixture(scope="module")
def page(run):
    return run["page"]


def test_invoke_resolves_with_the_result_in_every_registration_form(page):
    assert page["greet"] == {"ok": "Hello, Alice!"} and page["default_arg"] == {"ok": "Hello, World!"}
    assert page["positional"] == {"ok": 5} and page["keyword"] == {"ok": 3}
    assert page["async_command"] == {"ok": 42}
    assert page["named"] == {"ok": {"written": "/tmp/x"}}
    assert page["invoke_command"] == {"ok": "registered with commands.register(fn)"}


def test_a_command_error_rejects_with_its_code_message_and_details(page):
    assert page["denied"] == {"code": "PERMISSION_DENIED", "name": "CommandError", "message": "This is a demo error",
                              "details": {"demo": True}}
    assert page["async_raises"] == {"code": "TIMEOUT", "name": "CommandError", "message": "took too long", "details": {}}


def test_an_unknown_or_removed_command_is_command_not_found_with_the_available_ones(page):
    assert page["missing"] == {"code": "COMMAND_NOT_FOUND", "name": "CommandError", "message": "Command not found: nope",
                               "details": {"command": "nope", "available": NAMES}}
    assert page["removed"]["code"] == "COMMAND_NOT_FOUND"
    assert page["empty_name"]["code"] == "MISSING_COMMAND"


def test_arguments_that_do_not_fit_are_invalid_arguments_before_the_command_runs(page):
    assert page["bad_args"] == {
        "code": "INVALID_ARGUMENTS", "name": "CommandError",
        "message": "Invalid arguments for 'greet': got an unexpected keyword argument 'nme'",
        "details": {"command": "greet", "expected": ["name"], "received": ["nme"]}}
    assert page["bad_args_type"]["message"] == "Invalid arguments for 'greet': args must be an object or an array, not int"


def test_any_other_failure_is_execution_error_naming_the_exception(page):
    assert page["raises"] == {"code": "EXECUTION_ERROR", "name": "CommandError", "message": "Command execution failed: boom",
                              "details": {"command": "explode", "exception": "ValueError"}}
    assert page["not_json"]["code"] == "EXECUTION_ERROR"
    assert "the result of command 'not_json' cannot be sent as JSON" in page["not_json"]["message"]


def test_each_registration_is_announced_to_the_page_as_upstream(page):
    assert page["registered"] == [["greet", ["name"]], ["add_numbers", ["x", "y"]], ["slow_double", ["n"]],
                                  ["export", ["path"]], ["direct", []], ["error_demo", []], ["explode", []],
                                  ["async_explode", []], ["not_json", []], ["temporary", []]]


def test_the_registry_from_python(run):
    assert run["unregister"] == [True, False]
    registry = run["registry"]
    assert registry["list"] == NAMES and registry["len"] == len(NAMES)
    assert registry["has"] is True and registry["in"] is True and registry["same_object"] is True
    assert registry["repr"] == f"CommandRegistry({NAMES})"
    assert registry["python_invoke"] == 42 and run["python_invoke_unknown"] == "'Unknown command: nope'"
    assert run["alone"] == {"list": []}


def test_command_error_serialises_as_upstream(run):
    assert run["error"] == {"to_dict": {"code": "INVALID_ARGUMENTS", "message": "m", "details": {"k": 1}},
                            "repr": "CommandError(INVALID_ARGUMENTS: m)", "code": "INVALID_ARGUMENTS",
                            "bare": {"code": "UNKNOWN", "message": "n"}}


def test_the_page_knows_the_bound_methods_and_hears_of_a_later_bind_before_the_next_emit(run, page):
    assert page["ready"] is True
    assert page["bound"] == ["api.first"] and page["is_bound"] == [True, False]
    assert run["after_bind"] == {"bound": ["api.first", "api.second"], "second": True}


def test_a_registry_made_with_the_view_becomes_its_registry(run):
    assert run["adopted"] is True
