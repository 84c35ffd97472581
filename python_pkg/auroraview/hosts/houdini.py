"""Houdini: a panel is a Python Panel (floating, or a pane tab) whose interface hands over the
view's widget; the main window is hou.qt.mainWindow(); the deferred call is
hdefereval.executeDeferred.

The Python Panel interface is defined in auroraview.pypanel (installed into the session on first
use): its onCreateInterface() returns the widget panel() prepared. Houdini 19.5 to 20.5 run Qt 5.15
(the Qt 5 shim). See docs/hosts.md.
"""
import os

import hdefereval
import hou

from .. import webview
from . import _panels

INTERFACE = "auroraview_panel"
PYPANEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "auroraview.pypanel")


class Host:
    name = "houdini"

    def __init__(self):
        if not hou.isUIAvailable():
            raise RuntimeError("Houdini runs without its user interface (hython, hbatch): there is no window to dock into")

    def main_window(self):
        """Houdini's QMainWindow* as an int."""
        return webview._parent_pointer(hou.qt.mainWindow())[0]

    def defer(self, fn, *args):
        """Runs fn(*args) on Houdini's main thread when it is next idle (hdefereval.executeDeferred)."""
        hdefereval.executeDeferred(fn, *args)

    def panel(self, title="AuroraView", *, floating=True, pane_tab=None, width=800, height=600, **view_options):
        """A WebView in a Python Panel: a floating panel of its own (floating=True), or a new tab
        in the pane of pane_tab (a hou.PaneTab; default: the first network editor's pane).
        Closing the view closes its panel or tab, and closing those closes the view."""
        if hou.pypanel.interfaceByName(INTERFACE) is None:
            hou.pypanel.installFile(PYPANEL)
        box, view = _panels.handed_over_view(title, view_options)
        try:
            desktop = hou.ui.curDesktop()
            if floating:
                panel = desktop.createFloatingPanel(hou.paneTabType.PythonPanel, size=(width, height),
                                                    python_panel_interface=INTERFACE, immediate=True)
                tab, close = panel.paneTabs()[0], panel.close
            else:
                beside = pane_tab or desktop.paneTabOfType(hou.paneTabType.NetworkEditor)
                if beside is None:
                    raise RuntimeError("no pane to add the tab to: give pane_tab=")
                tab = beside.pane().createTab(hou.paneTabType.PythonPanel)
                tab.setActiveInterface(hou.pypanel.interfaceByName(INTERFACE))
                close = tab.close
            tab.setLabel(title)
            tab.showToolbar(False)
        except Exception:
            _panels.withdraw(box)
            view.close()
            raise
        view.on_closed(lambda: self.defer(_close, close))
        return view


def _close(close):
    """Closes the panel or tab of a closed view, unless the user closed it already."""
    try:
        close()
    except hou.ObjectWasDeleted:
        pass
