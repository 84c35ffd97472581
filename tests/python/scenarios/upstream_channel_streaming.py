"""The channel API as upstream AuroraView's channel_streaming_demo uses it: a ChannelManager made
without a view, channels it creates opened on the view with channel._attach_webview(view), sent to
from bound calls (auroraview.api.*) on the main thread, and closed; the page listens to the raw
__channel_open__ / __channel_message__ / __channel_close__ events, as that demo's page does. The
page here is this project's: three buttons, each clicked by its own script, and a log."""
import time

from harness import report

import auroraview
from auroraview.core.channel import Channel, ChannelManager

PAGE = """<!doctype html>
<button id="file" onclick="run('stream_file_data')">file</button>
<button id="progress" onclick="run('stream_progress')">progress</button>
<button id="multi" onclick="run('multi_channel_demo')">multi</button>
<div id="bar"></div><ol id="log"></ol>
<script>
const open = new Set();
const log = (line) => document.getElementById("log").appendChild(document.createElement("li")).textContent = line;
auroraview.on("__channel_open__", (m) => { open.add(m.channel_id); log("open " + m.channel_id); });
auroraview.on("__channel_message__", (m) => {
  const d = m.data;
  if (d.type === "progress") document.getElementById("bar").textContent = d.percent + "% " + d.message;
  else log(m.channel_id + " " + JSON.stringify(d));
});
auroraview.on("__channel_close__", (m) => { open.delete(m.channel_id); log("close " + m.channel_id); });
const results = {};
let running;
function run(method) { running = auroraview.api[method]().then((r) => { results[method] = r; }); }
auroraview.on("click_all", async () => {
  const seen = {};
  for (const id of ["file", "progress", "multi"]) {
    document.getElementById(id).click();
    await running;
    seen[id + "_bar"] = document.getElementById("bar").textContent;
    seen[id + "_open_after"] = open.size;
  }
  Object.assign(seen, results);
  seen.status = await auroraview.api.get_channel_status();
  seen.log = [...document.querySelectorAll("#log li")].map((li) => li.textContent);
  auroraview.send_event("clicked", seen);
});
</script>"""

out = {}
view = auroraview.WebView(title="channel streaming", html=PAGE)
manager = ChannelManager()


@view.bind_call("api.stream_file_data")
def stream_file_data():
    channel = manager.create()
    channel._attach_webview(view)
    out["generated_id"] = channel.id.startswith("channel_") and len(channel.id) == len("channel_") + 8
    for i in range(4):
        channel.send({"type": "chunk", "index": i + 1, "size": 256})
        channel.send({"type": "progress", "percent": (i + 1) * 25, "message": f"chunk {i + 1}/4"})
        time.sleep(0.01)  # the demo's simulated I/O, on the main thread
    channel.close()
    return {"ok": True, "chunks_sent": 4}


@view.bind_call("api.stream_progress")
def stream_progress():
    channel = manager.create("progress_channel")
    channel._attach_webview(view)
    for i, step in enumerate(["Loading", "Processing", "Finalizing"]):
        channel.send({"type": "progress", "percent": (i + 1) * 100 // 3, "message": step})
    channel.close()
    return {"ok": True, "steps_completed": 3}


@view.bind_call("api.multi_channel_demo")
def multi_channel_demo():
    channels = [manager.create(f"multi_ch_{i}") for i in range(3)]
    for channel in channels:
        channel._attach_webview(view)
    for round_number in range(2):
        for i, channel in enumerate(channels):
            channel.send({"type": "data", "channel": i, "round": round_number})
    out["active_during_multi"] = manager.active_count
    for channel in channels:
        channel.close()
    return {"ok": True, "channels_used": len(channels)}


@view.bind_call("api.get_channel_status")
def get_channel_status():
    return {"active_channels": manager.active_count, "manager": repr(manager)}


# A channel made without a view holds what it is sent until it is attached.
early = Channel(channel_id="early")
early.send("held 1")
early.send("held 2")
out["early_repr"] = repr(early)


@view.on_ready
def ready(url):
    early._attach_webview(view)
    early.close()
    view.emit("click_all")


@view.on("clicked")
def clicked(seen):
    out["page"] = seen
    view.close()


view.show()
report(out)
