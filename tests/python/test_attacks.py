"""Attacks around the message path from a real trusted page writing straight into the transport
(scenarios/attacks.py, a PyQt host on the shim under test): each gets a clear refusal or correct
handling, every refusal is counted, and the host keeps working. The host's worst main-thread gap
per row is printed (AVGAP lines), not asserted."""
import pytest

BAD = "BAD_MESSAGE"


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("attacks")
    assert "exception" not in out["page"], out["page"]
    print("worst main-thread gap (ms):", out["worst_gap_ms"])
    return out


def row(run, name):
    return run["page"]["rows"][name]


def refused(r):
    """The codes a row was refused with, and how many times."""
    return {k: n for k, n in r["moved"].items() if k.isupper()}


def test_floods_in_one_post_are_handled_in_order(run):
    events = row(run, "100k tiny events in one post")
    assert events["tiny"] == {"count": 100_000, "in_order": True}
    assert refused(events) == {}
    calls = row(run, "100k tiny calls in one post")
    assert calls["answers"] == 100_000 and refused(calls) == {}


def test_malformed_floods_are_counted_each_and_logged_in_a_few_lines(run):
    flood = row(run, "100k malformed envelopes in one post")
    assert refused(flood) == {BAD: 100_000}
    lines = [m for level, m in run["log"] if level == "WARNING" and 'missing "type"' in m]
    assert len(lines) == 8
    summary = [m for level, m in run["log"] if level == "WARNING" and "more envelopes of this message" in m]
    assert summary == ["view 1: BAD_MESSAGE: 99992 more envelopes of this message refused "
                       "(the first 8 were logged one by one)"]
    assert run["warnings"] < 100  # it was 100,014


def test_duplicate_keys(run):
    # An id given twice is no id: refused, counted, not answered (either answer would be a guess).
    dup_id = row(run, "duplicate id")
    assert refused(dup_id) == {BAD: 1} and dup_id["answers"] == 0
    assert row(run, "duplicate params")["raw"] == {"6100003": [{"code": BAD, "message": 'duplicate key "params"'}]}
    # Inside params JSON allows it: the last one wins, in Python as in JavaScript.
    assert row(run, "duplicate key inside params")["raw"] == {"6100004": [{"ok": {"a": 2}}]}


def test_ids(run):
    for name in ("huge ids", "ids of other types"):  # 1e400, 2^66, -0, 1.0; object, array, true, null
        assert refused(row(run, name)) == {BAD: 4}
        assert row(run, name)["answers"] == 0
    assert row(run, "id 0 and the empty string")["raw"] == {"0": [{"ok": ["zero"]}], "s:": [{"ok": ["empty"]}]}
    # Two spellings of one string id are two calls to the core (ids are compared as sent); both
    # are answered, under the id the page spelled, which JSON reads back as the same string.
    assert row(run, "one id in two spellings")["raw"] == {"s:a": [{"ok": [1]}, {"ok": [2]}]}


def test_names(run):
    assert row(run, "NUL in a method name")["raw"] == {
        "6100005": [{"code": BAD, "message": "name must not contain NUL (\\u0000)"}]}
    nul_event = row(run, "NUL in an event name")
    assert refused(nul_event) == {BAD: 1} and nul_event["events"] == []
    assert row(run, "names of 256 and 257 bytes")["raw"] == {
        "6100006": [{"ok": "256 bytes"}],
        "6100007": [{"code": BAD, "message": "name must be 1..256 bytes of valid UTF-8"}]}
    assert row(run, "an escaped slash in a name")["raw"] == {"6100008": [{"ok": "slash"}]}


def test_a_cancel_for_nothing_changes_nothing(run):
    # Normal when an answer crosses the page's cancel: logged at debug level only. A cancel aimed
    # at another view's call: tests/c/test_core.c, test_cancel_reaches_no_other_view.
    assert refused(row(run, "cancel for an id nothing holds")) == {}


def test_byte_order_marks_and_raw_lone_surrogates(run):
    bom = row(run, "byte order mark before the text")
    assert refused(bom) == {BAD: 1} and bom["events"] == []
    assert row(run, "byte order mark inside a string")["raw"] == {"6100009": [{"ok": ["\ufeffx"]}]}
    # Not escapes: the characters themselves. Qt's UTF-8 conversion made them '?' unseen.
    assert row(run, "raw lone surrogates")["raw"] == {"6100010": [{"code": BAD, "message": "lone UTF-16 surrogate"}]}


def test_numbers(run):
    digits = row(run, "an integer of 10k digits")
    assert digits["raw"]["6100011"][0]["code"] == "INVALID_PARAMS"
    assert digits["raw"]["6100011"][0]["message"].startswith("Exceeds the limit (4300 digits) for integer string")
    assert digits["events"] == []  # the event's handler could not be given it: logged
    assert any(level == "ERROR" and "handler for event 'big' raised" in m for level, m in run["log"])
    # 1e400 is JSON; Python (as JavaScript) reads it as infinity, which JSON cannot carry back.
    assert row(run, "1e400")["raw"] == {"6100012": [{"code": "HANDLER_ERROR",
                                                     "message": "Out of range float values are not JSON compliant: inf"}]}


def test_many_keys_and_the_host_keeps_working(run):
    assert row(run, "100k unknown keys")["events"] == [["tiny", -3]]
    assert run["page"]["normal"] == {"still": "ok"}
