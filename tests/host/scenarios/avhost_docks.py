"""Runs inside avhost (--script): the host's right dock area is filled with four docks of its
own, then a tool's WebView docks there (auroraview.host attached to avhost's main window, as the
host plugin does). Reports the dock's and the page's size against what the tool asked for, then
20 cycles of hide/show/float/redock/close-with-X/show with the page's own counter and its page
loads, and leaves by avhost.quit (1 after a failure, whose traceback goes to stderr)."""
import json
import os
import sys
import traceback

import avhost
from PyQt6 import QtCore, QtWidgets, sip

import auroraview
import auroraview.host

# The cycle's steps are the PyQt host scenario's (tests/python/scenarios/panel_steps.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python", "scenarios"))
from panel_steps import PAGE, one_cycle  # noqa: E402

REQUESTED = (320, 480)
CYCLES = 20

main = sip.wrapinstance(avhost.main_window(), QtWidgets.QMainWindow)


def settle(seconds=0.05):
    auroraview._core.wait_until(lambda: False, seconds)


def our_dock():
    found = [d for d in main.findChildren(QtWidgets.QDockWidget) if d.objectName().startswith("auroraview-dock-")]
    return found[0] if len(found) == 1 else None


def scenario():
    main.resize(1280, 800)
    for i in range(4):
        dock = QtWidgets.QDockWidget(f"Host panel {i}", main)
        dock.setObjectName(f"hostPanel{i}")
        dock.setWidget(QtWidgets.QTextEdit())
        main.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, dock)
    auroraview.host.attach(main, name="avhost")

    view = auroraview.WebView(title="Tool", html=PAGE, width=REQUESTED[0], height=REQUESTED[1])
    loads = []
    view.on_load_finished(lambda data: loads.append(data["ok"]))
    view.show()
    assert view.eval_js_async("window.counter").result(timeout=20) == 0
    settle(0.3)
    out = {"requested": list(REQUESTED)}
    out["dock"] = [our_dock().width(), our_dock().height()]
    out["page"] = [our_dock().widget().width(), our_dock().widget().height()]
    out["area"] = [d["area"] for d in avhost.docks() if d["title"] == "Tool"]
    out["other_heights"] = [d["geometry"][3] for d in avhost.docks() if d["title"].startswith("Host panel")]

    counters, hidden_by_x = [], []
    for _ in range(CYCLES):
        counter, hidden = one_cycle(view, our_dock, settle)
        counters.append(counter)
        hidden_by_x.append(hidden)
    out["counters"] = counters
    out["hidden_by_x"] = hidden_by_x
    out["loads"] = loads
    out["docked_at_end"] = not our_dock().isFloating() and our_dock().isVisible()
    return out


try:
    print("AVRESULT " + json.dumps(scenario()), flush=True)
    avhost.quit(0)
except BaseException:
    traceback.print_exc()
    avhost.quit(1)
