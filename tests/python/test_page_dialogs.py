"""Closing a view while its page shows alert/confirm/prompt (scenarios/page_dialogs.py): no crash,
the dialog goes, the process goes on. Both shims."""


def test_closing_a_view_under_its_pages_dialog_keeps_the_host_alive(run_scenario):
    out = run_scenario("page_dialogs")
    for kind in ("alert", "confirm", "prompt"):
        seen = out["kinds"][kind]
        assert seen["dialog_seen"] is True, kind
        assert seen["closed"] is True and seen["dialogs_left"] == 0, kind
        # The page's answer from a dialog dismissed by the close never reaches Python: the view
        # had closed.
        assert seen["answered"] == [], kind
    assert out["later_view"] == {"sum": 5}
