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
