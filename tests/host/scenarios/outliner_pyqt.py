"""The outliner panel in a plain PyQt6 application: its own QApplication (made without
Qt::AA_ShareOpenGLContexts, before Qt WebEngine loads), a QMainWindow with a central widget, a
QTimer as the host timer feeding the frame counter. No avhost, no host plugin."""
import json
import os
import sys

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("a PyQt6 tool"))
window.resize(1200, 800)
window.show()

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "..", "..", "examples", "outliner")]
import auroraview  # noqa: E402
import outliner_checks  # noqa: E402
import outliner_panel  # noqa: E402

panel = outliner_panel.open_panel(parent=window, dock_area="left")
frame = 0


def tick():
    global frame
    frame += 1
    panel.set_frame(frame)


timer = QTimer()
timer.timeout.connect(tick)
timer.start(1000 // 24)
result = {"attached_host": auroraview.host.current() is not None}


def driven(facts):
    result.update(facts)
    docks = window.findChildren(QDockWidget)
    result["docks"] = sorted((d.windowTitle(), window.dockWidgetArea(d).name) for d in docks)
    result["dock_contents"] = [d.widget().metaObject().className() for d in docks]
    timer.stop()
    panel.close()
    result["panel_closed"] = panel.view.closed
    app.quit()


outliner_checks.drive(panel, driven)
app.exec()
print("AVRESULT " + json.dumps(result), flush=True)
