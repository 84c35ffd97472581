"""8 Python threads emit 10k events each, all at once. The page checks each thread's order and
reports what it received. Thread 0 then runs eval_js, which is queued in order with its emits."""
import threading

from harness import report

import auroraview

THREADS, EACH = 8, 10_000

PAGE = """<!doctype html><html><body><script>
const THREADS = %d, TOTAL = %d;
const next = new Array(THREADS).fill(0);
let received = 0, out_of_order = 0;
auroraview.on("tick", d => {
  if (d.i !== next[d.t]) out_of_order++;
  next[d.t] = d.i + 1;
  if (++received === TOTAL) auroraview.send_event("report", {received, out_of_order, next});
});
</script></body></html>""" % (THREADS, THREADS * EACH)

view = auroraview.WebView(title="threads", html=PAGE)
result = {"errors": []}
start = threading.Barrier(THREADS)


def producer(t):
    start.wait()  # all threads emit at the same time
    try:
        for i in range(EACH):
            view.emit("tick", {"t": t, "i": i})
        if t == 0:
            view.eval_js('auroraview.send_event("evaled", next[0])')
    except Exception as e:  # reported, and the page's count will fall short
        result["errors"].append(repr(e))


@view.on_ready
def ready(url):
    for t in range(THREADS):
        threading.Thread(target=producer, args=(t,), daemon=True).start()


@view.on("evaled")
def evaled(seen_of_thread_0):
    result["evaled"] = seen_of_thread_0
    if "page" in result:
        view.close()


@view.on("report")
def on_report(out):
    result["page"] = out
    if "evaled" in result:
        view.close()


view.show()
result["emitted"] = auroraview.stats()["emitted"]
report(result)
