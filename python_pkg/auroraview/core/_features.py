"""WebView's members for upstream AuroraView's state, commands and channels (its mixins'
names); the work is done by the view's ViewLink (_link.py)."""
from .channel import DEFAULT_CAPACITY
from ._link import ViewLink


class ViewFeatures:
    def _init_features(self, json_fallback):
        self._link = ViewLink(self, json_fallback)

    @property
    def state(self):
        """The State shared with the page's auroraview.state."""
        return self._link.state

    @property
    def commands(self):
        """The CommandRegistry whose commands the page's auroraview.invoke runs."""
        return self._link.commands

    def command(self, func_or_name=None, *, name=None):
        """Registers a command the page can invoke: @view.command, @view.command("name"),
        @view.command(name="name") (view.commands.register)."""
        return self.commands.register(func_or_name, name=name)

    @property
    def channels(self):
        """The ChannelManager of the view's channels."""
        return self._link.channels

    def create_channel(self, channel_id=None, *, capacity=DEFAULT_CAPACITY):
        """A new Channel streaming to the page (view.channels.create)."""
        return self.channels.create(channel_id, capacity=capacity)
