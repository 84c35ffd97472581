"""Screenshots of the example tools, for their --screenshot option (what scripts/example.sh runs
when there is no display, and what tests/python/test_examples.py looks at). It runs inside the
tool's process, under Xvfb with QT_QPA_PLATFORM=xcb, and reads the screen through the PyQt of the
shim's Qt (the same Qt libraries, so the same QApplication). Xvfb has no window manager: every
window sits at the screen's top-left corner unless moved (place())."""
import importlib
import threading

import auroraview
from auroraview import _shim


def _app():
    widgets = importlib.import_module(f"PyQt{_shim.major}.QtWidgets")
    return widgets.QApplication.instance()


def after(seconds, fn):
    """fn() on the main thread, seconds from now (the page gets time to paint the last emits)."""
    threading.Timer(seconds, auroraview.run_on_main_thread, args=(fn,)).start()


def place(x, y):
    """Moves this process's visible windows to (x, y). Main thread."""
    for window in _app().topLevelWidgets():
        if window.isVisible():
            window.move(x, y)


def grab(path, width, height):
    """Writes the screen's top-left width x height to path (PNG); returns the size written.
    Main thread."""
    pixmap = _app().primaryScreen().grabWindow(0, 0, 0, width, height)
    if pixmap.isNull() or not pixmap.save(path, "PNG"):
        raise OSError(f"could not write a screenshot to {path} (is this an X display? QT_QPA_PLATFORM=xcb)")
    return pixmap.width(), pixmap.height()
