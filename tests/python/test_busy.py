"""Full queues: an explicit BUSY (JS) or BusyError (Python), never a silent drop."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("busy")


def test_full_queues_are_explicit_and_nothing_is_lost(run):
    page = run["page"]
    calls = page["calls"]
    # Every call was answered: with its result, or at once with BUSY.
    assert calls["other"] == []
    assert calls["ok"] + calls["busy"] == 100
    assert calls["ok"] > 0 and calls["busy"] > 0
    # emit raised BusyError when the outbound queue was full...
    assert run["error"] == ["BusyError", "BUSY", True]
    # ...and every emit it accepted reached the page.
    assert page["sent"] > 0
    assert page["received"] == page["sent"]
    assert run["stats"]["rejected"]["BUSY"] == calls["busy"] + 1


def test_messages_above_the_size_limit_are_refused_explicitly(run):
    assert run["page"]["calls"]["large"] == "PAYLOAD_TOO_LARGE"
    assert run["large_emit"] == "PAYLOAD_TOO_LARGE"


def test_the_cores_log_lines_reach_the_auroraview_logger(run):
    refused = [r for r in run["log"] if "inbound queue full" in r[1]]
    assert refused and all(level == "WARNING" for level, _, _ in refused)
