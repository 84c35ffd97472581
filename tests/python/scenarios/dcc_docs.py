"""Runs a Python block of docs/hosts.md (or docs/api/python.md) as pasted, in a stand-in DCC
(tests/python/stand_ins): argv[1] is maya, houdini or nuke, argv[2] a JSON spec written by
tests/python/test_reference_docs.py:

  code      the block, run as a shelf button / script editor runs it (exec in a fresh __main__)
  pick      a menu item's path: after the block, run that item's command string as the host does
            when the user picks it (nuke.menu(...).addCommand's second argument)
  modules   {name: source} the reader's own modules the block imports (outliner_tool), saved to a
            directory on sys.path

Names the block leaves to the reader: refresh_outliner (recorded with whether it ran on the main
thread). Reports the adapter attached, how many web views each host panel holds, the URL each view made began loading, the main-thread
record of refresh_outliner, and the stand-ins' call log. An exception in the block fails the run.
"""
import json
import os
import sys
import tempfile
import threading

from harness import on_main_thread, pyqt, report

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stand_ins"))
import dcc_stand_in as s  # noqa: E402

which = sys.argv[1]
spec = json.load(open(sys.argv[2]))
QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app, window, host_module = s.open_host(which, QtWidgets)

import auroraview  # noqa: E402

views, started, refreshed = [], {}, []
_init = auroraview.WebView.__init__


def observing_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    views.append(self)
    self.on_load_started(lambda data, view=self: started.setdefault(id(view), data["url"]))


auroraview.WebView.__init__ = observing_init

folder = tempfile.mkdtemp(prefix="auroraview-hosts-doc-")
for name, source in spec.get("modules", {}).items():
    with open(os.path.join(folder, name + ".py"), "w") as f:
        f.write(source)
sys.path.insert(0, folder)


def refresh_outliner(*args):
    refreshed.append([list(args), on_main_thread()])


exec(compile(spec["code"], "<docs block>", "exec"), {"__name__": "__main__", "refresh_outliner": refresh_outliner})
if spec.get("pick"):
    exec(compile(s.menu_commands[spec["pick"]], "<menu command>", "exec"), {"__name__": "__main__"})

expect_refresh = "refresh_outliner" in spec["code"]
gave_up = threading.Event()
guard = threading.Timer(60, gave_up.set)  # a guard against hangs only: the test sees what is missing
guard.daemon = True
guard.start()
timer = QtCore.QTimer()
timer.timeout.connect(lambda: (gave_up.is_set() or (
    len(started) == len(views) and (refreshed or not expect_refresh))) and app.quit())
timer.start(10)
app.exec()
timer.stop()
guard.cancel()



def host_panels():
    """The widgets the stand-in host made as panels (what the user sees as the tool's panel)."""
    if which == "maya":
        return list(host_module.controls.values())
    tabs = window.centralWidget()
    panes = [tabs.widget(i) for i in range(tabs.count())]
    if which == "houdini":
        return [panel.window for panel in host_module.Desktop.floating_panels] + panes
    return panes


def web_views(widget):
    return [w for w in widget.findChildren(QtWidgets.QWidget) if w.metaObject().className() == "QWebEngineView"]


host = auroraview.host.current()
report({
    "views_in_panels": [len(web_views(panel)) for panel in host_panels() if s.alive(panel)],
    "attached": host.name if host else None,
    "urls": [started.get(id(view)) for view in views],
    "refreshed": refreshed,
    "calls": s.calls,
})
