"""load_local_html, normalize_url and path_to_file_url (upstream AuroraView's names): a local
page whose stylesheet, script and image are relative paths loads whole (through the view's asset
root; with rewrite_paths=False as a file:// page), and its script calls Python."""
import os
import sys

from harness import report

import auroraview

root = os.path.join(sys.argv[1], "my tool")
os.makedirs(os.path.join(root, "css"))
with open(os.path.join(root, "index.html"), "w") as f:
    f.write('<!doctype html><link rel="stylesheet" href="css/style.css"><script src="./app.js"></script>'
            '<p id="p">tool</p>')
with open(os.path.join(root, "css", "style.css"), "w") as f:
    f.write("#p { color: rgb(1, 2, 3); }")
with open(os.path.join(root, "app.js"), "w") as f:
    f.write('window.addEventListener("load", () => auroraview.call("api.loaded", '
            '{color: getComputedStyle(document.getElementById("p")).color, href: location.protocol}));')

out = {}
views = []


def opened(which):
    def loaded(color, href):
        out[which] = [color, href]
        views[-1].close()
        if which == "asset_root":
            open_view("file", rewrite_paths=False)
    return loaded


def open_view(which, **kwargs):
    view = auroraview.WebView(title=which)
    views.append(view)
    view.bind_call("api.loaded", opened(which))
    view.load_local_html(os.path.join(root, "index.html"), **kwargs)
    view.show()


open_view("asset_root")
auroraview._core.wait_until(lambda: "file" in out, 30)
try:
    views[-1].load_local_html(os.path.join(root, "missing.html"))
except FileNotFoundError as e:
    out["missing"] = str(e).endswith("missing.html")
out["normalize"] = [auroraview.normalize_url(u) for u in ("example.com", "HTTP://Example.com/a?b=1", "localhost:8080")]
try:
    auroraview.normalize_url("https://")
except ValueError as e:
    out["bad_url"] = str(e)
out["file_url"] = auroraview.path_to_file_url(os.path.join(root, "index.html")) == "file://" + root.replace(" ", "%20") + "/index.html"
report(out)
