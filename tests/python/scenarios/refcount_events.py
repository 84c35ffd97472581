"""Reference counts of the window and page events: identical rounds of window events (resizes:
a geometry dict each, the cache replaced, the hooks called with both forms) and page events
(document.title changes: title_changed) must not leave Python objects behind.
After a warm-up round, the blocks Python has allocated are compared round by round."""
import gc
import sys

from harness import report, pyqt

import auroraview

QtCore = pyqt("QtCore")
PER_ROUND = 300
ROUNDS = 5

view = auroraview.WebView(title="refcount events", html="<p>events</p>")
seen = {"resized": 0, "titles": 0, "any": 0, "last_width": None, "last_title": None}


def resized(data):
    seen["resized"] += 1
    seen["last_width"] = data["width"]


def titled(data):
    seen["titles"] += 1
    seen["last_title"] = data["title"]


view.on_resized(resized)
view.on_moved(lambda: None)
view.on_window_event(lambda kind, data: seen.__setitem__("any", seen["any"] + 1))
view.on_title_changed(titled)
result = {"blocks": [], "per_round": 2 * PER_ROUND}
state = {"round": 0}


def run_round():
    r = state["round"]
    for i in range(PER_ROUND):
        view.resize(300 + i, 200)
    view.resize(290, 200)  # the round's last size
    last_title = f"round {r} title {PER_ROUND - 1}"
    view.eval_js(f"for (let i = 0; i < {PER_ROUND}; i++) document.title = 'round {r} title ' + i")

    def poll():
        if seen["last_width"] == 290 and seen["last_title"] == last_title:
            timer.stop()
            gc.collect()
            result["blocks"].append(sys.getallocatedblocks())
            state["round"] += 1
            if state["round"] < ROUNDS:
                QtCore.QTimer.singleShot(0, run_round)
            else:
                result["seen"] = dict(seen)
                result["geometry"] = view.geometry
                result["url"] = view.get_current_url()
                view.close()
    timer = QtCore.QTimer(view_parent)
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()


view_parent = QtCore.QObject()
view.on_loaded(lambda: QtCore.QTimer.singleShot(200, run_round) if state["round"] == 0 and not result["blocks"] else None)
QtCore.QTimer.singleShot(120000, view.close)  # a hang guard
view.show()
report(result)
