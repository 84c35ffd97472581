"""Params, results and errors as DESIGN.md section 4 maps them, in two views open at once:
A (debug=True, with a json_default hook) and B (debug=False, no hook). Each binds its own
methods; each page reports, then both close."""
from harness import capture_log, report

import auroraview

CALLS_A = """[
  ["api.kw", {a: 1}], ["api.kw", {a: 1, b: 3}], ["api.kw", {zzz: 1}], ["api.kw", []],
  ["api.args", [1, "x", null, {k: [1]}]], ["api.args", undefined], ["api.args", null],
  ["api.args", 5], ["api.args", "s"], ["api.args", true], ["api.kwargs", {}],
  ["api.none_result"], ["api.a_set"], ["api.nested"], ["api.vec"], ["api.bad_result"],
  ["api.nan"], ["api.type_error_inside"], ["api.tool_error"], ["api.only_b"]
]"""
CALLS_B = """[["api.only_b"], ["api.bad_result"], ["api.tool_error"]]"""

CALLS = """
  for (const [method, params] of CALLS) {
    try { out.calls.push({method, ok: await auroraview.call(method, params)}); }
    catch (e) { out.calls.push({method, error: {name: e.name, code: e.code, message: e.message, data: e.data === undefined ? "absent" : e.data}}); }
  }
"""
PAGE_A = """<!doctype html><html><body><script>
const out = {calls: [], events: {}};
auroraview.on("converted", d => { out.events.converted = d; });
(async () => {
  await auroraview.whenReady();
  CALLS
  auroraview.send_event("no_detail");
  auroraview.send_event("null_detail", null);
  auroraview.send_event("scalar_detail", 5);
  auroraview.send_event("multi", "m");
  auroraview.send_event("counted", 1);
  await auroraview.call("api.remove_counted");
  auroraview.send_event("counted", 2);
  await auroraview.call("api.emit_things");
  auroraview.send_event("report", out);
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>""".replace("CALLS", CALLS.replace("CALLS", CALLS_A))
PAGE_B = """<!doctype html><html><body><script>
const out = {calls: []};
(async () => {
  CALLS
  auroraview.send_event("report", out);
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>""".replace("CALLS", CALLS.replace("CALLS", CALLS_B))


class ToolError(Exception):
    pass


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y


def vec_default(obj):
    if isinstance(obj, Vec):
        return [obj.x, obj.y]
    raise TypeError(f"cannot encode {type(obj).__name__}")


log = capture_log()
a = auroraview.WebView(title="A", html=PAGE_A, debug=True, json_default=vec_default)
b = auroraview.WebView(title="B", html=PAGE_B)
result = {"events": {}, "emit_errors": {}}
reports = {}


def kw(a, b=2):
    return {"a": a, "b": b}


def args(*values):
    return values  # a tuple: sent as a list


def kwargs(**values):
    return values


def type_error_inside():
    raise TypeError("inner")  # raised by the handler itself: HANDLER_ERROR, not INVALID_PARAMS


def tool_error():
    raise ToolError("bad scene")


for name, fn in {
    "api.kw": kw,
    "api.args": args,
    "api.kwargs": kwargs,
    "api.none_result": lambda: None,
    "api.a_set": lambda: {3},
    "api.nested": lambda: {"t": (1, (2, 3)), "s": frozenset(["x"]), "u": "ünï©ødé ✓"},
    "api.vec": lambda: {"v": Vec(1, 2)},
    "api.bad_result": lambda: object(),
    "api.nan": lambda: float("nan"),
    "api.type_error_inside": type_error_inside,
    "api.tool_error": tool_error,
}.items():
    a.bind_call(name, fn)

b.bind_call("api.only_b", lambda: "b's own")
b.bind_call("api.bad_result", lambda: object())
b.bind_call("api.tool_error", tool_error)


def record(key):
    return lambda detail: result["events"].setdefault(key, []).append(detail)


a.on("no_detail", record("no_detail"))
a.on("null_detail", record("null_detail"))
a.on("scalar_detail", record("scalar_detail"))


@a.on("multi")
def multi_first(detail):
    raise RuntimeError("first handler fails")


a.on("multi", record("multi_second"))  # still runs
b.on("multi", record("multi_in_b"))  # bound in B only: A's "multi" must not reach it
counted = a.on("counted", record("counted"))


@a.bind_call("api.remove_counted")
def remove_counted():
    a.off("counted", counted)


@a.bind_call("api.emit_things")
def emit_things():
    a.emit("converted", {"s": {1}, "t": (1, 2), "v": Vec(3, 4)})
    for key, view, data in [("b_object", b, object()), ("a_nan", a, float("nan"))]:
        try:
            view.emit("x", data)
        except Exception as e:
            result["emit_errors"][key] = type(e).__name__
    try:
        a.emit("", {})
    except ValueError:
        result["emit_errors"]["empty_name"] = "ValueError"


for view, name in [(a, "A"), (b, "B")]:
    view.on("report", lambda out, name=name: on_report(name, out))


def on_report(name, out):
    reports[name] = out
    if len(reports) == 2:
        b.close()
        a.close()


b.show(block=False)
a.show()
result["reports"] = reports
result["log"] = log
report(result)
