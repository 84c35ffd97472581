"""Upstream AuroraView's payload shapes and call names, driven by a real page:
- emit(name) reaches the page as {}, emit(name, 5) as {"value": 5}, a dict as it is, and
  emit_batch sends its pairs in order with the same shapes;
- an event the page sends with no detail reaches Python as {};
- bind_call("get_plugins") is auroraview.api.get_plugins() (and auroraview.call("get_plugins"));
- bind_api(obj, namespace="tool") is auroraview.tool.* even in a script that runs while the page
  is parsed; a namespace bound after the page loaded reaches the page showing; a namespace named
  like a bridge function leaves that function alone;
- bind_api is idempotent per namespace (allow_rebind=True rebinds), get_bound_methods leaves the
  api. aliases out;
- view.on(event, fn) returns a ConnectionId; off(event, fn) still removes fn;
- auroraview.on_event handles an event in every view, made before or after it;
- the page hears its window's events (auroraview.on("resized"));
- rewrite_html_for_custom_protocol points a page's relative script at the view's asset root."""
import os
import sys
import tempfile

from harness import report

import auroraview

PAGE = """<!doctype html><script>
const got = {};
// Runs while the page is parsed, before DOMContentLoaded: the namespace is there already.
const early = typeof auroraview.tool === "function" || typeof auroraview.tool === "object";
const earlyCall = auroraview.tool.ping({n: 1});
auroraview.on("shape_none", d => { got.none = d; });
auroraview.on("shape_int", d => { got.int = d; });
auroraview.on("shape_dict", d => { got.dict = d; });
auroraview.on("shape_list", d => { got.list = d; });
auroraview.on("batch", d => { (got.batch = got.batch || []).push(d); });
auroraview.on("go_late", async () => {
  const r = {};
  r.late = await auroraview.late.thing();
  r.onIsBridge = typeof auroraview.on === "function" && auroraview.on === auroraview.on;
  r.callOnNs = await auroraview.call("on.x");
  auroraview.send_event("late_done", r);
});
auroraview.on("shapes_done", async () => {
  const r = {got, early, earlyCall: await earlyCall};
  r.plugins = await auroraview.api.get_plugins();
  r.pluginsCall = await auroraview.call("get_plugins");
  r.toolEcho = await auroraview.tool.echo({text: "hi"});
  r.ownApi = await auroraview.api.has_own();
  try { await auroraview.tool.secret(); r.secret = "called"; } catch (e) { r.secret = e.code; }
  auroraview.send_event("no_detail");
  auroraview.send_event("everywhere");
  auroraview.send_event("results", r);
});
auroraview.on("resized", d => auroraview.send_event("page_resized", d));
auroraview.whenReady().then(() => auroraview.send_event("page_up"));
</script>"""


class Tool:
    def __init__(self, tag):
        self.tag = tag

    def ping(self, n):
        return {"pong": n, "tag": self.tag}

    def echo(self, text):
        return text

    def _secret(self):
        return "never"


out = {}
everywhere = []


@auroraview.on_event("everywhere")
def everywhere_handler(detail):
    everywhere.append(detail)


view = auroraview.WebView(title="parity", html=PAGE)
view.bind_call("get_plugins", lambda: ["a", "b"])
view.bind_call("has_own", lambda: "bare")
view.bind_call("api.has_own", lambda: "namespaced")  # bound in its own right: not the alias
view.bind_api(Tool("first"), namespace="tool")
view.bind_api(Tool("second"), namespace="tool")  # skipped: bound already
out["namespace_bound"] = [view.is_namespace_bound("tool"), view.is_namespace_bound("other")]
out["bound"] = view.get_bound_methods()
out["alias_bound"] = view.is_method_bound("api.get_plugins")
out["rebind_kept"] = view.bind_call("get_plugins", lambda: ["x"], allow_rebind=False) is not None

details = []


def no_detail(detail):
    details.append(detail)


conn = view.on("no_detail", no_detail)
out["conn_type"] = type(conn).__name__


def removed(_):
    out["removed_ran"] = True


view.on("no_detail", removed)
view.off("no_detail", removed)


@view.on("page_up")
def page_up(_):
    view.emit("shape_none")
    view.emit("shape_int", 5)
    view.emit("shape_dict", {"x": 1})
    view.emit("shape_list", [1, 2])
    out["batch_count"] = view.emit_batch([("batch", None), ("batch", 7), ("batch", {"k": "v"})])
    view.emit("shapes_done")


@view.on("results")
def results(r):
    out["page"] = r
    out["no_detail"] = details
    view.bind_call("late.thing", lambda: "late ok")
    view.bind_call("on.x", lambda: "on ns")
    view.emit("go_late")


@view.on("late_done")
def late_done(r):
    out["late"] = r
    view.resize(640, 480)  # the page hears its window's events, as upstream's pages do


@view.on("page_resized")
def page_resized(d):
    out.setdefault("page_resized", []).append(d)
    if d != {"width": 640, "height": 480} or "second" in out:
        return  # the window's first size, when shown, came first
    out["second"] = True
    second = auroraview.WebView(title="second", html="<!doctype html><script>"
                                "auroraview.whenReady().then(() => auroraview.send_event('everywhere', {from: 2}))"
                                "</script>")

    @second.on("everywhere")
    def _(_detail):
        out["everywhere"] = everywhere
        second.close()
        rewrite_check()

    second.show(block=False)


def rewrite_check():
    root = tempfile.mkdtemp()
    with open(os.path.join(root, "app.js"), "w") as f:
        f.write("auroraview.whenReady().then(() => auroraview.send_event('asset_ran', {src: document.scripts[0].src}));")
    third = auroraview.WebView(title="rewrite", asset_root=root)
    html = auroraview.rewrite_html_for_custom_protocol('<!doctype html><script src="./app.js"></script>', third)
    out["rewritten"] = html.replace(third.asset_url, "<root>/")
    try:
        auroraview.rewrite_html_for_custom_protocol("<img src='a.png'>")
    except ValueError as e:
        out["no_base"] = str(e)

    @third.on("asset_ran")
    def _(d):
        out["asset_src"] = d["src"].replace(third.asset_url, "<root>/")
        third.close()
        view.close()

    # Another base URL than the root: only the rewritten, absolute src finds the script.
    third.load_html(html, base_url=auroraview.webview.DEFAULT_BASE_URL)
    third.show(block=False)


view.show()
report(out)
sys.exit(0)
