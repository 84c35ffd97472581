"""The bad-input table from a real page (scenarios/bad_input.py; the same rows at the engine's door,
with the ones only code below a page can send, are tests/c/test_bad_input.c). Each malformed
message is refused and counted once under its code, logged, and a call among them is answered
with an error the page receives; handlers run only for the well-formed parts; a 1M-event flood is
handled or counted BUSY to the last event; a normal call works afterwards."""
import re

import pytest

BAD, LARGE, NOT_FOUND = "BAD_MESSAGE", "PAYLOAD_TOO_LARGE", "METHOD_NOT_FOUND"

# row -> (code, times counted, answered to the page, events handled from well-formed parts)
EXPECTED = {
    "empty message": (BAD, 1, False, 0),
    "whitespace only": (BAD, 1, False, 0),
    "plain text": (BAD, 1, False, 0),
    "truncated object": (BAD, 1, False, 0),
    "single quotes": (BAD, 1, False, 0),
    "trailing comma": (BAD, 1, False, 0),
    "leading zero id": (BAD, 1, False, 0),
    "NaN": (BAD, 1, False, 0),
    "raw control character": (BAD, 1, False, 0),
    "NUL character": (BAD, 1, False, 0),
    "bad escape": (BAD, 1, False, 0),
    "trailing garbage": (BAD, 1, False, 1),
    "two objects back to back": (BAD, 1, False, 1),
    "100k-deep nesting": (BAD, 1, False, 0),
    "100k-deep params": (BAD, 1, False, 0),
    "top-level string": (BAD, 1, False, 0),
    "top-level number": (BAD, 1, False, 0),
    "top-level null": (BAD, 1, False, 0),
    "batch of non-objects": (BAD, 3, False, 0),
    "missing type": (BAD, 1, True, 0),
    "unknown type": (BAD, 1, True, 0),
    "unknown type, no id": (BAD, 1, False, 0),
    "type is a number": (BAD, 1, True, 0),
    "type in wrong case": (BAD, 1, True, 0),
    "call without id": (BAD, 1, False, 0),
    "call without method": (BAD, 1, True, 0),
    "method is a number": (BAD, 1, True, 0),
    "method is empty": (BAD, 1, True, 0),
    "method of 257 bytes": (BAD, 1, True, 0),
    "method with a lone surrogate escape": (BAD, 1, True, 0),
    # A lone surrogate in a JS string (the character, not an escape) reached native as '?' (Qt's
    # UTF-16 -> UTF-8), a method nobody bound; the shim now passes it on as a surrogate the core
    # refuses, and the call is answered.
    "method with a lone surrogate": (BAD, 1, True, 0),
    "duplicate key": (BAD, 1, True, 0),
    "negative id": (BAD, 1, False, 0),
    "fractional id": (BAD, 1, False, 0),
    "object id": (BAD, 1, False, 0),
    "id above 2^53": (BAD, 1, False, 0),
    "string id of 129 bytes": (BAD, 1, False, 0),
    "event without name": (BAD, 1, False, 0),
    "event name is an array": (BAD, 1, False, 0),
    "ready url is a number": (BAD, 1, False, 0),
    "cancel without id": (BAD, 1, False, 0),
    "one bad envelope among good ones": (BAD, 1, True, 2),
    "64 MiB event": (LARGE, 1, False, 0),
    "64 MiB call": (LARGE, 1, False, 0),
    "unknown method": (NOT_FOUND, 1, True, 0),
}
# The ids the rows' calls carry, in row order: each answered, with an error, to the page.
ANSWERED_IDS = [1000002, 1000003, 1000004, 1000005, 1000006, 1000007, 1000008, 1000017, 1000009,
                1000019, 1000010, 1000011, 1000012]


# Longer than the message limit (configured to 16 MiB): the transport throws in the page, on both shims, before
# Qt parses them on the host's main thread, and reports each to the core, which counts it.
REFUSED_IN_THE_PAGE = {"64 MiB event": 67108905, "64 MiB call": 67108926}


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("bad_input")
    assert "exception" not in out["page"], out["page"]
    return out


def rows(run):
    return {row["name"]: row for row in run["rows"] if row["name"] not in ("start", "flood")}


