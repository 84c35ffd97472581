"""A big upload arrives while a handler of its view runs a modal dialog (a nested event loop), as
a tool's page keeps working while the artist answers a dialog: docs/protocol.md, "Big values in
pieces". View A's page calls api.modal, whose handler shows a QDialog; while it is up the page
calls api.sizes with 20 MiB of bytes and 6 Mi characters of text (both leaves, their parts taken
in by the nested loop: the bytes go straight into the bytes object the handler will get, made
from inside the running handler), then api.echo. The dialog closes when the core has queued both
calls (stats()["received"]), or after a safety bound. The two calls must run after the modal's
handler returns, in order, with their values whole; the process must not abort."""
import sys

from harness import pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402  (after the host's application, as in a DCC)

MIB = 1 << 20
SAFETY_MS = 60000  # the dialog closes after this whatever happened: the test then fails

PAGE = """<!doctype html><script>
const MIB = 1 << 20;
auroraview.whenReady().then(async () => {
  const modal = auroraview.call("api.modal", {}, {timeout: 0});
  await new Promise((r) => setTimeout(r, 300));  // the dialog is up
  const bytes = new Uint8Array(20 * MIB).map((_, i) => (i * 3) & 255);
  const sizes = auroraview.call("api.sizes", {blob: bytes, text: "y".repeat(6 * MIB) + "\\u00e9", n: 1}, {timeout: 0});
  const echo = auroraview.call("api.echo", 7, {timeout: 0});
  const settled = await Promise.allSettled([modal, sizes, echo]);
  auroraview.send_event("report", settled.map((s) => s.status === "fulfilled" ? s.value : `error ${s.reason.code}`));
});
</script>"""

a = auroraview.WebView(title="A", html=PAGE)
out = {"order": []}


@a.bind_call("api.modal")
def modal():
    out["order"].append("modal")
    base = auroraview.stats()["received"]
    dialog = QtWidgets.QDialog()
    watch = QtCore.QTimer(dialog)
    watch.setInterval(20)

    def check():
        if auroraview.stats()["received"] >= base + 2:  # api.sizes and api.echo, both queued
            out["closed_by"] = "arrival"
            dialog.accept()

    watch.timeout.connect(check)
    watch.start()
    QtCore.QTimer.singleShot(SAFETY_MS, dialog.reject)
    out.setdefault("closed_by", None)
    dialog.exec() if hasattr(dialog, "exec") else dialog.exec_()
    return "closed"


@a.bind_call("api.sizes")
def sizes(blob, text, n):
    out["order"].append("sizes")
    pattern = bytes((i * 3) & 255 for i in range(256))
    return {"blob": [type(blob).__name__, len(blob), blob[:256] == pattern, blob[-1]],
            "text": [type(text).__name__, len(text), text[-2:]], "n": n}


@a.bind_call("api.echo")
def echo(v):
    out["order"].append("echo")
    return v


@a.on("report")
def on_report(settled):
    out["page"] = settled
    a.close()
    QtCore.QTimer.singleShot(0, app.quit)


a.show()
app.exec() if hasattr(app, "exec") else app.exec_()
report(out)
