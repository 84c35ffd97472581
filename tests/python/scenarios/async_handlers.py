"""Issue 17 item 4: `async def` handlers for bind_call() and on().

View A's page calls async and plain handlers and reports what each answered: a value, an
exception (class, code, message, debug traceback), a result JSON cannot encode (the same error as
a plain handler's); a slow async call that awaits asyncio.sleep while a later plain call completes
(both orders are recorded: Python's and the page's); async event handlers, one that raises (logged
as a plain one's exception is).
View B's async handler reloads its page, then awaits and answers: the answer is dropped and
counted (late_answers), nothing crashes, the new page has nothing pending.
View C's async handler awaits "forever"; the view closes: the task is cancelled, no answer and no
error is logged for it."""
import asyncio
import sys
import time

from harness import capture_log, on_main_thread, report

import auroraview

records = capture_log()
N_REFS = 500

A_PAGE = """<!doctype html><script>
const settle = p => p.then(v => ({ok: v}),
  e => ({name: e.name, code: e.code, message: e.message, traceback: (e.data && e.data.traceback) || null}));
(async () => {
  await auroraview.whenReady();
  const out = {};
  out.add = await settle(auroraview.call("api.add", {a: 2, b: 3}));
  out.fail_async = await settle(auroraview.call("api.fail_async"));
  out.fail_sync = await settle(auroraview.call("api.fail_sync"));
  out.obj_async = await settle(auroraview.call("api.obj_async"));
  out.obj_sync = await settle(auroraview.call("api.obj_sync"));
  out.bad_args = await settle(auroraview.call("api.add", {c: 1}));
  const order = [];
  const slow = auroraview.call("api.slow").then(v => order.push(v));
  const fast = auroraview.call("api.fast").then(v => order.push(v));
  await Promise.all([slow, fast]);
  out.order = order;
  // References: N async calls (and N that raise) leave the view's objects as they found them.
  out.refs_before = await auroraview.call("api.refs");
  const all = [];
  for (let i = 0; i < N; i++) {
    all.push(auroraview.call("api.echo_async", [i]));
    all.push(auroraview.call("api.fail_async").catch(e => e.code));
  }
  out.echoed = (await Promise.all(all)).filter((v, i) => i % 2 === 0 && v === i / 2).length;
  out.refs_after = await auroraview.call("api.refs");
  auroraview.send_event("ev_async", {n: 1});
  auroraview.send_event("ev_async_fail", {n: 2});
  auroraview.send_event("ev_sync_fail", {n: 3});
  auroraview.send_event("report", out);
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script>""".replace("N;", "%d;" % N_REFS)

B_PAGE = """<!doctype html><script>
if (!sessionStorage.getItem("phase")) {
  sessionStorage.setItem("phase", "sent");
  auroraview.whenReady().then(() => auroraview.call("api.reload_then_answer").then(
    v => sessionStorage.setItem("settled", JSON.stringify({ok: v})),
    e => sessionStorage.setItem("settled", JSON.stringify({code: e.code}))));
} else {
  auroraview.whenReady().then(() => auroraview.send_event("report",
    {settled: JSON.parse(sessionStorage.getItem("settled") || "null"), pending: auroraview.pending}));
}
</script>"""

C_PAGE = """<!doctype html><script>
auroraview.whenReady().then(() => {
  auroraview.call("api.forever").then(v => auroraview.send_event("forever_answered", v));
  auroraview.call("api.ping").then(() => auroraview.send_event("close_me"));
});
</script>"""

a = auroraview.WebView(title="A", html=A_PAGE, debug=True)
b = auroraview.WebView(title="B", html=B_PAGE)
c = auroraview.WebView(title="C", html=C_PAGE)
seen = {"python_order": [], "main_thread": []}


@a.bind_call("api.add")
async def add(a, b):
    seen["main_thread"].append(on_main_thread())
    await asyncio.sleep(0)
    seen["main_thread"].append(on_main_thread())
    return a + b


@a.bind_call("api.fail_async")
async def fail_async():
    await asyncio.sleep(0)
    raise ValueError("bad thing")


@a.bind_call("api.echo_async")
async def echo_async(i):
    await asyncio.sleep(0)
    return i


@a.bind_call("api.refs")
def refs():
    return {"view": sys.getrefcount(a._core), "handler": sys.getrefcount(echo_async),
            "fail": sys.getrefcount(fail_async), "blocks": sys.getallocatedblocks()}


@a.bind_call("api.fail_sync")
def fail_sync():
    raise ValueError("bad thing")


@a.bind_call("api.obj_async")
async def obj_async():
    await asyncio.sleep(0)
    return object()


@a.bind_call("api.obj_sync")
def obj_sync():
    return object()


@a.bind_call("api.slow")
async def slow():
    seen["python_order"].append("slow started")
    started = time.monotonic()
    await asyncio.sleep(0.3)
    seen["slow_awaited_s"] = time.monotonic() - started
    seen["python_order"].append("slow done")
    return "slow"


@a.bind_call("api.fast")
def fast():
    seen["python_order"].append("fast")
    return "fast"


@a.on("ev_async")
async def ev_async(detail):
    await asyncio.sleep(0.05)
    seen["ev_async"] = detail


@a.on("ev_async_fail")
async def ev_async_fail(detail):
    await asyncio.sleep(0)
    raise KeyError("event boom")


@a.on("ev_sync_fail")
def ev_sync_fail(detail):
    raise KeyError("event boom")


def logged(fragment):
    return any(fragment in message for _, message, _ in records)


@a.on("report")
async def a_report(out):
    seen["page_a"] = out
    # The rest finishes on its own time: wait for it here (an async event handler that awaits).
    while not ("ev_async" in seen and logged("event 'ev_async_fail'") and "b_page" in seen
               and "c_cancelled" in seen and c.closed):
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)  # a late answer of B's, if one were still on its way
    seen["stats"] = auroraview.stats()
    a.close()


@b.bind_call("api.reload_then_answer")
async def reload_then_answer():
    b.load_html(B_PAGE)
    await asyncio.sleep(0.3)
    seen["b_answered_late"] = True
    return "late"


@b.on("report")
async def b_report(out):
    while "b_answered_late" not in seen:
        await asyncio.sleep(0.02)
    seen["b_page"] = out
    b.close()


@c.bind_call("api.forever")
async def forever():
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        seen["c_cancelled"] = True
        raise


@c.bind_call("api.ping")
def ping():
    return "pong"


@c.on("close_me")
def close_me(_):
    c.close()


@c.on("forever_answered")
def forever_answered(v):
    seen["c_forever_answered"] = v


b.show(block=False)
c.show(block=False)
a.show()
seen["log"] = [r for r in records if "api." in r[1] or "event '" in r[1]]
seen["fail_async_logged"] = sum("api.fail_async" in r[1] for r in seen["log"])
seen["log"] = [r for i, r in enumerate(seen["log"]) if r not in seen["log"][:i]]  # each line once
report(seen)
