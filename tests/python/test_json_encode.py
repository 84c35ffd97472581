"""The C encoder behind emit() and call results writes what json.dumps writes (scenarios/json_encode.py):
byte for byte on 2041 values (fixed edge cases and seeded random trees), and refuses what json
refuses with the same exception type."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("json_encode")


def test_same_text_as_json_dumps(run):
    assert run["compared"] > 2000
    assert run["differed"] == []


def test_refuses_what_json_refuses(run):
    for name, (ours, theirs) in run["refused"].items():
        assert ours is not None and ours == theirs, name


def test_cycles_and_depth_are_a_value_error_not_a_crash(run):
    assert run["circular"].startswith("ValueError: Circular reference detected")
    assert run["deep"] == run["circular"]


def test_default_is_called_for_other_objects(run):
    ours, theirs = run["default"]
    assert ours == theirs == '[{"re":0.0,"im":1.0},2]'
    # A TypeError for a value inside containers says where the value is.
    assert run["default_error"] == "TypeError: cannot encode object (at [0])"


def test_a_default_that_empties_the_list_being_encoded(run):
    # The list shrank under the encoder: it stops at the new end instead of reading freed items.
    assert run["mutating"] == ["[null]", 1]


def test_binary_values_take_the_tagged_form_both_ways(run):
    tag = '{"__auroraview_bytes__":"%s"}'
    assert run["binary"] == [tag % "", tag % "AP9hYg==", tag % "YQ==", tag % "YWI="]
    assert run["binary_back"] == ["b'\\x00\\xffab'", "b'\\x00\\xffab'", "[b'']",
                                  "{'__auroraview_bytes__': 'YQ==', 'other': 1}", "{'__auroraview_bytes__': 1}"]
    assert run["binary_bad"].startswith("ValueError: JSON: __auroraview_bytes__ holds a character that is not base64")
