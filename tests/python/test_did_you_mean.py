"""A misspelled method or event name says what was meant (scenarios/did_you_mean.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("did_you_mean")


def test_method_not_found_names_the_nearest_bound_method(run):
    assert run["calls"]["api.getItem"] == [
        "METHOD_NOT_FOUND", "no method named 'api.getItem' (did you mean 'api.get_item'?)"]


def test_method_not_found_without_a_near_name_says_only_what_is_missing(run):
    assert run["calls"]["api.nothing_like_it"] == ["METHOD_NOT_FOUND", "no method named 'api.nothing_like_it'"]


def test_the_first_unhandled_event_of_a_name_is_a_warning_with_the_nearest_and_repeats_are_debug(run):
    v = run["view"]
    assert run["log"] == [
        ["WARNING", f"view {v}: the page sent event 'export_scen', which has no handler (did you mean "
                    "'export_scene'?); repeats are logged at debug level"],
        ["DEBUG", f"view {v}: event 'export_scen' has no handler"],
        ["WARNING", f"view {v}: the page sent event 'telemetry', which has no handler; repeats are logged at "
                    "debug level"],
    ]
