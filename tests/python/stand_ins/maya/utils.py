"""Stand-in for maya.utils (tests only)."""
from dcc_stand_in import later, record


def executeDeferred(fn, *args):
    record("maya.utils.executeDeferred", getattr(fn, "__name__", "?"))
    later(fn, *args)
