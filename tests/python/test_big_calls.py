"""Page -> Python in pieces (issue 19, deliverable 2): scenarios/big_calls.py. The host's worst
tick gap and the echo's time are printed (run with -s), not asserted."""
import pytest

MIB = 1 << 20


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("big_calls")
    print("worst host tick gap (ms):", out["worst_gap_ms"], "echo (ms):", out["page"]["echo"][2])
    return out


def test_a_100_mib_text_goes_up_in_pieces_and_comes_back_whole(run):
    assert run["page"]["echo"][:2] == [100 * MIB + 2, True]


def test_20_mib_of_bytes_go_up_in_a_call_and_an_event_and_come_back(run):
    assert run["page"]["back"] == [20 * MIB, True]
    assert run["event_bytes"] == ["bytes", 20 * MIB, "01080f", (20 * MIB - 1) * 7 + 1 & 255]


def test_small_calls_around_messages_in_pieces_keep_their_order(run):
    page = run["page"]
    assert page["order"] == ["echo", "small", "bytes", "small 2"]
    assert (page["small"], page["later"]) == ({"v": 1}, {"v": 2})


def test_a_call_above_the_limit_is_refused_in_the_page_at_once(run):
    assert run["page"]["over"] == ["PAYLOAD_TOO_LARGE", True]


def test_a_hostile_pages_pieces_are_refused_out_loud_and_the_host_goes_on(run):
    hostile = run["hostile"]
    assert hostile["still"] == {"v": "b"}
    answers = hostile["answers"]
    assert answers["bad"] == {"code": "BAD_MESSAGE", "message": "a piece's \"detail\" must be a string"}
    assert answers["notjson"]["code"] == "BAD_MESSAGE"
    assert answers["inner"] == {"code": "BAD_MESSAGE", "message": "a piece inside a message sent in pieces"}
    assert answers["huge"]["code"] == "PAYLOAD_TOO_LARGE"
    assert answers["huge"]["message"].endswith("in pieces above the byte limit together")  # with "never"
    assert "never" not in answers
    moved = run["hostile_stats"]
    assert moved["BAD_MESSAGE"] == 3 + 6 and moved["PAYLOAD_TOO_LARGE"] == 2
    # The message the page never finished is dropped and counted when its view closes.
    assert run["closed_stats"].get("CANCELLED") == 1


def test_leaves_that_lie_are_refused_by_their_id_and_nothing_else_is_lost(run):
    answers = run["hostile"]["answers"]
    refused = {k: (v["code"], v["message"]) for k, v in answers.items() if k.startswith("l_") and k != "l_ok"}
    assert refused == {
        "l_orphan": ("BAD_MESSAGE", "a leaf's part before any leaf"),
        "l_header": ("BAD_MESSAGE", "a leaf's header must be \"text <length>\" or \"bytes <size>\""),
        "l_over": ("BAD_MESSAGE", "a bytes leaf holds more than its size"),
        "l_b64": ("BAD_MESSAGE", "a bytes leaf's part is not base64"),
        "l_short": ("BAD_MESSAGE", "a bytes leaf ended short of its size"),
        "l_big": ("PAYLOAD_TOO_LARGE", "a leaf above the byte limit"),
        "l_many": ("BAD_MESSAGE", "more than 256 leaves in one message"),
        "l_ref": ("INVALID_PARAMS", refused["l_ref"][1]),
    }
    assert "names leaf 4; the message has 1" in refused["l_ref"][1]


def test_a_hand_made_message_with_leaves_reaches_python_as_str_and_bytes(run):
    # A leaf reference must be {"__auroraview_leaf__": <int>}: with a string index it stays a dict.
    assert run["hostile"]["answers"]["l_ok"] == {"ok": ["str:h\u00e9llo", "bytes:01020304",
                                                      "dict:{'__auroraview_leaf__': '0'}"]}
