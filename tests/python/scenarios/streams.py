"""Issue 19 §3/§4: Python generators and async generators read in the page with
`for await (... of auroraview.stream(...))`: complete and in order, bounded by the page's window,
closed when the page breaks out, aborts or reloads, and their errors rejecting the loop."""
import asyncio

from harness import report

import auroraview

N = 100_000
SLOW_N, SLOW_WINDOW = 400, 16

PAGE = r"""<!doctype html><html><body><script>
const tell = (k, v) => { const o = JSON.parse(sessionStorage.getItem("out") || "{}"); o[k] = v; sessionStorage.setItem("out", JSON.stringify(o)); };
const untilFlag = async (name) => {
  for (let i = 0; i < 200; i++) { if ((await auroraview.api.flags())[name]) return true; await new Promise(r => setTimeout(r, 20)); }
  return false;
};
async function first() {
  // 1. 100k items, in order, none missing
  let count = 0, inOrder = true;
  for await (const x of auroraview.stream("api.count", {n: %(N)d})) { if (x !== count) inOrder = false; count++; }
  tell("count", {count, inOrder});
  // 2. a slow consumer: Python produces at most the window ahead
  let slow = 0;
  for await (const x of auroraview.api_slow_stream()) {
    slow++;
    auroraview.send_event("consumed", slow);
    await new Promise(r => setTimeout(r, 1));
  }
  tell("slow", slow);
  // 3. break: the generator is closed, its finally runs
  const got = [];
  for await (const x of auroraview.stream("api.endless")) { got.push(x); if (got.length === 5) break; }
  tell("break", {got, closed: await untilFlag("endless_closed")});
  // 4. AbortSignal on an async generator's stream
  const ac = new AbortController();
  let n = 0, code = null;
  try {
    for await (const x of auroraview.stream("api.ticks", {}, {signal: ac.signal})) { if (++n === 3) ac.abort(); }
  } catch (e) { code = e.code; }
  tell("abort", {n, code, closed: await untilFlag("ticks_closed"), cancelled: await untilFlag("ticks_cancelled")});
  // 4b. AbortSignal on a call: the async handler's task is cancelled
  const ac2 = new AbortController();
  const answer = auroraview.call("api.slow_async", {}, {signal: ac2.signal}).then(() => "resolved", (e) => e.code);
  await untilFlag("slow_async_started");
  ac2.abort();
  tell("abort_call", {code: await answer, cancelled: await untilFlag("slow_async_cancelled"),
                      pending: auroraview.pending});
  // 4c. an already aborted signal: nothing is sent
  const ac3 = new AbortController(); ac3.abort();
  tell("abort_before", await auroraview.api.count_calls({}, {signal: ac3.signal}).then(() => "resolved", (e) => e.code));
  // 5. errors: the generator raises after two items; a method nobody bound
  const seen = [];
  try { for await (const x of auroraview.stream("api.fails")) seen.push(x); } catch (e) { tell("fails", {seen, code: e.code, name: e.name, message: e.message}); }
  try { for await (const x of auroraview.stream("api.nobody")) {} } catch (e) { tell("unbound", {code: e.code}); }
  // 6. a reload with a stream open: Python closes its generator
  sessionStorage.setItem("phase", "reloading");
  const it = auroraview.stream("api.endless_reload")[Symbol.asyncIterator]();
  await it.next();
  auroraview.api.reload_page().catch(() => {});
}
async function second() {
  tell("reload_closed", await untilFlag("reload_closed"));
  auroraview.send_event("report", JSON.parse(sessionStorage.getItem("out")));
}
auroraview.whenReady().then(() => (sessionStorage.getItem("phase") ? second() : first()).catch(e => auroraview.send_event("report", {failed: String(e && e.stack || e)})));
// the same stream through the page's own option object
auroraview.api_slow_stream = () => auroraview.stream("api.slow", {}, {window: %(W)d});
</script></body></html>""" % {"N": N, "W": SLOW_WINDOW}

view = auroraview.WebView(title="streams", html=PAGE)
flags = {}
slow = {"consumed": 0, "ahead": 0, "produced": 0}


@view.bind_call("api.count")
def count(n):
    for i in range(n):
        yield i


@view.on("consumed")
def consumed(k):
    slow["consumed"] = max(slow["consumed"], k)


@view.bind_call("api.slow")
def slow_source():
    for i in range(SLOW_N):
        slow["produced"] = i + 1
        slow["ahead"] = max(slow["ahead"], slow["produced"] - slow["consumed"])
        yield i


def endless_as(flag):
    def endless():
        i = 0
        try:
            while True:
                yield i
                i += 1
        finally:
            flags[flag] = True
    return endless


view.bind_call("api.endless", endless_as("endless_closed"))
view.bind_call("api.endless_reload", endless_as("reload_closed"))


@view.bind_call("api.ticks")
async def ticks():
    i = 0
    try:
        while True:
            yield i
            i += 1
            await asyncio.sleep(0.01)
    except asyncio.CancelledError:
        flags["ticks_cancelled"] = True
        raise
    except GeneratorExit:
        flags["ticks_cancelled"] = True  # closed at its yield rather than in its sleep
        raise
    finally:
        flags["ticks_closed"] = True


@view.bind_call("api.slow_async")
async def slow_async():
    flags["slow_async_started"] = True
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        flags["slow_async_cancelled"] = True
        raise
    return "slept"


@view.bind_call("api.count_calls")
def count_calls():
    flags["count_calls"] = flags.get("count_calls", 0) + 1


@view.bind_call("api.fails")
def fails():
    yield 1
    yield 2
    raise ValueError("no more frames")


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
result["count_calls"] = flags.get("count_calls", 0)
result["window"] = SLOW_WINDOW
report(result)
