"""Big call results take the blob road (issue 19, deliverable 2, Python -> page):
scenarios/big_result.py. The host's worst tick gap is printed (run with -s), not asserted."""
import pytest

MIB = 1 << 20


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("big_result")
    print("worst host tick gap (ms):", out["worst_gap_ms"])
    return out


def test_big_results_settle_their_calls_with_the_whole_value(run):
    page = run["page"]
    assert page["text"][:2] == [100 * MIB, True]
    assert page["bytes"] == [20 * MIB, True, 20 * MIB]
    assert page["aio"] == [2 * MIB, True]


def test_answers_and_emits_around_a_big_result_keep_their_order(run):
    page = run["page"]
    assert page["order"] == ["tick before text", "text", "small", "bytes", "small 2"]
    assert (page["small"], page["later"], page["after"]) == ({"v": 1}, {"v": 2}, {"v": 3})


def test_a_result_above_the_limit_is_answered_payload_too_large_with_the_sizes(run):
    skeleton = len('{"__auroraview_leaf__":0}')  # the text is a leaf, counted as its bytes
    assert run["page"]["over"] == [
        "PAYLOAD_TOO_LARGE",
        f"the result ({130 * MIB + skeleton} bytes; the limit is {128 * MIB}, set by "
        "auroraview.configure(max_message_bytes=...))"]
