"""Measures the candidate roads for big payloads (DESIGN.md section 9; docs/architecture.md, "Big
payloads: the other road, measured"), with a 60 Hz timer on the host that records its worst gap
per phase. Not a benchmark against peers (that is bench/e2e); a quick probe of this engine:

  call:    a call echo of N MiB strings and bytes on the JSON road;
  emit:    an emit of N MiB strings and bytes (from 1 MiB of JSON, the scheme road: a blob the
           bridge reads with XHR);
  fetch:   Python -> page as an auroraview:// resource the page reads with XHR (fetch() does not
           take custom schemes before Qt 6.6), from an asset root holding N MiB;
  pieces:  page -> Python as events of 256 Ki characters, one per page task.

Run: QT_QPA_PLATFORM=offscreen PYTHONPATH=build/default/python AURORAVIEW_QT=6 python3 bench/big_road/probe.py
"""
import importlib
import os
import sys
import tempfile
import time

QT = int(os.environ.get("AURORAVIEW_QT") or 6)
QtCore = importlib.import_module(f"PyQt{QT}.QtCore")
QtWidgets = importlib.import_module(f"PyQt{QT}.QtWidgets")
app = QtWidgets.QApplication(sys.argv)
import auroraview  # noqa: E402

MIB = 1 << 20
auroraview.configure(max_message_bytes=256 * MIB)
root = tempfile.mkdtemp(prefix="av_big_road_")
for mb in (10, 100):
    with open(os.path.join(root, f"b{mb}.bin"), "wb") as f:
        f.write(b"x" * (mb * MIB))

PAGE = r"""<!doctype html><script>
const T = {timeout: 120000};
const M = 1 << 20;
const rows = [];
let emitted = null;
auroraview.on("big", () => { emitted = performance.now(); });
const phase = (name) => auroraview.call("api.phase", name, T);
const xhr = (url) => new Promise((resolve, reject) => {
  const x = new XMLHttpRequest(); x.open("GET", url); x.responseType = "arraybuffer";
  x.onload = () => resolve(x.response); x.onerror = () => reject(new Error("XHR failed")); x.send();
});
(async () => {
  await auroraview.whenReady();
  for (const [kind, mb] of [["str", 1], ["str", 10], ["bytes", 1], ["bytes", 10]]) {
    const value = kind === "str" ? "x".repeat(mb * M) : new Uint8Array(mb * M).fill(7);
    await phase(`call: ${kind} ${mb} MiB`);
    const t = performance.now();
    const back = await auroraview.call("api.echo", [value], T);
    rows.push([`call: ${kind} ${mb} MiB`, performance.now() - t, back.length === value.length]);
  }
  for (const [kind, mb] of [["str", 1], ["str", 10], ["str", 100], ["bytes", 10], ["bytes", 100]]) {
    await phase(`emit: ${kind} ${mb} MiB`);
    emitted = null;
    const t = performance.now();
    await auroraview.call("api.emit", [kind, mb], T);
    while (emitted === null) await new Promise((r) => setTimeout(r, 0));
    rows.push([`emit: ${kind} ${mb} MiB`, emitted - t, true]);
  }
  for (const mb of [10, 100]) {
    await phase(`fetch: ${mb} MiB`);
    const url = await auroraview.call("api.url", mb, T);
    const t = performance.now();
    const buf = await xhr(url);
    rows.push([`fetch: ${mb} MiB`, performance.now() - t, buf.byteLength === mb * M]);
  }
  const piece = "x".repeat(256 * 1024);
  for (const mb of [10, 50]) {
    await phase(`pieces: ${mb} MiB`);
    const t = performance.now();
    for (let i = 0; i < mb * 4; i++) { auroraview.send_event("piece", piece); await new Promise((r) => setTimeout(r, 0)); }
    const got = await auroraview.call("api.pieces", undefined, T);
    rows.push([`pieces: ${mb} MiB`, performance.now() - t, got === mb * M]);
  }
  auroraview.send_event("done", rows);
})().catch((e) => auroraview.send_event("done", String(e)));
</script>"""

view = auroraview.WebView(title="big road probe", html=PAGE, asset_root=root)
gaps, clock = {}, {"phase": "load", "last": time.perf_counter()}
received = [0]


def tick():
    now = time.perf_counter()
    gaps[clock["phase"]] = max(gaps.get(clock["phase"], 0.0), now - clock["last"])
    clock["last"] = now


timer = QtCore.QTimer()
timer.setInterval(16)
timer.timeout.connect(tick)
timer.start()


@view.bind_call("api.phase")
def phase(name):
    clock["phase"] = name


@view.bind_call("api.echo")
def echo(value):
    return value


@view.bind_call("api.emit")
def emit(kind, mb):
    view.emit("big", {"v": "x" * (mb * MIB) if kind == "str" else bytes(mb * MIB)})


@view.bind_call("api.url")
def url(mb):
    return view.asset_url + f"b{mb}.bin"


@view.on("piece")
def piece(detail):
    received[0] += len(detail)


@view.bind_call("api.pieces")
def pieces():
    n, received[0] = received[0], 0
    return n


@view.on("done")
def done(rows):
    print(f"Qt {QT}")
    if isinstance(rows, str):
        print(rows)
    for name, ms, ok in rows if isinstance(rows, list) else []:
        print(f"{name:26} {ms:7.0f} ms  worst host tick gap {gaps.get(name, 0) * 1000:5.0f} ms  {'ok' if ok else 'WRONG'}")
    view.close()
    QtCore.QTimer.singleShot(0, app.quit)


view.show()
app.exec() if hasattr(app, "exec") else app.exec_()
