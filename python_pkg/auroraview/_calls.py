"""auroraview.current_call(): the call whose handler is running.

_core (plugin/python/av_pycall.c) sets `current` around each call handler, so a sync handler
sees its call however deep it spins the Qt event loop, and an async handler's task (asyncio
copies the context into each task it creates) sees the call it answers, whichever other tasks
run meanwhile.
"""
import contextvars

current = contextvars.ContextVar("auroraview.current_call", default=None)


def current_call():
    """The context of the call whose handler is running (an object with id, method, view and
    a live cancelled flag, and raise_if_cancelled()), or None outside call handlers."""
    return current.get()