def test_the_table_has_every_row_at_least_30(run):
    assert len(EXPECTED) >= 30
    assert list(rows(run)) == list(EXPECTED)
    assert run["page"]["seen"] == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_row_is_refused_and_counted_once(run, name):
    code, times, answered, handled = EXPECTED[name]
    row = rows(run)[name]
    if name in REFUSED_IN_THE_PAGE:
        assert run["page"]["thrown"][name] == (f"RangeError: message of {REFUSED_IN_THE_PAGE[name]} characters "
                                               "is above the transport's limit of 16777216")
        assert row["moved"] == {code: times}
        assert row["runs"] == {"ev": 0, "flood": 0}
        return
    assert name not in run["page"]["thrown"]
    want = {code: times}
    if answered:
        want["answered"] = 1
    if handled or code == NOT_FOUND:  # a call refused when dispatched was received first
        want["received"] = handled or 1
    if handled:
        want["handled"] = handled
    assert row["moved"] == want
    assert row["runs"] == {"ev": handled, "flood": 0}


def test_error_answers_reach_the_page(run):
    assert run["page"]["answers"] == ANSWERED_IDS


def test_every_refusal_is_logged(run):
    warnings = [msg for level, msg in run["log"] if level == "WARNING"]
    assert len(warnings) >= len(EXPECTED)
    refused = [m for m in warnings if "PAYLOAD_TOO_LARGE" in m]
    assert len(refused) == 2 and all("refused in the page by its transport" in m for m in refused)


# row -> the warnings its refusals log (plugin/core/src/av_receive.c), "view <id>: " taken off:
# a message JSON cannot parse is logged with the byte where parsing stopped and why
# (av_view_receive); an envelope refused is logged with its code, its type, the byte where it
# starts in the message, and why (refuse()). METHOD_NOT_FOUND is answered to the page, not logged.
_ID = "id must be a string or a non-negative integer of at most 128 bytes"
_NAME = "name must be 1..256 bytes of valid UTF-8"
_TRANSPORT = 'PAYLOAD_TOO_LARGE too_large at byte 0: a post refused in the page by its transport: {{"length":{},"limit":16777216}}'
EXPECTED_LOG = {
    "empty message": ["BAD_MESSAGE at byte 0: empty message"],
    "whitespace only": ["BAD_MESSAGE at byte 4: empty message"],
    "plain text": ["BAD_MESSAGE at byte 0: unexpected character"],
    "truncated object": ["BAD_MESSAGE at byte 47: ',' or '}' expected"],
    "single quotes": ["BAD_MESSAGE at byte 1: object key expected"],
    "trailing comma": ["BAD_MESSAGE at byte 29: object key expected"],
    "leading zero id": ["BAD_MESSAGE at byte 21: ',' or '}' expected"],
    "NaN": ["BAD_MESSAGE at byte 38: unexpected character"],
    "raw control character": ["BAD_MESSAGE at byte 26: control character in string"],
    "NUL character": ["BAD_MESSAGE at byte 16: object key expected"],
    "bad escape": ["BAD_MESSAGE at byte 25: bad escape"],
    "trailing garbage": ["BAD_MESSAGE at byte 30: trailing characters"],
    "two objects back to back": ["BAD_MESSAGE at byte 29: trailing characters"],
    "100k-deep nesting": ["BAD_MESSAGE at byte 100000: unterminated container"],
    "100k-deep params": ["BAD_MESSAGE at byte 100058: unterminated container"],
    "top-level string": ["BAD_MESSAGE none at byte 0: envelope must be an object"],
    "top-level number": ["BAD_MESSAGE none at byte 0: envelope must be an object"],
    "top-level null": ["BAD_MESSAGE none at byte 0: envelope must be an object"],
    "batch of non-objects": [f"BAD_MESSAGE none at byte {n}: envelope must be an object" for n in (1, 3, 9)],
    "missing type": ['BAD_MESSAGE none at byte 0: missing "type"'],
    "unknown type": ['BAD_MESSAGE none at byte 0: unknown "type"'],
    "unknown type, no id": ['BAD_MESSAGE none at byte 0: unknown "type"'],
    "type is a number": ['BAD_MESSAGE none at byte 0: unknown "type"'],
    "type in wrong case": ['BAD_MESSAGE none at byte 0: unknown "type"'],
    "call without id": ['BAD_MESSAGE call at byte 0: missing "id"'],
    "call without method": ['BAD_MESSAGE call at byte 0: missing "method"'],
    "method is a number": ["BAD_MESSAGE call at byte 0: name must be a string"],
    "method is empty": [f"BAD_MESSAGE call at byte 0: {_NAME}"],
    "method of 257 bytes": [f"BAD_MESSAGE call at byte 0: {_NAME}"],
    "method with a lone surrogate escape": ["BAD_MESSAGE call at byte 0: lone UTF-16 surrogate escape"],
    "method with a lone surrogate": ["BAD_MESSAGE call at byte 0: lone UTF-16 surrogate"],
    "duplicate key": ['BAD_MESSAGE call at byte 0: duplicate key "method"'],
    "negative id": [f"BAD_MESSAGE call at byte 0: {_ID}"],
    "fractional id": [f"BAD_MESSAGE call at byte 0: {_ID}"],
    "object id": [f"BAD_MESSAGE call at byte 0: {_ID}"],
    "id above 2^53": [f"BAD_MESSAGE call at byte 0: {_ID}"],
    "string id of 129 bytes": [f"BAD_MESSAGE call at byte 0: {_ID}"],
    "event without name": ['BAD_MESSAGE event at byte 0: missing "event"'],
    "event name is an array": ["BAD_MESSAGE event at byte 0: name must be a string"],
    "ready url is a number": ["BAD_MESSAGE ready at byte 0: name must be a string"],
    "cancel without id": ['BAD_MESSAGE cancel at byte 0: missing "id"'],
    # the second of three envelopes, at byte 31 of the batch
    "one bad envelope among good ones": ['BAD_MESSAGE call at byte 31: missing "method"'],
    "64 MiB event": [_TRANSPORT.format(REFUSED_IN_THE_PAGE["64 MiB event"])],
    "64 MiB call": [_TRANSPORT.format(REFUSED_IN_THE_PAGE["64 MiB call"])],
    "unknown method": [],
}
_VIEW_PREFIX = re.compile(r"view \d+: ")


