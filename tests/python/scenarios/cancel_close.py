"""A handler closes its view while calls are pending: its own call and the two queued behind it
(sent in the same batch) are cancelled, never answered, and no handler runs for them."""
from harness import report

import auroraview

PAGE = """<!doctype html><html><body><script>
auroraview.whenReady().then(() => {
  // One batch: the three calls reach Python in one message, in this order.
  auroraview.call("api.close_view");
  auroraview.call("api.echo", {x: 1});
  auroraview.call("api.echo", {x: 2});
});
</script></body></html>"""

view = auroraview.WebView(title="cancel", html=PAGE)
result = {"echoed": [], "closed_hook": 0}


@view.bind_call("api.close_view")
def close_view():
    view.close()
    return "closed"  # too late: the call was cancelled by the close


@view.bind_call("api.echo")
def echo(x):
    result["echoed"].append(x)
    return x


@view.on_closed
def closed():
    result["closed_hook"] += 1


view.show()
try:
    view.emit("after", {})
    result["emit_after_close"] = "sent"
except auroraview.ClosedError as e:
    result["emit_after_close"] = [type(e).__name__, e.code]
result["closed"] = view.closed
result["stats"] = auroraview.stats()
report(result)
