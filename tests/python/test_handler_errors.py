"""Errors that say what to do, exact text (scenarios/handler_errors.py), on the shim under test."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("handler_errors")


def at(run, fn):
    path, line = run["lines"][fn]
    return f"{path}:{line}"


def test_params_that_do_not_fit_name_the_handler_signature_and_place(run):
    assert run["calls"]['api.greet{"nam":"Maya"}'] == [
        "INVALID_PARAMS",
        f"greet() got an unexpected keyword argument 'nam'; the handler of 'api.greet' is greet(name) at "
        f"{at(run, 'greet')}"]
    assert run["calls"]["api.greet[1,2]"] == [
        "INVALID_PARAMS",
        f"greet() takes 1 positional argument but 2 were given; the handler of 'api.greet' is greet(name) at "
        f"{at(run, 'greet')}"]


def test_a_result_json_cannot_carry_names_handler_path_and_json_default(run):
    assert run["calls"]["api.when{}"] == [
        "HANDLER_ERROR",
        f"the handler of 'api.when' (when() at {at(run, 'when')}) returned a value JSON cannot carry: Object of "
        "type date at ['items'][0]['when'] is not JSON serializable; give WebView(json_default=fn) a function "
        "that converts such objects (json_default=str sends their text)"]


def test_an_async_handler_result_is_explained_the_same_way(run):
    assert run["calls"]["api.later{}"] == [
        "HANDLER_ERROR",
        f"the handler of 'api.later' (later() at {at(run, 'later')}) returned a value JSON cannot carry: Object "
        "of type date at ['at'] is not JSON serializable; give WebView(json_default=fn) a function that converts "
        "such objects (json_default=str sends their text)"]


def test_misuse_after_close_names_the_public_method(run):
    assert run["after_close"] == {
        "bind_call": "bind_call(): the view is closed",
        "on": "on(): the view is closed",
        "load_url": "load_url(): the view is closed",
        "emit": "emit(): the view is closed",
    }
