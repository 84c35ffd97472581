"""Binary values both ways (issue 19, deliverable 1): scenarios/binary.py, a real page that sends
ArrayBuffers, typed arrays and DataViews in calls, events and state, and gets Python's bytes,
bytearrays and memoryviews back as Uint8Arrays in results, emits, state and a channel."""
import pytest

SIZES = ["0", "1", "65536", "1048576"]


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("binary")
    assert "exception" not in out["page"], out["page"]
    return out


@pytest.mark.parametrize("n", SIZES)
def test_page_binary_reaches_python_as_bytes_in_a_call(run, n):
    saw = run["page"]["calls"][n]["python_saw"]
    assert saw == {key: ["bytes", True] for key in ("u8", "buffer", "view", "i16")}


@pytest.mark.parametrize("n", SIZES)
def test_python_binary_reaches_the_page_as_uint8array_in_a_result(run, n):
    got = run["page"]["calls"][n]
    assert [got["u8"], got["buffer"], got["view"], got["i16"]] == [True] * 4
    assert got["own"] == [True, True, True]  # bytes, bytearray, memoryview


@pytest.mark.parametrize("n", SIZES)
def test_events_and_emits_carry_bytes(run, n):
    assert run["events"][n] == [["bytes", True], ["bytes", True], ["bytes", True]]
    assert run["page"]["emits"][n] == [True, True, True, True]


def test_only_the_exact_tagged_form_is_bytes(run):
    assert run["page"]["look_alike"] == {"__auroraview_bytes__": 5}
    assert run["page"]["text_with_tag"] == ["__auroraview_bytes__"]


def test_state_and_channels_carry_bytes(run):
    assert run["page"]["state_python_saw"] == ["bytes", True]
    assert run["page"]["state_from_python"] is True
    assert run["page"]["channel"] is True


def test_a_tag_that_is_not_base64_is_answered_with_the_reason(run):
    assert run["page"]["not_base64"] == {"code": "INVALID_PARAMS", "name": "ValueError",
                                          "message": "JSON: __auroraview_bytes__ holds a character that is not base64 at 1"}