def _warnings(run):
    return [_VIEW_PREFIX.sub("", msg, count=1) for level, msg in run["log"] if level == "WARNING"]


def test_each_refusal_logs_its_own_line_naming_code_byte_and_reason(run):
    """Every refusal of the table, in row order, logged once with its code name, the envelope's
    type, the byte position and the reason: a log call removed (or a refusal logged under another
    code, position or reason) for any one kind of refusal fails here, not just a total count."""
    assert list(EXPECTED_LOG) == list(EXPECTED)
    logged = [m for m in _warnings(run) if not m.startswith("BUSY: ")]
    want = [line for lines in EXPECTED_LOG.values() for line in lines]
    assert logged == want
    for name, (code, times, _, _) in EXPECTED.items():  # each counted refusal has its line
        if code != NOT_FOUND:
            assert len(EXPECTED_LOG[name]) == times and all(line.startswith(code + " ") for line in EXPECTED_LOG[name])


def test_busy_refusals_are_logged_and_summed_to_the_count(run):
    """BUSY is logged once per message, with how many envelopes it refused: the lines add up to
    every BUSY counted in the flood (the page's retried checkpoints included)."""
    busy_lines = [m for m in _warnings(run) if m.startswith("BUSY")]
    assert busy_lines, "no BUSY refusal was logged"
    pattern = re.compile(r"BUSY: (\d+) envelopes refused \(inbound queue full\)")
    assert all(pattern.fullmatch(m) for m in busy_lines), busy_lines
    flood = next(row for row in run["rows"] if row["name"] == "flood")
    assert sum(int(pattern.fullmatch(m).group(1)) for m in busy_lines) == flood["moved"]["BUSY"]


def test_a_million_event_flood_loses_nothing_silently(run):
    flood = next(row for row in run["rows"] if row["name"] == "flood")
    handled = flood["runs"]["flood"]
    busy = flood["moved"].get("BUSY", 0)
    # The page's checkpoint call may itself be refused BUSY (it retries): those are counted too.
    assert handled + busy == 1_000_000 + run["page"]["busy"]
    assert handled > 0 and busy > 0  # the 4096-record queue did fill
    assert flood["moved"]["handled"] == handled


def test_a_normal_call_works_afterwards(run):
    assert run["page"]["normal"] == {"still": "ok"}
