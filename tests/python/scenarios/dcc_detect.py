"""auroraview.hosts.detect() and attach() where they must refuse: argv[1] is maya, houdini, nuke
(its stand-in module loaded, as the host would) or none (a plain PyQt program); argv[2] "batch"
plays the host without its user interface (mayapy, hython, nuke -t)."""
import importlib
import os
import sys

from harness import pyqt, report

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stand_ins"))
import dcc_stand_in as s  # noqa: E402

which = sys.argv[1]
s.batch = sys.argv[2:] == ["batch"]
QtWidgets = pyqt("QtWidgets")
app = QtWidgets.QApplication(sys.argv)
s.main_window = QtWidgets.QMainWindow()
if which != "none":
    importlib.import_module({"maya": "maya.cmds", "houdini": "hou", "nuke": "nuke"}[which])

import auroraview.hosts  # noqa: E402

result = {}
try:
    adapter = auroraview.hosts.detect()
    result["detect"] = None if adapter is None else type(adapter).__module__
except RuntimeError as e:
    result["detect_error"] = str(e)
try:
    auroraview.hosts.attach()
except RuntimeError as e:
    result["attach_error"] = str(e)
result["attached"] = auroraview.host.current() is not None
report(result)
