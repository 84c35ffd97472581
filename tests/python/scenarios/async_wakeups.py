"""Async handlers: auroraview's asyncio loop wakes by itself for each kind of work, with nothing
else running (one view, no other handler awaiting, and a timer of the loop an hour away so no
timer wakes it by luck): a Future a plain handler sets (call_soon from outside the loop), a
worker thread's result (call_soon_threadsafe: the loop's self-pipe), a socket that becomes
readable (its selector's fd, watched on the Qt loop). Each step is a call the page awaits."""
import asyncio
import socket
import sys
import threading
import time

from harness import report

import auroraview

PAGE = """<!doctype html><script>
auroraview.whenReady().then(async () => {
  auroraview.call("api.hour");  // keeps a timer of the loop an hour away
  const out = {};
  const gate = auroraview.call("api.gate_wait");
  await auroraview.call("api.gate_open", ["opened"]);
  out.gate = await gate;
  out.thread = await auroraview.call("api.in_thread");
  out.socket = await auroraview.call("api.socket_read");
  auroraview.send_event("report", out);
});
</script>"""

view = auroraview.WebView(title="wakeups", html=PAGE)
gate = {}
seen = {}


@view.bind_call("api.hour")
async def hour():
    await asyncio.sleep(3600)


@view.bind_call("api.gate_wait")
async def gate_wait():
    gate["future"] = asyncio.get_running_loop().create_future()
    return await gate["future"]


@view.bind_call("api.gate_open")
def gate_open(value):
    gate["future"].set_result(value)  # a plain handler, outside the asyncio loop


@view.bind_call("api.in_thread")
async def in_thread():
    def work():
        time.sleep(0.05)
        return threading.current_thread() is not threading.main_thread()

    return await asyncio.get_running_loop().run_in_executor(None, work)


@view.bind_call("api.socket_read")
async def socket_read():
    ours, theirs = socket.socketpair()
    reader, writer = await asyncio.open_connection(sock=ours)
    threading.Timer(0.05, theirs.sendall, [b"hello\n"]).start()
    line = await reader.readline()
    writer.close()
    theirs.close()
    return line.decode().strip()


@view.on("report")
def on_report(out):
    seen.update(out)
    # Idle now: nothing is due but the hour's timer, so no pass of the loop may be armed sooner,
    # and none runs for half a second (the count is reported, not judged: the state is).
    driver = sys.modules["auroraview._aio"]._driver
    passes = driver.passes

    def idle_done():
        seen["idle"] = {"timer_in_s": driver.timer_at - driver.loop.time(), "passes": driver.passes - passes}
        view.close()

    gate["idle_timer"] = auroraview._core.call_later(0.5, idle_done)  # kept: a dropped one is cancelled


view.show()
report(seen)
