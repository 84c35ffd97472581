"""Runs snippets of docs/guide for real: argv[1] is a JSON spec written by test_guide.py.

  mode        "program": the Python snippets make their own view from PAGE and call show();
              "fragment": this program makes `view` from PAGE, runs the snippets, then show();
              "files": the snippets are whole files: `files` ({name: text}) are written into a
              fresh directory and the Python snippets run as a program saved there (__file__)
  python, js  the snippets' code, run in order; each JS snippet is a classic <script> of PAGE of
              its own, as a reader pastes it: no module, no wrapping, on every shim
  files       "files" mode: the whole files; into each .html one, the stubs' <script> goes
              before its first <script> and extra_js before </body>
  extra_js    test-owned JS run after the snippets (e.g. a DOM CustomEvent), a <script> of its own
  pre_js      test-owned JS run before the snippets (the page's own handlers a snippet feeds)
  setup_py    "fragment" mode: test-owned Python run on `view` before the snippets (the handlers
              the page's snippets call); `eval_on_ready` ([JS]) is in its namespace
  assets      "fragment" mode: {name: text} files beside the page; the page (index.html) and
              they are served by a local HTTP server and `view` is made with url= the page, so
              the page's origin serves them (fetch('/data'))
  page_stubs  names the JS snippets call as "your code": each call is recorded
  py_stubs    the same for the Python snippets
  py_watch    events the Python side records if they ever arrive (they must not, say)
  close_after the views are closed once this many calls were recorded

Reports {"observed": [[name, args], ...]} in the order the calls were recorded. An error in the
page (a snippet that throws, or does not parse: a classic script reports a SyntaxError to window's
"error" listeners) or an unhandled rejection is recorded as "__error" and closes the views at once.
"""
import functools
import http.server
import json
import os
import sys
import tempfile
import threading

from harness import QT, report

import auroraview

spec = json.load(open(sys.argv[1]))
observed = []
views = []
lock = threading.Lock()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def close_all():
    for view in list(views):
        view.close()


def record(name, args):
    with lock:
        observed.append([name, json.loads(json.dumps(list(args), default=repr))])
        done = len(observed) == spec["close_after"] or name == "__error"
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


def script(code):
    assert "</script" not in code, "a snippet cannot hold </script>"
    return "<script>\n" + code + "\n</script>\n"


# The stubs first, then each snippet as a classic script of its own (a snippet that does not parse
# then stops only itself, and is reported), then the test's own script.
PAGE = (
    "<!doctype html><html><body>\n"
    + script(STUB_JS + stubs)
    + (script(spec["pre_js"]) if spec.get("pre_js") else "")
    + "".join(script(code) for code in spec["js"])
    + (script(spec["extra_js"]) if spec.get("extra_js") else "")
    + "</body></html>"
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
if spec["mode"] == "files":
    # The whole files, saved as a reader saves them; the program's own definitions of names in
    # py_stubs (print, say) are kept out by making them builtins of its namespace instead.
    folder = tempfile.mkdtemp(prefix="auroraview-guide-")
    for name, text in spec["files"].items():
        if name.endswith(".html"):
            first = text.index("<script>")
            end = text.rindex("</body>")
            extra = script(spec["extra_js"]) if spec.get("extra_js") else ""
            text = text[:first] + script(STUB_JS + stubs) + text[first:end] + extra + text[end:]
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    namespace = {"__name__": "__main__", "__file__": os.path.join(folder, spec["program"]),
                 "__builtins__": {**__builtins__.__dict__, **{n: py_stub(n) for n in spec["py_stubs"]}}}
if spec["mode"] == "fragment" and spec.get("assets"):
    folder = tempfile.mkdtemp(prefix="auroraview-guide-")
    for name, text in {**spec["assets"], "index.html": PAGE}.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    namespace["view"] = auroraview.WebView(title="guide", url=f"http://127.0.0.1:{server.server_port}/index.html")
elif spec["mode"] == "fragment":
    namespace["view"] = auroraview.WebView(title="guide", html=PAGE)
if spec.get("setup_py"):
    exec(compile(spec["setup_py"], "<test setup>", "exec"), {**namespace, "eval_on_ready": spec.get("eval_on_ready", [])})
for code in spec["python"]:
    exec(compile(code, "<guide snippet>", "exec"), namespace)
if spec["mode"] == "fragment":
    namespace["view"].show()

hang_guard.cancel()
report({"observed": observed})
