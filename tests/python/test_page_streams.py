"""Issue 19: page -> Python streams (auroraview.openStream) read by an async handler's
`async for item in stream`, with backpressure and cancellation both ways."""


def test_page_streams(run_scenario):
    run = run_scenario("page_streams")
    page = run["page"]
    assert "failed" not in page, page.get("failed")
    # 100k items arrive complete and in order; close() resolves with the handler's return value
    assert page["count"] == {"tag": "count", "count": 100_000, "inOrder": True}
    # a slow Python consumer: the page never wrote more than the window ahead of it
    assert page["slow"] == 200
    assert 0 < run["slow_python"]["ahead"] <= run["window"]
    # the page aborts: the handler gets CancelledError, close() and later writes reject CANCELLED
    assert page["abort"] == {"close": {"code": "CANCELLED", "name": "CANCELLED",
                                       "message": 'stream "api.endless" was cancelled'},
                             "write": {"code": "CANCELLED", "name": "CANCELLED",
                                       "message": 'stream "api.endless" was cancelled'},
                             "cancelled": True}
    assert page["signal"]["close"]["code"] == "CANCELLED" and page["signal"]["cancelled"] is True
    assert page["signal_before"] == "CANCELLED"
    # Python raises: the page's next write and close() reject with its error
    assert page["fails"]["write"]["code"] == "HANDLER_ERROR" and page["fails"]["write"]["name"] == "ValueError"
    assert page["fails"]["write"]["written"] >= 3
    assert page["fails"]["close"] == {"code": "HANDLER_ERROR", "name": "ValueError", "message": "bad frame 2"}
    # Python returns early: later writes reject CANCELLED, close() resolves with its result
    assert page["early"]["write"]["code"] == "CANCELLED" and page["early"]["write"]["written"] >= 3
    assert page["early"]["close"] == {"resolved": "enough at 2"}
    # a sync handler is refused with a clear error; an unbound method is METHOD_NOT_FOUND
    assert page["sync"]["code"] == "INVALID_PARAMS" and "async def" in page["sync"]["message"]
    assert page["unbound"] == "METHOD_NOT_FOUND"
    # a reload with a stream open cancels its handler
    assert page["reload_cancelled"] is True
