"""The bad-input table from a real page (docs/security.md): the page writes each malformed message
straight into the transport (window.ipc.postMessage, below the bridge), then asks Python for a
checkpoint. Messages of one page reach the engine in order, so the checkpoint sees what the row
did: the counters that moved (stats() rejected by code, answered, handled) and the handler runs.
Calls in the table use ids from 1000000 up, apart from the bridge's own, so the page can tell
their error answers (the bridge logs them as answers to no call of its own) from its calls.
The transport itself refuses the 64 MiB rows, above the message limit, in the page (before Qt
parses them on the host's main thread; shim/js/ipc_transport.js): postMessage throws, the
scenario reports what, and the transport's report of each is counted by the core.
Then a flood of 1M events through the bridge against an inbound queue of 4096 records: every
event is handled or refused BUSY and counted. Last, a normal call.
"""
from harness import capture_log, report

import auroraview

auroraview.configure(inbound_capacity=4096, max_message_bytes=16 << 20)
log = capture_log()

PAGE = r"""<!doctype html><html><body><script>
const answers = [];  // ids of answers to calls the bridge did not make: the table's own
const debug = console.debug;
console.debug = (...args) => {
  const m = /result for unknown call id (\d+) ignored/.exec(String(args[0]));
  if (m) answers.push(Number(m[1])); else debug.apply(console, args);
};
const E = (rest) => '{"type":"event","event":"ev"' + rest + '}';
const C = (id, rest) => '{"type":"call","id":' + id + rest + '}';
const ROWS = [
  ["empty message", ""],
  ["whitespace only", " \n\t "],
  ["plain text", "hello"],
  ["truncated object", '{"type":"call","id":1000001,"method":"api.echo"'],
  ["single quotes", "{'type':'event','event':'ev'}"],
  ["trailing comma", E(',')],
  ["leading zero id", C('01', ',"method":"api.echo"')],
  ["NaN", E(',"detail":NaN')],
  ["raw control character", '{"type":"event","event":"e\u0001v"}'],
  ["NUL character", '{"type":"event",\u0000"event":"ev"}'],
  ["bad escape", '{"type":"event","event":"\\x41"}'],
  ["trailing garbage", E('') + " x"],
  ["two objects back to back", E('') + E('')],
  ["100k-deep nesting", "[".repeat(100000)],
  ["100k-deep params", C(1000041, ',"method":"api.echo","params":' + "[".repeat(100000))],
  ["top-level string", '"call"'],
  ["top-level number", "42"],
  ["top-level null", "null"],
  ["batch of non-objects", '[1,"two",[3]]'],
  ["missing type", '{"id":1000002,"method":"api.echo"}'],
  ["unknown type", '{"type":"explode","id":1000003}'],
  ["unknown type, no id", '{"type":"explode"}'],
  ["type is a number", '{"type":1,"id":1000004,"method":"api.echo"}'],
  ["type in wrong case", '{"type":"CALL","id":1000005,"method":"api.echo"}'],
  ["call without id", '{"type":"call","method":"api.echo"}'],
  ["call without method", C(1000006, '')],
  ["method is a number", C(1000007, ',"method":7')],
  ["method is empty", C(1000008, ',"method":""')],
  ["method of 257 bytes", C(1000017, ',"method":"' + "m".repeat(257) + '"')],
  ["method with a lone surrogate escape", C(1000009, ',"method":"a\\ud800"')],
  ["method with a lone surrogate", C(1000019, ',"method":"a\ud800"')],
  ["duplicate key", C(1000010, ',"method":"api.echo","method":"api.later"')],
  ["negative id", C(-1, ',"method":"api.echo"')],
  ["fractional id", C(1.5, ',"method":"api.echo"')],
  ["object id", C('{}', ',"method":"api.echo"')],
  ["id above 2^53", C('12345678901234567', ',"method":"api.echo"')],
  ["string id of 129 bytes", C('"' + "i".repeat(127) + '"', ',"method":"api.echo"')],
  ["event without name", '{"type":"event","detail":1}'],
  ["event name is an array", '{"type":"event","event":[]}'],
  ["ready url is a number", '{"type":"ready","url":5}'],
  ["cancel without id", '{"type":"cancel"}'],
  ["one bad envelope among good ones", "[" + E('') + "," + C(1000011, '') + "," + E('') + "]"],
  ["64 MiB event", E(',"detail":"' + "x".repeat(64 << 20) + '"')],
  ["64 MiB call", C(1000043, ',"method":"api.echo","params":["' + "x".repeat(64 << 20) + '"]')],
  ["unknown method", C(1000012, ',"method":"api.nope"')],
];
// After load the bridge's own ready message has gone, so only the table moves the counters.
addEventListener("load", () => (async () => {
  await auroraview.call("api.checkpoint", "start");
  const seen = [], thrown = {};
  for (const [name, text] of ROWS) {
    try { window.ipc.postMessage(text); }
    catch (e) { thrown[name] = `${e.name}: ${e.message}`; }
    seen.push(await auroraview.call("api.checkpoint", name));
  }
  // The flood: 1M events as fast as the bridge sends them (it batches them per task).
  for (let i = 0; i < 1000000; i++) auroraview.send_event("flood", i);
  // The queue may still be full when the checkpoint goes: BUSY is the page's clear answer; retry.
  let busy = 0;
  for (;;) {
    try { await auroraview.call("api.checkpoint", "flood"); break; }
    catch (e) { if (e.code !== "BUSY") throw e; busy++; await new Promise(r => setTimeout(r, 10)); }
  }
  const normal = await auroraview.call("api.echo", {still: "ok"});
  auroraview.send_event("report", {seen, thrown, busy, normal, answers});
})().catch(e => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>"""

view = auroraview.WebView(title="bad input", html=PAGE)
result = {"rows": []}
runs = {"ev": 0, "flood": 0}
last = auroraview.stats()


def delta(before, after, first):
    """The counters a row moved, rejected codes flattened to their names. The checkpoint call
    itself is received and handled in the row, and the previous one's answer is counted in it:
    both taken off."""
    moved = {"received": after["received"] - before["received"] - 1,
             "handled": after["handled"] - before["handled"] - 1,
             "answered": after["answered"] - before["answered"] - (0 if first else 1)}
    moved = {k: n for k, n in moved.items() if n}
    moved.update({code: n - before["rejected"][code] for code, n in after["rejected"].items()
                  if n != before["rejected"][code]})
    return moved


@view.bind_call("api.checkpoint")
def checkpoint(name):
    global last
    now = auroraview.stats()
    row = {"name": name, "moved": delta(last, now, name == "start"), "runs": dict(runs)}
    for k in runs:
        runs[k] = 0
    last = auroraview.stats()  # after this call is answered it moves again: excluded
    result["rows"].append(row)
    return name


view.bind_call("api.echo", lambda *a, **k: k or list(a))


@view.on("ev")
def on_ev(detail):
    runs["ev"] += 1


@view.on("flood")
def on_flood(detail):
    runs["flood"] += 1


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["log"] = [[level, msg[:200]] for level, msg, _ in log]
report(result)
