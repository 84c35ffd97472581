"""docs/security.md class 2: data reaches only the page it was meant for, and only a trusted one."""
import pytest


@pytest.fixture(scope="module", params=["loaded", "still-loading"])
def run(request, run_scenario, tmp_path_factory):
    """loaded: the tool's page had finished loading when its link was followed; still-loading: it
    had not (Qt reports no loadStarted then; the view learns of the navigation all the same)."""
    return run_scenario("navigation", tmp_path_factory.mktemp("navigation"), request.param)


def test_a_page_of_another_origin_catches_nothing_the_tool_sends(run):
    trap = run["trap"]
    assert trap["trap_loaded"]["qtDefined"] is False, "window.qt stays pinned to undefined"
    assert trap["trap_caught"]["caught"] == []
    assert trap["trap_caught"]["evalRan"] == []
    assert run["sent"] > 50


def test_what_was_queued_for_a_page_that_went_is_dropped_counted(run):
    # Sent while the trap page showed (it never speaks): dropped when the tool's page came back.
    assert run["dropped"] > 0
    assert run["dropped"] >= run["dropped_before_back"]


def test_the_tool_page_gets_only_what_was_sent_after_it_spoke_again(run):
    assert run["tool_ready"][1].startswith("http://127.0.0.1:")
    assert run["tool_got"] == {"got": [], "after": {"n": -1}}
