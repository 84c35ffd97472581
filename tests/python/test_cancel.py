"""Issue 4 §5: a handler that closes the view, or reloads the page, makes pending calls reject
with CANCELLED."""


def test_closing_the_view_cancels_pending_calls(run_scenario):
    run = run_scenario("cancel_close")
    assert run["closed"] is True and run["closed_hook"] == 1
    # The calls queued behind close_view never reached their handler...
    assert run["echoed"] == []
    # ...all three were cancelled, and close_view's late answer was dropped, not delivered.
    assert run["stats"]["rejected"]["CANCELLED"] == 3
    assert run["stats"]["late_answers"] == 1
    assert run["stats"]["answered"] == 0
    assert run["emit_after_close"] == ["ClosedError", "CLOSED"]


def test_reloading_the_page_cancels_pending_calls(run_scenario):
    run = run_scenario("cancel_reload")
    page = run["page"]
    assert sorted(page["settled"], key=lambda s: (s["name"], str(s))) == [
        {"name": "api.echo", "code": "CANCELLED"},
        {"name": "api.echo", "code": "CANCELLED"},
        {"name": "api.reload", "code": "CANCELLED"},
    ]
    assert page["pending"] == 0
    assert run["echoed"] == []
    assert run["stats"]["rejected"]["CANCELLED"] == 3
    assert run["stats"]["late_answers"] == 1
