"""examples/publisher on a work folder of three files and an empty publish root (both in argv[1]),
with one more file outside the work folder. publisher_driver.js fills the real form: a publish
refused by Python's validation, a bad path, an added file, a publish to the end, and one cancelled
while it copies. Reports both sides and what is on disk."""
import hashlib
import json
import os
import sys

from example_driver import drive, import_tool
from harness import report

site = sys.argv[1]
publisher = import_tool("publisher")
work = os.path.join(site, "work")
os.makedirs(work)
for name, size in (("shot_anim.ma", 300_000), ("shot_anim.mov", 500_000), ("notes.txt", 100)):
    with open(os.path.join(work, name), "wb") as f:
        f.write(os.urandom(size))
extra = os.path.join(site, "elsewhere", "camera.abc")
os.makedirs(os.path.dirname(extra))
with open(extra, "wb") as f:
    f.write(os.urandom(200_000))
root = os.path.join(site, "publishes")
os.makedirs(root)
dialog = publisher.Publisher(work, root, user="tester", chunk_delay_s=0.05)
result = {"extra": extra, "root": root}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def rendered(_detail):
    drive(dialog.view, "publisher", finished, {"extra": extra})


def finished(page):
    result.update(page=page, published=dialog.published, cancelled=dialog.cancelled)
    manifests = {}
    for done in dialog.published:
        with open(done["manifest"], encoding="utf-8") as f:
            manifest = json.load(f)
        manifest["copies_match"] = all(
            sha256(os.path.join(done["dest"], rec["name"])) == rec["sha256"] == sha256(rec["source"])
            for rec in manifest["files"])
        manifests[done["manifest"]] = manifest
    result["manifests"] = manifests
    result["on_disk"] = sorted(os.path.relpath(os.path.join(d, n), root)
                               for d, _, names in os.walk(root) for n in names)
    dialog.close()


dialog.view.on("publisher_rendered", rendered)
dialog.view.show()
report(result)
