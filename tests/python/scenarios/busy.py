"""Full queues and oversized messages are explicit errors, never silent drops. With small limits:
- the page fires 100 calls in one batch at an inbound queue of 16: each is answered, with its
  result or with BUSY;
- a call and an emit above max_message_bytes fail with PAYLOAD_TOO_LARGE;
- Python emits from the main thread (nothing can drain meanwhile) until BusyError; the page
  receives exactly the emits that were accepted."""
from harness import capture_log, report

import auroraview

auroraview.configure(inbound_capacity=16, outbound_capacity=256, max_message_bytes=4096)
log = capture_log()

PAGE = """<!doctype html><html><body><script>
let received = 0;
auroraview.on("tick", () => received++);
auroraview.on("done", d => auroraview.send_event("report", {received, sent: d.sent, calls}));
let calls;
(async () => {
  const settled = await Promise.allSettled(Array.from({length: 100}, (_, i) => auroraview.call("api.echo", i)));
  calls = {ok: 0, busy: 0, other: []};
  settled.forEach((s, i) => {
    if (s.status === "fulfilled" && s.value === i) calls.ok++;
    else if (s.status === "rejected" && s.reason.code === "BUSY") calls.busy++;
    else calls.other.push(String(s.reason || s.value));
  });
  try { await auroraview.call("api.echo", "x".repeat(5000)); calls.large = "resolved"; }
  catch (e) { calls.large = e.code; }
  auroraview.send_event("flood");
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>"""

view = auroraview.WebView(title="busy", html=PAGE)
view.bind_call("api.echo", lambda i: i)
result = {}


@view.on("flood")
def flood(detail):
    try:
        view.emit("large", "x" * 5000)
    except auroraview.AuroraViewError as e:
        result["large_emit"] = e.code
    sent = 0
    try:
        while True:
            view.emit("tick", sent)
            sent += 1
    except auroraview.BusyError as e:
        result["error"] = [type(e).__name__, e.code, isinstance(e, auroraview.AuroraViewError)]
    # Runs after this drain has delivered the queue, so "done" finds room behind the ticks.
    auroraview.run_on_main_thread(view.emit, "done", {"sent": sent})


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["stats"] = auroraview.stats()
result["log"] = log
report(result)
