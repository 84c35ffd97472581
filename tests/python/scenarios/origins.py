"""The origin allowlist. A page served over HTTP from 127.0.0.1 is loaded four ways:
- "url":       load_url(its URL): the view's own content, allowed;
- "file":      load_file(its path), called from a worker thread: file:// allowed;
- "allowed":   an inline page navigates to it, with allowed_origins=[its origin];
- "forbidden": the same navigation without it: its messages are refused, never handled.
A watcher thread closes "forbidden" (from off the main thread) once the core has refused it."""
import functools
import http.server
import os
import sys
import threading
import time

from harness import report

import auroraview

root = sys.argv[1]
TARGET = """<!doctype html><html><body><script>
auroraview.call("api.where").then(view => auroraview.send_event("report", {view, href: location.href}));
</script></body></html>"""
with open(os.path.join(root, "page.html"), "w") as f:
    f.write(TARGET)
server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(http.server.SimpleHTTPRequestHandler, directory=root))
threading.Thread(target=server.serve_forever, daemon=True).start()
origin = f"http://127.0.0.1:{server.server_port}"
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
    while auroraview.stats()["rejected"]["FORBIDDEN_ORIGIN"] == 0:
        time.sleep(0.02)
    views["forbidden"].close()  # off the main thread: queued for it


threading.Thread(target=watcher, daemon=True).start()
views["url"].show()
result["stats"] = auroraview.stats()
result["origin"] = origin
report(result)
