"""QtWebView in a Qt program (PyQt6; PyQt5 or PySide2, as AV_TEST_BINDING says, on the Qt 5
shim), used as upstream's qt_custom_menu_demo and maya_qt_echo_demo use it: a QMainWindow puts
one in its layout (context_menu=False, dev_tools=True), binds an API object and a method, handles
an event with the decorator form of on(); the page calls them. Python emits to the page and
reads a value back with eval_js_async, all through the widget. Closing the window emits
aboutToClose, then is_alive is False and the view is closed. create_webview with a QWidget
parent gives a QtWebView too; one that is its own window closes with close()."""
import importlib
import os
import sys

from harness import QT, report

BINDING = os.environ.get("AV_TEST_BINDING") or f"PyQt{QT}"
QtWidgets = importlib.import_module(f"{BINDING}.QtWidgets")
QtCore = importlib.import_module(f"{BINDING}.QtCore")
app = QtWidgets.QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)  # the scenario goes on after the tool's window closes

import auroraview  # noqa: E402
from auroraview import QtWebView  # noqa: E402

PAGE = """<!doctype html><title>tool page</title><script>
auroraview.on("hello", async (d) => {
  const renamed = await auroraview.api.rename_selected({prefix: d.prefix});
  const sum = await auroraview.call("tool.add", [2, 3]);
  auroraview.send_event("menu_action", {action: "export"});
  console.warn("page warns");
  auroraview.send_event("done", {renamed, sum, from: d.from});
});
</script><script>throw new Error("page throws");</script>"""
out = {"binding": BINDING, "actions": [], "signals": []}


class ShelfApi:
    def rename_selected(self, prefix="av_"):
        return [f"{prefix}01", f"{prefix}02"]


class ToolWindow(QtWidgets.QMainWindow):
    """As upstream's qt_custom_menu_demo builds its window."""

    def __init__(self):
        super().__init__()
        self.setWindowTitle("Tool window")
        central = QtWidgets.QWidget()
        self.setCentralWidget(central)
        layout = QtWidgets.QVBoxLayout(central)
        self.webview = QtWebView(parent=self, title="Qt Tool", width=900, height=700, dev_tools=True,
                                 context_menu=False)

        @self.webview.on("menu_action")
        def handle_menu_action(data):
            out["actions"].append(data["action"])

        layout.addWidget(self.webview)
        self.webview.bind_api(ShelfApi())
        self.webview.bind_call("tool.add", lambda a, b: a + b)
        self.webview.load_html(PAGE)


window = ToolWindow()
tool = window.webview
for name in ("aboutToClose", "loadStarted", "loadFinished", "urlChanged", "titleChanged", "consoleMessage",
             "jsError"):
    getattr(tool, name).connect(lambda *args, name=name: out["signals"].append([name, *args]))
tool.on_ready(lambda url: tool.emit("hello", {"prefix": "av_", "from": "python"}))


@tool.on("done")
def done(data):
    out["done"] = data
    out["alive_before_close"] = tool.is_alive
    tool.eval_js_async("document.title", lambda value, error: finish(value))


def inner_web(widget):
    return next(w for w in widget.findChildren(QtWidgets.QWidget) if w.objectName().startswith("auroraview-view-"))


def finish(title):
    out["eval_title"] = title
    out["inner_context_menu_default"] = (
        inner_web(tool).contextMenuPolicy() == QtCore.Qt.ContextMenuPolicy.DefaultContextMenu)
    out["inner_fills_widget"] = inner_web(tool).parentWidget() is tool
    out["webview_is_a_WebView"] = isinstance(tool.webview, auroraview.WebView)
    tool.title = "Renamed tool"
    out["title_after_set"] = [tool.title, tool.webview.title]
    window.close()  # the user closes the tool's window
    QtCore.QTimer.singleShot(0, after_close)


def after_close():
    out["alive_after_close"] = tool.is_alive
    out["view_closed"] = tool.closed  # delegated: the WebView's
    second_part()


# ---- create_webview with a QWidget parent; a QtWebView that is its own window ----------------------

panel = QtWidgets.QWidget()
panel_layout = QtWidgets.QVBoxLayout(panel)
SECOND = "<script>auroraview.api.rename_selected({prefix: 'p_'}).then(r => auroraview.send_event('got', r))</script>"


def second_part():
    made = auroraview.create_webview(parent=panel, html=SECOND, frame=False, api=ShelfApi())
    out["create_webview_gives"] = type(made).__name__
    out["frameless"] = bool(made.windowFlags() & QtCore.Qt.WindowType.FramelessWindowHint)
    made.aboutToClose.connect(lambda: out["signals"].append(["made:aboutToClose"]))
    panel_layout.addWidget(made)
    panel.show()

    @made.on("got")
    def got(renamed):
        out["create_webview_api"] = renamed
        made.close()
        out["made_alive"] = made.is_alive
        third_part()


def third_part():
    own = QtWebView(title="own window", html="<p>own</p>")
    own.aboutToClose.connect(lambda: out["signals"].append(["own:aboutToClose"]))
    own.show()
    out["own_is_window"] = own.isWindow()
    own.on_ready(lambda url: (own.close(), out.__setitem__("own_alive", own.is_alive), app.quit()))


window.show()
QtCore.QTimer.singleShot(90000, app.quit)  # a hang guard only
app.exec() if hasattr(app, "exec") else app.exec_()
report(out)
