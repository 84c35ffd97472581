"""Upstream AuroraView's channels from a real page: a stream of many messages, in order, with
back-pressure (await send_async waits while the page has capacity messages untaken), and its
close; a page that does not take its messages (send raises BusyError at capacity, the page holds
them until it subscribes, then the stream goes on); a reload (what the old page held is
forgotten); and the view's close closing its channels."""
from harness import report

import auroraview

STREAMED = 3000

PAGE = """<!doctype html><script>
auroraview.on("subscribe_numbers", () => {
  const got = [];
  const ch = auroraview.channel("numbers");
  ch.onMessage((n) => got.push(n));
  ch.onClose(() => auroraview.send_event("numbers_done", {
    count: got.length, in_order: got.every((n, i) => n === i), last: got[got.length - 1], closed: ch.isClosed}));
  auroraview.send_event("start_numbers");
});
auroraview.on("ping", (what) => auroraview.send_event("pong", what));
auroraview.on("subscribe_ignored", () => {
  const got = [];
  const ch = auroraview.channel("ignored");
  ch.onMessage((m) => got.push(m));
  ch.onClose(() => auroraview.send_event("ignored_done", got));
  auroraview.send_event("subscribed");
});
</script>"""

out = {"closed_by_view": []}
view = auroraview.WebView(title="channels", html=PAGE)
readies = []


@view.on_ready
def ready(url):
    readies.append(url)
    if len(readies) == 1:
        view.emit("subscribe_numbers")
    else:
        reloaded()


@view.on("start_numbers")
async def start_numbers(_):
    channel = view.create_channel("numbers", capacity=64)
    out["manager"] = {"active": view.channels.active_count, "get": view.channels.get("numbers") is channel,
                      "in": "numbers" in view.channels, "repr": repr(channel)}
    out["busy_then_waited"] = 0
    for n in range(STREAMED):
        try:
            channel.send(n)
        except auroraview.BusyError:  # 64 untaken: wait until the page has taken some
            out["busy_then_waited"] += 1
            await channel.send_async(n)
    channel.close()


@view.on("numbers_done")
def numbers_done(report_):
    out["numbers"] = report_
    out["active_after_close"] = view.channels.active_count
    ignored_turn()


def ignored_turn():
    channel = view.create_channel("ignored", capacity=8)
    out["ignored_sent"] = [channel.send(f"m{i}") for i in range(8)]
    try:
        view.create_channel("ignored")
    except ValueError as e:
        out["duplicate"] = str(e)
    view.emit("ping", "ignored")


@view.on("pong")
def pong(what):
    channel = view.channels.get("ignored")
    try:
        channel.send("one too many")  # the page has the 8, none taken
    except auroraview.BusyError as e:
        out["busy"] = str(e)
    view.emit("subscribe_ignored")


@view.on("subscribed")
async def subscribed(_):
    channel = view.channels.get("ignored")
    await channel.send_async("ninth")  # there is room once the page says it took the 8
    channel.close()
    out["send_after_close"] = channel.send("late")
    out["is_closed"] = channel.is_closed


@view.on("ignored_done")
def ignored_done(got):
    out["ignored_got"] = got
    across = view.create_channel("across", capacity=4)
    across.on_close(lambda: out["closed_by_view"].append("across"))
    for i in range(4):
        across.send(i)  # the page keeps them: nothing subscribes to "across"
    view.reload()


def reloaded():
    across = view.channels.get("across")
    try:
        for i in range(4):
            across.send(i)  # the new page holds none of the old page's messages
        out["after_reload"] = "sent"
    except auroraview.BusyError as e:
        out["after_reload"] = str(e)
    with view.create_channel("scoped") as scoped:
        scoped.on_close(lambda: out["closed_by_view"].append("scoped (with block)"))
    view.close()


view.show()
out["after_view_close"] = {"active": view.channels.active_count}
report(out)
