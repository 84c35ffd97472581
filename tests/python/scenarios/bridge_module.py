"""The npm package's ES module entry (bridge_js/index.js) in real pages. The package's files (as
package.json lists them) are served over HTTP from 127.0.0.1 beside a page that imports them:
- "inside":  the view loads the page itself (trusted): the module re-exports the injected bridge,
             a call reaches Python, inAuroraView is true and standIn() is null;
- "outside": the view navigates there without allowing the origin, so the shim injects nothing:
             the module installs its local bridge, a call rejects with NOT_IN_AURORAVIEW, a
             standIn() handler answers the next one and its emit() reaches the page's on();
             the page reports over HTTP (report_server), since it has no way to Python.
Qt 5.15's Chromium has no top-level await, so the page wraps its work in an async function."""
import json
import os
import shutil
import sys
import threading

from harness import report
from report_server import ReportServer

import auroraview

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "bridge_js")
PAGE = """<!doctype html><html><body><script type="module">
import { call, on, inAuroraView, standIn, AuroraViewError } from "./bridge/index.js";
(async () => {
  const out = {inAuroraView, href: location.href};
  try { out.first = await call("api.where", {n: 1}); }
  catch (e) { out.first = {error: e.code, isError: e instanceof AuroraViewError, message: e.message}; }
  const local = standIn({calls: {"api.where": (p) => ({standIn: true, n: p.n})}});
  out.standIn = local !== null;
  if (local) {
    out.second = await call("api.where", {n: 2});
    out.emitted = await new Promise((resolve) => { on("ping", resolve); local.emit("ping", {x: 3}); });
  }
  if (window.ipc && inAuroraView) auroraview.send_event("report", out);
  else fetch("/report?" + encodeURIComponent(JSON.stringify(out)));
})();
</script></body></html>"""

root = sys.argv[1]
with open(os.path.join(BRIDGE, "package.json")) as f:
    files = json.load(f)["files"]
os.makedirs(os.path.join(root, "bridge"))
for name in files:
    shutil.copy(os.path.join(BRIDGE, name), os.path.join(root, "bridge", name))
with open(os.path.join(root, "page.html"), "w") as f:
    f.write(PAGE)
server = ReportServer(root)
url = server.origin + "/page.html"

inside = auroraview.WebView(url=url, title="module inside")
outside = auroraview.WebView(html=f'<!doctype html><script>location.href = "{url}";</script>',
                             title="module outside")
result = {"files": files}


@inside.bind_call("api.where")
def where(n):
    return {"python": True, "n": n}


def maybe_finish():
    if "inside" in result and outside.closed:
        inside.close()


@inside.on("report")
def on_report(out):
    result["inside"] = out
    maybe_finish()


def watcher():
    reports = server.wait_for(1)
    result["outside"] = reports[0] if reports else None
    outside.close()  # off the main thread: queued for it


outside.on_closed(maybe_finish)
threading.Thread(target=watcher, daemon=True).start()
inside.show()
report(result)
