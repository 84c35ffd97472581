"""Scripts whose value comes back: WebView.eval_js_async and eval_js_awaitable.

The script runs through the view's ordinary eval_js path (in order with emits, only in a page
the view trusts, held until that page is ready), wrapped so that its value, a Promise's
settled value, or its exception, is sent back by the page's bridge as one event of a reserved
name. Results travel the same bounded, validated way as any page message; no second channel
into the host exists.
"""
import concurrent.futures
import itertools
import json
import logging
import threading

from . import _core

#: The reserved event the page answers on (a page could send it too: it is trusted, and a forged
#: answer settles only an id it guessed, with a value it could have sent anyway).
RESULT_EVENT = "auroraview:eval_result"

# (0, eval) is the global, indirect eval: `1 + 1` gives 2, `var x` makes a global. A thrown value
# keeps its name and message; a value JSON cannot carry (a cycle, a BigInt, too large) is an error
# naming why, never a silent null.
_WRAPPER = """(() => {{
  const id = {id};
  const fail = (e) => ({{id, error: {{name: String((e && e.name) || "Error"),
    message: String(e && e.message !== undefined ? e.message : e)}}}});
  const send = (r) => {{
    try {{ window.auroraview.send_event("{event}", r); }}
    catch (e) {{ window.auroraview.send_event("{event}", fail(e)); }}
  }};
  let value;
  try {{ value = (0, eval)({source}); }} catch (e) {{ send(fail(e)); return; }}
  Promise.resolve(value).then((v) => send({{id, value: v === undefined ? null : v}}), (e) => send(fail(e)));
}})();"""


class JavaScriptError(_core.AuroraViewError):
    """The script threw (or its Promise rejected): name and message are the JS error's; an
    AuroraViewError, so a RuntimeError too."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class PageResult(concurrent.futures.Future):
    """The value of one eval_js_async script: a concurrent.futures.Future.

    result() and exception() on the Qt main thread keep the host's windows live while they wait
    (Qt's events are processed, as under a modal dialog), since the value can only arrive
    through that loop. Inside a handler of the same view (or its ready hook) they raise at once:
    the page's answer is queued behind that handler, so it could never arrive; give a callback
    instead, or await eval_js_awaitable in an async handler."""

    def __init__(self, view):
        super().__init__()
        self._view = view

    def _wait(self, timeout):
        on_main = threading.current_thread() is threading.main_thread()
        if self.done() or not on_main:
            return timeout
        if self._view._core.handling:
            raise RuntimeError(
                "eval_js_async(...).result() inside a handler of the same view would wait for "
                "itself (the page's answer comes after this handler returns): pass "
                "callback=fn(result, error), or make the handler async and await "
                "view.eval_js_awaitable(script)"
            )
        _core.wait_until(self.done, -1.0 if timeout is None else float(timeout))
        return 0

    def result(self, timeout=None):
        return super().result(timeout=self._wait(timeout))

    def exception(self, timeout=None):
        return super().exception(timeout=self._wait(timeout))


class PageEvaluator:
    """The pending eval_js_async scripts of one view, by id."""

    _ids = itertools.count(1)

    def __init__(self, view):
        self._view = view
        self._pending = {}  # id -> (PageResult, callback, timer or None)
        self._lock = threading.Lock()
        self._listening = False

    def submit(self, script, callback, timeout_ms):
        if not isinstance(script, str):
            raise TypeError(f"eval_js_async(script): script must be a str, not {type(script).__name__}")
        if callback is not None and not callable(callback):
            raise TypeError("eval_js_async(script, callback): callback must be callable (result, error)")
        if not (isinstance(timeout_ms, (int, float)) and 0 < timeout_ms <= 86_400_000):
            raise ValueError(f"eval_js_async: timeout_ms must be above 0 and at most 86400000 (got {timeout_ms!r})")
        future = PageResult(self._view)
        future.set_running_or_notify_cancel()
        call_id = next(self._ids)
        with self._lock:
            if not self._listening:
                self._view._core.on(RESULT_EVENT, self._answered)
                self._listening = True
            self._pending[call_id] = (future, callback, None)
        source = json.dumps(script)
        try:
            self._view._link.flush()
            self._view._core.eval_js(_WRAPPER.format(id=call_id, event=RESULT_EVENT, source=source))
        except BaseException:
            with self._lock:
                self._pending.pop(call_id, None)
            raise
        _core.run_on_main_thread(self._arm, call_id, timeout_ms / 1000.0)
        return future

    def fail_all(self, error):
        """Settles every pending script with error (the page was replaced, the view closed)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for call_id, (future, callback, timer) in pending.items():
            self._settle(future, callback, timer, None, error)

    # ---- main thread ------------------------------------------------------------------------

    def _arm(self, call_id, seconds):
        with self._lock:
            entry = self._pending.get(call_id)
            if entry is None:
                return
            timer = _core.call_later(seconds, lambda: self._timed_out(call_id, seconds))
            self._pending[call_id] = (entry[0], entry[1], timer)

    def _timed_out(self, call_id, seconds):
        with self._lock:
            entry = self._pending.pop(call_id, None)
        if entry is not None:
            error = TimeoutError(
                f"eval_js_async: no value from the page after {seconds * 1000:.0f} ms (a script still "
                "running, a page not ready, replaced or not trusted, or one that never settles its Promise)"
            )
            self._settle(*entry, None, error)

    def _answered(self, detail):
        if not isinstance(detail, dict) or not isinstance(detail.get("id"), int):
            return
        with self._lock:
            entry = self._pending.pop(detail["id"], None)
        if entry is None:
            return  # timed out or settled already
        error = detail.get("error")
        if isinstance(error, dict):
            self._settle(*entry, None, JavaScriptError(str(error.get("name")), str(error.get("message"))))
        else:
            self._settle(*entry, detail.get("value"), None)

    @staticmethod
    def _settle(future, callback, timer, value, error):
        if timer is not None and threading.current_thread() is threading.main_thread():
            _core.cancel_call(timer)
        if error is None:
            future.set_result(value)
        else:
            future.set_exception(error)
        if callback is not None:
            try:
                callback(value, error)
            except BaseException:
                logging.getLogger("auroraview").exception("eval_js_async callback %r raised", callback)
