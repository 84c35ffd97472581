"""Stand-in for maya.cmds (tests only): a workspaceControl is an empty QWidget, floating on its
own or a tab of the main window's pane area (tabToControl); Maya's layout is left out, so the
view must make its own."""
import dcc_stand_in as s

#: name -> the control's QWidget
controls = {}


def about(batch=False):
    s.record("maya.cmds.about", batch=batch)
    return s.batch


def workspaceControl(name, exists=False, **flags):
    if exists:
        s.record("maya.cmds.workspaceControl", name, exists=True)
        return s.alive(controls.get(name))
    s.record("maya.cmds.workspaceControl", name, **flags)
    if "tabToControl" in flags:
        widget = s.qt("QtWidgets").QWidget()
        s.main_window.centralWidget().addTab(widget, flags.get("label", name))
    else:
        widget = s.qt("QtWidgets").QWidget()
        widget.setWindowTitle(flags.get("label", name))
        widget.resize(flags.get("initialWidth", 400), flags.get("initialHeight", 300))
        widget.show()
    widget.setObjectName(name)
    controls[name] = widget
    return name


def deleteUI(name):
    s.record("maya.cmds.deleteUI", name)
    s.destroy(controls.pop(name))


def user_closes(name):
    """The user closes the control (retain=False: Maya deletes it)."""
    s.destroy(controls.pop(name))
