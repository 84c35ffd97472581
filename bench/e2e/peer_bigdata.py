#!/usr/bin/python3
"""Peer for the big-data rows: the way a studio TD moves big data between JS and Python in a Qt
host today (PyQt6 + QWebChannel, as ../shared/peers/pyqt6_webchannel.py does small messages):
JSON strings through slots and signals, bytes as base64 (no binary path in QWebChannel).
Same scenarios and names as bigdata_side.py, measured with the same Sampler (memory.py):
  rt_<kind><mib>    JS calls a slot with JSON {data} (bytes: base64 of a Uint8Array); Python
                    parses it and answers JSON of the data (bytes: decoded, then encoded again);
                    JS parses the answer (bytes: back to a Uint8Array); page clock (ms)
  emit_<kind><mib>  Python emits a signal with the string (bytes: base64); JS has it (bytes:
                    decoded to a Uint8Array); Python clock from the emit to JS's report (ms)
  ..._gap_ms        the worst gap between ticks of a 60 Hz host QTimer during the transfer
  stream_*          N_STREAM signal emits of a 1 KiB string, 1000 per turn of the host's event
                    loop (no backpressure in QWebChannel); chunks/s until JS counted them all,
                    worst tick gap, peak RSS of the host and of it with its Chromium helpers
Prints one JSON line.
"""
import base64, json, os, sys, time
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PyQt6.QtCore import QObject, pyqtSlot, pyqtSignal, QTimer
from PyQt6.QtWidgets import QApplication
from PyQt6.QtWebEngineWidgets import QWebEngineView
from PyQt6.QtWebChannel import QWebChannel
from memory import Sampler

N_STREAM = int(os.environ.get("N_STREAM", 1000000))
STR_MIB = [int(x) for x in os.environ.get("BIG_STR_MIB", "1,10,100").split(",")]
BYTES_MIB = [int(x) for x in os.environ.get("BIG_BYTES_MIB", "10,100").split(",")]
MIB = 1 << 20
result = {"peer": "pyqt6-qwebchannel"}

class Bridge(QObject):
    pushed = pyqtSignal(str, str)
    streamed = pyqtSignal(str)
    @pyqtSlot(str, str, result=str)
    def call(self, method, params):
        p = json.loads(params)
        if method == "api.echo_b64":
            return json.dumps(base64.b64encode(base64.b64decode(p["data"])).decode())
        return json.dumps(p["data"])
    @pyqtSlot(str)
    def phase(self, name):
        sampler.start()
    @pyqtSlot(str)
    def phase_end(self, s):
        d = json.loads(s); result[d["name"] + "_ms"] = d["ms"]; result[d["name"] + "_gap_ms"] = sampler.stop()["gap_ms"]
    @pyqtSlot(str)
    def emit_req(self, s):
        d = json.loads(s); self.name = d["name"]
        data = "x" * (d["mib"] * MIB) if d["kind"] == "str" else bytes(d["mib"] * MIB)
        sampler.start(); self.t0 = time.perf_counter()
        self.pushed.emit(d["kind"], data if d["kind"] == "str" else base64.b64encode(data).decode())
    @pyqtSlot(bool)
    def got(self, ok):
        result[self.name + "_ms"] = round((time.perf_counter() - self.t0) * 1000) if ok else "wrong answer"
        result[self.name + "_gap_ms"] = sampler.stop()["gap_ms"]
    @pyqtSlot()
    def stream_req(self):
        self.sent = 0; sampler.start(); self.t0 = time.perf_counter(); self.slice()
    def slice(self):
        chunk = "c" * 1024
        for _ in range(min(1000, N_STREAM - self.sent)):
            self.streamed.emit(chunk)
        self.sent = min(N_STREAM, self.sent + 1000)
        if self.sent < N_STREAM: QTimer.singleShot(0, self.slice)
    @pyqtSlot()
    def stream_done(self):
        s = sampler.stop()
        result.update(stream_items_per_s=round(N_STREAM / (time.perf_counter() - self.t0)), stream_gap_ms=s["gap_ms"],
                      stream_peak_rss_mib=s["peak_rss_mib"], stream_peak_tree_rss_mib=s["peak_tree_rss_mib"])
        print(json.dumps(result)); sys.stdout.flush(); QApplication.quit()

HTML = """<html><head><script src="qrc:///qtwebchannel/qwebchannel.js"></script></head><body><script>
const STR_MIB = %s, BYTES_MIB = %s, N_STREAM = %d, MIB = 1 << 20;
function toB64(u8) { let s = ""; for (let i = 0; i < u8.length; i += 32768) s += String.fromCharCode.apply(null, u8.subarray(i, i + 32768)); return btoa(s); }
function fromB64(b) { const s = atob(b), u8 = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i); return u8; }
new QWebChannel(qt.webChannelTransport, async function(c){
  const b = c.objects.bridge; let gotEmit = null;
  b.pushed.connect(function(kind, payload){ gotEmit(kind === "str" ? payload.length : fromB64(payload).length); });
  const emitted = (name, mib, kind) => new Promise(r => { gotEmit = n => { b.got(n === mib * MIB); r(); };
                                                            b.emit_req(JSON.stringify({name, mib, kind})); });
  async function roundTrip(name, method, payload, decode) {
    b.phase(name); const t = performance.now();
    const n = await new Promise(r => b.call(method, JSON.stringify({data: payload()}), v => r(decode(JSON.parse(v)).length)));
    b.phase_end(JSON.stringify({name, ms: Math.round(performance.now() - t)}));
  }
  for (const mib of STR_MIB) {
    const s = "x".repeat(mib * MIB);
    await roundTrip("rt_str" + mib, "api.echo", () => s, v => v);
    await emitted("emit_str" + mib, mib, "str");
  }
  for (const mib of BYTES_MIB) {
    const u8 = new Uint8Array(mib * MIB).fill(7);
    await roundTrip("rt_bytes" + mib, "api.echo_b64", () => toB64(u8), fromB64);
    await emitted("emit_bytes" + mib, mib, "bytes");
  }
  let taken = 0;
  b.streamed.connect(function(chunk){ if (++taken === N_STREAM) b.stream_done(); });
  b.stream_req();
});</script></body></html>""" % (json.dumps(STR_MIB), json.dumps(BYTES_MIB), N_STREAM)

app = QApplication(sys.argv)
sampler = Sampler(os.getpid())
v = QWebEngineView(); ch = QWebChannel(); br = Bridge(); ch.registerObject("bridge", br)
v.page().setWebChannel(ch); v.setHtml(HTML); v.resize(300, 200); v.show()
QTimer.singleShot(600000, lambda: (print(json.dumps({**result, "timeout": True})), app.quit()))
app.exec()
