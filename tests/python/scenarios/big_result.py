"""Big call results take the blob road (issue 19, deliverable 2, Python -> page): a result whose
JSON is 1 MiB or more is read by the page's bridge once from auroraview://blob/<token> and settles
the call, in order with the emits and answers around it. The page calls for 100 MiB of text,
20 MiB of bytes (from a plain and from an async handler) between small calls, and for a result
above the configured limit, which is answered PAYLOAD_TOO_LARGE. A 60 Hz host timer's worst gap
is printed, not asserted."""
import sys

from harness import TickGaps, pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402

MIB = 1 << 20
auroraview.configure(max_message_bytes=128 * MIB)

PAGE = """<!doctype html><script>
const MIB = 1 << 20;
const order = [];
const pattern = (n) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 7 + 1) & 255; return b; };
const same = (a, b) => a instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
auroraview.on("tick", (d) => order.push(`tick ${d.value}`));
auroraview.on("go", async () => {
  const t0 = performance.now();
  const text = auroraview.call("api.text", {n: 100 * MIB}).then((v) => {
    order.push("text");
    return [v.length, v.startsWith("ab") && v.endsWith("yz"), Math.round(performance.now() - t0)];
  });
  const small = auroraview.call("api.small", {v: 1}).then((v) => { order.push("small"); return v; });
  const bytes = auroraview.call("api.bytes", {n: 20 * MIB}).then((d) => {
    order.push("bytes");
    return [d.data.length, same(d.data, pattern(20 * MIB)), d.n];
  });
  const later = auroraview.call("api.small", {v: 2}).then((v) => { order.push("small 2"); return v; });
  const aio = auroraview.call("api.bytes_async", {n: 2 * MIB}).then((d) => [d.data.length, same(d.data, pattern(2 * MIB))]);
  const over = auroraview.call("api.over").then(() => "sent", (e) => [e.code, e.message]);
  const got = {text: await text, small: await small, bytes: await bytes, later: await later,
               aio: await aio, over: await over, order};
  got.after = await auroraview.call("api.small", {v: 3});
  auroraview.send_event("report", got);
});
</script>"""

out = {}
view = auroraview.WebView(title="big results", html=PAGE)

ticks = TickGaps(QtCore)


def pattern(n):
    one = bytes((i * 7 + 1) & 255 for i in range(256))
    return one * (n // 256) + one[: n % 256]


@view.bind_call("api.text")
def text(n):
    view.emit("tick", "before text")
    return "ab" + "x" * (n - 4) + "yz"


@view.bind_call("api.small")
def small(v):
    return {"v": v}


@view.bind_call("api.bytes")
def big_bytes(n):
    return {"n": n, "data": pattern(n)}


@view.bind_call("api.bytes_async")
async def bytes_async(n):
    return {"data": bytearray(pattern(n))}


@view.bind_call("api.over")
def over():
    return "x" * (130 * MIB)


@view.on_ready
def ready(url):
    ticks.start()
    view.emit("go")


@view.on("report")
def on_report(page):
    out["page"] = page
    out["worst_gap_ms"] = ticks.stop()
    print(f"AVGAP big results: worst host tick gap {out['worst_gap_ms']} ms, 100 MiB text result in "
          f"{page['text'][2]} ms", flush=True)
    view.close()
    QtCore.QTimer.singleShot(0, app.quit)


view.show()
app.exec() if hasattr(app, "exec") else app.exec_()
report(out)
