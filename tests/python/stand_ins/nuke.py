"""Stand-in for Nuke's nuke module (tests only): a pane is the main window's tab area."""
import dcc_stand_in as s

GUI = not s.batch


def executeInMainThread(call, args=(), kwargs=None):
    s.record("nuke.executeInMainThread", getattr(call, "__name__", "?"))
    s.later(lambda: call(*args, **(kwargs or {})))


class Pane:
    def __init__(self, name):
        self.name = name


def getPaneFor(name):
    s.record("nuke.getPaneFor", name)
    return Pane(name)


class Menu:
    """A menu of Nuke's menu bar: addCommand records the item; the scenario runs its command
    string as Nuke does when the user picks the item (exec in Nuke's __main__)."""

    def __init__(self, name):
        self.name = name

    def addCommand(self, name, command=None, shortcut="", icon=""):
        s.record("nuke.Menu.addCommand", self.name, name, command)
        s.menu_commands[name] = command


def menu(name):
    s.record("nuke.menu", name)
    return Menu(name)
