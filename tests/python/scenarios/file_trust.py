"""load_file trusts the file's directory tree, not every local file. Each view loads a tool page
with load_file, which then follows a link to a target page:

- "subdir":  tool/sub/page.html, inside the tool's tree: trusted;
- "sibling": tool-evil/page.html, a sibling whose name starts with the tool's: not trusted;
- "other":   other-user/evil.html, another directory (another user's files in /tmp): not trusted;
- "dotdot":  tool/%2e%2e/other-user/evil.html, the same page reached by an encoded "..";
- "shared":  the tool page is shared/tool.html in a directory everyone may write (as /tmp): only
             that file is trusted, and shared/planted.html beside it is not;
- "allowed": the tool page with allowed_origins=[other-user's directory]: other-user/evil.html is.

A target with the bridge calls api.where and reports through it. One without has no way to the
network (Qt WebEngine's LocalContentCanAccessRemoteUrls is off: a file page's fetch, image or
navigation to http fails), so it goes back to its view's tool page with what it found in the
query, and the tool page, trusted, passes that on. Also reported: origin_of() of file URLs, and
the refusals of entries that would trust every file."""
import json
import os
import stat
import sys
import urllib.parse

from harness import report

import auroraview
from auroraview.webview import origin_of

site = os.path.realpath(sys.argv[1])

TARGET = """<!doctype html><html><body><script>
if (window.auroraview) {
  auroraview.call("api.where").then((view) => auroraview.send_event("report", {view, href: location.href}));
} else {
  const found = {href: location.href, auroraview: typeof window.auroraview, ipc: typeof window.ipc,
                 qt: typeof window.qt};
  location.href = location.hash.slice(1) + "?probe=" + encodeURIComponent(JSON.stringify(found));
}
</script></body></html>"""
TOOL = """<!doctype html><html><body><script>
const probe = new URLSearchParams(location.search).get("probe");
if (probe) {
  auroraview.send_event("probe", JSON.parse(probe));
} else {
  auroraview.on("go", ({ value: url }) => { location.href = url + "#" + location.href; });
  auroraview.send_event("tool", location.href);
}
</script></body></html>"""


def write(rel, text):
    path = os.path.join(site, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def url(rel):
    return "file://" + urllib.parse.quote(os.path.join(site, rel))


tool_page = write("tool/index.html", TOOL)
write("tool/sub/page.html", TARGET)
write("tool-evil/page.html", TARGET)
write("other-user/evil.html", TARGET)
shared_tool = write("shared/tool.html", TOOL)
write("shared/planted.html", TARGET)
os.chmod(os.path.join(site, "shared"), 0o777 | stat.S_ISVTX)  # like /tmp

result = {"site": site, "tools": {}, "reports": {}, "probes": {}, "where": [], "refused": {}}
result["origin_of"] = {
    "page": origin_of(url("tool/index.html")),
    "dir_without_slash": origin_of(url("tool")),
    "dir": origin_of(url("tool/")),
    "dotdot": origin_of(url("tool/sub/../index.html")),
    "shared": origin_of(url("shared/tool.html")),
}
for entry in ("file://", "file:///x/a%2F..%2Fb/", "file:///x/../y/"):
    try:
        auroraview.WebView(allowed_origins=[entry]).close()
        result["refused"][entry] = None
    except ValueError as e:
        result["refused"][entry] = str(e)

TARGETS = {
    "subdir": url("tool/sub/page.html"),
    "sibling": url("tool-evil/page.html"),
    "other": url("other-user/evil.html"),
    "dotdot": url("tool") + "/%2e%2e/other-user/evil.html",
    "shared": url("shared/planted.html"),
    "allowed": url("other-user/evil.html"),
}
views = {}
for name in TARGETS:
    allowed = [url("other-user/")] if name == "allowed" else []
    views[name] = auroraview.WebView(allowed_origins=allowed)


def maybe_finish():
    # Every target has reported, through its bridge or its tool page's.
    if len(result["reports"]) + len(result["probes"]) == len(TARGETS):
        for view in views.values():
            view.close()


def wire(name, view):
    @view.on("tool")
    def tool(href):
        result["tools"][name] = href
        view.emit("go", TARGETS[name])

    @view.bind_call("api.where")
    def where():
        result["where"].append(name)
        return name

    @view.on("report")
    def got(out):
        result["reports"][name] = out
        maybe_finish()

    @view.on("probe")
    def probe(found):
        result["probes"][name] = found
        maybe_finish()


for name, view in views.items():
    wire(name, view)
    view.load_file(shared_tool if name == "shared" else tool_page)


views["subdir"].show()
for view in views.values():
    view.close()
result["stats"] = auroraview.stats()
report(result)
