"""What the stand-ins of the DCC modules share (tests only): the call log, the PyQt of the Qt under
test, and the host's main window (a QMainWindow whose central widget is a QTabWidget: the
"panes" Houdini and Nuke add tabs to), which open_host makes before it imports a stand-in."""
import importlib
import os

QT = int(os.environ.get("AURORAVIEW_QT") or 6)

#: [name, args, kwargs] of every call the adapters made into a stand-in, in order.
calls = []
#: The host's main window, set by open_host.
main_window = None
#: The command string of each menu item added (nuke.Menu.addCommand), by its path.
menu_commands = {}
#: True plays a host without a user interface (mayapy, hython, nuke -t).
batch = False


def open_host(which, QtWidgets):
    """The stand-in DCC `which` ("maya", "houdini" or "nuke") as a scenario starts it: a
    QApplication of QtWidgets' Qt, a main window with a tab area for panes, shown as a DCC's is,
    and the DCC's module imported as the DCC loads it. Returns (app, window, that module)."""
    global main_window
    app = QtWidgets.QApplication([which])
    window = QtWidgets.QMainWindow()
    window.setCentralWidget(QtWidgets.QTabWidget())
    window.resize(1200, 800)
    window.show()
    main_window = window
    module = importlib.import_module({"maya": "maya.cmds", "houdini": "hou", "nuke": "nuke"}[which])
    return app, window, module


def _plain(value):
    return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value


def record(name, *args, **kwargs):
    calls.append([name, _plain(args), {k: _plain(v) for k, v in kwargs.items()}])


def qt(module):
    return importlib.import_module(f"PyQt{QT}.{module}")


def pointer(widget):
    """The widget's C++ address, as a host's API hands it out."""
    return qt("sip").unwrapinstance(widget)


def alive(widget):
    return widget is not None and not qt("sip").isdeleted(widget)


def later(fn, *args):
    """Runs fn(*args) from the event loop, as a host's deferred call does."""
    qt("QtCore").QTimer.singleShot(0, lambda: fn(*args))


def destroy(widget):
    """Deletes widget now, as a host deleting its UI does."""
    if alive(widget):
        qt("sip").delete(widget)


def new_tab(title):
    """A new tab in the main window's pane area, holding an empty widget with a layout."""
    widgets = qt("QtWidgets")
    page = widgets.QWidget()
    widgets.QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
    main_window.centralWidget().addTab(page, title)
    return page
