"""A handler reloads the page while calls are pending: the page sees its own call and the two
queued behind it reject with CANCELLED (written to sessionStorage as the old page unloads, and
reported by the new page), and no handler runs for the queued ones."""
from harness import report

import auroraview

PAGE = """<!doctype html><html><body><script>
if (!sessionStorage.getItem("phase")) {
  sessionStorage.setItem("phase", "sent");
  auroraview.whenReady().then(() => {
    const settled = [];
    const record = (name, r) => { settled.push({name, ...r}); sessionStorage.setItem("settled", JSON.stringify(settled)); };
    // One batch: the three calls reach Python in one message, in this order.
    [["api.reload", undefined], ["api.echo", {x: 1}], ["api.echo", {x: 2}]].forEach(([m, p]) =>
      auroraview.call(m, p).then(v => record(m, {ok: v}), e => record(m, {code: e.code})));
  });
} else {
  auroraview.whenReady().then(() => auroraview.send_event("report",
    {settled: JSON.parse(sessionStorage.getItem("settled") || "[]"), pending: auroraview.pending}));
}
</script></body></html>"""

view = auroraview.WebView(title="reload", html=PAGE)
result = {"echoed": []}


@view.bind_call("api.reload")
def reload():
    view.load_html(PAGE)
    return "reloaded"  # too late: the reload cancelled the call


@view.bind_call("api.echo")
def echo(x):
    result["echoed"].append(x)
    return x


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["stats"] = auroraview.stats()
report(result)
