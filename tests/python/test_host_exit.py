"""A PyQt host may exit with views open, or closed a moment before: the process ends cleanly
(run_scenario fails on any exit code but 0, a crash included)."""


def test_host_exits_cleanly_with_views_open_or_just_closed(run_scenario):
    run = run_scenario("host_exit")
    assert run["done"] == {"open_window": "open_window", "open_dock": "open_dock", "closed_window": "closed_window"}
    assert run["closed"] == {"open_window": False, "open_dock": False, "closed_window": True}
