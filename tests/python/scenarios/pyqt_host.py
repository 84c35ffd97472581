"""A PyQt application as the host (PyQt6, or PyQt5 when the Qt 5 shim is under test): its
QApplication is made WITHOUT Qt::AA_ShareOpenGLContexts and before Qt WebEngine is loaded (the
case that crashes plugins, DESIGN.md section 8). Views go into its windows, each parent given once
as a widget object and once as a raw pointer: docked into the QMainWindow, and as a child of a
plain QWidget. show() returns at once; the host's app.exec() runs everything."""
import sys

from harness import on_main_thread, pyqt, report

sip = pyqt("sip")
QCoreApplication, Qt = pyqt("QtCore").QCoreApplication, pyqt("QtCore").Qt
QtWidgets = pyqt("QtWidgets")
QApplication, QDockWidget, QMainWindow, QWidget = (
    QtWidgets.QApplication, QtWidgets.QDockWidget, QtWidgets.QMainWindow, QtWidgets.QWidget)
AREAS = {Qt.DockWidgetArea.LeftDockWidgetArea: "LeftDockWidgetArea",
         Qt.DockWidgetArea.BottomDockWidgetArea: "BottomDockWidgetArea"}

app = QApplication(sys.argv)
result = {"share_contexts_attribute": QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)}
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
    "by_pointer": auroraview.WebView(title="By pointer", parent=sip.unwrapinstance(window), dock_area="bottom"),
    "child": auroraview.WebView(title="Child", parent=panel),
    # A raw pointer to anything but a QMainWindow: a child.
    "child_by_pointer": auroraview.WebView(title="Child by pointer", parent=sip.unwrapinstance(other_panel)),
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

app.exec()

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
