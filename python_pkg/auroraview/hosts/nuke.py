"""Nuke: a panel is a Nuke panel made by nukescripts.panels.registerWidgetAsPanel, added to a
pane (the Properties bin by default); the main window is the application's QMainWindow; the
deferred call is nuke.executeInMainThread.

Nuke 13 to 15 run Qt 5 (the Qt 5 shim; Nuke 13 has Qt 5.12, see docs/hosts.md), Nuke 16 Qt 6.
"""
import re

import nuke
import nukescripts

from .. import webview
from . import _panels

# What Nuke's panel knob calls to make the panel's widget: an expression naming a callable.
WIDGET = "__import__('auroraview.hosts._panels', fromlist=['create_panel_widget']).create_panel_widget"


class Host:
    name = "nuke"

    def __init__(self):
        if not nuke.GUI:
            raise RuntimeError("Nuke runs without its user interface (nuke -t): there is no window to dock into")

    def main_window(self):
        """Nuke's QMainWindow* as an int: Nuke has no call for it, so the application's top-level
        QMainWindow."""
        for widget in _panels.qt_widgets().QApplication.instance().topLevelWidgets():
            if widget.inherits("QMainWindow"):
                return webview._parent_pointer(widget)[0]
        raise RuntimeError("Nuke's main window is not among the application's windows")

    def defer(self, fn, *args):
        """Runs fn(*args) on Nuke's main thread (nuke.executeInMainThread)."""
        nuke.executeInMainThread(fn, args)

    def panel(self, title="AuroraView", *, panel_id=None, pane="Properties.1", **view_options):
        """A WebView in a Nuke panel added to the pane holding the panel named pane (None: Nuke's
        choice). panel_id: the panel's unique id (default from the title). Closing the view
        destroys the panel (PythonPanel.destroy()), and when Nuke destroys the panel's widget
        the view closes with it."""
        panel_id = panel_id or "auroraview." + re.sub(r"\W+", "_", title).strip("_").lower()
        box, view = _panels.handed_over_view(title, view_options)
        try:
            panel = nukescripts.panels.registerWidgetAsPanel(WIDGET, title, panel_id, True)
            target = nuke.getPaneFor(pane) if pane else None
            if target is not None:
                panel.addToPane(target)
            else:
                panel.addToPane()
        except Exception:
            _panels.withdraw(box)
            view.close()
            raise
        view.on_closed(lambda: self.defer(_destroy, panel))
        return view


def _destroy(panel):
    """Destroys the panel of a closed view, unless the user closed it already."""
    if panel.isValid():
        panel.destroy()
