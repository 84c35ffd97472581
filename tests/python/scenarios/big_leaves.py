"""Big strs and bytes travel to the page as leaves of a blob, read from their own memory (issue 19,
deliverable 2, Python -> page; docs/architecture.md, "Big payloads"). Phases, one at a time:

- timed: an emit and a call result of 100 MiB of ASCII text and of 100 MiB of bytes, each phase
  with its own 60 Hz host timer; the worst gap and the time until the page had the value are
  printed, not asserted;
- text that is not ASCII (latin-1, CJK, astral) above the leaf size, several leaves nested in
  dicts and lists among small values (and a key as long as a leaf, which stays a key), and
  leaves in a message small enough to go inline;
- a bytearray changed after its emit (the page gets what it held at the emit);
- the order of small emits around big ones;
- references: a leaf's refcount while its blob waits, after the page read it, and after a view
  whose blob was never read is closed;
- refusals: a message whose leaves together pass the configured limit, and a str longer than a
  page's strings can be, as an emit (AuroraViewError) and as a result (the page's call rejects);
  a raw post above 16 Mi units, below the message limit, throws in the page.
"""
import sys
import time

from harness import TickGaps, pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402

MIB = 1 << 20
auroraview.configure(max_message_bytes=200 * MIB)

PAGE = r"""<!doctype html><script>
const MIB = 1 << 20;
const got = [];
const tell = (name, value) => auroraview.send_event("got", {name, value});
const isPattern = (b, n) => {
  if (!(b instanceof Uint8Array) || b.length !== n) return false;
  for (let i = 0; i < n; i++) if (b[i] !== (i & 255)) return false;
  return true;
};
const bigText = (s) => typeof s === "string" && s.length === 100 * MIB && s.startsWith("ab") && s.endsWith("yz");
const LATIN = "é".repeat(300 * 1024) + "end", CJK = "中文".repeat(200000), ASTRAL = "😀a".repeat(200000);
const bytesEqual = (b, n) => isPattern(b, n);
// An emit's data that is not a dict arrives as {value: data}.
auroraview.on("big_text", ({value}) => tell("text emit", bigText(value)));
auroraview.on("big_bytes", ({value}) => tell("bytes emit", isPattern(value, 100 * MIB)));
auroraview.on("call", async ({method}) => {
  const t0 = performance.now();
  const v = await auroraview.call(method, undefined, {timeout: 60000});
  const ok = method === "api.text" ? bigText(v) : isPattern(v, 100 * MIB);
  tell(method, {ok, ms: Math.round(performance.now() - t0)});
});
auroraview.on("nested", (d) => tell("nested", [
  d.latin === LATIN, d.deep[0].cjk === CJK, d.deep[1][0] === ASTRAL, Array.from(d.deep[1][1]),
  bytesEqual(d.deep[1][2], 300 * 1024), d.n, d.f, d.none, d.small, d.flag,
  d["big key"]["k".repeat(300 * 1024)]]));
auroraview.on("inline", (d) => tell("inline", [d.t === "é".repeat(300 * 1024), bytesEqual(d.b, 300 * 1024), d.x]));
auroraview.on("mutated", (d) => tell("mutated", [d.data.length, d.data.every((x) => x === 65)]));
auroraview.on("order", ({value: v}) => got.push(typeof v === "string" && v.length < 100 ? v : `big ${v.length}`));
auroraview.on("order_end", () => tell("order", got));
auroraview.on("ref", ({value}) => tell("ref", value.length));
auroraview.on("refusals", async () => {
  const rejected = (method) => auroraview.call(method, undefined, {timeout: 60000}).then(() => "sent", (e) => [e.code, e.message]);
  // One raw post stays within 16 Mi units, below this view's 200 MiB message limit.
  let raw = "sent";
  try { window.ipc.postMessage("x".repeat(20000000)); } catch (e) { raw = [e.name, e.code]; }
  tell("refused results", {over: await rejected("api.over"), long: await rejected("api.too_long"),
                           raw: [raw, window.ipc.maxLength, window.ipc.maxMessage]});
});
</script>"""

out = {"timed": {}}
view = auroraview.WebView(title="big leaves", html=PAGE)


