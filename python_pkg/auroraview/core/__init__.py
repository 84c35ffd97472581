"""Upstream AuroraView's auroraview.core, with upstream's module paths and names: shared state
(state), commands (commands), channels (channel), window events (events) and ready_events
(ReadyEvents and the require_* decorators). Every WebView has them: view.state, view.command /
view.commands, view.create_channel / view.channels, view.on(WindowEvent.X), view.ready_events."""
from . import channel, commands, events, ready_events, state
from .channel import Channel, ChannelManager
from .commands import CommandError, CommandErrorCode, CommandRegistry
from .events import EventHandler, WindowEvent, WindowEventData
from .ready_events import (
    ReadyEvents,
    require_bridge_ready,
    require_created,
    require_loaded,
    require_ready,
    require_shown,
)
from .state import State

__all__ = [
    "Channel",
    "ChannelManager",
    "CommandError",
    "CommandErrorCode",
    "CommandRegistry",
    "EventHandler",
    "ReadyEvents",
    "State",
    "WindowEvent",
    "WindowEventData",
    "channel",
    "commands",
    "events",
    "ready_events",
    "require_bridge_ready",
    "require_created",
    "require_loaded",
    "require_ready",
    "require_shown",
    "state",
]
