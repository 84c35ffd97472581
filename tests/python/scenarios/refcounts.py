"""Reference counts: identical rounds of traffic through every path of the extension module
(calls with object and array params, results, exceptions with debug tracebacks, unknown methods,
unserialisable results, events, emits, hooks) must not leave Python objects behind. After a
warm-up round, the blocks Python has allocated are compared round by round."""
import gc
import logging
import sys

from harness import report

import auroraview

PER_KIND = 300
ROUNDS = 4

logging.getLogger("auroraview").addHandler(logging.NullHandler())  # logged, not printed
logging.getLogger("auroraview").propagate = False

PAGE = """<!doctype html><html><body><script>
let emitted = 0;
auroraview.on("echoed", () => emitted++);
(async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const all = [];
    for (let i = 0; i < PER_KIND; i++) {
      all.push(auroraview.call("api.kw", {name: "obj" + i, tags: ["a", "b"], n: i}));
      all.push(auroraview.call("api.args", [i, "x", {y: [i]}]));
      all.push(auroraview.call("api.raises", {i}).catch(e => e.code));
      all.push(auroraview.call("api.missing", [i]).catch(e => e.code));
      all.push(auroraview.call("api.bad_result").catch(e => e.code));
      auroraview.send_event("ping", {i, payload: "p".repeat(20)});
    }
    await Promise.all(all);
    await auroraview.call("api.round_done", [round]);
  }
  auroraview.send_event("report", {emitted});
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>""".replace("ROUNDS", str(ROUNDS)).replace("PER_KIND", str(PER_KIND))

view = auroraview.WebView(html=PAGE, debug=True)
result = {"blocks": []}
view.bind_call("api.kw", lambda name, tags, n: {"name": name, "tags": tuple(tags), "n": n, "set": {n}})
view.bind_call("api.args", lambda *args: list(args))
view.bind_call("api.bad_result", lambda: object())
view.on("ping", lambda detail: view.emit("echoed", detail))
view.on_ready(lambda url: None)


@view.bind_call("api.raises")
def raises(i):
    raise ValueError(f"bad {i}")


@view.bind_call("api.round_done")
def round_done(round_):
    gc.collect()
    result["blocks"].append(sys.getallocatedblocks())


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["per_round"] = PER_KIND * 6
report(result)
