"""eval_js_async: values, Promises, JS errors, timeouts, threads, a closing view, and the one
wait that can never end (result() inside a handler of the same view), in a real page."""
import threading

from harness import report

import auroraview

PAGE = """<!doctype html><title>eval</title><script>
window.counter = 41;
auroraview.bind && 0;
</script><p>eval</p>"""

out = {}
view = auroraview.WebView(title="eval", html=PAGE)


def outcome(future):
    try:
        return {"ok": future.result(timeout=10)}
    except auroraview.JavaScriptError as e:
        return {"js": [e.name, e.message, isinstance(e, RuntimeError)]}
    except Exception as e:  # noqa: BLE001 - the class is what is reported
        return {"error": [type(e).__name__, str(e)]}


# From the main thread, before show(): result() keeps the loop running until the page answers.
out["sum"] = outcome(view.eval_js_async("1 + 1"))
out["global"] = outcome(view.eval_js_async("window.counter + 1"))
out["undefined"] = outcome(view.eval_js_async("undefined"))
out["object"] = outcome(view.eval_js_async("({a: [1, 'two', null], b: {c: true}})"))
out["promise"] = outcome(view.eval_js_async("new Promise(r => setTimeout(() => r({late: 1}), 50))"))
out["throw"] = outcome(view.eval_js_async("throw new TypeError('boom')"))
out["reference"] = outcome(view.eval_js_async("no_such_name + 1"))
out["rejects"] = outcome(view.eval_js_async("Promise.reject(new RangeError('nope'))"))
out["cycle"] = outcome(view.eval_js_async("(() => { const a = {}; a.self = a; return a; })()"))
out["syntax"] = outcome(view.eval_js_async("1 +"))
out["timeout"] = outcome(view.eval_js_async("new Promise(() => {})", timeout_ms=300))
try:
    view.eval_js_async(42)
except TypeError as e:
    out["bad_script"] = str(e)
try:
    view.eval_js_async("1", timeout_ms=0)
except ValueError as e:
    out["bad_timeout"] = str(e)

# The callback form, and a worker thread waiting on its future.
got = []
view.eval_js_async("document.title", lambda result, error: got.append([result, error, threading.current_thread() is threading.main_thread()]))
from_thread = {}


def worker():
    from_thread["value"] = view.eval_js_async("[window.counter, 'from a thread']").result(timeout=10)


t = threading.Thread(target=worker)
t.start()
auroraview._core.wait_until(lambda: got and not t.is_alive(), 10)
t.join()
out["callback"] = got
out["thread"] = from_thread.get("value")

# Inside a handler of the same view: result() would wait for itself, so it raises at once;
# the callback form works there.
in_handler = {}


@view.bind_call("api.probe")
def probe():
    try:
        view.eval_js_async("1").result(timeout=5)
        in_handler["result"] = "returned"
    except RuntimeError as e:
        in_handler["result"] = str(e)
    view.eval_js_async("2 * 21", lambda r, e: in_handler.setdefault("callback", r))
    return True


view.eval_js("auroraview.call('api.probe')")
auroraview._core.wait_until(lambda: "callback" in in_handler, 10)
out["in_handler"] = in_handler

# An async handler awaits the page's value (eval_js_awaitable) and answers with it.
awaited = {}


@view.bind_call("api.awaits")
async def awaits():
    return await view.eval_js_awaitable("window.counter * 2")


view.eval_js("auroraview.call('api.awaits').then(v => auroraview.send_event('awaited', v))")
view.on("awaited", lambda v: awaited.setdefault("value", v))
auroraview._core.wait_until(lambda: "value" in awaited, 10)
out["awaitable"] = awaited.get("value")

# Pending when the view closes: ClosedError, and the callback hears it.
closing = []
pending = view.eval_js_async("new Promise(() => {})", lambda r, e: closing.append(type(e).__name__), timeout_ms=60000)
view.close()
out["closed"] = outcome(pending)
out["closed_callback"] = closing
report(out)
