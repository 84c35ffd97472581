"""One bad envelope does not poison its batch, and the nesting limit (AV_PAYLOAD_DEPTH_MAX, 512)
is one number for the bridge, the core and Python's json: scenarios/batch_poison.py, a real page
on the shim under test (the red-team issue, class 4)."""
import pytest

BAD = "BAD_MESSAGE"


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("batch_poison")
    assert "exception" not in out["page"], out["page"]
    return out


def test_the_bridge_refuses_the_deep_call_at_once_and_sends_the_rest(run):
    bridge = run["page"]["bridge"]
    assert bridge["a"] == {"ok": {"n": "a"}}
    assert bridge["c"] == {"ok": {"n": "c"}}
    assert bridge["b"]["code"] == BAD
    assert bridge["b"]["message"] == ('call "api.echo": params too deep: nested more than 512 levels '
                                      "(the protocol's limit)")
    assert bridge["b_at_once"] == BAD  # rejected before the page's next task: nothing was sent
    checkpoint = bridge["checkpoint"]
    assert checkpoint["events"] == ["bridge"]
    assert BAD not in checkpoint["moved"]


def test_the_core_reads_past_a_deep_envelope_and_answers_it(run):
    raw = run["page"]["raw"]
    assert raw["2000001"] == {"ok": {"n": "a"}}
    assert raw["2000003"] == {"ok": {"n": "c"}}
    assert raw["2000002"] == {"code": BAD, "message": "a value nested more than 512 levels deep"}
    checkpoint = raw["checkpoint"]
    assert checkpoint["events"] == ["raw"]
    assert checkpoint["moved"][BAD] == 1


def test_the_limit_passes_everywhere_and_one_more_fails_everywhere(run):
    limit = run["page"]["limit"]
    # Through the bridge: 512 reaches Python's json (800 frames deep) and the handler.
    assert limit["bridge_512"] == {"ok": 512}
    assert limit["bridge_513"]["code"] == BAD
    assert "nested more than 512 levels" in limit["bridge_513"]["message"]
    assert limit["event_513"] == ('RangeError: send_event "ev": detail too deep: nested more than 512 '
                                  "levels (the protocol's limit)")
    assert BAD not in limit["bridge_checkpoint"]["moved"]
    assert limit["bridge_checkpoint"]["events"] == []
    # Straight into the transport: the core holds the same line.
    assert limit["2000004"] == {"ok": 512}
    assert limit["2000005"] == {"code": BAD, "message": "a value nested more than 512 levels deep"}
    assert limit["2000006"] == {"code": BAD, "message": "a value nested more than 512 levels deep"}  # 100k deep, in a batch
    assert limit["2000007"] == {"ok": [7]}
    # The 513-deep event is refused and counted; the event after it in the batch arrives.
    assert limit["raw_checkpoint"]["events"] == ["after the deep event"]
    assert limit["raw_checkpoint"]["moved"][BAD] == 3


def test_no_recursion_error_and_every_refusal_logged(run):
    assert run["recursion_limit"] == 1000  # the default: the decode got room of its own
    assert not [m for _, m in run["log"] if "Recursion" in m]
    deep = [m for level, m in run["log"] if level == "WARNING" and "nested more than 512 levels deep" in m]
    assert len(deep) == 4, run["log"]  # 2000002, 2000005, the deep event, 2000006


def test_a_normal_call_works_afterwards(run):
    assert run["page"]["normal"] == {"ok": {"still": "ok"}}
