"""Upstream AuroraView's entry points in a plain python3 program (auroraview makes the
application): create_webview, then run_app, run_desktop (html_path: its directory is the asset
root), run_standalone (headless) and WebView.create(auto_show=True), each of which runs until its
window closes. The entry points that block make their view themselves, so the scenario finds each
new view through the window manager (as a tool's own code could) and hands its page a handler;
the page reports, and the handler closes the view. argv[1]: a scratch directory."""
import os
import sys

from harness import capture_log, pyqt, report

import auroraview

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
log = capture_log()
out = {"order": []}
REPORT = "<title>{0}</title><script>auroraview.send_event('seen', {{href: location.href, title: document.title}})</script>"


def window_of(view):
    """The view's window as Qt holds it: frameless, and whether the user can resize it."""
    w = next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.windowTitle() == view.title)
    return {"frameless": bool(w.windowFlags() & QtCore.Qt.WindowType.FramelessWindowHint),
            "fixed": w.minimumSize() == w.maximumSize()}


def closing_on_report(view):
    """The page's report is recorded (with the window as it was then), and the view is closed."""

    def seen(data):
        out["order"].append(f"seen {view.title}")
        out[view.title] = dict(data, width=view.width, height=view.height, visible=view.geometry["visible"],
                               **window_of(view))
        view.close()

    view.on("seen", seen)


known = set()


def new_views():
    for view in auroraview.get_windows():
        if view.id not in known:
            known.add(view.id)
            closing_on_report(view)


auroraview.get_window_manager().on_change(new_views)


class Api:
    def add(self, a, b):
        return a + b


# create_webview: no parent, a window of its own; api= bound.
made = auroraview.create_webview(title="created", width=500, height=400, api=Api(), html=(
    "<title>created</title><script>auroraview.api.add({a: 2, b: 3}).then(sum => "
    "auroraview.send_event('seen', {sum}))</script>"))
out["create_webview_gives"] = type(made).__name__
made.show(block=False)
made.wait(60)

auroraview.run_app(html=REPORT.format("run_app"), title="run_app", width=520, height=410)
out["order"].append("run_app returned")

root = sys.argv[1]
with open(os.path.join(root, "index.html"), "w") as f:
    f.write("<title>desk</title><script src='app.js'></script>")
with open(os.path.join(root, "app.js"), "w") as f:
    f.write("auroraview.send_event('seen', {href: location.href, title: document.title, script: 'ran'})")
auroraview.run_desktop("desk", 420, 300, html_path=os.path.join(root, "index.html"), resizable=False,
                       decorations=False, tray_enabled=True, tray_tooltip="tip")
out["order"].append("run_desktop returned")

auroraview.run_standalone("headless", 300, 200, html=REPORT.format("headless"), headless=True)
out["order"].append("run_standalone returned")

auroraview.WebView.create("create-shown", html=REPORT.format("create-shown"), width=450, height=350,
                          auto_show=True)
out["order"].append("create returned")
out["warnings"] = [message for level, message, _ in log if "without effect" in message]
report(out)
