"""A TD's mistakes, said in terms of their own code (test_handler_errors.py checks the exact
text): params that do not fit the handler name its signature and where it is; a result JSON
cannot carry names the handler, where in the value the culprit is, and json_default=; misuse
after close names the public method."""
import datetime
import inspect

from harness import report

import auroraview

PAGE = """<!doctype html><script>
(async () => {
  const out = {};
  const calls = [["api.greet", {nam: "Maya"}], ["api.greet", [1, 2]], ["api.when", {}], ["api.later", {}]];
  for (const [name, params] of calls) {
    try { await auroraview.call(name, params); out[name + JSON.stringify(params)] = "resolved"; }
    catch (e) { out[name + JSON.stringify(params)] = [e.code, e.message]; }
  }
  auroraview.send_event("done", out);
})();
</script>"""

view = auroraview.WebView(title="mistakes", html=PAGE)


def greet(name):
    return f"Hello, {name}!"


def when():
    return {"items": [{"when": datetime.date(2026, 12, 2)}]}


async def later():
    return {"at": datetime.date(2026, 12, 2)}


view.bind_call("api.greet", greet)
view.bind_call("api.when", when)
view.bind_call("api.later", later)
result = {"lines": {fn.__name__: [__file__, inspect.getsourcelines(fn)[1]] for fn in (greet, when, later)}}


@view.on("done")
def done(detail):
    result["calls"] = detail
    view.close()


view.show()
after = {}
for name, call in [("bind_call", lambda: view.bind_call("x", greet)), ("on", lambda: view.on("e", greet)),
                   ("load_url", lambda: view.load_url("https://example.com/")), ("emit", lambda: view.emit("e"))]:
    try:
        call()
        after[name] = "accepted"
    except auroraview.ClosedError as e:
        after[name] = str(e)
result["after_close"] = after
report(result)
