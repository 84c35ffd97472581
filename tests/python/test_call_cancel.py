"""Issue 19 deliverable 4: auroraview.current_call() and its live `cancelled` flag. A sync handler
that spins the host's event loop sees its call cancelled when the page aborts it, when the
call's timeout expires in the page, when its page is replaced and when its view closes; its late
answer is dropped and counted; a call queued behind it and cancelled never runs; async handlers
each see their own call."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("call_cancel")


def spun_until_cancelled(info, method):
    assert info["method"] == method and info["view_ok"] is True
    assert info["cancelled_at_start"] is False
    assert info["spun"] is True and info["cancelled"] is True
    assert info["same_call"] is True
    assert info["raised"] == "CANCELLED"  # call.raise_if_cancelled()


def test_a_page_abort_reaches_the_spinning_sync_handler(run):
    spun_until_cancelled(run["spin"]["abort"], "api.spin")
    assert run["page_a"]["abort"] == {"code": "CANCELLED"}


def test_the_late_answer_is_dropped_and_counted_and_the_view_goes_on(run):
    # Between the page's abort and the next call: the handler's answer dropped (late_answers),
    # the queued call cancelled before it ran (CANCELLED), nothing answered in between.
    assert run["stats_abort"] == {"late_answers": 1, "CANCELLED": 1}
    assert run["page_a"]["next"] == {"ok": "next"}
    assert run["page_a"]["last"] == {"ok": "last"}


def test_a_call_cancelled_while_queued_behind_the_handler_never_runs(run):
    assert run["page_a"]["queued"] == {"code": "CANCELLED"}
    assert "queued" not in run["records"]
    assert run["records"] == ["next", "after_timeout", "last"]


def test_the_pages_timeout_cancels_the_call(run):
    spun_until_cancelled(run["spin"]["timeout"], "api.spin")
    assert run["page_a"]["timeout"] == {"code": "TIMEOUT"}
    assert run["page_a"]["after_timeout"] == {"ok": "after_timeout"}


def test_a_replaced_page_cancels_the_call(run):
    spun_until_cancelled(run["spin"]["reload"], "api.spin_reload")
    assert "b_old_page_answered" not in run
    assert run["page_b"] == {"next": "b_next_page", "pending": 0}


def test_closing_the_view_cancels_the_call_without_a_crash(run):
    spun_until_cancelled(run["spin"]["close"], "api.spin_close")
    assert run["c_closed_in_handler"] is True
    assert run["stats_close"] == {"late_answers": 1, "CANCELLED": 1}


def test_no_call_is_current_outside_call_handlers(run):
    assert run["outside"] == {"top_level": True, "event_handler": True, "timer": True}


def test_inside_a_spinning_handler_other_handlers_see_their_own_context(run):
    # View B's event and call ran inside A's spinning handler: the event sees no call, B's call its
    # own; afterwards A's handler sees its own call again (same_call above).
    assert run["nested"] == {"event_sees_none": True, "inside_a": True, "call_method": "api.b_nested",
                             "call_view_ok": True, "inside_a_call": True}
    assert run["spin"]["abort"]["same_call"] is True


def test_async_handlers_each_see_their_own_call(run):
    first, second = (r["ok"] for r in run["page_a"]["async"])
    assert first["n"] == 1 and second["n"] == 2
    assert first["id"] != second["id"]
    for r in (first, second):
        assert r["method"] == "api.ctx_async" and r["same"] is True and r["view_ok"] is True
        assert r["cancelled"] is False


def test_an_async_handlers_call_reads_cancelled_when_the_page_aborts(run):
    assert run["async_abort"] == {"cancelled": True, "same": True}
    assert run["page_a"]["async_abort"] == {"code": "CANCELLED"}
    # Its CancelledError is what the page asked for, not a handler's failure: no warning, no
    # traceback in the host's log.
    assert not [r for r in run["log"] if "api.async_wait" in r[1] and r[0] != "DEBUG"], run["log"]


def test_ids_are_the_pages_call_ids(run):
    assert isinstance(run["spin"]["abort"]["id"], int)
    assert run["spin"]["timeout"]["id"] > run["spin"]["abort"]["id"]
