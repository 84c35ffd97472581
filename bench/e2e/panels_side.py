"""Memory of docked panels: argv[1] `auroraview` (WebView(parent=main window), docked) or `bare`
(a QWebEngineView in a QDockWidget), argv[2] how many, in a PyQt6 QMainWindow host. The same
small page for each, at the same base URL. Once every page has loaded and SETTLE_MS passed, the
PSS of this process and all its Chromium helpers (memory.py). Prints one JSON line:
pss_mib, anon_pss_mib (memory.py), processes (the tree's size) and renderers (its --type=renderer processes).
"""
import json
import os
import sys

from PyQt6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PyQt6.QtWebEngineWidgets import QWebEngineView
from PyQt6.QtWidgets import QApplication, QDockWidget, QMainWindow

from memory import anon_pss_mib, pss_mib, tree

SIDE, COUNT = sys.argv[1], int(sys.argv[2])
SETTLE_MS = int(os.environ.get("SETTLE_MS", 3000))
HTML = "<!doctype html><html><body><h1>panel</h1><script>document.body.dataset.x = 1;</script></body></html>"
BASE = "https://auroraview.localhost/"
# PANEL_URL: load this URL in every panel instead of the html (a file:// or http:// page)
URL = os.environ.get("PANEL_URL")

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QApplication(sys.argv)
if SIDE == "auroraview":
    import auroraview
win = QMainWindow()
win.resize(1200, 800)
win.show()
views = []
loaded = [0]


def one_loaded(*_):
    loaded[0] += 1
    if loaded[0] == COUNT:
        QTimer.singleShot(SETTLE_MS, measure)


def zygote(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"--type=zygote" in f.read()
    except OSError:
        return False


def renderer(pid):
    """A zygote's fork keeps the zygote's command line: a renderer is a zygote's child."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            parent = int(f.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return False
    return zygote(parent)


def measure():
    pids = tree(os.getpid())
    print(json.dumps({"side": SIDE, "panels": COUNT, "pss_mib": round(pss_mib(pids), 1),
                      "anon_pss_mib": round(anon_pss_mib(pids), 1), "processes": len(pids),
                      "renderers": sum(map(renderer, pids))}), flush=True)
    app.quit()


for i in range(COUNT):
    if SIDE == "auroraview":
        view = auroraview.WebView(title=f"panel {i}", parent=win, width=300, height=200)
        view.on_ready(one_loaded)
        view.load_url(URL) if URL else view.load_html(HTML, BASE)
        view.show()
    else:
        dock = QDockWidget(f"panel {i}", win)
        view = QWebEngineView(dock)
        view.loadFinished.connect(one_loaded)
        view.load(QUrl(URL)) if URL else view.setHtml(HTML, QUrl(BASE))
        dock.setWidget(view)
        win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    views.append(view)

QTimer.singleShot(120000, lambda: (print(json.dumps({"side": SIDE, "timeout": True})), app.quit()))
app.exec()
