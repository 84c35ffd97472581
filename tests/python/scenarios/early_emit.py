"""Emits made before the page is ready: held and delivered once it is, in order; bounded (past
the view's outbound capacity emit raises BusyError, never a silent loss); stats count them
delivered only when they were."""
from harness import report

import auroraview

auroraview.configure(outbound_capacity=64)

PAGE = """<!doctype html><script>
const got = [];
auroraview.on("early", d => got.push(d.value));
auroraview.on("done", () => auroraview.send_event("got", got));
</script>"""

out = {}


def collect(view, key, then):
    @view.on("got")
    def got(detail):
        out[key] = detail
        view.close()
        then()


# 1. Emitted right after the view is made with its page: before the page exists.
first = auroraview.WebView(title="made with html", html=PAGE)
before = auroraview.stats()
for n in range(5):
    first.emit("early", n)
first.emit("done")
out["stats_before_ready"] = auroraview.stats()["delivered"] - before["delivered"]


def second_view():
    # 2. Emitted before the view's first load: they wait for the first page.
    view = auroraview.WebView(title="no content yet")
    for n in range(3):
        view.emit("early", {"value": {"n": n}})  # a dict arrives as it is
    view.emit("done")
    view.load_html(PAGE)
    collect(view, "before_first_load", third_view)


def third_view():
    # 3. More than the queue holds before the page is ready: BusyError, nothing silently lost.
    view = auroraview.WebView(title="bounded", html=PAGE)
    sent = busy = 0
    for n in range(200):
        try:
            view.emit("early", n)
            sent += 1
        except auroraview.BusyError as e:
            busy += 1
            out["busy_message"] = str(e)
            break
    out["sent_before_busy"] = sent
    out["busy"] = busy
    view.close()


collect(first, "made_with_html", second_view)
first.show()
auroraview._core.wait_until(lambda: "busy" in out, 30)
report(out)
