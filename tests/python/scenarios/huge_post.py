"""One huge post must not freeze the host (the red-team issue, class 8). Qt's WebChannel parses
every message on the host's main thread before our code sees it (Qt 6: about 55 ns a character),
so a post above the message limit (configured here to 16 MiB) is refused in the page, where it costs the host
nothing, and the page's scripts cannot reach the raw transport to get around that.

A PyQt host (the Qt of the shim under test) runs a 60 Hz QTimer and measures the longest gap
between its ticks in each phase: printed and reported, never asserted (timing on a shared
machine). The page, trusted:
- looks for window.qt (Qt's transport) in itself and in a same-origin frame;
- replaces JSON.stringify, then posts a small event through window.ipc: the event must arrive
  as sent (the transport captured its functions before any page script ran);
- for 40 M and 150 M characters: a bridge call with such params (it must reject with
  PAYLOAD_TOO_LARGE before the page's next task), then a raw window.ipc.postMessage of such an
  event (it must throw a RangeError with code PAYLOAD_TOO_LARGE); with Object.prototype.toJSON
  replaced during the raw post, which must not change what the transport reports;
- a call of 10 M characters, under the limit, still goes and is answered;
- where window.qt is reachable, posts 40 M characters through it (the bypass);
- a normal call afterwards.
Python counts what moved: every refusal counted PAYLOAD_TOO_LARGE and logged, no answer sent
for a refused call (the page refused it, not the core).
"""
import sys
import time

from harness import QT, capture_log, pyqt, report, stats_moved

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402

auroraview.configure(max_message_bytes=16 << 20)

log = capture_log()

PAGE = r"""<!doctype html><html><body><script>
const T = {timeout: 60000};
const later = (ms) => new Promise((r) => setTimeout(r, ms));
const phase = async (name) => { await auroraview.call("api.phase", name, T); await later(150); };
const M = 1000000;
const eventText = (n) => '{"type":"event","event":"big","detail":"' + "x".repeat(n) + '"}';

addEventListener("load", () => (async () => {
  const out = {sizes: {}};
  // window.qt holds at most the transport's onmessage (Qt hands signal messages to it), never send.
  out.qt_in_page = window.qt && window.qt.webChannelTransport ? typeof window.qt.webChannelTransport.send : typeof window.qt;
  const frame = document.createElement("iframe");
  frame.srcdoc = "<p>frame</p>";
  await new Promise((r) => { frame.onload = r; document.body.append(frame); });
  const fq = frame.contentWindow.qt;
  out.qt_in_frame = fq && fq.webChannelTransport ? typeof fq.webChannelTransport.send : typeof fq;
  out.max_length = window.ipc.maxLength === undefined ? null : window.ipc.maxLength;

  // A page script replaces JSON.stringify: what postMessage sends must not change.
  const realStringify = JSON.stringify;
  JSON.stringify = () => '"' + "x".repeat(40 * M) + '"';
  try { window.ipc.postMessage('{"type":"event","event":"probe","detail":"as sent"}'); out.stringify_post = "posted"; }
  catch (e) { out.stringify_post = `${e.name}: ${e.message}`; }
  JSON.stringify = realStringify;
  out.probe_checkpoint = await auroraview.call("api.checkpoint", "probe", T);

  // Under the limit: carried and handled (Qt still parses it on the main thread first).
  await phase("10M call, under the limit");
  out.under_limit = await auroraview.call("api.echo", "x".repeat(10 * M), T).then(
    (v) => ({ok: v}), (e) => ({code: e.code, message: e.message}));

  for (const n of [40, 150]) {
    const size = {};
    await phase(`${n}M call`);
    const p = auroraview.call("api.echo", "x".repeat(n * M), T);
    let atOnce = "pending";
    p.catch((e) => { atOnce = e.code; });
    await later(0);
    size.call_at_once = atOnce;
    size.call = await p.then(() => ({ok: true}), (e) => ({code: e.code, name: e.name, message: e.message}));

    await phase(`${n}M raw post`);
    const text = eventText(n * M);
    const toJSON = Object.getOwnPropertyDescriptor(Object.prototype, "toJSON");
    Object.defineProperty(Object.prototype, "toJSON", {value: () => "x".repeat(40 * M), configurable: true});
    try { window.ipc.postMessage(text); size.raw = "posted"; }
    catch (e) { size.raw = {name: e.name, code: e.code, message: e.message}; }
    delete Object.prototype.toJSON;
    if (toJSON) Object.defineProperty(Object.prototype, "toJSON", toJSON);
    await phase(`${n}M settled`);
    size.checkpoint = await auroraview.call("api.checkpoint", `${n}M`, T);
    out.sizes[`${n}M`] = size;
  }

  // The bypass: Qt's transport, where a page can still reach it.
  const qt = window.qt;
  if (qt && qt.webChannelTransport && typeof qt.webChannelTransport.send === "function") {
    await phase("40M raw transport");
    qt.webChannelTransport.send('{"type":9,"object":"auroraview_ipc","property":1,"value":' +
      JSON.stringify(eventText(40 * M)) + "}");
    out.bypass = "sent";
  } else {
    out.bypass = "no transport in reach";
  }
  await phase("after");
  out.bypass_checkpoint = await auroraview.call("api.checkpoint", "bypass", T);
  out.normal = await auroraview.call("api.echo", {still: "ok"}, T);
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>"""

view = auroraview.WebView(title="huge post", html=PAGE)
result = {}
events = []
last = None

# The host's frame clock: a 60 Hz timer, and the longest gap between its ticks, by phase (the
# phase current when the gap began).
gaps = {}
clock = {"phase": "load", "last": time.perf_counter()}


def tick():
    now = time.perf_counter()
    gap = now - clock["last"]
    gaps[clock["phase"]] = max(gaps.get(clock["phase"], 0.0), gap)
    clock["last"] = now


timer = QtCore.QTimer()
timer.setInterval(16)
timer.timeout.connect(tick)
timer.start()


@view.bind_call("api.phase")
def set_phase(name):
    clock["phase"] = name
    return name


@view.bind_call("api.checkpoint")
def checkpoint(name):
    global last
    now = auroraview.stats()
    row = {"events": list(events)}
    if last:
        row["moved"] = stats_moved(last, now, ("received", "answered"))
    events.clear()
    last = auroraview.stats()
    return row


@view.bind_call("api.echo")
def echo(*args, **kwargs):
    return kwargs or [len(a) if isinstance(a, str) else a for a in args]


@view.on("probe")
def probe(detail):
    events.append(["probe", detail])


@view.on("big")
def big(detail):
    events.append(["big", len(detail)])


@view.on("report")
def on_report(out):
    result["page"] = out
    timer.stop()
    view.close()
    QtCore.QTimer.singleShot(0, app.quit)


view.show()
last = auroraview.stats()
app.exec() if hasattr(app, "exec") else app.exec_()
result["worst_gap_ms"] = {name: round(gap * 1000, 1) for name, gap in gaps.items()}
for name, ms in result["worst_gap_ms"].items():
    print(f"AVGAP Qt {QT}: {name}: worst main-thread gap {ms} ms", flush=True)
result["log"] = [[level, msg[:300]] for level, msg, _ in log]
report(result)
