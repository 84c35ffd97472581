"""The Qt application auroraview runs inside, when there is one: where panels dock by default.

A host (a DCC application, or any PyQt6/PySide6 program with a QMainWindow) calls attach() once,
on its main thread:

    import auroraview.host
    auroraview.host.attach(main_window, name="maya")   # a QMainWindow, or its QMainWindow* as int

From then on:
- WebView() without parent= docks into main_window (dock=False still gives a window of its own);
- views run on the host's main thread: auroraview attaches to the host's QApplication, posts its
  work to that application's event queue and never runs an event loop of its own (show()
  returns at once);
- detach() closes every view opened while attached (their on_closed hooks run before it returns).

avhost's plugin (plugin/host) calls attach() when the host loads it and detach() when it unloads.
"""
import threading

from . import _core, webview

_attached = None


class Host:
    """What auroraview knows about its host (read-only; see attach())."""

    def __init__(self, name, main_window):
        self.name = name
        self.main_window = main_window  # the QMainWindow* as an int
        self._views = []

    @property
    def views(self):
        """The views opened while attached that are still open."""
        return list(self._views)

    def _adopt(self, view):
        self._views.append(view)
        view.on_closed(lambda: self._views.remove(view))

    def __repr__(self):
        return f"<auroraview host {self.name!r}, main window 0x{self.main_window:x}, {len(self._views)} views>"


def attach(main_window, name="host"):
    """Makes main_window (a PyQt6/PySide6 QMainWindow, or a QMainWindow* as an int) the default
    parent of new views. The process must already have a QApplication (the host's). Raises
    RuntimeError when a host is attached already, or off the main thread."""
    global _attached
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("attach() the host on its main thread")
    if _attached is not None:
        raise RuntimeError(f"auroraview is attached to {_attached.name!r} already; detach() it first")
    pointer, is_main_window = webview._parent_pointer(main_window)
    if is_main_window is False:
        raise TypeError(f"main_window must be a QMainWindow, not {type(main_window).__name__}")
    if not pointer:
        raise ValueError("main_window is a null pointer")
    webview._start()
    if _core.standalone():
        raise RuntimeError("there was no QApplication in this process: a host must create its own before attach()")
    _attached = Host(name, pointer)
    return _attached


def detach():
    """Closes the views opened while attached and forgets the host. Returns how many it closed."""
    global _attached
    host, _attached = _attached, None
    if host is None:
        return 0
    views = host.views
    for view in views:
        view.close()
    return len(views)


def current():
    """The attached Host, or None."""
    return _attached
