"""The origin allowlist. A page served over HTTP from 127.0.0.1 is loaded four ways:
- "url":       load_url(its URL): the view's own content, trusted;
- "file":      load_file(its path), called from a worker thread: file:// trusted;
- "allowed":   an inline page navigates to it, with allowed_origins=[its origin];
- "forbidden": the same navigation without it: the page there gets no bridge at all (no
               window.auroraview, window.ipc or window.qt), tries to reach native anyway
               (report_server.PROBE_JS) and reports what it found to its own server.
A watcher thread closes "forbidden" (from off the main thread) once that report has come."""
import os
import sys
import threading

from harness import report
from report_server import PROBE_JS, ReportServer

import auroraview

root = sys.argv[1]
TARGET = """<!doctype html><html><body><script>
if (window.auroraview) {
  auroraview.call("api.where").then(view => auroraview.send_event("report", {view, href: location.href}));
} else {
  PROBE
}
</script></body></html>""".replace("PROBE", PROBE_JS)
with open(os.path.join(root, "page.html"), "w") as f:
    f.write(TARGET)
server = ReportServer(root)
origin = server.origin
url = origin + "/page.html"
NAVIGATE = f'<!doctype html><script>location.href = "{url}";</script>'

views = {
    "url": auroraview.WebView(url=url),
    "file": auroraview.WebView(),
    "allowed": auroraview.WebView(html=NAVIGATE, allowed_origins=[origin + "/"]),
    "forbidden": auroraview.WebView(html=NAVIGATE),
}
# From a worker thread: allow_origin and the load are queued for the main thread.
threading.Thread(target=views["file"].load_file, args=(os.path.join(root, "page.html"),)).start()
result = {"where": [], "reports": {}}


def maybe_finish():
    if len(result["reports"]) == 3 and views["forbidden"].closed:
        for view in views.values():
            view.close()


def wire(name, view):
    @view.bind_call("api.where")
    def where():
        result["where"].append(name)
        return name

    @view.on("report")
    def got_report(out):
        result["reports"][name] = out
        maybe_finish()


for name, view in views.items():
    wire(name, view)
views["forbidden"].on_closed(maybe_finish)


def watcher():
    result["probe"] = server.wait_for(1)
    views["forbidden"].close()  # off the main thread: queued for it


threading.Thread(target=watcher, daemon=True).start()
views["url"].show()
result["stats"] = auroraview.stats()
result["origin"] = origin
report(result)
