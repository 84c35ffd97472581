"""The bad-input table from a real page (scenarios/bad_input.py; the same rows at the engine's door,
with the ones only code below a page can send, are tests/c/test_bad_input.c). Each malformed
message is refused and counted once under its code, logged, and a call among them is answered
with an error the page receives; handlers run only for the well-formed parts; a 1M-event flood is
handled or counted BUSY to the last event; a normal call works afterwards."""
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


# Longer than the message limit (16 MiB): the transport throws in the page, on both shims, before
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
