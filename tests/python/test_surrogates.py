"""Lone UTF-16 surrogates are refused as docs/security.md says, in a real page on the shim under
test (scenarios/surrogates.py; the red-team issue, class 12): a call is answered BAD_MESSAGE at
once, an event counted and logged, the rest of a batch handled, and no handler is ever given a
string it cannot encode."""
import pytest

BAD = "BAD_MESSAGE"
LONE = "lone UTF-16 surrogate escape"


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("surrogates")
    assert "exception" not in out["page"], out["page"]
    return out


# row -> (events handled, BAD_MESSAGE counted)
ROWS = {
    "event detail a\\ud800b": ([], 1),
    "call params \\udc00": ([], 1),
    "in a batch of good ones": (["before", "after"], 2),
    "in a key": ([], 1),
    "reversed pair": ([], 1),
    "high then high and low": ([], 1),
    "escaped pair": ([], 0),
}


@pytest.mark.parametrize("name", list(ROWS))
def test_each_row_is_refused_alone_and_counted(run, name):
    events, bad = ROWS[name]
    row = run["page"]["rows"][name]
    assert row["events"] == events
    assert row["moved"].get(BAD, 0) == bad


def test_calls_are_answered_at_once_with_the_reason(run):
    raw = run["page"]["raw"]
    for call_id in ("3000001", "3000002", "3000004"):
        assert raw[call_id] == {"code": BAD, "message": LONE}
    assert raw["3000003"] == {"ok": ["fine"]}
    assert raw["3000005"] == {"ok": ["\U0001F600"]}  # an escaped pair is one character


def test_no_handler_got_a_string_it_cannot_encode(run):
    assert run["unencodable"] == []


def test_every_refusal_is_logged(run):
    lines = [m for level, m in run["log"] if level == "WARNING" and LONE in m]
    assert len(lines) == sum(bad for _, bad in ROWS.values())


def test_the_bridge_refuses_lone_surrogates_before_sending(run):
    bridge = run["page"]["bridge"]
    assert bridge["call"] == {"code": BAD, "message": 'call "api.echo": params has a lone UTF-16 surrogate '
                                                      "(\\ud800), which has no UTF-8 form"}
    assert bridge["event"] == ('TypeError: send_event "ev": detail has a lone UTF-16 surrogate (\\udc00), '
                               "which has no UTF-8 form")
    assert bridge["pair"] == {"ok": ["\U0001F600"]}
    assert bridge["backslash_text"] == {"ok": ["\\ud800"]}  # six characters of text, not an escape
    assert bridge["checkpoint"]["moved"] == {} and bridge["checkpoint"]["events"] == []
    assert run["page"]["normal"] == {"ok": {"still": "ok"}}
