"""Upstream AuroraView's channels (view.create_channel, Channel, ChannelManager) and the page's
auroraview.channel (scenarios/channels.py, a real page), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("channels")


def test_a_stream_of_many_messages_arrives_whole_and_in_order_then_closes(run):
    assert run["numbers"] == {"count": 3000, "in_order": True, "last": 2999, "closed": True}
    assert run["manager"] == {"active": 1, "get": True, "in": True, "repr": "Channel(numbers, open)"}
    assert run["active_after_close"] == 0


def test_the_stream_is_bounded_by_what_the_page_has_taken(run):
    # With capacity 64, send() refused while 64 were untaken, and send_async() waited for the page.
    assert run["busy_then_waited"] > 0


def test_a_page_that_does_not_listen_holds_capacity_messages_and_send_says_busy(run):
    assert run["ignored_sent"] == [True] * 8
    assert run["busy"].startswith("channel ignored: the page has not taken its last 8 messages")
    assert "await channel.send_async(data)" in run["busy"]


def test_held_messages_reach_a_late_subscriber_and_then_the_stream_goes_on(run):
    assert run["ignored_got"] == [f"m{i}" for i in range(8)] + ["ninth"]


def test_a_closed_channel_sends_nothing(run):
    assert run["send_after_close"] is False and run["is_closed"] is True


def test_two_open_channels_of_one_name_are_refused(run):
    assert run["duplicate"] == ("a channel named 'ignored' is already open on this view: close it first, "
                                "or give the new one another channel_id")


def test_a_new_page_starts_with_nothing_untaken(run):
    assert run["after_reload"] == "sent"


def test_a_with_block_and_the_view_closing_close_channels(run):
    assert run["closed_by_view"] == ["scoped (with block)", "across"]
    assert run["after_view_close"] == {"active": 0}
