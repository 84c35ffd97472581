"""Class 2 of docs/security.md: what the tool sends reaches only the page it was meant for, and only
a trusted one. The tool's page (trusted, served over HTTP) follows a link to a page of another
origin (the same server under "localhost": another origin) that sets traps for everything the
tool could send: its own window.auroraview.__dispatch, window.ipc.__dispatch and a fake
window.qt.webChannelTransport.onmessage. Python emits (small ones, which go by the WebChannel
signal, and large ones, which go by runJavaScript) and runs eval_js scripts from just before
the navigation until the trap page has sat for a while; the trap page reports what it caught
to its own server. Then the view is sent back to the tool's page, which must get only what was
sent after it spoke again.

argv[2] "still-loading": the tool's page is still loading (an image the server holds for 4 s)
when the link is followed, so Qt reports no loadStarted for the navigation (Qt 5's "already
running" rule): the view must hear of it all the same."""
import os
import sys
import threading
import time

from harness import report, pyqt
from report_server import ReportServer

import auroraview

QtCore = pyqt("QtCore")

root = sys.argv[1]
still_loading = len(sys.argv) > 2 and sys.argv[2] == "still-loading"
server = ReportServer(root)
port = server.origin.rsplit(":", 1)[1]
tool_url = f"http://127.0.0.1:{port}/tool.html"
trap_url = f"http://localhost:{port}/trap.html"

TOOL = """<!doctype html><html><body><script>
const got = [];
auroraview.on("secret", d => got.push(d.n));
auroraview.on("after", d => auroraview.send_event("tool_got", {got, after: d}));
auroraview.send_event("tool_ready", {href: location.href});
</script><a id="go" href="TRAP">next</a>SLOW</body></html>""".replace("TRAP", trap_url).replace(
    "SLOW", '<img src="/slow?ms=4000">' if still_loading else "")

TRAP = """<!doctype html><html><body><script>
const caught = [];
const trap = (via) => (...args) => caught.push([via, JSON.stringify(args).slice(0, 200)]);
window.auroraview = {__dispatch: trap("auroraview.__dispatch"), on() {}, send_event() {}};
let ipcDefined = true;
try { window.ipc = {__dispatch: trap("ipc.__dispatch"), postMessage: trap("ipc.postMessage")}; }
catch (e) { ipcDefined = false; }
let qtDefined = true;
try {
  window.qt = {webChannelTransport: {onmessage: trap("qt.onmessage"), send() {}}};
  qtDefined = window.qt !== undefined && typeof window.qt.webChannelTransport.onmessage === "function";
} catch (e) { qtDefined = false; }
window.__evalRan = [];
const send = (name, body) => fetch("/report?" + encodeURIComponent(JSON.stringify({name, ...body})));
send("trap_loaded", {qtDefined, ipcDefined});
setTimeout(() => send("trap_caught", {caught, evalRan: window.__evalRan}), 1500);
</script></body></html>"""

with open(os.path.join(root, "tool.html"), "w") as f:
    f.write(TOOL)
with open(os.path.join(root, "trap.html"), "w") as f:
    f.write(TRAP)

view = auroraview.WebView(title="navigation", url=tool_url)
result = {"tool_ready": [], "sent": 0}
state = {"phase": "first", "n": 0}
big = "x" * (40 << 10)


def send_one():
    n = state["n"] = state["n"] + 1
    view.emit("secret", {"n": n, "pad": big if n % 5 == 0 else ""})
    view.eval_js(f"window.__evalRan && window.__evalRan.push({n})")
    result["sent"] = n


pump = QtCore.QTimer()
pump.setInterval(5)
pump.timeout.connect(send_one)


@view.on("tool_ready")
def tool_ready(detail):
    result["tool_ready"].append(detail["href"])
    if state["phase"] == "first":
        state["phase"] = "trap"
        pump.start()  # sending before, during and after the navigation
        view.eval_js("document.getElementById('go').click()")
        threading.Thread(target=watch_trap, daemon=True).start()
    elif state["phase"] == "back":
        view.emit("after", {"n": -1})


@view.on("tool_got")
def tool_got(detail):
    result["tool_got"] = detail
    result["stats"] = auroraview.stats()
    view.close()


def watch_trap():
    reports = server.wait_named(["trap_loaded", "trap_caught"])
    result["trap"] = reports
    auroraview.run_on_main_thread(go_back)


def go_back():
    pump.stop()
    result["dropped_before_back"] = auroraview.stats()["dropped"]
    state["phase"] = "back"
    view.load_url(tool_url)


QtCore.QTimer.singleShot(60000, view.close)  # a hang guard
view.show()
result["dropped"] = auroraview.stats()["dropped"]
report(result)
