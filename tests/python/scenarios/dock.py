"""Docks in a PyQt QMainWindow host (PyQt6, or PyQt5 for the Qt 5 shim): the right area is
full of the host's docks (three of them) when ours arrives, and must not squeeze our page to
nothing; tabify with a named dock (at creation and later, and an unknown name refused);
float and redock, and move to another area; retain: the dock's close (what its X does) hides it,
show() brings back the same page with its JS state and no second load; a dock made with
retain=False ends on close."""
import os
import sys

from harness import report, pyqt

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
Qt = QtCore.Qt
Area = Qt.DockWidgetArea

app = QtWidgets.QApplication(sys.argv)
window = QtWidgets.QMainWindow()
window.setCentralWidget(QtWidgets.QTextEdit())
window.resize(1200, 900)
host_docks = {}
for name in ("Dock A", "Dock B", "Dock C"):
    dock = QtWidgets.QDockWidget(name, window)
    dock.setObjectName(name.lower().replace(" ", "-"))
    dock.setWidget(QtWidgets.QTextEdit(name))
    dock.widget().setMinimumHeight(int(os.environ.get("AV_TEST_HOST_MIN", "0")))
    window.addDockWidget(Area.RightDockWidgetArea, dock)
    host_docks[name] = dock
window.show()
app.processEvents()
# The host has spread its docks over the whole right area (as a DCC restores its layout).
window.resizeDocks(list(host_docks.values()), [500, 300, 200], Qt.Orientation.Vertical)
app.processEvents()

import auroraview  # noqa: E402

PAGE = """<!doctype html><html><body><script>
let count = 0;
auroraview.on("inc", () => { count += 1; });
auroraview.on("ask", () => auroraview.send_event("count", {count, loads: sessionStorage.loads}));
sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1);
</script></body></html>"""

result = {"events": [], "steps": {}}
plain = auroraview.WebView(title="Plain", parent=window, dock_area="bottom", height=150, retain=False,
                           html="<p>plain</p>")
plain.show()
for _ in range(20):  # the host's docks, and these two, laid out before ours arrives
    app.processEvents()
view = auroraview.WebView(title="Ours", parent=window, dock_area="right", width=360, height=420, html=PAGE)
tabbed = auroraview.WebView(title="Tabbed", parent=window, dock_area="left", tabify="dock-a",
                            html="<p>tabbed</p>")
try:
    auroraview.WebView(title="Nowhere", parent=window, tabify="no such dock")
    result["tabify_unknown_at_creation"] = None
except RuntimeError as e:
    result["tabify_unknown_at_creation"] = str(e)

loads = []
view.on_load_started(lambda data: loads.append(data["url"]))
view.on_window_event(lambda kind, data: result["events"].append([kind, data]))
plain_closed = []
plain.on_closed(lambda: plain_closed.append(True))
plain_answers = [False, True]
plain.on_closing(lambda: plain_answers.pop(0))  # a dock that does not retain asks first


def our_dock(title):
    return next(d for d in window.findChildren(QtWidgets.QDockWidget) if d.windowTitle() == title)


def page_widget(dock):
    return dock.widget()


def area_name(dock):
    area = window.dockWidgetArea(dock)
    return {Area.LeftDockWidgetArea: "left", Area.RightDockWidgetArea: "right",
            Area.TopDockWidgetArea: "top", Area.BottomDockWidgetArea: "bottom"}.get(area, str(area))


def kinds_since(n):
    return [k for k, _ in result["events"][n:]]


counts = []
view.on("count", lambda d: counts.append(d))


def measure():
    dock = our_dock("Ours")
    page = page_widget(dock)
    right = [d for d in window.findChildren(QtWidgets.QDockWidget)
             if window.dockWidgetArea(d) == Area.RightDockWidgetArea and d.isVisible()]
    result["steps"]["full_area"] = {
        "dock": [dock.width(), dock.height()], "page": [page.width(), page.height()],
        "requested": [360, 420], "area_height": sum(d.height() for d in right),
        "right_docks": len(right), "host_heights": [host_docks[n].height() for n in host_docks]}
    tabs = window.tabifiedDockWidgets(our_dock("Tabbed"))
    result["steps"]["tabified_at_creation"] = sorted(d.objectName() for d in tabs)
    view.emit("inc")
    view.emit("inc")
    view.emit("ask")


state = {"phase": "first_count"}


def on_count(d):
    phase = state["phase"]
    if phase == "first_count":
        result["steps"]["before_close"] = d
        state["phase"] = "retained"
        dock = our_dock("Ours")
        n = len(result["events"])
        result["steps"]["close_returned"] = dock.close()
        app.processEvents()
        result["steps"]["after_close"] = {"closed": view.closed, "visible": dock.isVisible(),
                                          "geometry_visible": view.geometry["visible"], "kinds": kinds_since(n)}
        n = len(result["events"])
        view.show()
        app.processEvents()
        result["steps"]["after_show"] = {"visible": dock.isVisible(), "kinds": kinds_since(n)}
        view.emit("inc")
        view.emit("ask")
    elif phase == "retained":
        result["steps"]["after_retain"] = d
        result["steps"]["loads"] = list(loads)
        state["phase"] = "done"
        dock_moves()


view.on("count", on_count)


def dock_moves():
    dock = our_dock("Ours")
    n = len(result["events"])
    view.set_floating(True)
    app.processEvents()
    result["steps"]["floated"] = {"floating": dock.isFloating(), "kinds": kinds_since(n),
                                  "geometry": view.geometry}
    n = len(result["events"])
    view.set_floating(False)
    app.processEvents()
    result["steps"]["redocked"] = {"floating": dock.isFloating(), "area": area_name(dock),
                                   "kinds": kinds_since(n), "geometry": view.geometry}
    n = len(result["events"])
    view.dock_to("left")
    app.processEvents()
    result["steps"]["moved_left"] = {"area": area_name(dock), "kinds": kinds_since(n), "geometry": view.geometry}
    view.resize(300, 500)  # docked: sized in its area
    app.processEvents()
    result["steps"]["resized_docked"] = dock.width()
    view.tabify("Dock B")  # by window title
    app.processEvents()
    result["steps"]["tabified_later"] = sorted(d.objectName() for d in window.tabifiedDockWidgets(host_docks["Dock B"]))
    try:
        view.tabify("no such dock")
        result["steps"]["tabify_unknown"] = None
    except RuntimeError as e:
        result["steps"]["tabify_unknown"] = str(e)
    try:
        view.move(1, 2)
        result["steps"]["move_docked"] = None
    except RuntimeError as e:
        result["steps"]["move_docked"] = str(e)
    result["steps"]["plain_refused"] = [our_dock("Plain").close(), plain.closed]
    result["steps"]["plain_close_returned"] = our_dock("Plain").close()
    QtCore.QTimer.singleShot(500, finish)


def finish():
    result["steps"]["plain"] = {"closed": plain.closed, "hook": plain_closed,
                                "dock_gone": all(d.windowTitle() != "Plain"
                                                 for d in window.findChildren(QtWidgets.QDockWidget))}
    result["closed_before_quit"] = view.closed
    app.quit()


ready = []


@view.on_ready
def on_ready(url):
    ready.append(url)
    if len(ready) == 1:
        QtCore.QTimer.singleShot(300, measure)


view.show()
tabbed.show()
QtCore.QTimer.singleShot(60000, app.quit)  # a hang guard
app.exec()
result["ready"] = len(ready)
for v in (view, tabbed):
    v.close()
report(result)
