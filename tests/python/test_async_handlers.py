"""Issue 17 item 4: async def handlers for bind_call() and on(), in real Qt WebEngine
(scenarios/async_handlers.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("async_handlers")


def test_an_async_call_answers_its_value_on_the_main_thread(run):
    assert run["page_a"]["add"] == {"ok": 5}
    assert run["main_thread"] == [True, True]  # before and after its await


def test_an_async_exception_is_answered_as_a_plain_handlers(run):
    page = run["page_a"]
    got, plain = page["fail_async"], page["fail_sync"]
    assert (got["name"], got["code"], got["message"]) == ("ValueError", "HANDLER_ERROR", "bad thing")
    assert (got["name"], got["code"], got["message"]) == (plain["name"], plain["code"], plain["message"])
    # Debug mode: the handler's own traceback, with no frame of the machinery that ran it.
    assert "in fail_async" in got["traceback"] and 'raise ValueError("bad thing")' in got["traceback"]
    assert "_aio.py" not in got["traceback"]


def test_a_result_json_cannot_encode_is_the_same_error_as_a_plain_handlers(run):
    page = run["page_a"]
    assert page["obj_async"]["code"] == "HANDLER_ERROR" and page["obj_async"]["name"] == "TypeError"
    # The same sentence, each naming its own handler (test_handler_errors.py checks the whole text).
    suffix = "returned a value JSON cannot carry: Object of type object is not JSON serializable; give WebView("
    assert page["obj_async"]["message"].startswith("the handler of 'api.obj_async' (obj_async() at ")
    assert page["obj_sync"]["message"].startswith("the handler of 'api.obj_sync' (obj_sync() at ")
    cut = ") returned"
    assert ("returned" + page["obj_async"]["message"].partition(cut)[2]).startswith(suffix)
    assert page["obj_async"]["message"].partition(cut)[2] == page["obj_sync"]["message"].partition(cut)[2]


def test_bad_arguments_are_invalid_params_as_for_a_plain_handler(run):
    assert run["page_a"]["bad_args"]["code"] == "INVALID_PARAMS"


def test_a_later_call_completes_while_an_async_call_awaits(run):
    # The slow handler's part before its await ran first (the calls' order), then the plain one,
    # then the rest of the slow one; the page got the fast answer first.
    assert run["python_order"] == ["slow started", "fast", "slow done"]
    assert run["page_a"]["order"] == ["fast", "slow"]
    print(f"the slow handler awaited {run['slow_awaited_s'] * 1000:.1f} ms (asyncio.sleep(0.3))")


def test_async_event_handlers_run_and_their_exceptions_are_logged_as_plain_ones(run):
    assert run["ev_async"] == {"n": 1}
    log = {message: (level, has_tb) for level, message, has_tb in run["log"]}
    assert log["handler for event 'ev_async_fail' raised: 'event boom'"] == ("ERROR", True)
    assert log["handler for event 'ev_sync_fail' raised: 'event boom'"] == ("ERROR", True)
    assert log["call 'api.fail_async' failed with HANDLER_ERROR: ValueError: bad thing"] == ("WARNING", True)


def test_an_answer_after_the_page_was_replaced_is_dropped_and_counted(run):
    assert run["b_answered_late"] is True
    assert run["b_page"] == {"settled": {"code": "CANCELLED"}, "pending": 0}
    assert run["stats"]["late_answers"] == 1


def test_async_calls_leave_no_reference_behind(run):
    page = run["page_a"]
    assert page["echoed"] == 500 and run["fail_async_logged"] == 1 + 500
    before, after = page["refs_before"], page["refs_after"]
    assert {k: after[k] for k in ("view", "handler", "fail")} == {k: before[k] for k in ("view", "handler", "fail")}
    print(f"allocated blocks {before['blocks']} -> {after['blocks']} over 1000 async calls (500 logged failures kept)")


def test_closing_the_view_cancels_its_pending_async_handler_quietly(run):
    assert run["c_cancelled"] is True
    assert "c_forever_answered" not in run
    assert not [line for line in run["log"] if "api.forever" in line[1]]


def test_a_hosts_running_asyncio_loop_runs_the_async_handlers(run_scenario):
    got = run_scenario("async_host_loop")
    assert got["call"] == {"on_host_loop": True}
    assert got["event_on_host_loop"] is True
    assert got["auroraview_loop_made"] is False  # nothing ran on auroraview's own loop


def test_the_loop_wakes_for_a_future_a_thread_and_a_socket(run_scenario):
    # Each awaited with no timer of the loop due for an hour: only its own wake-up can answer it.
    got = run_scenario("async_wakeups")
    assert {k: got[k] for k in ("gate", "thread", "socket")} == {"gate": "opened", "thread": True, "socket": "hello"}
    # Idle, the loop costs nothing: its one armed timer is the handler's hour-long sleep.
    print(f"idle: {got['idle']['passes']} passes of the loop in 0.5 s; next timer in {got['idle']['timer_in_s']:.0f} s")
    assert got["idle"]["timer_in_s"] > 3000
