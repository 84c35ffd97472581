"""Upstream AuroraView's auroraview.core: shared state (state), commands (commands), channels
(channel) and window events (events), with upstream's module paths and names. Every WebView has
them: view.state, view.command / view.commands, view.create_channel / view.channels, and
view.on(WindowEvent.X)."""
from . import channel, commands, events, state
from .channel import Channel, ChannelManager
from .commands import CommandError, CommandErrorCode, CommandRegistry
from .events import EventHandler, WindowEvent, WindowEventData
from .state import State

__all__ = [
    "Channel",
    "ChannelManager",
    "CommandError",
    "CommandErrorCode",
    "CommandRegistry",
    "EventHandler",
    "State",
    "WindowEvent",
    "WindowEventData",
    "channel",
    "commands",
    "events",
    "state",
]
