"""How batches reach the page (av_shim_view_dispatch): small ones by the WebChannel signal,
large ones by runJavaScript, and scripts by runJavaScript, all in the order native queued them.

1. Fresh views whose page's first script calls at once: each answer must arrive (the transport
   and the bridge are one injected script, so the dispatcher is always registered before the
   first batch; Qt 5 ran the two scripts in either order when they were separate).
2. One page gets, from Python, a long mix of small emits, emits large enough to go by
   runJavaScript, and eval_js scripts, in one known order: it reports what it saw, in order.
"""
from harness import report

import auroraview

FRESH_VIEWS = 8
FIRST_CALL = """<!doctype html><script>
auroraview.call("api.first", {}, {timeout: 5000}).then(
  r => auroraview.send_event("first", {ok: r}),
  e => auroraview.send_event("first", {error: e.code}));
</script>"""

ORDER = """<!doctype html><script>
const seen = [];
window.__seen = seen;
auroraview.on("step", d => seen.push(d.n));
auroraview.on("finish", () => auroraview.send_event("order", {seen}));
auroraview.send_event("ready_for_steps", {});
</script>"""

result = {"first": [], "order": None}
# Open from start to end: its show() runs the event loop while the others come and go.
anchor = auroraview.WebView(title="anchor", html="<!doctype html><p>anchor</p>")


def fresh(i):
    view = auroraview.WebView(title=f"first {i}", html=FIRST_CALL)
    view.bind_call("api.first", lambda i=i: i)

    @view.on("first")
    def first(detail):
        result["first"].append(detail)
        view.close()
        if len(result["first"]) < FRESH_VIEWS:
            fresh(len(result["first"]))
        else:
            ordered()


def ordered():
    view = auroraview.WebView(title="order", html=ORDER)
    big = "x" * (40 << 10)  # one emit above the signal's 16 KiB: a runJavaScript batch

    @view.on("ready_for_steps")
    def steps(_):
        for n in range(600):
            if n % 50 == 7:
                view.emit("step", {"n": n, "pad": big})
            elif n % 50 == 31:
                view.eval_js(f"window.__seen.push({n})")
            else:
                view.emit("step", {"n": n})
        view.emit("finish")

    @view.on("order")
    def order(detail):
        result["order"] = detail["seen"]
        view.close()
        anchor.close()


fresh(0)
anchor.show()
report(result)
