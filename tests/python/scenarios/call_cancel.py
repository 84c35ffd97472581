"""Issue 19 deliverable 4: a sync handler sees that its call was cancelled
(auroraview.current_call().cancelled) while it spins the host's event loop, as a long DCC
operation with a progress dialog does.

A PyQt host. View A's page, one step after another:
  - aborts (AbortController) a call whose sync handler spins processEvents() until its call reads
    cancelled (meanwhile view B's page sends an event and a call, handled inside the spin), after
    sending a second call (queued behind the running one) and aborting that too; then makes a
    next call;
  - lets a call's own timeout option expire while its handler spins;
  - makes two concurrent calls to an async handler (each awaits, the first longer);
  - aborts a call whose async handler awaits;
  and reports. Then view B's sync handler spins while its page is replaced (load_html), and
view C's while C closes. current_call() is read outside any handler too (at the top level, in a
Qt timer's callback, in an event handler)."""
import asyncio
import sys
import time

from harness import capture_log, pyqt, report, stats_moved

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402  (after the host's application, as in a DCC)

log = capture_log()

SPIN_BOUND_S = 20  # a handler whose call never reads cancelled gives up after this: the test then fails

A_PAGE = """<!doctype html><script>
const settle = p => p.then(v => ({ok: v}), e => ({code: e.code}));
const waiting = {};
auroraview.on("spinning", d => { const r = waiting[d.tag]; delete waiting[d.tag]; if (r) r(d); });
const started = tag => new Promise(r => { waiting[tag] = r; });
const pause = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  await auroraview.whenReady();
  const out = {};
  auroraview.send_event("outside", {});
  // A running sync handler, and a call queued behind it, both aborted.
  const ac = new AbortController(), acQueued = new AbortController();
  const spinning = started("abort"), nestedDone = started("b_nested");
  const spin = settle(auroraview.call("api.spin", {tag: "abort"}, {signal: ac.signal, timeout: 60000}));
  await spinning;
  await nestedDone;  // view B's event and call ran inside this handler's spin
  const queued = settle(auroraview.call("api.record", {tag: "queued"}, {signal: acQueued.signal}));
  await pause(100);  // the queued call has reached Python's side, behind the spinning handler
  acQueued.abort();
  ac.abort();
  out.abort = await spin;
  out.queued = await queued;
  out.next = await settle(auroraview.call("api.record", {tag: "next"}));
  // The call's own timeout option.
  out.timeout = await settle(auroraview.call("api.spin", {tag: "timeout"}, {timeout: 500}));
  out.after_timeout = await settle(auroraview.call("api.record", {tag: "after_timeout"}));
  // Two async calls at once: each sees its own call.
  out.async = await Promise.all([settle(auroraview.call("api.ctx_async", {n: 1, wait: 0.3})),
                                 settle(auroraview.call("api.ctx_async", {n: 2, wait: 0.05}))]);
  // An async handler's call, aborted while it awaits.
  const acAsync = new AbortController();
  const waitingAsync = started("async_abort");
  const asyncAbort = settle(auroraview.call("api.async_wait", {}, {signal: acAsync.signal}));
  await waitingAsync;
  acAsync.abort();
  out.async_abort = await asyncAbort;
  out.last = await settle(auroraview.call("api.record", {tag: "last"}));
  auroraview.send_event("report", out);
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script>"""

B_PAGE = """<!doctype html><script>
auroraview.on("ping", () => {
  auroraview.send_event("b_event", {});
  auroraview.call("api.b_nested").then(() => auroraview.send_event("b_nested_answered", {}));
});
auroraview.on("go", () => auroraview.call("api.spin_reload").then(
  v => auroraview.send_event("b_old_page_answered", v), e => {}));
</script>"""
B_NEXT_PAGE = """<!doctype html><script>
auroraview.whenReady().then(() => auroraview.call("api.record", {tag: "b_next_page"}).then(
  v => auroraview.send_event("b_report", {next: v, pending: auroraview.pending})));
</script>"""

C_PAGE = """<!doctype html><script>
auroraview.on("go", () => auroraview.call("api.spin_close"));
</script>"""

a = auroraview.WebView(title="A", html=A_PAGE)
b = auroraview.WebView(title="B", html=B_PAGE)
c = auroraview.WebView(title="C", html=C_PAGE)
seen = {"outside": {"top_level": auroraview.current_call() is None}, "records": [], "spin": {}}


def spin_until_cancelled(view, tag, on_start=None):
    """What a long DCC operation does: spin the host's event loop until the page gives up."""
    call = auroraview.current_call()
    info = {"id": call.id, "method": call.method, "view_ok": call.view is view,
            "cancelled_at_start": call.cancelled}
    if on_start is not None:
        on_start()
    turns = 0
    deadline = time.monotonic() + SPIN_BOUND_S
    while not auroraview.current_call().cancelled and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
        turns += 1
    info["cancelled"] = call.cancelled
    info["spun"] = turns > 0
    info["same_call"] = auroraview.current_call() is call
    try:
        call.raise_if_cancelled()
        info["raised"] = None
    except auroraview.AuroraViewError as exc:
        info["raised"] = exc.code
    seen["spin"][tag] = info
    return call


@a.bind_call("api.spin")
def spin(tag):
    def started():
        a.emit("spinning", {"tag": tag})
        if tag == "abort":
            b.emit("ping")

    spin_until_cancelled(a, tag, started)
    return "a late answer"


@a.bind_call("api.record")
def record(tag):
    seen["records"].append(tag)
    if tag == "next":
        seen["stats_at_next"] = auroraview.stats()
    return tag


@a.bind_call("api.ctx_async")
async def ctx_async(n, wait):
    call = auroraview.current_call()
    await asyncio.sleep(wait)
    return {"n": n, "id": call.id, "method": call.method, "same": auroraview.current_call() is call,
            "view_ok": call.view is a, "cancelled": call.cancelled}


@a.bind_call("api.async_wait")
async def async_wait():
    call = auroraview.current_call()
    a.emit("spinning", {"tag": "async_abort"})
    try:
        await asyncio.sleep(60)
    except asyncio.CancelledError:
        seen["async_abort"] = {"cancelled": call.cancelled, "same": auroraview.current_call() is call}
        raise
    return "slept"


@a.on("outside")
def outside(_):
    seen["outside"]["event_handler"] = auroraview.current_call() is None


@a.on("report")
def a_report(out):
    seen["page_a"] = out
    b.emit("go")


@b.bind_call("api.spin_reload")
def spin_reload():
    spin_until_cancelled(b, "reload", lambda: QtCore.QTimer.singleShot(100, lambda: b.load_html(B_NEXT_PAGE)))
    return "from the old page"


@b.on("b_event")
def b_event(_):
    # Inside A's handler's spin (A's page waits for b_nested before it aborts): an event is no call.
    seen["nested"] = {"event_sees_none": auroraview.current_call() is None, "inside_a": a._core.handling}


@b.bind_call("api.b_nested")
def b_nested():
    call = auroraview.current_call()
    seen["nested"].update(call_method=call.method, call_view_ok=call.view is b, inside_a_call=a._core.handling)


@b.on("b_nested_answered")
def b_nested_answered(_):
    seen["stats_before_abort"] = auroraview.stats()  # A's page aborts after this
    a.emit("spinning", {"tag": "b_nested"})


@b.bind_call("api.record")
def b_record(tag):
    return tag


@b.on("b_old_page_answered")
def b_old_page_answered(v):
    seen["b_old_page_answered"] = v


@b.on("b_report")
def b_report(detail):
    seen["page_b"] = detail
    c.emit("go")


@c.bind_call("api.spin_close")
def spin_close():
    seen["stats_before_close"] = auroraview.stats()
    spin_until_cancelled(c, "close", lambda: QtCore.QTimer.singleShot(100, c.close))
    seen["c_closed_in_handler"] = c.closed
    QtCore.QTimer.singleShot(200, finish)
    return "to a closed view"


def finish():
    seen["stats_after_close"] = auroraview.stats()
    seen["stats_abort"] = stats_moved(seen["stats_before_abort"], seen["stats_at_next"],
                                      ["late_answers", "answered"])
    seen["stats_close"] = stats_moved(seen["stats_before_close"], seen["stats_after_close"],
                                      ["late_answers", "answered"])
    del seen["stats_before_abort"], seen["stats_at_next"], seen["stats_before_close"], seen["stats_after_close"]
    seen["outside"]["timer"] = auroraview.current_call() is None
    a.close()
    b.close()
    app.quit()


QtCore.QTimer.singleShot(60000, app.quit)  # a hang guard
a.show()
b.show()
c.show()
app.exec()
seen["log"] = log
report(seen)
