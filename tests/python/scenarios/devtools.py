"""DevTools: a debug view opens a DevTools window showing Chromium's inspector for its page;
a view made without debug=True refuses with a clear error. Runs in a PyQt host (of the shim's Qt)
so the windows can be inspected."""
import sys

from harness import pyqt, report

QTimer = pyqt("QtCore").QTimer
QWebEngineView = pyqt("QtWebEngineWidgets").QWebEngineView
QApplication = pyqt("QtWidgets").QApplication

import auroraview

app = QApplication(sys.argv)

result = {}
debug_view = auroraview.WebView(title="Debug", html="<p>inspect me</p>", debug=True)
plain_view = auroraview.WebView(title="Plain", html="<p>not me</p>")
try:
    plain_view.open_devtools()
    result["plain"] = "opened"
except RuntimeError as e:
    result["plain"] = str(e)


def devtools_windows():
    return [w for w in app.topLevelWidgets() if isinstance(w, QWebEngineView) and w.windowTitle() == "DevTools"]


@debug_view.on_ready
def ready(url):
    debug_view.open_devtools()
    poll.start(50)


def check():
    # Waits (within the harness's hang guard) until the inspector has loaded its page.
    windows = devtools_windows()
    if windows and windows[0].url().scheme() == "devtools":
        result["devtools"] = [[w.isVisible(), w.url().scheme()] for w in windows]
        poll.stop()
        app.quit()


poll = QTimer()
poll.timeout.connect(check)
debug_view.show()
plain_view.show()
app.exec()
debug_view.close()
plain_view.close()
report(result)
