"""The project's big-data rows of the end-to-end benchmark (bench/run.sh), in a PyQt6 host whose
60 Hz QTimer is the host's UI tick; peer_bigdata.py does the same through QWebChannel.

  rt_<kind><mib>    a call whose parameter is an N MiB string (str) or Uint8Array (bytes) that
                    Python echoes back; the page's clock from the call to the answer (ms)
  emit_<kind><mib>  Python emits an N MiB str (or bytes) from a handler on the main thread;
                    from the emit until the page reports it has it, on the Python clock (ms)
  ..._gap_ms        the worst gap between host ticks during that transfer (ms)
  stream_*          N_STREAM chunks of 1 KiB: through the page's auroraview.stream (a Python
                    generator bound as a call, read with for await) when the engine has it,
                    else (or when it fails: stream_failed says why) through a channel
                    (view.create_channel(), the page's auroraview.channel(id)) fed by a worker
                    thread that waits out a full channel; stream_path says which. Chunks/s
                    until the page has them all, the worst host tick gap, and the peak RSS of
                    this process and of it with its Chromium helpers
A transfer the engine refuses reports "refused"; bytes report "n/a" until the engine carries
them (found by trying: a Uint8Array must come back as one, and bytes must arrive as one).
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
from memory import Sampler

N_STREAM = int(os.environ.get("N_STREAM", 1000000))
STR_MIB = [int(x) for x in os.environ.get("BIG_STR_MIB", "1,10,100").split(",")]
BYTES_MIB = [int(x) for x in os.environ.get("BIG_BYTES_MIB", "10,100").split(",")]
MIB = 1 << 20

PAGE = """<!doctype html><html><body><script type="module">
const STR_MIB = %s, BYTES_MIB = %s, N_STREAM = %d, MIB = 1 << 20;
const send = (name, detail) => auroraview.send_event(name, detail);
const isBytes = (v, n) => v instanceof Uint8Array && v.length === n;
let gotEmit = null;
auroraview.on("big", (d) => gotEmit(d && d.data));
function emitted(name, mib, kind) {
  return new Promise((resolve) => {
    gotEmit = (d) => { const ok = kind === "str" ? typeof d === "string" && d.length === mib * MIB : isBytes(d, mib * MIB);
                       send("got", {name, ok}); resolve(); };
    send("emit_req", {name, mib, kind});
  });
}
async function roundTrip(name, make, check) {
  const payload = make();
  send("phase", {name});
  const t = performance.now();
  let out;
  try {
    const back = await auroraview.call("api.echo", {data: payload});
    out = check(back) ? {ms: Math.round(performance.now() - t)} : {ms: "wrong answer"};
  } catch (e) {
    out = {ms: /TOO_LARGE|too.large|above/i.test(`${e.code} ${e.message}`) ? "refused" : `error: ${e.code || e.message}`};
  }
  send("phase_end", {name, ...out});
}
const probe = await auroraview.call("api.echo", {data: new Uint8Array([1, 2, 3, 4])}).catch(() => null);
const bytesBack = isBytes(probe, 4);
for (const mib of STR_MIB) {
  await roundTrip(`rt_str${mib}`, () => "x".repeat(mib * MIB), (b) => typeof b === "string" && b.length === mib * MIB);
  await emitted(`emit_str${mib}`, mib, "str");
}
for (const mib of BYTES_MIB) {
  if (bytesBack) await roundTrip(`rt_bytes${mib}`, () => new Uint8Array(mib * MIB).fill(7), (b) => isBytes(b, mib * MIB));
  else send("phase_end", {name: `rt_bytes${mib}`, ms: "n/a"});
  await emitted(`emit_bytes${mib}`, mib, "bytes");
}
// The stream API of issue 19 (a generator bound as a call, read with for await) when the engine
// has one; otherwise, or if it fails, a channel.
let streamed = false;
if (typeof auroraview.stream === "function") {
  send("stream_start", {path: "auroraview.stream"});
  try {
    let n = 0;
    for await (const chunk of auroraview.stream("api.bench_stream", {n: N_STREAM})) n++;
    streamed = n === N_STREAM;
    send(streamed ? "stream_done" : "stream_failed", {why: `${n} chunks of ${N_STREAM}`});
  } catch (e) {
    send("stream_failed", {why: `${e.code || ""} ${e.message}`});
  }
}
if (!streamed) {
  let taken = 0;
  auroraview.channel("bench_stream").onMessage((chunk) => { if (++taken === N_STREAM) send("stream_done", {}); });
  send("stream_req", {});
}
</script></body></html>""" % (json.dumps(STR_MIB), json.dumps(BYTES_MIB), N_STREAM)

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv)
sampler = Sampler(os.getpid())
result = {"side": "auroraview"}
view = auroraview.WebView(title="bigdata", width=300, height=200)
emit_t0 = [0.0]


def payload(kind, mib):
    return "x" * (mib * MIB) if kind == "str" else bytes(mib * MIB)


@view.bind_call("api.echo")
def echo(data):
    return data


@view.on("phase")
def on_phase(d):
    sampler.start()


@view.on("phase_end")
def on_phase_end(d):
    result[d["name"] + "_ms"] = d["ms"]
    result[d["name"] + "_gap_ms"] = sampler.stop()["gap_ms"] if isinstance(d["ms"], int) else None


@view.on("emit_req")
def on_emit_req(d):
    name = d["name"]
    data = payload(d["kind"], d["mib"])
    sampler.start()
    emit_t0[0] = time.perf_counter()
    try:
        view.emit("big", {"data": data})
    except (TypeError, ValueError) as e:  # bytes before the engine carries them
        result[name + "_ms"], result[name + "_gap_ms"] = "n/a", None
        result[name + "_why"] = str(e)[:120]
        view.emit("big", None)
    except auroraview.AuroraViewError as e:  # above the engine's payload limit
        result[name + "_ms"], result[name + "_gap_ms"] = "refused", None
        result[name + "_why"] = str(e)[:120]
        view.emit("big", None)


@view.on("got")
def on_got(d):
    name = d["name"]
    if name + "_ms" in result:  # refused or n/a before it was sent
        sampler.stop()
        return
    ms = round((time.perf_counter() - emit_t0[0]) * 1000)
    result[name + "_gap_ms"] = sampler.stop()["gap_ms"]
    result[name + "_ms"] = ms if d["ok"] else "n/a"


CHUNK = "c" * 1024


@view.bind_call("api.bench_stream")
def bench_stream(n):
    for _ in range(n):
        yield CHUNK


@view.on("stream_start")
def on_stream_start(d):
    result["stream_path"] = d["path"]
    sampler.start()
    emit_t0[0] = time.perf_counter()


@view.on("stream_failed")
def on_stream_failed(d):
    result["stream_failed"] = d["why"][:200]


def stream(channel):
    chunk = CHUNK
    for _ in range(N_STREAM):
        while True:
            try:
                channel.send(chunk)
                break
            except auroraview.BusyError:
                time.sleep(0.0002)


@view.on("stream_req")
def on_stream_req(d):
    result["stream_path"] = "channel"
    channel = view.create_channel("bench_stream", capacity=4096)
    sampler.start()
    emit_t0[0] = time.perf_counter()
    threading.Thread(target=stream, args=(channel,), daemon=True).start()


@view.on("stream_done")
def on_stream_done(d):
    seconds = time.perf_counter() - emit_t0[0]
    s = sampler.stop()
    result.update(stream_items_per_s=round(N_STREAM / seconds), stream_gap_ms=s["gap_ms"],
                  stream_peak_rss_mib=s["peak_rss_mib"], stream_peak_tree_rss_mib=s["peak_tree_rss_mib"])
    print(json.dumps(result), flush=True)
    app.quit()


view.load_html(PAGE)
view.show()
QTimer.singleShot(600000, lambda: (print(json.dumps({**result, "timeout": True})), app.quit()))
app.exec()
