"""A parent that launches child_mode_tool.py the way upstream AuroraView's Gallery launches its
examples (the script's path and an example name), with ChildManager.spawn:
- "run_example" (example_name="shot_tool") and then "context" (no example name, while this
  process's own environment has AURORAVIEW_EXAMPLE_NAME set): each page's "hello" arrives as
  child:message, is answered with parent:other and parent:data, and the child reports what it saw;
  the child closes its view and exits;
- then "direct": once its report has arrived this process ends, leaving it behind (the test
  checks it noticed and left its context).
argv[1]: a directory for the children's record files. Reports the events per child, in order."""
import os
import sys

from harness import report

import auroraview
from auroraview.child import ENV_EXAMPLE_NAME

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child_mode_tool.py")
records = sys.argv[1]
manager = auroraview.get_manager()
view = auroraview.WebView(title="parent", html="<!doctype html><p>parent</p>")
result = {"parent_id": manager.parent_id, "ids": {}, "events": []}
labels = {}


def spawn(style, **kwargs):
    child_id = manager.spawn(TOOL, args=[style, os.path.join(records, f"{style}.json")], **kwargs)
    labels[child_id] = style
    result["ids"][style] = child_id


def on(event):
    def handler(child_id, data):
        style = labels[child_id]
        result["events"].append([style, event, data])
        if event == "child:message":
            manager.send_to_child(child_id, "parent:other", {"ignored": True})
            manager.send_to_child(child_id, "parent:data", {"for": data["from"], "n": data["n"] + 1})
        elif event == "child:exited" and style == "run_example":
            os.environ[ENV_EXAMPLE_NAME] = "this parent's own"
            spawn("context")
        elif event == "child:exited" and style == "context":
            spawn("direct")
        elif event == "report" and style == "direct":
            view.close()

    manager.on(event, handler)


for name in ("child:ready", "child:message", "report", "child:closing", "child:exited"):
    on(name)
spawn("run_example", example_name="shot_tool")
view.show()
report(result)
