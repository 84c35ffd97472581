"""Upstream AuroraView's mode= (and embed_mode=, WebView.create) in a Qt host: a PyQt program
(PyQt6, or PyQt5 on the Qt 5 shim) with a QMainWindow and a plain panel. Each view's page reports
over the bridge; where its widget went is read through PyQt: its own window or not, owned by
whom, docked or a child. Then the same with a host attached, WebView.create's auto_show and
singleton, and an owned window closing with its owner."""
import sys

from harness import pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)
window = QtWidgets.QMainWindow()
window.setObjectName("host-main")
window.setCentralWidget(QtWidgets.QWidget())
panel = QtWidgets.QWidget()
panel.setObjectName("host-panel")
window.show()
panel.show()

import auroraview  # noqa: E402
import auroraview.host  # noqa: E402

PAGE = "<script>auroraview.send_event('up', location.href)</script>"
up = set()
views = {}


def add(name, view, show=True):
    view.on("up", lambda _href: up.add(name))
    if show:
        view.show()
    views[name] = view
    return view


def make(name, **kwargs):
    return add(name, auroraview.WebView(title=name, html=PAGE, **kwargs))


make("owner", parent=window, mode="owner")
make("owner-of-panel", parent=panel, mode="owner")
make("child", parent=panel, mode="child")
make("container", parent=window, mode="container")
make("none", parent=window, mode="none")
make("embed-mode-owner", parent=panel, embed_mode="owner")
add("create-auto", auroraview.WebView.create("create-auto", html=PAGE, parent=window))
add("create-owner-shown", auroraview.WebView.create("create-owner-shown", html=PAGE, parent=window, mode="owner",
                                                     auto_show=True), show=False)
auroraview.host.attach(window, name="stand-in")
make("attached-default")
make("attached-none", mode="none")
make("attached-owner", mode="owner")

first = auroraview.WebView.create("single", html=PAGE, singleton="tool", parent=window, mode="owner")
again = auroraview.WebView.create("single again", html=PAGE, singleton="tool")
result = {"singleton_same": first is again}
first.close()
third = auroraview.WebView.create("single third", html=PAGE, singleton="tool", parent=window, mode="owner")
result["singleton_after_close_new"] = third is not first
third.close()

owner = QtWidgets.QWidget()
owner.show()
owned = make("owned-by-a-dying-widget", parent=owner, mode="owner")
closed = []
owned.on_closed(lambda: closed.append(True))
auroraview._core.wait_until(lambda: len(up) == len(views), 60)


def place(view):
    """Where the view's widget is: ["window", owner's objectName or None], ["dock", main window's
    objectName] or ["child", parent's objectName]."""
    widgets = QtWidgets.QApplication.allWidgets()
    for dock in widgets:
        if dock.objectName().startswith("auroraview-dock-") and dock.windowTitle() == view.title:
            return ["dock", dock.parentWidget().objectName()]
    web = next(w for w in widgets if w.objectName().startswith("auroraview-view-") and w.windowTitle() == view.title)
    if web.isWindow():
        return ["window", web.parentWidget().objectName() if web.parentWidget() else None]
    return ["child", web.parentWidget().objectName()]


result["places"] = {name: place(view) for name, view in views.items()}
result["pages_up"] = sorted(up)
result["auto_show_visible"] = views["create-owner-shown"].geometry.get("visible")
pyqt("sip").delete(owner)  # as a host deletes its widget
result["owned_closed_with_owner"] = closed == [True]
result["detach_closed"] = auroraview.host.detach()
try:
    auroraview.WebView(html=PAGE, mode="floating")
except ValueError as e:
    result["bad_mode"] = str(e)
for view in views.values():
    view.close()
report(result)
