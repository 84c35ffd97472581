"""The shim's own guard, for a shim loaded by hand past the package's choice: a PyQt host of Qt
argv[1] loads the OTHER Qt's shim with ctypes and calls av_shim_app_init, which must refuse with
a clear message (and not make a second, foreign QApplication). The host then goes on."""
import ctypes
import importlib
import importlib.util
import os
import sys

from harness import report

host_qt = int(sys.argv[1])
other = 11 - host_qt  # 5 <-> 6
QtWidgets = importlib.import_module(f"PyQt{host_qt}.QtWidgets")
app = QtWidgets.QApplication(sys.argv)

package_dir = importlib.util.find_spec("auroraview").submodule_search_locations[0]  # not imported
shim = ctypes.CDLL(os.path.join(package_dir, f"libav_shim_qt{other}.so"), mode=os.RTLD_LOCAL)
shim.av_shim_app_init.argtypes = [ctypes.POINTER(ctypes.c_int), ctypes.c_char_p, ctypes.c_size_t]
created = ctypes.c_int(-1)
err = ctypes.create_string_buffer(512)
rc = shim.av_shim_app_init(ctypes.byref(created), err, len(err))

widget = QtWidgets.QWidget()
widget.show()
report({"rc": rc, "created": created.value, "error": err.value.decode(), "shim_qt": shim.av_shim_qt_major(),
        "host_alive": widget.isVisible()})
