"""A tool written the way upstream AuroraView's child-aware examples are: it runs alone or as a
child, through is_child_mode / get_parent_id / get_child_id / ChildInfo, ChildContext (is_child,
parent_id, child_id, example_name, bridge, create_webview, emit_to_parent, on_parent_event) and
run_example. Started alone (run_scenario) it reports with AVRESULT; started by a parent
(scenarios/child_mode.py) it sends its report to the parent as the event "report".

argv[1], how it sets itself up:
- run_example: run_example(create_webview, on_ready=...), as child_aware_demo.py does;
- context:     `with ChildContext() as ctx:` ... view.show(), as child_window_demo.py does;
- direct:      run_example with a view made by WebView() itself, not ctx.create_webview; it
               waits for its parent to go away (the view is closed then, so show() returns).
argv[2]: a file this tool writes once it has left its context: {"left": true, "parent_closed_hooks": n}.
Standalone, it also reports how many times the log said the environment names a parent but no
channel (partial_env_warnings).

Its page asks Python to tell the parent ("send_to_parent" -> emit_to_parent("child:message")),
waits for the parent's answer (parent:data -> on_parent_event -> the page's "parent:response")
when there is a parent, and reports what it saw."""
import dataclasses
import json
import sys

from harness import capture_log, report

import auroraview
from auroraview import (ChildContext, ChildInfo, get_child_id, get_example_name, get_parent_id, is_child_mode,
                        run_example)

style, record = sys.argv[1], sys.argv[2]
PAGE = """<!doctype html><title>tool</title><script>
window.addEventListener("auroraviewready", async () => {
  const seen = {};
  const answered = new Promise((resolve) => auroraview.once("parent:response", resolve));
  seen.sent = await auroraview.call("send_to_parent", {type: "hello", n: 1});
  if (seen.sent) seen.response = await answered;
  await auroraview.call("report", [seen]);
});
</script>"""
log = capture_log()
facts = {"style": style, "module": {"is_child_mode": is_child_mode(), "get_parent_id": get_parent_id(),
                                    "get_child_id": get_child_id(), "get_example_name": get_example_name()}}
info = dataclasses.asdict(ChildInfo.from_env())
info["socket_path"] = info["socket_path"] is not None
facts["info"] = info
hooks = []


def create_webview(ctx):
    facts["ctx"] = {"is_child": ctx.is_child, "parent_id": ctx.parent_id, "child_id": ctx.child_id,
                    "example_name": ctx.example_name, "bridge": ctx.bridge is not None}
    if style == "direct":
        view = auroraview.WebView(title="Shot Tool", html=PAGE)
    else:
        view = ctx.create_webview(title="Shot Tool", width=640, height=480, html=PAGE, debug=True)
    facts["title"] = view.title

    @view.bind_call("send_to_parent")
    def send_to_parent(type: str = "", n: int = 0):
        if ctx.is_child:
            return ctx.emit_to_parent("child:message", {"type": type, "n": n, "from": ctx.child_id})
        return False

    @view.bind_call("report")
    def report_page(seen):
        facts["page"] = seen
        if ctx.is_child:
            ctx.emit_to_parent("report", facts)
        if style != "direct":  # it stays until its parent goes away
            view.close()

    if ctx.bridge:
        stop = ctx.bridge.on("parent:data", lambda data: facts.setdefault("unsubscribed_heard", []).append(data))
        stop()
        ctx.on_parent_event("parent:data", lambda data: view.emit("parent:response", data))
        ctx.on_parent_closed(lambda: hooks.append("parent_closed"))
    return view


if style == "context":
    with ChildContext() as ctx:
        view = create_webview(ctx)
        view.show()
else:
    run_example(create_webview, on_ready=lambda ctx: facts.update(on_ready=isinstance(ctx, ChildContext)))

with open(record, "w") as f:
    json.dump({"left": True, "parent_closed_hooks": len(hooks)}, f)
if not facts["module"]["is_child_mode"]:
    facts["partial_env_warnings"] = sum("has no channel to a parent" in message for _, message, _ in log)
    report(facts)
