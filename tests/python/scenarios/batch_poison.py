"""One bad envelope must not poison its batch, and the nesting limit is one number for the bridge,
the core and Python's json (the red-team issue, class 4). A real page:

1. the issue's case through the bridge, in one microtask: call a, call b with params nested
   1100 deep, call c, then an event. b is refused by the bridge before anything is sent; a and c
   resolve and the event arrives;
2. the same batch written straight into the transport (below the bridge, as a hostile or broken
   client would): the core handles a, c and the event, and answers b at once with BAD_MESSAGE,
   counted once;
3. the limit itself: params exactly AV_PAYLOAD_DEPTH_MAX (512) deep reach the Python handler
   through the bridge and through the transport; one level more is refused by the bridge
   (BAD_MESSAGE, nothing sent; send_event throws RangeError) and by the core (BAD_MESSAGE,
   answered); an event 513 deep and a 100k-deep call in a batch are refused on their own;
4. the event loop runs 800 Python frames deep, so a 512-deep decode in a handler needs more
   room than the recursion limit leaves: Python's json must still decode it, never a
   RecursionError.

Every call carries a 20 s timeout, so an unanswered one fails as TIMEOUT instead of hanging.
Answers to the raw calls (ids from 2000000) are read off the bridge's entry point.
"""
import sys

from harness import RAW_ANSWERS_JS, capture_log, stats_moved, report

import auroraview

log = capture_log()

PAGE = r"""<!doctype html><html><body><script>
const raw = {};  // id -> the answer native sent for a call written straight into the transport
RAW_ANSWERS
onRawAnswer((data) => { if (Number(data.id) >= 2000000) raw[data.id] = answerOf(data); });

const T = {timeout: 20000};
const nest = (n) => { let v = 1; for (let i = 0; i < n; i++) v = [v]; return v; };
const nestText = (n) => "[".repeat(n) + "1" + "]".repeat(n);
const settle = (p) => p.then((v) => ({ok: v}), (e) => ({code: e.code, message: e.message}));
const C = (id, method, params) =>
  `{"type":"call","id":${id},"method":"${method}"` + (params === undefined ? "" : `,"params":${params}`) + "}";
const E = (event, detail) => `{"type":"event","event":"${event}","detail":${detail}}`;
// The answers to raw calls, or "no answer" for those still missing after 20 s.
const waitRaw = async (ids) => {
  const until = Date.now() + 20000;
  while (!ids.every((id) => id in raw) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return Object.fromEntries(ids.map((id) => [id, id in raw ? raw[id] : "no answer"]));
};

addEventListener("load", () => (async () => {
  const out = {};
  await auroraview.call("api.checkpoint", "start", T);

  // 1. The issue's batch, through the bridge, in one microtask.
  const a = auroraview.call("api.echo", {n: "a"}, T);
  const b = auroraview.call("api.echo", nest(1100), T);
  const c = auroraview.call("api.echo", {n: "c"}, T);
  auroraview.send_event("ev", "bridge");
  let bAtOnce = "pending";
  b.catch((e) => { bAtOnce = e.code; });
  await new Promise((r) => setTimeout(r, 0));  // the next task: a refusal in the page came first
  out.bridge = {a: await settle(a), b: await settle(b), c: await settle(c), b_at_once: bAtOnce};
  out.bridge.checkpoint = await auroraview.call("api.checkpoint", "bridge batch", T);

  // 2. The same batch straight into the transport: the core must read past b.
  window.ipc.postMessage("[" + [C(2000001, "api.echo", '{"n":"a"}'), C(2000002, "api.echo", nestText(1100)),
                                C(2000003, "api.echo", '{"n":"c"}'), E("ev", '"raw"')].join(",") + "]");
  out.raw = await waitRaw([2000001, 2000002, 2000003]);
  out.raw.checkpoint = await auroraview.call("api.checkpoint", "raw batch", T);

  // 3. The limit: 512 passes everywhere, 513 is refused everywhere.
  out.limit = {
    bridge_512: await settle(auroraview.call("api.depth", nest(512), T)),
    bridge_513: await settle(auroraview.call("api.depth", nest(513), T)),
  };
  try { auroraview.send_event("ev", nest(513)); out.limit.event_513 = "sent"; }
  catch (e) { out.limit.event_513 = `${e.name}: ${e.message}`; }
  out.limit.bridge_checkpoint = await auroraview.call("api.checkpoint", "bridge limit", T);
  window.ipc.postMessage("[" + [C(2000004, "api.depth", nestText(512)), C(2000005, "api.depth", nestText(513)),
                                E("ev", nestText(513)), E("ev", '"after the deep event"'),
                                C(2000006, "api.depth", nestText(100000)), C(2000007, "api.echo", "7")].join(",") + "]");
  Object.assign(out.limit, await waitRaw([2000004, 2000005, 2000006, 2000007]));
  out.limit.raw_checkpoint = await auroraview.call("api.checkpoint", "raw limit", T);

  out.normal = await settle(auroraview.call("api.echo", {still: "ok"}, T));
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>""".replace("RAW_ANSWERS", RAW_ANSWERS_JS)

view = auroraview.WebView(title="batch poison", html=PAGE)
events = []
result = {}
last = None


def moved(before, after):
    return stats_moved(before, after, ("received", "handled", "answered"))


@view.bind_call("api.checkpoint")
def checkpoint(name):
    """What moved since the previous checkpoint (this call's own receipt and handling, and the
    previous checkpoint's answer, included: the test knows), and the events seen."""
    global last
    now = auroraview.stats()
    row = {"moved": moved(last, now) if last else {}, "events": list(events)}
    events.clear()
    last = auroraview.stats()
    return row


@view.bind_call("api.echo")
def echo(*args, **kwargs):
    return kwargs or list(args)


def levels(value):
    """How deep a value of nested one-element lists is (a scalar is 0), without recursion."""
    n = 0
    while isinstance(value, list) and value:
        value, n = value[0], n + 1
    return n


@view.bind_call("api.depth")
def depth(*args):
    """How deep the params arrived: an array's items are the arguments."""
    return levels(list(args))


@view.on("ev")
def on_ev(detail):
    events.append(detail if isinstance(detail, str) else f"depth {levels(detail)}")


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


def deep(n):
    """Runs the event loop n Python frames deep: a decode then has less room than the limit."""
    if n:
        return deep(n - 1)
    result["recursion_limit"] = sys.getrecursionlimit()
    view.show()


deep(800)
result["log"] = [[level, msg[:200]] for level, msg, _ in log]
report(result)
