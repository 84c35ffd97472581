"""Class 1 of docs/security.md: a handler that runs a nested event loop (a modal dialog, as tools
in Maya do) while its page keeps calling.

View A's page calls api.confirm every 20 ms, N_CALLS times. The first call's handler shows a
modal QDialog (exec(): a nested event loop) that stays up until the page has sent every call
(every later one shows a dialog too, accepted at once);
while it is up, a timer inside it emits "progress" to A (the page counts the ones it gets while
its confirm call is pending), and view B's page calls api.ping, which must be served during the
modal. Later confirm calls run one at a time, after it returns, in the order sent; a
processEvents() loop in the second one lets the event loop in too. The process must not abort."""
import sys
import time

from harness import pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402  (after the host's application, as in a DCC)

N_CALLS = 100
A_PAGE = """<!doctype html><script>
const TOTAL = %d;
let progressWhilePending = 0, pending = 0, sent = 0;
const answers = [];
auroraview.on("progress", () => { if (pending > 0) progressWhilePending++; });
const timer = setInterval(() => {
  const i = sent++;
  pending++;
  auroraview.call("api.confirm", {i}, {timeout: 120000}).then(r => {
    pending--; answers.push(r);
    if (answers.length === TOTAL) auroraview.send_event("a_done", {answers, progressWhilePending});
  }, e => { pending--; answers.push("error " + e.code); });
  if (sent === TOTAL) { clearInterval(timer); auroraview.send_event("all_sent", {}); }
}, 20);
</script>""" % N_CALLS
B_PAGE = """<!doctype html><script>
let n = 0;
const tick = () => auroraview.call("api.ping", {n: n++}).then(r => {
  if (r.during_modal) auroraview.send_event("b_served_during_modal", {n: r.n});
  if (n < 400) setTimeout(tick, 10);
});
tick();
</script>"""

a = auroraview.WebView(title="A", html=A_PAGE)
b = auroraview.WebView(title="B", html=B_PAGE)
state = {"modal": False, "depth": 0, "max_depth": 0}
result = {"order": [], "b_during_modal": 0, "progress_sent": 0, "reentered": 0}


@a.bind_call("api.confirm")
def confirm(i):
    state["depth"] += 1
    state["max_depth"] = max(state["max_depth"], state["depth"])
    if state["depth"] > 1:
        result["reentered"] += 1  # a confirm inside another: what must never happen
    result["order"].append(i)
    if i == 0:
        dialog = QtWidgets.QDialog()
        progress = QtCore.QTimer(dialog)
        progress.setInterval(30)

        def tick():
            result["progress_sent"] += 1
            a.emit("progress", {"n": result["progress_sent"]})
            # Up until the page has sent every call (its "all_sent" waits behind this handler).
            if time.monotonic() > opened + N_CALLS * 0.02 + 1 and result["b_during_modal"] > 0:
                dialog.accept()

        progress.timeout.connect(tick)
        progress.start()
        state["modal"] = True
        opened = time.monotonic()
        dialog.exec()
        state["modal"] = False
    else:
        # Every confirm shows its dialog (the user clicks OK at once); the second one also spins
        # processEvents() first, as long-running tool code does.
        if i == 1:
            for _ in range(50):
                app.processEvents()
        dialog = QtWidgets.QDialog()
        QtCore.QTimer.singleShot(0, dialog.accept)
        dialog.exec()
    state["depth"] -= 1
    return i


@a.on("all_sent")
def all_sent(_):
    result["all_sent_after"] = list(result["order"])


@b.bind_call("api.ping")
def ping(n):
    return {"n": n, "during_modal": state["modal"]}


@b.on("b_served_during_modal")
def served(_):
    result["b_during_modal"] += 1


@a.on("a_done")
def a_done(detail):
    result["answers"] = detail["answers"]
    result["progress_while_pending"] = detail["progressWhilePending"]
    result["max_depth"] = state["max_depth"]
    result["stats"] = auroraview.stats()
    b.close()
    a.close()
    app.quit()


QtCore.QTimer.singleShot(90000, app.quit)  # a hang guard
a.show()
b.show()
app.exec()
report(result)
