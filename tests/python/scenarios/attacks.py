"""Attacks around the message path, from a real trusted page writing straight into the transport
(window.ipc.postMessage, below the bridge), each followed by a checkpoint call that reports what
moved (stats, events handled, answers the page got for its raw calls).

Rows (the test holds what each must give):
- floods in one post: 100k tiny events, 100k tiny calls, 100k malformed envelopes;
- duplicate keys: "id" twice, "params" twice, a key twice inside params;
- ids: huge numbers, -0, 0, "", objects, arrays, true, two spellings of one string;
- names: NUL escapes, 256 and 257 bytes of two-byte characters, an escaped slash;
- a cancel for an id nothing holds (one for another view's pending call: test_core.c);
- a byte order mark before the text and inside a string; raw lone surrogates (not escapes);
- numbers: an integer of 10k digits (params and detail), 1e400;
- one envelope with 100k unknown keys.
After them a normal call still works. A PyQt host (the Qt of the shim under test), whose 60 Hz
timer measures the worst main-thread gap of each row.
"""
import sys
import time

from harness import RAW_ANSWERS_JS, capture_log, stats_moved, pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402

log = capture_log()

PAGE = r"""<!doctype html><html><body><script>
const raw = {};
let rawCount = 0;
RAW_ANSWERS
onRawAnswer((data) => {
  const key = typeof data.id === "string" ? "s:" + data.id : String(data.id);
  if (typeof data.id === "string" || data.id >= 6000000 || data.id === 0) {
    rawCount++;
    if (!(typeof data.id === "number" && data.id >= 6000000 && data.id < 6100000)) {
      (raw[key] = raw[key] || []).push(answerOf(data));
    }
  }
});
const T = {timeout: 60000};
const later = (ms) => new Promise((r) => setTimeout(r, ms));
const C = (id, method, rest) => `{"type":"call","id":${id},"method":"${method}"${rest || ""}}`;
const E = (event, rest) => `{"type":"event","event":"${event}"${rest || ""}}`;
const batch = (n, f) => { const a = new Array(n); for (let i = 0; i < n; i++) a[i] = f(i); return "[" + a.join(",") + "]"; };

const ROWS = [
  ["100k tiny events in one post", [batch(100000, (i) => E("tiny", `,"detail":${i}`))]],
  ["100k tiny calls in one post", [batch(100000, (i) => C(6000000 + i, "api.n"))]],
  ["100k malformed envelopes in one post", [batch(100000, () => "{}")]],
  ["duplicate id", [C(6100001, "api.echo", ',"id":6100002')]],
  ["duplicate params", [C(6100003, "api.echo", ',"params":[1],"params":[2]')]],
  ["duplicate key inside params", [C(6100004, "api.echo", ',"params":{"a":1,"a":2}')]],
  ["huge ids", ['{"type":"call","id":1e400,"method":"api.echo"}', '{"type":"call","id":99999999999999999999,"method":"api.echo"}',
                '{"type":"call","id":-0,"method":"api.echo"}', '{"type":"call","id":1.0,"method":"api.echo"}']],
  ["ids of other types", ['{"type":"call","id":{"a":1},"method":"api.echo"}', '{"type":"call","id":[1],"method":"api.echo"}',
                          '{"type":"call","id":true,"method":"api.echo"}', '{"type":"call","id":null,"method":"api.echo"}']],
  ["id 0 and the empty string", [C(0, "api.echo", ',"params":["zero"]'), C('""', "api.echo", ',"params":["empty"]')]],
  ["one id in two spellings", [C('"a"', "api.echo", ',"params":[1]'), C('"\\u0061"', "api.echo", ',"params":[2]')]],
  ["NUL in a method name", [C(6100005, "api.echo\\u0000x")]],
  ["NUL in an event name", [E("tiny\\u0000x", ',"detail":-1')]],
  ["names of 256 and 257 bytes", [C(6100006, "\\u00e9".repeat(128)), C(6100007, "\\u00e9".repeat(128) + "x")]],
  ["an escaped slash in a name", [C(6100008, "api\\/slash")]],
  ["cancel for an id nothing holds", ['{"type":"cancel","id":424242}']],
  ["byte order mark before the text", ["\ufeff" + E("tiny", ',"detail":-2')]],
  ["byte order mark inside a string", [C(6100009, "api.echo", ',"params":["\ufeffx"]')]],
  ["raw lone surrogates", [C(6100010, "api.echo", ',"params":["a\ud800b","\udc00"]')]],
  ["an integer of 10k digits", [C(6100011, "api.echo", `,"params":[1${"0".repeat(10000)}]`),
                                E("big", `,"detail":1${"0".repeat(10000)}`)]],
  ["1e400", [C(6100012, "api.echo", ',"params":[1e400]')]],
  ["100k unknown keys", ['{"type":"event","event":"tiny","detail":-3,' +
                         Array.from({length: 100000}, (_, i) => `"k${i}":${i}`).join(",") + "}"]],
];

addEventListener("load", () => (async () => {
  const out = {rows: {}};
  await auroraview.call("api.checkpoint", "start", T);
  for (const [name, texts] of ROWS) {
    await auroraview.call("api.phase", name, T);
    rawCount = 0;
    for (const text of texts) window.ipc.postMessage(text);
    // Let the answers of this row's calls arrive (the held ones never do).
    await later(name.includes("calls") ? 1500 : 300);
    const row = await auroraview.call("api.checkpoint", name, T);
    row.answers = rawCount;
    row.raw = Object.assign({}, raw);
    for (const k of Object.keys(raw)) delete raw[k];
    out.rows[name] = row;
  }
  out.normal = await auroraview.call("api.echo", {still: "ok"}, T);
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>""".replace("RAW_ANSWERS", RAW_ANSWERS_JS)

