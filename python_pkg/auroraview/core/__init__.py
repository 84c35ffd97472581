"""Upstream AuroraView's auroraview.core, with upstream's module paths and names: ready_events
(ReadyEvents and the require_* decorators; every WebView has view.ready_events)."""
from . import ready_events
from .ready_events import (
    ReadyEvents,
    require_bridge_ready,
    require_created,
    require_loaded,
    require_ready,
    require_shown,
)

__all__ = [
    "ReadyEvents",
    "ready_events",
    "require_bridge_ready",
    "require_created",
    "require_loaded",
    "require_ready",
    "require_shown",
]
