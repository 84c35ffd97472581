"""A PyQt application as the host (PyQt6, or PyQt5 when the Qt 5 shim is under test; PySide2 when
AV_TEST_BINDING says so, as Maya 2022-2024 and Nuke 13-14 ship it): its
QApplication is made WITHOUT Qt::AA_ShareOpenGLContexts and before Qt WebEngine is loaded (the
case that crashes plugins, DESIGN.md section 8). Views go into its windows, each parent given once
as a widget object and once as a raw pointer: docked into the QMainWindow, and as a child of a
plain QWidget. show() returns at once; the host's app.exec() runs everything."""
import importlib
import os
import sys

from harness import QT, on_main_thread, report

BINDING = os.environ.get("AV_TEST_BINDING") or f"PyQt{QT}"
QtCore = importlib.import_module(f"{BINDING}.QtCore")
QCoreApplication, Qt = QtCore.QCoreApplication, QtCore.Qt
QtWidgets = importlib.import_module(f"{BINDING}.QtWidgets")


def pointer_of(widget):
    """The QWidget* of a widget, as an int, the way each binding gives it."""
    if BINDING.startswith("PyQt"):
        return importlib.import_module(f"{BINDING}.sip").unwrapinstance(widget)
    return importlib.import_module(f"shiboken{BINDING[-1]}").getCppPointer(widget)[0]


QApplication, QDockWidget, QMainWindow, QWidget = (
    QtWidgets.QApplication, QtWidgets.QDockWidget, QtWidgets.QMainWindow, QtWidgets.QWidget)
AREAS = {Qt.DockWidgetArea.LeftDockWidgetArea: "LeftDockWidgetArea",
         Qt.DockWidgetArea.BottomDockWidgetArea: "BottomDockWidgetArea"}

app = QApplication(sys.argv)
result = {"binding": BINDING, "share_contexts_attribute": QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)}
window = QMainWindow()
window.setCentralWidget(QWidget())
panel, other_panel = QWidget(), QWidget()
window.show()
panel.show()
other_panel.show()

import auroraview  # noqa: E402  (only now: loading Qt WebEngine first would hide the problem)

PAGE = """<!doctype html><html><body><script>
auroraview.on("hello", d => auroraview.send_event("report", {
  name: NAME, sum: d.sum, href: location.href}));
(async () => {
  const sum = await auroraview.call("api.add", [2, 3]);
  auroraview.send_event("sum", sum);
})();
</script></body></html>"""

views = {
    "docked": auroraview.WebView(title="Docked", parent=window, dock_area="left"),
    "by_pointer": auroraview.WebView(title="By pointer", parent=pointer_of(window), dock_area="bottom"),
    "child": auroraview.WebView(title="Child", parent=panel),
    # A raw pointer to anything but a QMainWindow: a child.
    "child_by_pointer": auroraview.WebView(title="Child by pointer", parent=pointer_of(other_panel)),
}
reports = {}
result["standalone"] = auroraview._core.standalone()
result["show_returned"] = []


def wire(name, view):
    @view.bind_call("api.add")
    def add(a, b):
        return a + b

    @view.on("sum")
    def got_sum(s):
        view.emit("hello", {"sum": s})

    @view.on("report")
    def got_report(out):
        out["on_main_thread"] = on_main_thread()
        reports[name] = out
        if len(reports) == len(views):
            app.quit()

    view.load_html(PAGE.replace("NAME", repr(name)))
    view.show()
    result["show_returned"].append(name)


for name, view in views.items():
    wire(name, view)

(app.exec() if hasattr(app, "exec") else app.exec_())

docks = window.findChildren(QDockWidget)
result["docks"] = sorted((d.windowTitle(), AREAS.get(window.dockWidgetArea(d), "other")) for d in docks)
result["dock_contents"] = sorted(d.widget().metaObject().className() for d in docks)
result["panel_children"] = [
    [w.metaObject().className() for w in p.findChildren(QWidget) if w.metaObject().className() == "QWebEngineView"]
    for p in (panel, other_panel)]
result["reports"] = reports
# A child view fills its parent (the shim puts it in the parent's layout), whatever size it asked.
app.processEvents()
result["children_fill_panels"] = [
    [w.geometry() == p.rect() for w in p.findChildren(QWidget) if w.metaObject().className() == "QWebEngineView"]
    for p in (panel, other_panel)]
for view in views.values():
    view.close()
result["closed"] = [view.closed for view in views.values()]
report(result)
