"""Issue 19: page -> Python streams. auroraview.openStream(method) in the page, write()/close()/
abort(), read by an async handler's `async for item in stream`: complete and in order, the page's
writes bounded by the window, cancelled both ways, on reload, and their errors."""
import asyncio

from harness import report

import auroraview

N = 100_000
SLOW_N, SLOW_WINDOW = 200, 8

PAGE = r"""<!doctype html><html><body><script>
const tell = (k, v) => { const o = JSON.parse(sessionStorage.getItem("out") || "{}"); o[k] = v; sessionStorage.setItem("out", JSON.stringify(o)); };
const untilFlag = async (name) => {
  for (let i = 0; i < 200; i++) { if ((await auroraview.api.flags())[name]) return true; await new Promise(r => setTimeout(r, 20)); }
  return false;
};
const code = (p) => p.then((v) => ({resolved: v}), (e) => ({code: e.code, name: e.name, message: e.message}));
async function writeUntilRejected(w) {
  for (let i = 0; i < 10000; i++) { try { await w.write(i); } catch (e) { return {written: i, code: e.code, name: e.name}; } }
  return {written: 10000};
}
async function first() {
  // 1. 100k items, in order, none missing; close() gives the handler's result
  const w = auroraview.openStream("api.ingest", {tag: "count"});
  for (let i = 0; i < %(N)d; i++) await w.write(i);
  tell("count", await w.close());
  // 2. a slow Python consumer: the page's writes wait for credit
  const s = auroraview.openStream("api.slow", undefined, {window: %(W)d});
  for (let i = 0; i < %(SN)d; i++) { await s.write(i); auroraview.send_event("wrote", i + 1); }
  tell("slow", await s.close());
  // 3. the page aborts: the handler's loop gets CancelledError; close() and later writes reject
  const a = auroraview.openStream("api.endless");
  for (let i = 0; i < 3; i++) await a.write(i);
  await untilFlag("endless_got3");
  a.abort("enough");
  tell("abort", {close: await code(a.close()), write: await code(a.write(4)), cancelled: await untilFlag("endless_cancelled")});
  // 3b. the same through an AbortSignal; a signal aborted before the open sends nothing
  const ac = new AbortController();
  const b = auroraview.openStream("api.endless_signal", {}, {signal: ac.signal});
  await b.write(1);
  await untilFlag("signal_got1");
  ac.abort();
  tell("signal", {close: await code(b.close()), cancelled: await untilFlag("signal_cancelled")});
  const ac2 = new AbortController(); ac2.abort();
  tell("signal_before", (await code(auroraview.openStream("api.ingest", {}, {signal: ac2.signal}).close())).code);
  // 4. Python raises: the next write and close() reject with its error
  const f = auroraview.openStream("api.fails", undefined, {window: 4});
  tell("fails", {write: await writeUntilRejected(f), close: await code(f.close())});
  // 5. Python returns before the page closes: writes reject CANCELLED, close() gives the result
  const e = auroraview.openStream("api.early", undefined, {window: 4});
  tell("early", {write: await writeUntilRejected(e), close: await code(e.close())});
  // 6. a sync handler is refused, as is a method nobody bound
  tell("sync", await code(auroraview.openStream("api.sync_reader").close()));
  tell("unbound", (await code(auroraview.openStream("api.nobody").close())).code);
  // 7. a reload with a stream open cancels its handler
  sessionStorage.setItem("phase", "reloading");
  const r = auroraview.openStream("api.endless_reload");
  await r.write(1);
  await untilFlag("reload_got1");
  auroraview.api.reload_page().catch(() => {});
}
async function second() {
  tell("reload_cancelled", await untilFlag("reload_cancelled"));
  auroraview.send_event("report", JSON.parse(sessionStorage.getItem("out")));
}
auroraview.whenReady().then(() => (sessionStorage.getItem("phase") ? second() : first()).catch(e => auroraview.send_event("report", {failed: String(e && e.stack || e)})));
</script></body></html>""" % {"N": N, "W": SLOW_WINDOW, "SN": SLOW_N}

view = auroraview.WebView(title="page streams", html=PAGE)
flags = {}
slow = {"consumed": 0, "ahead": 0}


@view.bind_call("api.ingest")
async def ingest(tag=None, *, stream):
    count, in_order = 0, True
    async for item in stream:
        in_order = in_order and item == count
        count += 1
    return {"tag": tag, "count": count, "inOrder": in_order}


@view.on("wrote")
def wrote(k):
    slow["ahead"] = max(slow["ahead"], k - slow["consumed"])


@view.bind_call("api.slow")
async def slow_reader(*, stream):
    async for item in stream:
        slow["consumed"] = item + 1  # taken: the window bounds the items written and not taken yet
        await asyncio.sleep(0.002)
    return slow["consumed"]


def endless_as(name):
    async def endless(*, stream):
        try:
            async for item in stream:
                flags[f"{name}_got{item + 1}"] = True
        except asyncio.CancelledError:
            flags[f"{name}_cancelled"] = True
            raise
    return endless


view.bind_call("api.endless", endless_as("endless"))
view.bind_call("api.endless_signal", endless_as("signal"))
view.bind_call("api.endless_reload", endless_as("reload"))


@view.bind_call("api.fails")
async def fails(*, stream):
    async for item in stream:
        if item == 2:
            raise ValueError("bad frame 2")


@view.bind_call("api.early")
async def early(*, stream):
    async for item in stream:
        if item == 2:
            return "enough at 2"


@view.bind_call("api.sync_reader")
def sync_reader(*, stream):
    return list(stream)


@view.bind_call("api.reload_page")
def reload_page():
    view.load_html(PAGE)


@view.bind_call("api.flags")
def get_flags():
    return flags


result = {}


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["slow_python"] = slow
result["window"] = SLOW_WINDOW
report(result)
