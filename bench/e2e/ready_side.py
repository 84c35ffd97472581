"""ready: from view creation to the page being usable, in a PyQt6 host, for `auroraview`
(creation to the view's on_ready hook: the bridge's "ready" message, sent at DOMContentLoaded)
or `bare` (a plain QWebEngineView: creation to loadFinished). argv[1] picks the side. Views
1..REPEAT are made one after another in one process: the first includes Chromium's start-up
(cold), the rest are warm. The same small page for both. Prints one JSON line (ms)."""
import json
import statistics
import sys
import time

from PyQt6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PyQt6.QtWebEngineWidgets import QWebEngineView
from PyQt6.QtWidgets import QApplication

SIDE = sys.argv[1]
REPEAT = 11
HTML = "<!doctype html><html><body><h1>panel</h1><script>document.body.dataset.x = 1;</script></body></html>"
BASE = "https://auroraview.localhost/"

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv)
if SIDE == "auroraview":
    import auroraview

times = []
views = []


def done(t0):
    times.append((time.perf_counter() - t0) * 1000)
    if len(times) == REPEAT:
        print(json.dumps({"side": SIDE, "ready_cold_ms": round(times[0], 1),
                          "ready_warm_ms": round(statistics.median(times[1:]), 1)}), flush=True)
        app.quit()
    else:
        QTimer.singleShot(0, make_one)


def make_one():
    t0 = time.perf_counter()
    if SIDE == "auroraview":
        view = auroraview.WebView(title="ready", width=300, height=200)
        view.on_ready(lambda url: done(t0))
        view.load_html(HTML, BASE)
        view.show()
    else:
        view = QWebEngineView()
        view.resize(300, 200)
        view.loadFinished.connect(lambda ok: done(t0))
        view.setHtml(HTML, QUrl(BASE))
        view.show()
    views.append(view)


QTimer.singleShot(0, make_one)
QTimer.singleShot(120000, lambda: (print(json.dumps({"side": SIDE, "timeout": True})), app.quit()))
app.exec()
