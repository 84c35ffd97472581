"""Runs snippets of docs/guide for real: argv[1] is a JSON spec written by test_guide.py.

  mode        "program": the Python snippets make their own view from PAGE and call show();
              "fragment": this program makes `view` from PAGE, runs the snippets, then show()
  python, js  the snippets' code, run in order (all JS in one module script of the page)
  extra_js    test-owned JS run after the snippets (e.g. a DOM CustomEvent)
  page_stubs  names the JS snippets call as "your code": each call is recorded
  py_stubs    the same for the Python snippets
  py_watch    events the Python side records if they ever arrive (they must not, say)
  close_after the views are closed once this many calls were recorded

Reports {"observed": [[name, args], ...]} in the order the calls were recorded.
"""
import json
import sys
import threading

from harness import QT, report

import auroraview

spec = json.load(open(sys.argv[1]))
observed = []
views = []
lock = threading.Lock()


def close_all():
    for view in list(views):
        view.close()


def record(name, args):
    with lock:
        observed.append([name, list(args)])
        done = len(observed) == spec["close_after"]
    if done:
        close_all()


def py_stub(name):
    return lambda *args: record(name, args)


STUB_JS = """
function __observe(name, args) { auroraview.send_event("__guide_observe", {name, args}); }
window.addEventListener("error", (e) => __observe("__error", [String(e.message)]));
window.addEventListener("unhandledrejection", (e) => __observe("__error", [String(e.reason)]));
"""
stubs = "".join(f"function {n}(...args) {{ __observe({n!r}, args); }}\n" for n in spec["page_stubs"])
module_js = "\n".join(spec["js"]) + "\n" + spec.get("extra_js", "")
if QT == 5:
    # Qt 5.15 WebEngine is Chromium 87, which has no top-level await in modules (Chromium 89):
    # the snippets run in an async function, as docs/hosts.md tells pages for Qt 5 hosts.
    module_js = "(async () => {\n" + module_js + "\n})();"
PAGE = (
    "<!doctype html><html><body><script>"
    + STUB_JS + stubs
    + "</script><script type=\"module\">\n"
    + module_js
    + "\n</script></body></html>"
)

# Every view a snippet makes reports the page's stub calls and the watched events.
_init = auroraview.WebView.__init__


def observing_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    views.append(self)
    self.on("__guide_observe", lambda d: record(d["name"], d["args"]))
    for event in spec.get("py_watch", []):
        self.on(event, lambda d, event=event: record("python saw " + event, [d]))


auroraview.WebView.__init__ = observing_init
hang_guard = threading.Timer(60, close_all)  # the test then sees what was missing
hang_guard.daemon = True
hang_guard.start()

namespace = {"PAGE": PAGE, **{n: py_stub(n) for n in spec["py_stubs"]}}
if spec["mode"] == "fragment":
    namespace["view"] = auroraview.WebView(title="guide", html=PAGE)
for code in spec["python"]:
    exec(compile(code, "<guide snippet>", "exec"), namespace)
if spec["mode"] == "fragment":
    namespace["view"].show()

hang_guard.cancel()
report({"observed": observed})