def pattern(n):
    return (bytes(range(256)) * (n // 256 + 1))[:n]


TEXT = "ab" + "x" * (100 * MIB - 4) + "yz"
BYTES = pattern(100 * MIB)
LATIN, CJK, ASTRAL = "é" * (300 * 1024) + "end", "中文" * 200000, "😀a" * 200000

phases = []
timing = {}


def phase(fn):
    phases.append(fn)
    return fn


def next_phase():
    if phases:
        QtCore.QTimer.singleShot(0, phases.pop(0))
    else:
        finish()


def timed(name, start):
    ticks = TickGaps(QtCore)
    timing[name] = (ticks, time.perf_counter())
    ticks.start()
    start()


@phase
def text_emit():
    timed("text emit", lambda: view.emit("big_text", TEXT))


@phase
def bytes_emit():
    timed("bytes emit", lambda: view.emit("big_bytes", BYTES))


@phase
def text_result():
    timed("api.text", lambda: view.emit("call", {"method": "api.text"}))


@phase
def bytes_result():
    timed("api.bytes", lambda: view.emit("call", {"method": "api.bytes"}))


@phase
def nested():
    view.emit("nested", {"latin": LATIN, "deep": [{"cjk": CJK}, [ASTRAL, b"\x00\x01", pattern(300 * 1024)]],
                         "n": 1, "f": 2.5, "none": None, "small": "tiny é", "flag": True,
                         "big key": {"k" * (300 * 1024): 1}})


@phase
def inline():
    view.emit("inline", {"t": "é" * (300 * 1024), "b": bytearray(pattern(300 * 1024)), "x": 1})


@phase
def mutated():
    data = bytearray(b"A" * (2 * MIB))
    view.emit("mutated", {"data": data})
    data[:] = b"B" * (3 * MIB)  # changed and grown at once: the page still gets the A's


@phase
def order():
    for i in range(3):
        view.emit("order", f"small {i}")
        view.emit("order", "y" * (2 * MIB) if i % 2 == 0 else "z" * (300 * 1024))
    view.emit("order", "small end")
    view.emit("order_end")


REF = "r" * (2 * MIB)


@phase
def refs():
    out["refs"] = {"before": sys.getrefcount(REF)}
    view.emit("ref", REF)
    out["refs"]["while waiting"] = sys.getrefcount(REF)


def when_refcount(count_now, count, then, waited=0):
    """Calls then(True) once count_now() is count (the blob let its leaf go), or then(False)
    after 5 s."""
    if count_now() == count:
        then(True)
    elif waited > 5000:
        then(False)
    else:
        QtCore.QTimer.singleShot(20, lambda: when_refcount(count_now, count, then, waited + 20))


UNREAD = "u" * (2 * MIB)


@phase
def unread():
    before = sys.getrefcount(UNREAD)
    other = auroraview.WebView(title="never reads", html="<!doctype html><p>closed before it loads")
    other.emit("never", UNREAD)
    held = sys.getrefcount(UNREAD) - before
    other.close()

    def done(released):
        out["unread"] = {"held": held, "released": released}
        next_phase()

    when_refcount(lambda: sys.getrefcount(UNREAD), before, done)


@phase
def refusals():
    for name, value in (("over", {"a": bytes(150 * MIB), "b": "x" * (60 * MIB)}), ("too long", "x" * (1 << 29))):
        try:
            view.emit("never", value)
            out.setdefault("refused emits", {})[name] = "sent"
        except auroraview.AuroraViewError as e:
            out.setdefault("refused emits", {})[name] = [type(e).__name__, e.code, str(e)]
    view.emit("refusals")


@view.bind_call("api.text")
def api_text():
    return TEXT


@view.bind_call("api.bytes")
def api_bytes():
    return BYTES


@view.bind_call("api.over")
def api_over():
    return [bytes(150 * MIB), "x" * (60 * MIB)]


@view.bind_call("api.too_long")
def api_too_long():
    return "x" * (1 << 29)


@view.on("got")
def on_got(d):
    name, value = d["name"], d.get("value")
    if name in timing:
        ticks, t0 = timing.pop(name)
        gap = ticks.stop()
        ms = value["ms"] if isinstance(value, dict) else round((time.perf_counter() - t0) * 1000)
        ok = value["ok"] if isinstance(value, dict) else value
        out["timed"][name] = ok
        line = f"100 MiB {name}: in the page after {ms} ms, worst host tick gap {gap} ms"
        out.setdefault("gaps", []).append(line)
        print("AVGAP " + line, flush=True)
        next_phase()
    elif name == "ref":
        out["refs"]["page got"] = value

        def done(released):
            out["refs"]["after the read"] = sys.getrefcount(REF)
            out["refs"]["released"] = released
            next_phase()

        when_refcount(lambda: sys.getrefcount(REF), out["refs"]["before"], done)
    else:
        out[name] = value
        next_phase()


@view.on_ready
def ready(url):
    next_phase()


def finish():
    view.close()
    QtCore.QTimer.singleShot(0, app.quit)


view.show()
app.exec() if hasattr(app, "exec") else app.exec_()
report(out)
