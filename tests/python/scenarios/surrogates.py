"""Lone UTF-16 surrogates (the red-team issue, class 12). docs/security.md says the JSON check
refuses them; a \\u escape of one has no UTF-8 form, so a handler given one could not encode it.
A real page writes, straight into the transport (below the bridge):
- an event whose detail is "a\\ud800b" (as a JSON escape) and a call whose params are "\\udc00":
  the event is refused, counted and logged, the call answered BAD_MESSAGE at once; no handler runs;
- the same among well-formed envelopes of one batch: those are handled;
- lone surrogates in a key, in nested detail, a reversed pair, a high one followed by another
  high one: each refused;
- an escaped pair "\\ud83d\\ude00": handled, a real character (U+1F600).
Then through the bridge: a call and an event holding a lone surrogate are refused in the page
(BAD_MESSAGE; send_event throws TypeError); a paired one and a literal backslash-u text go.
Every string a handler is given must encode to UTF-8 (it is echoed back through emit too).
"""
from harness import RAW_ANSWERS_JS, capture_log, report, stats_moved

import auroraview

log = capture_log()

PAGE = r"""<!doctype html><html><body><script>
const raw = {};
RAW_ANSWERS
onRawAnswer((data) => { if (Number(data.id) >= 3000000) raw[data.id] = answerOf(data); });
const T = {timeout: 20000};
const settle = (p) => p.then((v) => ({ok: v}), (e) => ({code: e.code, message: e.message}));
// The answers to raw calls, or "no answer" for those still missing after 20 s.
const waitRaw = async (ids) => {
  const until = Date.now() + 20000;
  while (!ids.every((id) => id in raw) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return Object.fromEntries(ids.map((id) => [id, id in raw ? raw[id] : "no answer"]));
};
// Texts written by hand: "\\ud800" in this source is the six characters \ud800 of a JSON escape.
const ROWS = [
  ["event detail a\\ud800b", '{"type":"event","event":"ev","detail":"a\\ud800b"}'],
  ["call params \\udc00", '{"type":"call","id":3000001,"method":"api.echo","params":"\\udc00"}'],
  ["in a batch of good ones", '[{"type":"event","event":"ev","detail":"before"},' +
     '{"type":"event","event":"ev","detail":["x","\\ud800"]},' +
     '{"type":"call","id":3000002,"method":"api.echo","params":{"k":"\\udfff"}},' +
     '{"type":"call","id":3000003,"method":"api.echo","params":["fine"]},' +
     '{"type":"event","event":"ev","detail":"after"}]'],
  ["in a key", '{"type":"event","event":"ev","detail":{"k\\udbff":1}}'],
  ["reversed pair", '{"type":"call","id":3000004,"method":"api.echo","params":"\\ude00\\ud83d"}'],
  ["high then high and low", '{"type":"event","event":"ev","detail":"\\ud800\\ud800\\udc00"}'],
  ["escaped pair", '{"type":"call","id":3000005,"method":"api.echo","params":"\\ud83d\\ude00"}'],
];

addEventListener("load", () => (async () => {
  const out = {rows: {}};
  await auroraview.call("api.checkpoint", "start", T);
  for (const [name, text] of ROWS) {
    window.ipc.postMessage(text);
    out.rows[name] = await auroraview.call("api.checkpoint", name, T);
  }
  out.raw = await waitRaw([3000001, 3000002, 3000003, 3000004, 3000005]);

  // Through the bridge (a JS string with a lone surrogate: JSON.stringify escapes it).
  out.bridge = {
    call: await settle(auroraview.call("api.echo", "a\ud800b", T)),
    pair: await settle(auroraview.call("api.echo", "\ud83d\ude00", T)),
    backslash_text: await settle(auroraview.call("api.echo", "\\ud800", T)),
  };
  try { auroraview.send_event("ev", {deep: ["\udc00"]}); out.bridge.event = "sent"; }
  catch (e) { out.bridge.event = `${e.name}: ${e.message}`; }
  out.bridge.checkpoint = await auroraview.call("api.checkpoint", "bridge", T);
  out.normal = await settle(auroraview.call("api.echo", {still: "ok"}, T));
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>""".replace("RAW_ANSWERS", RAW_ANSWERS_JS)

view = auroraview.WebView(title="surrogates", html=PAGE)
result = {"unencodable": []}
events = []
last = None


def check_encodable(value, where):
    """Every str a handler gets must have a UTF-8 form: a lone surrogate has none."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError as e:
                result["unencodable"].append(f"{where}: {e}")
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


@view.bind_call("api.checkpoint")
def checkpoint(name):
    global last
    now = auroraview.stats()
    row = {"events": list(events)}
    if last:
        row["moved"] = stats_moved(last, now, ())
    events.clear()
    last = auroraview.stats()
    return row


@view.bind_call("api.echo")
def echo(*args, **kwargs):
    check_encodable([list(args), kwargs], "call")
    return kwargs or list(args)


@view.on("ev")
def on_ev(detail):
    check_encodable(detail, "event")
    events.append(detail)
    view.emit("echoed", detail)  # encodes to UTF-8 on the way back


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["log"] = [[level, msg[:200]] for level, msg, _ in log]
report(result)
