"""A parent that spawns one "orphan" child (scenarios/child_tool.py) and then only runs its loop:
the test kills this process with SIGKILL. Prints "CHILD <pid>" once the child's page is ready.
argv[1]: the marker path the child writes when it notices the parent has gone."""
import sys

import auroraview

here = __file__.rsplit("/", 1)[0]
manager = auroraview.get_manager()
view = auroraview.WebView(title="parent", html="<!doctype html><p>parent</p>")


@manager.on("page_ready")
def ready(child_id, data):
    print(f"CHILD {manager._children[child_id].process.pid}", flush=True)


manager.spawn(f"{here}/child_tool.py", args=["orphan", sys.argv[1]])
view.show()
