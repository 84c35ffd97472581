"""Issue 19 §3/§4: streams from Python generators to the page's for-await, and their cancellation."""


def test_streams(run_scenario):
    run = run_scenario("streams")
    page = run["page"]
    assert "failed" not in page, page.get("failed")
    # 100k items arrive complete and in order
    assert page["count"] == {"count": 100_000, "inOrder": True}
    # a slow page consumer: the generator never got more than the window ahead of page code
    assert page["slow"] == 400 and run["slow_python"]["produced"] == 400
    assert 0 < run["slow_python"]["ahead"] <= run["window"]
    # break in for-await closes the generator (its finally ran)
    assert page["break"] == {"got": [0, 1, 2, 3, 4], "closed": True}
    # an AbortSignal cancels an async generator's stream: the loop rejects CANCELLED, the
    # generator is cancelled and its finally runs
    assert page["abort"] == {"n": 3, "code": "CANCELLED", "closed": True, "cancelled": True}
    # an AbortSignal cancels a call: its promise rejects CANCELLED, its async handler gets
    # CancelledError; a signal aborted before the call sends nothing
    assert page["abort_call"] == {"code": "CANCELLED", "cancelled": True, "pending": 0}
    assert page["abort_before"] == "CANCELLED" and run["count_calls"] == 0
    # a generator that raises: the items before it, then the error
    assert page["fails"] == {"seen": [1, 2], "code": "HANDLER_ERROR", "name": "ValueError",
                             "message": "no more frames"}
    assert page["unbound"] == {"code": "METHOD_NOT_FOUND"}
    # a reload with a stream open closes its generator
    assert page["reload_closed"] is True
