"""Shared by the outliner scenarios: runs outliner_driver.js in a panel's page and turns what
both sides saw into one JSON-ready dict for the tests to assert on."""
import json
import os
import shutil
import tempfile

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "outliner_driver.js")


def drive(panel, done):
    """Once the page has drawn its tree, runs the driver; done(facts) runs (on the main thread)
    when the driver has finished."""

    panel.export_dir = tempfile.mkdtemp(prefix="outliner-test-")  # runs in parallel do not share files

    def on_driver_done(page):
        done(facts(panel, page))

    panel.view.on("driver_done", on_driver_done)

    def start(_detail):
        with open(DRIVER, encoding="utf-8") as f:
            panel.view.eval_js(f.read())

    if panel.rendered is not None:
        start(panel.rendered)
    else:
        panel.view.on("outliner_rendered", start)


def facts(panel, page):
    scene = panel.scene
    names = {scene.node(i).name for i in scene.ids()}
    exports = []
    for export in panel.exports:
        with open(export["path"], encoding="utf-8") as f:
            written = json.load(f)
        exports.append({"count": export["count"], "format": written["format"],
                        "paths": [n["path"] for n in written["nodes"]]})
    shutil.rmtree(panel.export_dir, ignore_errors=True)
    return {
        "page": page,
        "rendered": panel.rendered,
        "selection": [scene.node(i).name for i in panel.selection],
        "renames": [list(r) for r in panel.renames],
        "has_lantern_hero": "lantern_hero" in names,
        "has_lantern": "lantern" in names,
        "has_crate_01": "crate_01" in names,
        "exports": exports,
    }
