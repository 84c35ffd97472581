"""ReadyEvents and the require_* decorators on real views (docs/api/python.md, "ReadyEvents"),
through methods of a WebView subclass decorated as upstream AuroraView's users decorate them:
- A: a require_loaded method called on the main thread right after the view is made waits (the
  page goes on loading meanwhile) and runs after the on_loaded hooks; require_shown with a short
  timeout raises RuntimeError while the window is hidden and runs once it is shown;
  require_ready then runs at once; a navigation clears loaded and bridge_ready when it starts,
  and a require_loaded method called then waits for the new page; hiding clears shown;
- B: a require_bridge_ready method called on another thread before the page is up waits for the
  bridge;
- C: a view that never loads, closed while another thread waits in a require_loaded method:
  that call raises ClosedError;
- D: its page calls a bound require_shown method while its window is still hidden: the answer
  comes once the window is shown;
- a class that is not a WebView: the decorators call through at once.
Reports what each step saw."""
import threading

from harness import capture_log, on_main_thread, report

import auroraview
from auroraview import (ClosedError, ReadyEvents, WebView, _core, require_bridge_ready, require_created,
                        require_loaded, require_ready, require_shown)

log = capture_log()
result = {"order": []}
order = result["order"]
PAGE = "<!doctype html><title>{0}</title><p>{0}</p>"


def wait_for(done, what):
    if not _core.wait_until(done, 60.0):
        raise SystemExit(f"scenario stuck waiting for {what}")


class ToolView(WebView):
    @require_loaded
    def page_url(self):
        order.append(f"{self.title}: page_url ran")
        return {"url": self.get_current_url(), "status": self.ready_events.status()}

    @require_bridge_ready
    def bridge_status(self):
        return {"status": self.ready_events.status(), "main_thread": on_main_thread()}

    @require_shown(timeout=0.5)
    def visible_size(self):
        return {"width": self.width, "height": self.height, "shown": self.ready_events.is_shown()}

    @require_shown(timeout=60)
    def size_when_shown(self):
        return self.visible_size()

    @require_ready
    def everything(self):
        return self.ready_events.status()

    @require_created
    def made(self):
        return "ran"

    @require_loaded(timeout=120)
    def never_loads(self):
        return "ran"


# ---- A: the main thread ----------------------------------------------------------------------
a = ToolView(title="A", width=320, height=240, html=PAGE.format("first"))
a.on_loaded(lambda: order.append("A: loaded hook"))
result["a_is_ready_events"] = isinstance(a.ready_events, ReadyEvents)
result["a_made"] = a.made()
result["a_before"] = a.ready_events.status()
order.append("A: page_url called")
result["a_page_url"] = a.page_url()

# ---- B: another thread, before B's page is up ------------------------------------------------
b = ToolView(title="B", html=PAGE.format("b"))
b_seen = {}
b_thread = threading.Thread(target=lambda: b_seen.update(b.bridge_status()))
b_thread.start()

try:
    a.visible_size()
    result["a_hidden_size"] = "ran"
except RuntimeError as e:
    result["a_hidden_size"] = [type(e).__name__, str(e)]
a.show(block=False)
result["a_shown_size"] = a.visible_size()
result["a_everything"] = a.everything()
result["a_loaded_is_event"] = [a.ready_events.loaded.is_set(), a.ready_events.loaded.wait(0)]


@a.on_load_started
def navigating(data):
    result.setdefault("a_navigating", a.ready_events.status())  # the first start after the load below


a.load_html(PAGE.format("second"), "https://auroraview.localhost/second")
wait_for(lambda: "a_navigating" in result, "A's second load to start")
result["a_second_page_url"] = a.page_url()  # waits for the new page
a.hide()
wait_for(lambda: not a.ready_events.is_shown(), "A's hidden event")
result["a_after_hide"] = [a.ready_events.status(), a.ready_events.wait_shown(timeout=0.2)]

wait_for(lambda: not b_thread.is_alive(), "B's thread")
result["b"] = b_seen

# ---- C: closed while another thread waits ----------------------------------------------------
c = ToolView(title="C")
c_seen = {}
c_waiting = threading.Event()


def c_worker():
    c_waiting.set()
    try:
        c_seen["returned"] = c.never_loads()
    except RuntimeError as e:
        c_seen["raised"] = [type(e).__name__, isinstance(e, ClosedError), str(e)]


c_thread = threading.Thread(target=c_worker)
c_thread.start()
wait_for(c_waiting.is_set, "C's thread")
c.close()
wait_for(lambda: not c_thread.is_alive(), "C's thread to end")
result["c"] = c_seen

# ---- D: the page calls a require_shown method while its window is hidden ---------------------
d = ToolView(title="D", width=300, height=200, html="""<!doctype html><script>
window.addEventListener("auroraviewready", async () => {
  const size = await auroraview.call("api.visible_size");
  auroraview.send_event("got", size);
});
</script>""")
d.bind_call("api.visible_size", d.size_when_shown)
d.on_ready(lambda url: auroraview.run_on_main_thread(d.show, False))
d.on("got", lambda size: result.update(d=size))
wait_for(lambda: "d" in result, "D's page")


# ---- not a view ------------------------------------------------------------------------------
class NotAView:
    @require_loaded
    def run(self):
        return "ran"


result["not_a_view"] = NotAView().run()
result["warnings"] = [message for level, message, _ in log if level == "WARNING"]
for view in (a, b, d):
    view.close()
report(result)
