"""open_devtools(): a real inspector window for debug views, a clear refusal otherwise."""


def test_debug_view_opens_a_devtools_window_and_plain_view_refuses(run_scenario):
    out = run_scenario("devtools")
    assert out["devtools"] == [[True, "devtools"]]
    assert out["plain"] == "open_devtools() needs a view made with WebView(debug=True)"
