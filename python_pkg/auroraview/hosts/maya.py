"""Maya: a panel is a workspaceControl (Maya's dockable, stackable panel) filled by the view; the
main window is MQtUtil.mainWindow(); the deferred call is maya.utils.executeDeferred.

Maya 2022-2024 run Qt 5.15 (the Qt 5 shim), Maya 2025 and later Qt 6 (the Qt 6 shim); the
package picks the shim by the Qt the process has loaded. See docs/hosts.md.
"""
import re

import maya.cmds as cmds
import maya.OpenMayaUI as omui
import maya.utils

from . import _panels


class Host:
    name = "maya"

    def __init__(self):
        if cmds.about(batch=True):
            raise RuntimeError("Maya runs in batch mode (mayapy, maya -batch): there is no window to dock into")

    def main_window(self):
        """Maya's QMainWindow* as an int."""
        pointer = omui.MQtUtil.mainWindow()
        if not pointer:
            raise RuntimeError("Maya has no main window yet; attach from a userSetup.py executeDeferred call")
        return int(pointer)

    def defer(self, fn, *args):
        """Runs fn(*args) on Maya's main thread when Maya is next idle (maya.utils.executeDeferred)."""
        maya.utils.executeDeferred(fn, *args)

    def panel(self, title="AuroraView", *, name=None, floating=True, tab_to=None, width=800, height=600,
              ui_script=None, **view_options):
        """A WebView in a new workspaceControl: floating, or (given tab_to) a tab of the control
        named tab_to (e.g. "AttributeEditor"). name: the control's name (default from the title); a control of
        that name is replaced. ui_script: passed to workspaceControl(uiScript=) for tools that
        restore their panel with Maya's workspaces. Closing the view deletes the control, and
        closing the control closes the view."""
        control = name or "auroraview_" + re.sub(r"\W+", "_", title).strip("_").lower()
        if cmds.workspaceControl(control, exists=True):
            cmds.deleteUI(control)
        flags = dict(label=title, retain=False, floating=floating and not tab_to,
                     initialWidth=width, initialHeight=height)
        if tab_to:
            flags["tabToControl"] = (tab_to, -1)
        if ui_script:
            flags["uiScript"] = ui_script
        cmds.workspaceControl(control, **flags)
        pointer = omui.MQtUtil.findControl(control)
        if not pointer:
            raise RuntimeError(f"Maya made workspaceControl {control!r} but has no widget for it")
        pointer = int(pointer)
        view = _panels.view_in(pointer, title, view_options)
        # Deferred: the view also closes while Maya deletes the control, which must not be re-entered.
        view.on_closed(lambda: self.defer(_delete_control, control, pointer))
        return view


def _delete_control(control, pointer):
    """Deletes the control the closed view was in, unless the user closed it already or a newer
    control has taken its name."""
    found = omui.MQtUtil.findControl(control)
    if found and int(found) == pointer:
        cmds.deleteUI(control)
