"""WebView(asset_root=...): a directory served at auroraview://<host>/ to a trusted page.
The page (index.html, with a stylesheet, a script and an image beside it) asks for files with
XMLHttpRequest: real ones (checking their MIME types), a missing one, paths that try to leave
the root (.., encoded, double-encoded, backslash, absolute, symlinks pointing out), and paths
whose "." or "..", backslash or NUL would land on a file inside the root (the root is named
"assets": "..%2fassets%2fdata.json" is data.json), which only the refusal of those segments and
characters stops, since the real-path check finds nothing wrong with them. It reports
through the bridge; then Python asks it to navigate to an HTTP page of another origin, which gets
no bridge and reports by HTTP (report_server). A second view with another root gets another host."""
import os
import sys

from harness import capture_log, report
from report_server import PROBE_JS, ReportServer

import auroraview

site = sys.argv[1]
root = os.path.join(site, "assets")
SECRET = "SECRET-OUTSIDE-THE-ROOT"

FILES = {
    "index.html": """<!doctype html><html><head><link rel="stylesheet" href="css/style.css"></head>
<body><img id="logo" src="logo.svg"><script src="js/app.js"></script></body></html>""",
    "css/style.css": "body { color: rgb(1, 2, 3); }",
    "data.json": '{"answer": 42}',
    "logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
    "sub/index.html": "SUB-INDEX",
    "js/app.js": r"""
const PROBES = [
  "css/style.css", "js/app.js", "data.json", "logo.svg", "sub/", "inside_link.json", "missing.txt",
  "../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt", "%2e%2e%2fsecret.txt",
  "sub/..%2f..%2fsecret.txt", "..%5csecret.txt", "..%252fsecret.txt", "%00secret.txt",
  "escape.txt", "escape_dir/secret.txt", "//etc/passwd", "/etc/passwd",
  "sub%2f..%2fdata.json", "..%2fassets%2fdata.json", "%2e%2e%2fassets%2fdata.json", "sub%2f.%2findex.html",
  "sub%2F%2E%2E%2Fdata.json", "a%5cb.txt", "data.json%00.txt",
];
function get(path) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    try { x.open("GET", location.origin + "/" + path); }
    catch (e) { resolve({invalid: e.name}); return; }  // refused by the URL parser, never sent
    x.onload = () => resolve({status: x.status, type: x.getResponseHeader("content-type"), body: x.responseText.slice(0, 80)});
    x.onerror = () => resolve({error: true});
    x.send();
  });
}
auroraview.on("navigate", ({ value: url }) => { location.href = url; });
window.addEventListener("load", () => probe().catch((e) => auroraview.send_event("assets", {failed: String(e)})));
async function probe() {
  const got = {};
  for (const p of PROBES) got[p] = await get(p);
  const logo = document.getElementById("logo");
  auroraview.send_event("assets", {
    got, href: location.href, origin: location.origin, secure: window.isSecureContext,
    color: getComputedStyle(document.body).color, logo: logo.complete && logo.naturalWidth,
    where: await auroraview.call("api.where"),
  });
}
""",
}
for path, text in FILES.items():
    os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
    with open(os.path.join(root, path), "w") as f:
        f.write(text)
with open(os.path.join(site, "secret.txt"), "w") as f:
    f.write(SECRET)
os.symlink("data.json", os.path.join(root, "inside_link.json"))
with open(os.path.join(root, "a\\b.txt"), "w") as f:  # a backslash is a name's character here
    f.write("BACKSLASH-NAMED")
os.symlink(os.path.join(site, "secret.txt"), os.path.join(root, "escape.txt"))
os.symlink(site, os.path.join(root, "escape_dir"))
other = os.path.join(site, "other")
os.makedirs(other)
with open(os.path.join(other, "page.html"), "w") as f:
    f.write(f"<!doctype html><script>{PROBE_JS}</script>")
os.makedirs(os.path.join(site, "second"))

server = ReportServer(other)
log = capture_log()
result = {"where": []}
view = auroraview.WebView(asset_root=root, url="index.html")
second = auroraview.WebView(asset_root=os.path.join(site, "second"))
same = auroraview.WebView(asset_root=root + "/")
result["asset_urls"] = [view.asset_url, second.asset_url, same.asset_url]
try:
    auroraview.WebView(asset_root=os.path.join(site, "no-such-dir"))
except ValueError as e:
    result["missing_root"] = str(e)
second.close()
same.close()


@view.bind_call("api.where")
def where():
    result["where"].append(view.asset_url)
    return "assets"


@view.on("assets")
def got_assets(found):
    result["page"] = found
    result["stats_before"] = auroraview.stats()
    view.emit("navigate", server.origin + "/page.html")
    import threading

    def wait_probe():
        result["probe"] = server.wait_for(1)
        view.close()

    threading.Thread(target=wait_probe, daemon=True).start()


view.show()
result["stats"] = auroraview.stats()
result["secret"] = SECRET
result["log"] = [line for line in log if line[1].startswith("refused ")]
report(result)
