"""Two classes of docs/security.md on one server:

9. Internationalised host names. A page at http://bücher.localhost:PORT/ (Chromium resolves
   *.localhost to this machine) loaded by URL in Unicode, and the same page reached by a link
   to its ASCII (punycode) spelling with allowed_origins written in Unicode: both get the
   bridge and their call answered; one canonical spelling serves the shim and the core.
11. Hooks. Every on_ready and on_closed hook runs even when one before it raises
   KeyboardInterrupt or SystemExit; each raise is logged with its traceback."""
import os
import sys

from harness import capture_log, report
from report_server import ReportServer

import auroraview

root = sys.argv[1]
PAGE = """<!doctype html><script>
auroraview.call("api.where", {href: location.href}).then(r => auroraview.send_event("answered", r));
</script>"""
with open(os.path.join(root, "page.html"), "w") as f:
    f.write(PAGE)
server = ReportServer(root)
port = server.origin.rsplit(":", 1)[1]
unicode_url = f"http://bücher.localhost:{port}/page.html"
ascii_url = f"http://xn--bcher-kva.localhost:{port}/page.html"

log = capture_log()
result = {"answered": {}, "hooks": [], "origin_of": auroraview.webview.origin_of(unicode_url)}
views = {
    "unicode_url": auroraview.WebView(title="idn", url=unicode_url),
    "unicode_allowed": auroraview.WebView(
        title="idn2", html=f'<!doctype html><script>location.href = "{ascii_url}";</script>',
        allowed_origins=[f"http://bücher.localhost:{port}"]),
}


def maybe_close():
    if len(result["answered"]) == len(views) and "ready 3" in result["hooks"] and not first.closed:
        views["unicode_allowed"].close()
        first.close()


def hook(name, raises=None):
    def fn(*args):
        result["hooks"].append(name)
        if name == "ready 3":
            auroraview.run_on_main_thread(maybe_close)
        if raises is not None:
            raise raises
    return fn


first = views["unicode_url"]
first.on_ready(hook("ready 1", KeyboardInterrupt()))
first.on_ready(hook("ready 2", SystemExit(3)))
first.on_ready(hook("ready 3"))
first.on_closed(hook("closed 1", SystemExit(4)))
first.on_closed(hook("closed 2", KeyboardInterrupt()))
first.on_closed(hook("closed 3"))

for name, view in views.items():
    view.bind_call("api.where", lambda href, name=name: {"name": name, "href": href})

    @view.on("answered")
    def answered(detail):
        result["answered"][detail["name"]] = detail["href"]
        maybe_close()


views["unicode_allowed"].show(block=False)
first.show()
result["log"] = [r for r in log if "hook" in r[1]]
result["stats"] = auroraview.stats()
report(result)
