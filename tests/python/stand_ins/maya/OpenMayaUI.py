"""Stand-in for maya.OpenMayaUI (tests only)."""
import dcc_stand_in as s


class MQtUtil:
    @staticmethod
    def mainWindow():
        s.record("maya.OpenMayaUI.MQtUtil.mainWindow")
        return s.pointer(s.main_window)

    @staticmethod
    def findControl(name):
        from maya import cmds

        s.record("maya.OpenMayaUI.MQtUtil.findControl", name)
        widget = cmds.controls.get(name)
        return s.pointer(widget) if s.alive(widget) else None
