"""Page events of a view, in order: console messages (log, warn, error, an uncaught exception)
reach the logger "auroraview.page" with their levels and the on_console_message hook; the title
and URL changes; get_current_url; reload() of an html= page shows the same html again (not its
base URL); a missing file and a refused port fire on_load_failed with a reason, logged at
WARNING on "auroraview"; a page logging in a loop (100000 console.log) is bounded, the host's
timer keeps ticking, and the count not forwarded is reported when the view ends. Then the render
process: SIGKILLed, the view reloads once (the page served by a local server comes back); killed
again while that reload waits for the server, the view does not reload again (the server sees no
third request); the navigation already in flight, the browser's, completes when the server
answers."""
import http.server
import os
import signal
import socket
import sys
import threading

from harness import report, pyqt, capture_log, capture_page_log

import auroraview

QtCore = pyqt("QtCore")
root = sys.argv[1]
log = capture_log()
page_log = capture_page_log()
result = {"events": [], "steps": {}}

PAGE = """<!doctype html><html><head><title>Page One</title></head><body data-mark="MARK"><script>
auroraview.send_event("hello", {mark: document.body.dataset.mark, n: Number(sessionStorage.n || 0)});
sessionStorage.n = String(Number(sessionStorage.n || 0) + 1);
console.log("a log line", 42);
console.warn("a warning");
console.error("an error");
setTimeout(() => { throw new Error("boom"); }, 0);
</script></body></html>"""

FLOOD = """<!doctype html><html><body><script>
setTimeout(() => {
  console.log("\u00e9".repeat(100000));
  for (let i = 0; i < 100000; i++) console.log("flood " + i);
  auroraview.send_event("flood_done", {});
}, 50);
</script></body></html>"""

view = auroraview.WebView(title="page events", html=PAGE.replace("MARK", "first-html"))
events = result["events"]
for hook in ("load_started", "load_finished", "load_failed", "title_changed", "url_changed", "loaded"):
    getattr(view, f"on_{hook}")(lambda data, hook=hook: events.append([hook, data]))
console = []
view.on_console_message(lambda data: console.append(data))
hellos = []
state = {"phase": "first"}


def unused_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def since(n):
    return events[n:]


@view.on("hello")
def hello(data):
    hellos.append(data)
    phase = state["phase"]
    if phase == "first":
        state["phase"] = "pushed"
        QtCore.QTimer.singleShot(300, push_state)
    elif phase == "reloaded":
        result["steps"]["reload"] = {"hello": data, "current_url": view.get_current_url(),
                                     "failed": [e for e in events if e[0] == "load_failed"]}
        state["phase"] = "missing"
        state["mark"] = len(events)
        view.load_url("file://" + os.path.join(root, "missing.html"))


def push_state():
    state["mark"] = len(events)
    view.eval_js("history.pushState({}, '', '/next')")
    wait_for("url_changed", after_push)


def after_push(found):
    result["steps"]["push"] = {"event": found, "current_url": view.get_current_url()}
    result["steps"]["first"] = {"console": list(console), "page_log": list(page_log),
                                "titles": [e[1]["title"] for e in events if e[0] == "title_changed"]}
    state["phase"] = "reloaded"
    view.reload()


def wait_for(kind, then, guard=300):
    """then(data of the first `kind` event since state['mark']), or then(None) after the guard."""
    def poll():
        found = [e[1] for e in since(state["mark"]) if e[0] == kind]
        state["polls"] += 1
        if found or state["polls"] > guard:
            timer.stop()
            then(found[0] if found else None)
    state["polls"] = 0
    timer = QtCore.QTimer(view_timer_parent)
    timer.setInterval(50)
    timer.timeout.connect(poll)
    timer.start()


view_timer_parent = QtCore.QObject()


@view.on_load_failed
def failed(data):
    phase = state["phase"]
    if phase == "missing":
        result["steps"]["missing"] = data
        state["phase"] = "refused"
        view.load_url(f"http://127.0.0.1:{unused_port()}/")
    elif phase == "refused":
        result["steps"]["refused"] = data
        state["phase"] = "flood"
        result["steps"]["warnings"] = [r for r in log if r[0] == "WARNING"]
        view.load_html(FLOOD)


ticks = []
ticker = QtCore.QTimer()
ticker.setInterval(20)
ticker.timeout.connect(lambda: ticks.append(1))


@view.on_load_started
def started(data):
    if state["phase"] == "flood":
        state["console_before_flood"] = len(console)
        ticker.start()


@view.on("flood_done")
def flood_done(data):
    state["ticks_at_done"] = len(ticks)
    QtCore.QTimer.singleShot(1500, end_flood)


def end_flood():
    flood = console[state["console_before_flood"]:]
    result["steps"]["flood"] = {
        "forwarded": len(flood), "ticks_during_flood": state["ticks_at_done"], "ticks": len(ticks),
        "longest": max(len(m["message"].encode()) for m in flood),
        "cut": [[m["message"][:2], m["message"][-8:], len(m["message"].encode())]
                for m in flood if m["message"].endswith("...[cut]")]}
    state["closed_console_at"] = len(console)
    view.close()
    result["steps"]["after_close"] = console[state["closed_console_at"]:]
    result["steps"]["page_log_tail"] = page_log[-1:]
    ticker.stop()
    crash_part()


# ---- the render process -----------------------------------------------------------------------

gate = threading.Event()
requests = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        requests.append(self.path)
        if len(requests) > 1 and not gate.is_set():
            gate.wait(60)  # the reload after the first crash waits here until let go
        body = PAGE.replace("MARK", "served").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
crash = {"gone": [], "hellos": [], "pids": []}


def crash_part():
    global crashed
    crashed = auroraview.WebView(title="crash", url=f"http://127.0.0.1:{server.server_port}/page.html")
    crashed.on_render_process_gone(lambda data: on_gone(data))
    crashed.on("hello", on_crash_hello)
    crashed.show(block=False)


def kill_render():
    pid = crashed._core._render_pid()
    crash["pids"].append(pid)
    os.kill(pid, signal.SIGKILL)


def on_crash_hello(data):
    crash["hellos"].append(data)
    n = len(crash["hellos"])
    if n == 1:
        kill_render()
    elif n == 2:
        finish()


def on_gone(data):
    crash["gone"].append(data)
    if len(crash["gone"]) == 1:
        # The reload waits for the server: kill its new render process before it answers.
        state["pid_polls"] = 0
        pid_timer.start()
    elif len(crash["gone"]) == 2:
        crash["requests_at_second"] = len(requests)
        gate.set()  # the navigation in flight (the browser's, not the dead page's) now completes


def new_pid():
    state["pid_polls"] += 1
    pid = crashed._core._render_pid()
    if pid and pid != crash["pids"][0] and len(requests) >= 2:
        pid_timer.stop()
        kill_render()
    elif state["pid_polls"] > 300:
        pid_timer.stop()
        crash["no_new_pid"] = True
        gate.set()


pid_timer = QtCore.QTimer()
pid_timer.setInterval(20)
pid_timer.timeout.connect(new_pid)


def finish():
    crash["requests_at_end"] = len(requests)
    crash["warnings"] = [r[1] for r in log if r[0] == "WARNING" and "render process" in r[1]]
    result["crash"] = crash
    crashed.close()
    QtCore.QCoreApplication.instance().quit()


result["hellos"] = hellos
QtCore.QTimer.singleShot(120000, lambda: QtCore.QCoreApplication.instance().quit())  # a hang guard
view.show(block=False)
QtCore.QCoreApplication.instance().exec()
result["log_warnings"] = [r[1] for r in log if r[0] == "WARNING"]
report(result)
