"""Upstream AuroraView's window events: WindowEvent names them, WindowEventData carries their data.

view.on(WindowEvent.RESIZED, fn) is view.on_resized(fn): a WindowEvent that names one of the view's
window or page hooks registers fn as that hook, and fn gets a WindowEventData. The others (the file
drop and paste events) are events a page sends (auroraview.send_event("file_drop", ...)), so for
them view.on registers a page event handler of that name, as for any string.
"""
from enum import Enum
from typing import Any, Callable, Dict


class WindowEvent(str, Enum):
    """The names of upstream AuroraView's window events; each is also its str value."""

    LOADED = "loaded"
    LOAD_STARTED = "load_started"
    LOAD_FINISHED = "load_finished"
    SHOWN = "shown"
    HIDDEN = "hidden"
    CLOSING = "closing"
    CLOSED = "closed"
    FOCUSED = "focused"
    BLURRED = "blurred"
    MINIMIZED = "minimized"
    MAXIMIZED = "maximized"
    RESTORED = "restored"
    RESIZED = "resized"
    MOVED = "moved"
    NAVIGATION_STARTED = "navigation_started"
    NAVIGATION_FINISHED = "navigation_finished"
    FILE_DROP = "file_drop"
    FILE_DROP_HOVER = "file_drop_hover"
    FILE_DROP_CANCELLED = "file_drop_cancelled"
    FILE_PASTE = "file_paste"

    def __str__(self):
        return self.value


# The WebView hook each WindowEvent stands for (webview.WebView.on_<hook>); the rest have none.
_HOOK_OF = {
    WindowEvent.LOADED: "loaded",
    WindowEvent.LOAD_STARTED: "load_started",
    WindowEvent.LOAD_FINISHED: "load_finished",
    WindowEvent.SHOWN: "shown",
    WindowEvent.HIDDEN: "hidden",
    WindowEvent.CLOSING: "closing",
    WindowEvent.CLOSED: "closed",
    WindowEvent.FOCUSED: "focused",
    WindowEvent.BLURRED: "blurred",
    WindowEvent.MINIMIZED: "minimized",
    WindowEvent.MAXIMIZED: "maximized",
    WindowEvent.RESTORED: "restored",
    WindowEvent.RESIZED: "resized",
    WindowEvent.MOVED: "moved",
    WindowEvent.NAVIGATION_STARTED: "load_started",
    WindowEvent.NAVIGATION_FINISHED: "load_finished",
}


def hook_of(event):
    """The name of the WebView hook a WindowEvent stands for, or None (any other event name)."""
    return _HOOK_OF.get(event) if isinstance(event, WindowEvent) else None


class WindowEventData(dict):
    """The data of a window event: a dict (data["width"], data.get("url")) whose common keys are
    also attributes (data.width), None when the event has no such key."""

    def __init__(self, data=None):
        super().__init__(data or {})

    @property
    def url(self):
        return self.get("url")

    @property
    def width(self):
        return self.get("width")

    @property
    def height(self):
        return self.get("height")

    @property
    def x(self):
        return self.get("x")

    @property
    def y(self):
        return self.get("y")

    @property
    def focused(self):
        return self.get("focused")

    @property
    def files(self):
        return self.get("files")

    @property
    def paths(self):
        return self.get("paths")

    @property
    def position(self):
        return self.get("position")

    @property
    def hovering(self):
        return self.get("hovering")

    @property
    def reason(self):
        return self.get("reason")

    @property
    def timestamp(self):
        return self.get("timestamp")

    def __repr__(self):
        return f"WindowEventData({dict.__repr__(self)})"


#: The type of a handler given to view.on (upstream AuroraView's alias).
EventHandler = Callable[[Dict[str, Any]], Any]
