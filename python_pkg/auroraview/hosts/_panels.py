"""What the host adapters share: the Qt binding the host ships, and the panel widget a view fills.

Houdini and Nuke build a panel's widget themselves, when they show the panel (Houdini calls the
Python Panel interface's onCreateInterface(), Nuke instantiates the class given to
registerWidgetAsPanel). panel() therefore makes the view first, inside a container widget, and
hands the container over when the host asks for it (create_panel_widget()).
"""
import importlib
import sys

from .. import _shim, webview

#: Shown in a panel the host restored from a saved layout: the tool that made it must reopen it.
RESTORED_TEXT = "This AuroraView panel was restored without its tool. Reopen it from the tool."

# Containers made by panel(), oldest first, waiting for the host to ask for a panel widget.
# Main thread only (hosts build panels there), so no lock.
_waiting = []


def qt_widgets():
    """QtWidgets of the host's Qt binding, for the Qt of the loaded shim: the one the host has
    imported already, else PySide6 or PySide2 (what Maya, Houdini and Nuke ship), else PyQt6 or
    PyQt5."""
    names = ("PySide6", "PyQt6") if _shim.major == 6 else ("PySide2", "PyQt5")
    loaded = [name for name in names if f"{name}.QtWidgets" in sys.modules]
    for name in loaded + list(names):
        try:
            return importlib.import_module(f"{name}.QtWidgets")
        except ImportError:
            continue
    raise RuntimeError(f"no Qt {_shim.major} binding for Python here (tried {' and '.join(names)})")


def container():
    """An empty QWidget with a margin-less layout: a view made with it as parent fills it."""
    widgets = qt_widgets()
    widget = widgets.QWidget()
    widgets.QVBoxLayout(widget).setContentsMargins(0, 0, 0, 0)
    return widget


def view_in(parent, title, view_options):
    """A WebView filling parent (a widget or a QWidget* as an int)."""
    return webview.WebView(title=title, parent=parent, dock=False, **view_options)


def handed_over_view(title, view_options):
    """(container, view): a view in a new container, queued for create_panel_widget()."""
    box = container()
    view = view_in(box, title, view_options)
    _waiting.append(box)
    return box, view


def withdraw(box):
    """Takes box back when the host failed to make its panel."""
    if box in _waiting:
        _waiting.remove(box)


def create_panel_widget():
    """The widget of an auroraview panel the host is building: the oldest container waiting, or,
    when none is (the host restored a panel from a saved layout), one that says so."""
    if _waiting:
        return _waiting.pop(0)
    box = container()
    box.layout().addWidget(qt_widgets().QLabel(RESTORED_TEXT))
    return box
