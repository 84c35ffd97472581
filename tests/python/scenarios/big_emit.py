"""Big emits take the other road (issue 19, deliverable 2, Python -> page): an emit whose JSON is
1 MiB or more becomes a blob the page reads once from auroraview://blob/<token>, in order with
the emits around it. Two views on pages of the same origin: A gets 20 MiB of bytes nested in a
dict and a list and 100 MiB of text, each followed at once by a small emit; B is a hostile page
that is handed A's blob URL before A reads it (its read must fail and leave the blob to A), and A
then reads the same URL again (stale: it must fail). An emit above the configured limit raises at
once. A 60 Hz host timer's worst gap is printed, not asserted."""
import sys
import time

from harness import TickGaps, pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402

MIB = 1 << 20
auroraview.configure(max_message_bytes=256 * MIB)

READ = """
const read = (url) => new Promise((resolve) => {
  const x = new XMLHttpRequest(); x.open("GET", url); x.responseType = "arraybuffer";
  x.onload = () => resolve(x.status === 200 || x.status === 0 ? {bytes: x.response.byteLength} : {status: x.status});
  x.onerror = () => resolve({error: true}); x.send();
});
"""
PAGE_A = """<!doctype html><script>""" + READ + """
const got = [];
const urls = [];
// Holds the first payload read until Python says go (eval_js is not held behind it).
const send = XMLHttpRequest.prototype.send, open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) { this.__url = url; return open.apply(this, arguments); };
XMLHttpRequest.prototype.send = function () {
  if (String(this.__url).startsWith("auroraview://blob/") && !urls.includes(this.__url)) {
    urls.push(this.__url);
    if (urls.length === 1) {
      window.__go = () => send.call(this);
      auroraview.send_event("blob_url", this.__url);
      return;
    }
  }
  return send.apply(this, arguments);
};
const pattern = (n, seed) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 7 + seed) & 255; return b; };
const same = (a, b) => a instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
auroraview.on("bytes", (d) => got.push(["bytes", d.n, same(d.data, pattern(d.n, 1)), same(d.list[1][0], pattern(d.n, 2))]));
auroraview.on("text", (d) => got.push(["text", d.value.length, d.value.startsWith("ab") && d.value.endsWith("yz")]));
auroraview.on("small", (d) => got.push(["small", d.value]));
auroraview.on("finish", async () => {
  const stale = await read(urls[0]);
  auroraview.send_event("report", {got, stale, urls: urls.length});
});
</script>"""
PAGE_B = """<!doctype html><script>""" + READ + """
auroraview.on("steal", async ({value}) => auroraview.send_event("stolen", await read(value)));
</script>"""

out = {}
a = auroraview.WebView(title="A", html=PAGE_A)
b = auroraview.WebView(title="B", html=PAGE_B)

ticks = TickGaps(QtCore)


def pattern(n, seed):
    return bytes((i * 7 + seed) & 255 for i in range(n)) if n < 4096 else (bytes(range(256)) * (n // 256 + 1))[:n]


started = []


@a.on_ready
def ready(url):
    started.append(url)
    if len(started) != 1:
        return
    ticks.start()
    for n in (0, 1, 64 * 1024, 20 * MIB):
        a.emit("bytes", {"n": n, "data": js_pattern(n, 1), "list": [n, [bytearray(js_pattern(n, 2))]]})
        a.emit("small", f"after {n}")
    a.emit("text", "ab" + "x" * (100 * MIB) + "yz")
    a.emit("small", "after text")
    try:
        t = time.perf_counter()
        a.emit("text", "x" * (300 * MIB))
        out["over_limit"] = "sent"
    except auroraview.AuroraViewError as e:
        out["over_limit"] = [type(e).__name__, getattr(e, "code", None), str(e)]
        out["over_limit_s"] = round(time.perf_counter() - t, 2)


def js_pattern(n, seed):
    # The page's pattern: (i * 7 + seed) & 255.
    return bytes((i * 7 + seed) & 255 for i in range(256)) * (n // 256) + bytes((i * 7 + seed) & 255 for i in range(n % 256))


@a.on("blob_url")
def blob_url(url):
    b.emit("steal", url)


@b.on("stolen")
def stolen(result):
    out["stolen"] = result
    a.eval_js("window.__go()")
    a.emit("finish")


@a.on("report")
def on_report(page):
    out["page"] = page
    out["worst_gap_ms"] = ticks.stop()
    print(f"AVGAP big emits: worst host tick gap {out['worst_gap_ms']} ms", flush=True)
    b.close()
    a.close()
    QtCore.QTimer.singleShot(0, app.quit)


b.show()
a.show()
app.exec() if hasattr(app, "exec") else app.exec_()
report(out)
