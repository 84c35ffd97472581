"""The communication API on one page: emit, send_event, call, errors, and JS-local events.

The page runs its steps in order and reports what it saw; Python records what reached it.
Messages from one page reach Python in the order the page sent them, so when "report" arrives,
anything the local-only steps (trigger, DOM events) had sent would have arrived already.
"""
from harness import on_main_thread, report

import auroraview

PAGE = """<!doctype html><html><body><script>
const out = {local: [], dom: []};
let got = 0;
function maybeReport() { if (++got === 2) auroraview.send_event("report", out); }
auroraview.on("update_data", d => { out.update_data = d; maybeReport(); });
auroraview.on("selection_changed", d => { out.selection_changed = d; maybeReport(); });
auroraview.on("local_only", d => out.local.push(d.via));
window.addEventListener("local_only", e => out.dom.push(e.detail.via));
(async () => {
  await auroraview.whenReady();
  out.hierarchy = await auroraview.call("api.get_hierarchy", {root: "scene"});
  out.renamed = await auroraview.call("api.rename_object", {old_name: "cube1", new_name: "hero_cube"});
  try { await auroraview.call("api.fail"); out.fail = "resolved"; }
  catch (e) { out.fail = {name: e.name, code: e.code, message: e.message, is_av: e instanceof auroraview.AuroraViewError}; }
  // A long timeout: only an immediate rejection can make this METHOD_NOT_FOUND.
  try { await auroraview.call("api.nope", {}, {timeout: 600000}); out.nope = "resolved"; }
  catch (e) { out.nope = {name: e.name, code: e.code, message: e.message}; }
  auroraview.trigger("local_only", {via: "trigger"});
  window.dispatchEvent(new CustomEvent("local_only", {detail: {via: "dom"}}));
  auroraview.trigger("export_scene", {via: "trigger"});
  window.dispatchEvent(new CustomEvent("export_scene", {detail: {via: "dom"}}));
  auroraview.send_event("export_scene", {path: "/tmp/x.fbx", format: "fbx"});
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>"""

view = auroraview.WebView(title="messaging", html=PAGE)
seen = {"exports": [], "local_only": [], "calls": [], "threads_main": []}


@view.bind_call("api.get_hierarchy")
def get_hierarchy(root):
    seen["calls"].append("get_hierarchy")
    seen["threads_main"].append(on_main_thread())
    return {"root": root, "children": [{"name": "camera1"}, {"name": "cube1"}]}


def rename_object(old_name, new_name):
    seen["calls"].append("rename_object")
    return {"old_name": old_name, "new_name": new_name}


view.bind_call("api.rename_object", rename_object)  # the direct form


@view.bind_call("api.fail")
def fail():
    raise RuntimeError("boom")


@view.on("export_scene")
def export_scene(detail):
    seen["exports"].append(detail)
    seen["threads_main"].append(on_main_thread())
    view.emit("update_data", {"frame": 42, "objects": ["cube", "sphere"]})
    view.emit("selection_changed", {"selected": ["cube1"]})


@view.on("local_only")
def local_only(detail):
    seen["local_only"].append(detail)


@view.on("report")
def on_report(out):
    seen["page"] = out
    view.close()


view.show()
seen["stats"] = auroraview.stats()
report(seen)
