"""auroraview.hosts in a stand-in DCC (tests/python/stand_ins): argv[1] is maya, houdini or nuke.

The host is a PyQt application of the Qt under test whose main window has a tab area for panes;
the stand-in host modules record what the adapter calls. Two panels are opened, the host's two
ways; each page calls Python and sends an event; a deferred call runs. Then one view is closed from
Python (its host panel must go) and the user closes the other panel (its view must close). For
Houdini and Nuke, a panel the host builds on its own (restoring a layout) shows the restored-panel
text."""
import os
import sys

from harness import on_main_thread, pyqt, report

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stand_ins"))
import dcc_stand_in as s  # noqa: E402

which = sys.argv[1]
QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app, window, host_module = s.open_host(which, QtWidgets)

import auroraview  # noqa: E402
import auroraview.hosts  # noqa: E402


def run_until(done):
    """Runs the host's event loop until done() holds."""
    timer = QtCore.QTimer()
    timer.timeout.connect(lambda: done() and app.quit())
    timer.start(10)
    app.exec()
    timer.stop()


host = auroraview.hosts.attach()
attached = auroraview.host.current()
result = {
    "adapter": type(host).__module__,
    "attached": [attached.name, attached.main_window == s.pointer(window)],
    "attached_again": auroraview.hosts.attach().name == which and auroraview.host.current() is attached,
}

PAGE = """<!doctype html><body><script>
auroraview.call("api.add", [NAME, 10]).then(sum => auroraview.send_event("report", {name: NAME, sum}));
</script></body>"""
OPTIONS = {"maya": [{}, {"tab_to": "AttributeEditor"}],
           "houdini": [{}, {"floating": False}],
           "nuke": [{}, {"pane": None}]}[which]
reports, deferred, closed = {}, [], []
views = []
for i, options in enumerate(OPTIONS):
    view = host.panel(f"Panel {i}", html=PAGE.replace("NAME", str(i)), **options)
    view.bind_call("api.add", lambda a, b: a + b)
    view.on("report", lambda r: reports.update({str(r["name"]): [r["sum"], on_main_thread()]}))
    view.on_closed(lambda i=i: closed.append(i))
    views.append(view)
host.defer(lambda a, b: deferred.append([a, b, on_main_thread()]), 1, 2)
run_until(lambda: len(reports) == len(views) and deferred)
result["reports"], result["deferred"] = reports, deferred


def host_panel(i):
    """The widget the host made for panel i."""
    if which == "maya":
        return host_module.controls[f"auroraview_panel_{i}"]
    if which == "houdini":
        return host_module.Desktop.floating_panels[0].window if i == 0 else window.centralWidget().widget(0)
    return sys.modules["nukescripts"].panels.panels[i].page


def web_views(widget):
    return [w for w in widget.findChildren(QtWidgets.QWidget) if w.metaObject().className() == "QWebEngineView"]


def placement(i):
    """[how many web views the host's panel holds, whether the first fills it]."""
    panel = host_panel(i)
    for widget in [panel] + panel.findChildren(QtWidgets.QWidget):  # lay out now, shown or not
        if widget.layout() is not None:
            widget.layout().activate()
    found = web_views(panel)
    return [len(found), bool(found) and found[0].size() == panel.size()]


result["placement"] = [placement(i) for i in range(len(views))]

# Closed from Python: the host's panel goes too (through the host's deferred call).
first_panel = host_panel(0)
views[0].close()
run_until(lambda: not s.alive(first_panel))
# Closed by the user: the view closes.
second_panel = host_panel(1)
if which == "maya":
    host_module.user_closes("auroraview_panel_1")
else:
    s.destroy(second_panel)
run_until(lambda: 1 in closed)
result["closed"] = [sorted(closed), [v.closed for v in views], s.alive(first_panel), s.alive(second_panel)]

if which == "houdini":  # Houdini restores a floating Python Panel of a saved desktop
    panel = host_module.ui.curDesktop().createFloatingPanel(
        host_module.paneTabType.PythonPanel, python_panel_interface="auroraview_panel")
    restored = panel.window
elif which == "nuke":  # Nuke restores a registered panel of a saved layout
    from auroraview.hosts import nuke as nuke_adapter

    restored = sys.modules["nukescripts"].panels.registerWidgetAsPanel(
        nuke_adapter.WIDGET, "Restored", "auroraview.restored", True).addToPane().page
if which != "maya":
    result["restored"] = [label.text() for label in restored.findChildren(QtWidgets.QLabel)]

result["calls"] = s.calls
report(result)
