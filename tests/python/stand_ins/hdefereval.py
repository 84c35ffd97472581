"""Stand-in for Houdini's hdefereval (tests only)."""
from dcc_stand_in import later, record


def executeDeferred(fn, *args):
    record("hdefereval.executeDeferred", getattr(fn, "__name__", "?"))
    later(fn, *args)
