"""Which shim `import auroraview` loads. argv[1]: the PyQt a host loaded first (PyQt5, PyQt6, or
none: plain python3); AURORAVIEW_QT comes from the environment the test gives. Reports the Qt
major of the shim loaded, or the ImportError's message, and whether the host still works after."""
import importlib
import sys

from harness import report

first = sys.argv[1]
result = {}
if first != "none":
    QtWidgets = importlib.import_module(f"{first}.QtWidgets")
    app = QtWidgets.QApplication(sys.argv)
try:
    import auroraview

    result["shim"] = auroraview._shim.major
    result["core_loaded"] = "auroraview._core" in sys.modules
except ImportError as e:
    result["error"] = str(e)
    result["core_loaded"] = "auroraview._core" in sys.modules
if first != "none":
    widget = QtWidgets.QWidget()
    widget.show()
    result["host_alive"] = widget.isVisible()
report(result)
