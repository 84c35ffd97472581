"""The project's side of the end-to-end benchmark (bench/run.sh): the peer's scenarios
(../shared/peers/pyqt6_webchannel.py) with the same payloads and sizes, through auroraview,
inside a PyQt6 application acting as the host (its 60 Hz QTimer is the host's UI tick).

  fire   JS sends N_FIRE events; from the first to the last handled in Python (msgs/s)
  rpc    JS awaits N_RPC sequential calls with dict params, Python returns a dict (µs): the
         page's mean, and mean/p50/p99 of the gaps between successive handler entries on
         the Python clock (rtt.py; the page's clock has 100 µs steps)
  rpc8   the same N_RPC calls, 8 in flight at a time (p99, µs)
  emit   a Python thread emits N_EMIT events; until the page reports it saw all (msgs/s)
  emit_main  the page sends an event whose handler emits N_EMIT events in a loop on the
         main thread (as host scripts do, and as the peer does); from the loop's start
         until the page reports it saw all (msgs/s)
  stall  the worst gap between ticks of the host's 60 Hz timer from the first fire message
         to the page's report of the last emit (ms)
  memory RSS of this process before, at the peak of and 2 s after a flood of N_FLOOD emits
         (default 1M; a full queue is waited out, never dropped) (MiB)

Differences from the peer, on purpose: emit comes from a Python worker thread (auroraview's
emit is thread-safe; the peer's loop runs on the GUI thread, as emit_main's does), and rpc8,
emit_main and memory are extra.
Prints one JSON line.
"""
import json
import os
import sys
import threading
import time

from PyQt6.QtCore import QCoreApplication, Qt, QTimer
from PyQt6.QtWidgets import QApplication

import auroraview
from rtt import interval_stats

N_FIRE = int(os.environ.get("N_FIRE", 20000))
N_RPC = int(os.environ.get("N_RPC", 2000))
N_EMIT = int(os.environ.get("N_EMIT", 20000))
N_FLOOD = int(os.environ.get("N_FLOOD", 1000000))
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

PAGE = """<!doctype html><html><body><script type="module">
const N_FIRE = %d, N_RPC = %d, N_EMIT = %d, N_FLOOD = %d;
let seen = 0, seen_main = 0, flooded = 0;
auroraview.on("update_data", (d) => {
  if (++seen === N_EMIT) { auroraview.send_event("report", {emit_done: 1}); auroraview.send_event("emit_main"); }
});
auroraview.on("update_main", (d) => { if (++seen_main === N_EMIT) auroraview.send_event("report", {emit_main_done: 1}); });
auroraview.on("flood", (d) => { if (++flooded === N_FLOOD) auroraview.send_event("report", {flood_done: 1}); });
const rename = () => auroraview.call("api.rename_object", {old_name: "cube1", new_name: "hero_cube"});
function pct(lat, p) { lat.sort((a, b) => a - b); return Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] * 1000); }

for (let i = 0; i < N_FIRE; i++) auroraview.send_event("export_scene", {path: "/tmp/x.fbx", format: "fbx", i});

const lat = [];
const T0 = performance.now();
for (let i = 0; i < N_RPC; i++) { const t = performance.now(); await rename(); lat.push(performance.now() - t); }
const mean = (performance.now() - T0) / N_RPC;
const out = {rpc_mean_us: Math.round(mean * 1000), rpc_p50_us: pct(lat, 0.5), rpc_p99_us: pct(lat, 0.99)};

const lat8 = [];
async function lane(n) { for (let i = 0; i < n; i++) { const t = performance.now(); await rename(); lat8.push(performance.now() - t); } }
await Promise.all(Array.from({length: 8}, () => lane(N_RPC / 8)));
out.rpc8_p50_us = pct(lat8, 0.5);
out.rpc8_p99_us = pct(lat8, 0.99);
auroraview.send_event("report", out);
</script></body></html>""" % (N_FIRE, N_RPC, N_EMIT, N_FLOOD)


def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE_SIZE / 2**20


class Ticker:
    def __init__(self):
        self.last = None
        self.worst = 0.0
        self.active = False
        self.peak_rss = 0.0

    def tick(self):
        t = time.perf_counter()
        if self.active and self.last is not None:
            self.worst = max(self.worst, t - self.last)
        self.last = t
        self.peak_rss = max(self.peak_rss, rss_mib())


def emit_all(view, event, n, make):
    """Emits n events from this (worker) thread; a full queue is waited out, never dropped."""
    for i in range(n):
        data = make(i)
        while True:
            try:
                view.emit(event, data)
                break
            except auroraview.BusyError:
                time.sleep(0.001)


QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv)
ticker = Ticker()
tick_timer = QTimer()
tick_timer.setInterval(16)
tick_timer.timeout.connect(ticker.tick)
tick_timer.start()

result = {"side": "auroraview"}
view = auroraview.WebView(title="bench", width=300, height=200)
fire = {"n": 0, "t0": None}
emit_t0 = [0.0]
rpc_entries = []


@view.on("export_scene")
def on_fire(detail):
    if fire["t0"] is None:
        fire["t0"] = ticker.last = time.perf_counter()
        ticker.active = True
    fire["n"] += 1
    if fire["n"] == N_FIRE:
        result["fire_msgs_per_s"] = round(N_FIRE / (time.perf_counter() - fire["t0"]))


@view.bind_call("api.rename_object")
def rename_object(old_name, new_name):
    if len(rpc_entries) < N_RPC:  # the sequential calls only, not rpc8's
        rpc_entries.append(time.perf_counter())
    return {"ok": True, "old": old_name, "new": new_name}


def settle():
    result["rss_after_settle_mib"] = round(rss_mib(), 1)
    result["rss_peak_mib"] = round(ticker.peak_rss, 1)
    result["counters"] = auroraview.stats()
    print(json.dumps(result), flush=True)
    app.quit()


@view.on("emit_main")
def on_emit_main(detail):
    emit_t0[0] = time.perf_counter()
    for i in range(N_EMIT):
        view.emit("update_main", {"frame": i, "objects": ["cube", "sphere"]})


@view.on("report")
def on_report(d):
    result.update(d)
    if "rpc8_p99_us" in d:
        result.update(interval_stats(rpc_entries, "rpc_py"))
        emit_t0[0] = time.perf_counter()
        threading.Thread(target=emit_all, args=(view, "update_data", N_EMIT,
                                                lambda i: {"frame": i, "objects": ["cube", "sphere"]})).start()
    elif "emit_done" in d:
        result["emit_msgs_per_s"] = round(N_EMIT / (time.perf_counter() - emit_t0[0]))
        del result["emit_done"]
        ticker.tick()
        ticker.active = False
        result["stall_worst_ms"] = round(ticker.worst * 1000, 1)
    elif "emit_main_done" in d:  # the page sent emit_main after emit_done: its handler ran
        result["emit_main_msgs_per_s"] = round(N_EMIT / (time.perf_counter() - emit_t0[0]))
        del result["emit_main_done"]
        result["rss_before_flood_mib"] = round(rss_mib(), 1)
        ticker.peak_rss = 0.0
        threading.Thread(target=emit_all, args=(view, "flood", N_FLOOD,
                                                lambda i: {"frame": i, "objects": ["cube", "sphere"]})).start()
    elif "flood_done" in d:
        del result["flood_done"]
        QTimer.singleShot(2000, settle)


view.load_html(PAGE)
view.show()
QTimer.singleShot(300000, lambda: (print(json.dumps({**result, "timeout": True})), app.quit()))
app.exec()
