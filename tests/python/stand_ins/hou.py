"""Stand-in for Houdini's hou (tests only). Python Panel interfaces come from real .pypanel files
(installFile parses the XML and runs the interface's script, as Houdini does); a Python Panel pane
tab is a QWidget that holds what onCreateInterface() returned; a floating panel is a window with
one such tab; a pane is the main window's tab area."""
import xml.etree.ElementTree as ElementTree

import dcc_stand_in as s


class ObjectWasDeleted(Exception):
    pass


def isUIAvailable():
    s.record("hou.isUIAvailable")
    return not s.batch


class qt:
    @staticmethod
    def mainWindow():
        s.record("hou.qt.mainWindow")
        return s.main_window


class paneTabType:
    PythonPanel = "paneTabType.PythonPanel"
    NetworkEditor = "paneTabType.NetworkEditor"


class PythonPanelInterface:
    def __init__(self, name, script):
        self._name, self._namespace = name, {}
        exec(compile(script, f"<pypanel {name}>", "exec"), self._namespace)

    def name(self):
        return self._name


class pypanel:
    _interfaces = {}

    @staticmethod
    def installFile(path):
        s.record("hou.pypanel.installFile", path)
        for element in ElementTree.parse(path).getroot().iter("interface"):
            name = element.get("name")
            pypanel._interfaces[name] = PythonPanelInterface(name, element.find("script").text)

    @staticmethod
    def interfaceByName(name):
        s.record("hou.pypanel.interfaceByName", name)
        return pypanel._interfaces.get(name)


class PythonPanel:
    """A Python Panel pane tab: page is the QWidget it shows."""

    def __init__(self, page):
        self.page = page

    def _check(self):
        if not s.alive(self.page):
            raise ObjectWasDeleted("the pane tab was closed")

    def setActiveInterface(self, interface):
        s.record("hou.PythonPanel.setActiveInterface", interface.name())
        self._check()
        self.page.layout().addWidget(interface._namespace["onCreateInterface"]())

    def setLabel(self, label):
        s.record("hou.PythonPanel.setLabel", label)
        self._check()
        self.page.setWindowTitle(label)

    def showToolbar(self, show):
        s.record("hou.PythonPanel.showToolbar", show)
        self._check()

    def pane(self):
        return Pane()

    def close(self):
        s.record("hou.PaneTab.close")
        self._check()
        s.destroy(self.page)


class Pane:
    def createTab(self, pane_tab_type):
        s.record("hou.Pane.createTab", pane_tab_type)
        return PythonPanel(s.new_tab("Python Panel"))


class FloatingPanel:
    def __init__(self, window, tab):
        self.window, self.tab = window, tab

    def paneTabs(self):
        return (self.tab,)

    def close(self):
        s.record("hou.FloatingPanel.close")
        if not s.alive(self.window):
            raise ObjectWasDeleted("the floating panel was closed")
        s.destroy(self.window)


class Desktop:
    floating_panels = []

    def createFloatingPanel(self, pane_tab_type, position=(), size=(), python_panel_interface=None, immediate=False):
        s.record("hou.Desktop.createFloatingPanel", pane_tab_type, size=size,
                 python_panel_interface=python_panel_interface, immediate=immediate)
        widgets = s.qt("QtWidgets")
        window = widgets.QWidget()
        widgets.QVBoxLayout(window).setContentsMargins(0, 0, 0, 0)
        if size:
            window.resize(*size)
        window.show()
        panel = FloatingPanel(window, PythonPanel(window))
        if python_panel_interface:
            panel.tab.setActiveInterface(pypanel.interfaceByName(python_panel_interface))
        Desktop.floating_panels.append(panel)
        return panel

    def paneTabOfType(self, pane_tab_type, index=0):
        s.record("hou.Desktop.paneTabOfType", pane_tab_type)
        return PythonPanel(None)  # its pane() is the main window's tab area


class ui:
    @staticmethod
    def curDesktop():
        return Desktop()