result = {}
# The host's frame clock: a 60 Hz timer's longest gap between ticks, by row (printed, not asserted).
gaps = {}
clock = {"phase": "load", "last": time.perf_counter()}


def tick():
    now = time.perf_counter()
    gaps[clock["phase"]] = max(gaps.get(clock["phase"], 0.0), now - clock["last"])
    clock["last"] = now


timer = QtCore.QTimer()
timer.setInterval(16)
timer.timeout.connect(tick)
timer.start()
view = auroraview.WebView(title="attacks", html=PAGE)
events = []
tiny_seq = []
last = None


def moved(before, after):
    return stats_moved(before, after, ("received", "handled", "unhandled", "answered"))


@view.bind_call("api.checkpoint")
def checkpoint(name):
    global last
    now = auroraview.stats()
    row = {"moved": moved(last, now) if last else {}, "events": list(events),
           "tiny": {"count": len(tiny_seq), "in_order": tiny_seq == sorted(tiny_seq)}}
    events.clear()
    tiny_seq.clear()
    last = auroraview.stats()
    return row


@view.bind_call("api.phase")
def set_phase(name):
    clock["phase"] = name


@view.bind_call("api.echo")
def echo(*args, **kwargs):
    out = kwargs or list(args)
    return out


@view.bind_call("api.n")
def n_call():
    return None


@view.bind_call("\u00e9" * 128)
def two_byte_name():
    return "256 bytes"


@view.bind_call("api/slash")
def slash():
    return "slash"


@view.on("tiny")
def on_tiny(detail):
    if isinstance(detail, int) and detail >= 0:
        tiny_seq.append(detail)
    else:
        events.append(["tiny", detail])


@view.on("big")
def on_big(detail):
    events.append(["big", len(str(detail))])


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()
    QtCore.QTimer.singleShot(0, app.quit)


view.show()
app.exec()
result["worst_gap_ms"] = {name: round(gap * 1000, 1) for name, gap in gaps.items()}
for name, ms in result["worst_gap_ms"].items():
    print(f"AVGAP {name}: worst main-thread gap {ms} ms", flush=True)
result["warnings"] = sum(1 for level, _, _ in log if level == "WARNING")
result["log"] = [[level, msg[:160]] for level, msg, _ in log]
report(result)
