"""What a user does with a docked panel, one cycle: the steps scenarios/panel_cycle.py (a PyQt
host) and tests/host/scenarios/avhost_docks.py (avhost) both run. The page keeps window.counter
and adds one for each "bump" event."""

PAGE = """<!doctype html><title>cycle</title><script>
window.counter = 0;
auroraview.on("bump", () => { window.counter += 1; });
</script><p>panel</p>"""


def one_cycle(view, dock, settle):
    """Bumps the page's counter, then hide, show, float, redock, the dock's X (retained: hidden,
    kept), show. dock() gives the panel's QDockWidget; settle() lets the host's loop run.
    Returns (the page's counter afterwards, whether the X hid the dock)."""
    view.emit("bump")
    view.hide()
    settle()
    view.show()
    view.set_floating(True)
    settle()
    view.set_floating(False)
    settle()
    dock().close()
    settle()
    hidden = not dock().isVisible()
    view.show()
    settle()
    return view.eval_js_async("window.counter").result(timeout=10), hidden
