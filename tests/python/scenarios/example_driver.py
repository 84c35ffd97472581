"""Shared by the example scenarios (example_*.py): imports an example tool from examples/, and
drives its real page with a script (<tool>_driver.js, after driver_prelude.js) evaluated in it,
as a user would: clicks, typing and choices on the page's own elements."""
import importlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "examples"))


def import_tool(name):
    """examples/<name>/<name>.py, imported as the tool's own folder sees it."""
    sys.path.insert(0, os.path.join(EXAMPLES, name))
    return importlib.import_module(name)


def drive(view, tool, done, context=None):
    """Runs <tool>_driver.js in view's page, with context (JSON-ready) as its const context;
    done(report) runs on the main thread with what the driver returned (or {"error": ...} when it
    threw)."""
    view.on("driver_done", done)
    parts = [f"const context = {json.dumps(context)};"]
    for name in ("driver_prelude.js", f"{tool}_driver.js"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            parts.append(f.read())
    view.eval_js("\n".join(parts[:2]) + "\n(async () => {\n" + parts[2] + "\n})().then(\n"
                 "  (out) => auroraview.send_event('driver_done', out),\n"
                 "  (err) => auroraview.send_event('driver_done', { error: String(err && err.stack || err) }));")
