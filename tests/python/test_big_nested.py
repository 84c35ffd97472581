"""A big upload (leaves) arriving while a handler of the same view runs a modal dialog:
scenarios/big_nested.py. The view stays a serial queue and the values arrive whole."""
import pytest

MIB = 1 << 20


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("big_nested")


def test_the_upload_is_taken_in_while_the_dialog_is_up(run):
    assert run["closed_by"] == "arrival"


def test_the_big_call_and_the_next_run_after_the_modal_in_order(run):
    assert run["order"] == ["modal", "sizes", "echo"]
    assert run["page"][0] == "closed" and run["page"][2] == 7


def test_the_values_arrive_whole(run):
    last = (20 * MIB - 1) * 3 & 255
    assert run["page"][1] == {"blob": ["bytes", 20 * MIB, True, last], "text": ["str", 6 * MIB + 1, "y\u00e9"], "n": 1}
