"""One page's events and calls reach Python in exactly the order the page sent them, in one post
and in many (scenarios/order.py, a real page on the shim under test; the C side of the same
promise is test_one_pages_messages_keep_their_order in tests/c/test_core.c)."""
import pytest

ROUNDS = {"one post": 3000, "split posts": 300, "many tasks": 3000, "raw posts": 1000}


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("order")
    assert "exception" not in out["page"], out["page"]
    return out["page"]


@pytest.mark.parametrize("name", list(ROUNDS))
def test_python_sees_the_pages_order(run, name):
    assert run[name]["seen"] == list(range(ROUNDS[name]))


def test_refused_envelopes_among_them_are_counted(run):
    assert run["raw posts"]["bad"] == 10
    assert all(run[name]["bad"] == 0 for name in ("one post", "split posts", "many tasks"))
