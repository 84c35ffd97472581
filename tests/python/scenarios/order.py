"""One page's messages reach Python in exactly the order the page sent them (the red-team issue's
test hole: "reordering two events of one page"). A real page sends, in four rounds, calls and
events of two names interleaved, each carrying a sequence number; Python appends each number as
its handler runs, whatever the handler (a call, an event of either name):
- "one post": 3000 in one microtask, which the bridge sends as one post;
- "split posts": 300 with 20 KB each in one microtask, which the bridge splits into several posts;
- "many tasks": 3000 in groups of 10, a task apart: many posts, drains in between;
- "raw posts": 1000 written straight into the transport, one envelope a post, with a refused
  envelope every 100 (counted; the order around it holds).
The page waits for every call of a round, then asks Python for the round's numbers."""
from harness import report

import auroraview

PAGE = r"""<!doctype html><html><body><script>
const T = {timeout: 60000};
const later = (ms) => new Promise((r) => setTimeout(r, ms));
const send = (seq, pad) => {
  const detail = pad ? {seq, pad} : {seq};
  if (seq % 3 === 0) return auroraview.call("api.seq", detail, T);
  auroraview.send_event(seq % 3 === 1 ? "ev.a" : "ev.b", detail);
  return null;
};
const settleAll = (ps) => Promise.all(ps.filter(Boolean));

addEventListener("load", () => (async () => {
  const out = {};
  await auroraview.call("api.round", "start", T);

  let ps = [];
  for (let i = 0; i < 3000; i++) ps.push(send(i));
  await settleAll(ps);
  out["one post"] = await auroraview.call("api.round", "one post", T);

  const pad = "p".repeat(20000);
  ps = [];
  for (let i = 0; i < 300; i++) ps.push(send(i, pad));
  await settleAll(ps);
  out["split posts"] = await auroraview.call("api.round", "split posts", T);

  ps = [];
  for (let i = 0; i < 3000; i++) {
    ps.push(send(i));
    if (i % 10 === 9) await later(0);
  }
  await settleAll(ps);
  out["many tasks"] = await auroraview.call("api.round", "many tasks", T);

  const answered = new Set();
  const real = window.auroraview;
  const spy = Object.create(real);
  Object.defineProperty(spy, "__dispatch", {value(batch) {
    for (const [name, data] of batch) if (name === "__auroraview_call_result") answered.add(Number(data.id));
    return real.__dispatch(batch);
  }});
  window.auroraview = spy;
  const calls = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 100 === 50) window.ipc.postMessage('{"type":"event","event":5,"detail":{"seq":-1}}');
    const id = 5000000 + i;
    window.ipc.postMessage(i % 3 === 0
      ? `{"type":"call","id":${id},"method":"api.seq","params":{"seq":${i}}}`
      : `{"type":"event","event":"${i % 3 === 1 ? "ev.a" : "ev.b"}","detail":{"seq":${i}}}`);
    if (i % 3 === 0) calls.push(id);
  }
  const until = Date.now() + 20000;
  while (!calls.every((id) => answered.has(id)) && Date.now() < until) await later(20);
  out["raw posts"] = await auroraview.call("api.round", "raw posts", T);
  auroraview.send_event("report", out);
})().catch((e) => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>"""

view = auroraview.WebView(title="order", html=PAGE)
seen = []
result = {}
last = None


@view.bind_call("api.seq")
def seq_call(seq, pad=None):
    seen.append(seq)


@view.on("ev.a")
def seq_a(detail):
    seen.append(detail["seq"])


@view.on("ev.b")
def seq_b(detail):
    seen.append(detail["seq"])


@view.bind_call("api.round")
def round_done(name):
    """The numbers of the round, as Python saw them, and the refusals counted meanwhile."""
    global last
    now = auroraview.stats()
    out = {"seen": list(seen), "bad": now["rejected"]["BAD_MESSAGE"] - (last or now)["rejected"]["BAD_MESSAGE"]}
    seen.clear()
    last = now
    return out


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
report(result)
