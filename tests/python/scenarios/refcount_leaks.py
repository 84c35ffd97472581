"""Reference counts, one by one: N page events, N calls of each kind and N emits go through one
view, and the objects that take part in every one of them are counted before and after
(sys.getrefcount): the view's core object, the handlers and bound functions, the tuples of
handlers per event, the module-level objects the handlers return, raise and emit. A leak of one
reference per event, call or emit on any of them shows up as a growth of N (a block count cannot
see it: a leaked reference to an object that lives anyway allocates nothing). Objects made fresh
for each message (the event's detail, a call's params) are counted through gc.get_objects() by
type, and sys.getallocatedblocks() for the rest.

argv[1]: N (default 20000). The page sends everything in chunks it awaits, so the inbound queue
never refuses one (the counts of runs are reported and checked)."""
import gc
import logging
import sys
from collections import Counter

from harness import report

import auroraview

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
WARM = 500
CHUNK = 500

logging.getLogger("auroraview").addHandler(logging.NullHandler())  # logged, not printed
logging.getLogger("auroraview").propagate = False

PAGE = """<!doctype html><html><body><script>
let echoed = 0;
auroraview.on("echoed", () => echoed++);
async function phase(count) {
  const codes = {};
  const tally = (p) => p.then(() => "ok", e => e.code).then(c => { codes[c] = (codes[c] || 0) + 1; });
  for (let done = 0; done < count; done += CHUNK) {
    const all = [];
    for (let i = done; i < Math.min(count, done + CHUNK); i++) {
      all.push(tally(auroraview.call("api.kw", {name: "k", flag: true, tags: ["a"], n: i})));
      all.push(tally(auroraview.call("api.args", [i, "x", [i]])));
      all.push(tally(auroraview.call("api.none")));
      all.push(tally(auroraview.call("api.raises", [i])));
      all.push(tally(auroraview.call("api.missing", [i])));
      all.push(tally(auroraview.call("api.bad_result")));
      auroraview.send_event("ping", {i, flag: true, list: [i, "constant"]});
      auroraview.send_event("plain");
      auroraview.send_event("nobody", [i]);
    }
    all.push(auroraview.call("api.sync"));  // every event of the chunk handled before it answers
    await Promise.all(all);
  }
  return codes;
}
addEventListener("load", () => (async () => {
  const warm = await phase(WARM);
  await auroraview.call("api.measure", "before");
  const codes = await phase(TOTAL);
  await auroraview.call("api.measure", "after");
  auroraview.send_event("report", {warm, codes, echoed});
})().catch(e => auroraview.send_event("report", {exception: String(e && e.stack || e)})));
</script></body></html>""".replace("CHUNK", str(CHUNK)).replace("WARM", str(WARM)).replace("TOTAL", str(N))


class Payload:  # instances of a class of its own: counted by type among gc's objects
    pass


RESULT = ["result", {"shared": True}]  # returned by every api.kw / api.args call
EMITTED = {"emitted": ["payload"], "n": 1}  # emitted for every ping
ERROR = ValueError("raised by every api.raises call")
UNSERIALISABLE = Payload()  # returned by every api.bad_result call: cannot be encoded

view = auroraview.WebView(html=PAGE, debug=True)
core = view._core
runs = Counter()
result = {"n": N, "measures": {}}


def kw(name, flag, tags, n):
    runs["kw"] += 1
    return RESULT


def args(*a):
    runs["args"] += 1
    return RESULT


def none():
    runs["none"] += 1


def raises(i):
    runs["raises"] += 1
    raise ERROR.with_traceback(None)  # else each raise would chain onto the last one's traceback


def bad_result():
    runs["bad_result"] += 1
    return UNSERIALISABLE


def ping(detail):
    runs["ping"] += 1
    try:
        view.emit("echoed", EMITTED)
    except auroraview.BusyError:
        runs["emit_busy"] += 1


def ping_second(detail):  # a second handler of the same event: the detail goes to both
    runs["ping_second"] += 1


def plain(detail):
    runs["plain"] += 1


for method, fn in [("api.kw", kw), ("api.args", args), ("api.none", none), ("api.raises", raises),
                   ("api.bad_result", bad_result), ("api.sync", lambda: None)]:
    view.bind_call(method, fn)
view.on("ping", ping)
view.on("ping", ping_second)
view.on("plain", plain)


def handler_tuples():
    """The view's per-event tuples of handlers (its events dict, reached through gc)."""
    for ref in gc.get_referents(core):
        if isinstance(ref, dict) and "ping" in ref:
            return {name: ref[name] for name in ("ping", "plain")}
    raise AssertionError("the view's events dict was not found")


WATCHED = {"core": core, "view": view, "RESULT": RESULT, "EMITTED": EMITTED, "ERROR": ERROR,
           "UNSERIALISABLE": UNSERIALISABLE, "kw": kw, "args": args, "none": none, "raises": raises,
           "bad_result": bad_result, "ping": ping, "ping_second": ping_second, "plain": plain,
           "event name 'ping'": "ping", "constant": "constant", "Payload": Payload}


@view.bind_call("api.measure")
def measure(when):
    gc.collect()
    tuples = handler_tuples()
    counts = {name: sys.getrefcount(obj) for name, obj in WATCHED.items()}
    counts.update({f"handlers of '{name}'": sys.getrefcount(t) for name, t in tuples.items()})
    types = Counter(type(o).__name__ for o in gc.get_objects())
    result["measures"][when] = {"refcounts": counts, "gc_objects": dict(types),
                                "gc_total": sum(types.values()), "blocks": sys.getallocatedblocks(),
                                "runs": dict(runs)}


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
report(result)
