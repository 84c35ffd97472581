"""Upstream AuroraView's WebView keywords that shape the page, each in real views whose pages
report what they see: user_agent (navigator.userAgent, and the User-Agent header a local HTTP
server received), data_directory (local storage shared by the views of one directory, apart
from the others; an open directory's user agent is its profile's), allow_file_protocol (an
html= page loading a local image by file:/// URL), and the one warning naming the keywords
that have no effect here. argv[1]: a scratch directory."""
import http.server
import json
import os
import struct
import sys
import threading
import uuid
import zlib

from harness import capture_log, report

import auroraview

TMP = sys.argv[1]
log = capture_log()
seen = {}


def on_report(view, name):
    view.on("seen", lambda data: seen.__setitem__(name, data))
    return view


def wait_for(*names):
    auroraview._core.wait_until(lambda: all(n in seen for n in names), 60)
    return {n: seen.get(n) for n in names}


# ---- user_agent: navigator.userAgent and the header a server received ---------------------------

class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        header = json.dumps(self.headers.get("User-Agent"))
        body = (f"<script>auroraview.send_event('seen', {{nav: navigator.userAgent, header: {header}}})"
                "</script>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
threading.Thread(target=server.serve_forever, daemon=True).start()
URL = f"http://127.0.0.1:{server.server_address[1]}/ua"
ua_views = [
    on_report(auroraview.WebView(url=URL, user_agent="AuroraViewTest/A"), "a"),
    on_report(auroraview.WebView(url=URL, user_agent="AuroraViewTest/B"), "b"),
    on_report(auroraview.WebView(url=URL), "default"),
    on_report(auroraview.WebView(url=URL, user_agent="AuroraViewTest/D", data_directory=os.path.join(TMP, "d3")),
              "with_directory"),
]
for view in ua_views:
    view.show(block=False)
result = {"user_agents": wait_for("a", "b", "default", "with_directory")}

# ---- data_directory: one profile per directory -------------------------------------------------

KEY = uuid.uuid4().hex
WRITE = f"<script>localStorage.setItem('{KEY}', 'v1'); auroraview.send_event('seen', 'written')</script>"
READ = f"<script>auroraview.send_event('seen', localStorage.getItem('{KEY}'))</script>"
d1, d2 = os.path.join(TMP, "d1"), os.path.join(TMP, "d2")
writer = on_report(auroraview.WebView(html=WRITE, data_directory=d1), "written")
writer.show(block=False)
wait_for("written")
readers = [
    on_report(auroraview.WebView(html=READ, data_directory=d1), "same_directory"),
    on_report(auroraview.WebView(html=READ, data_directory=d2), "other_directory"),
    on_report(auroraview.WebView(html=READ), "default_profile"),
]
for view in readers:
    view.show(block=False)
result["storage"] = wait_for("same_directory", "other_directory", "default_profile")
try:
    auroraview.WebView(html=READ, data_directory=d1, user_agent="AuroraViewTest/Other")
except RuntimeError as e:
    result["directory_agent_conflict"] = str(e)
writer.close()
readers[0].close()
# With no open view of the directory left, its profile takes the new user agent.
late = on_report(auroraview.WebView(url=URL, data_directory=d1, user_agent="AuroraViewTest/Later"), "later")
late.show(block=False)
result["directory_agent_later"] = wait_for("later")["later"]["nav"]
result["d1_made"] = os.path.isdir(d1) and bool(os.listdir(d1))


# ---- allow_file_protocol: an html= page loading a local file -----------------------------------

def png(width, height):
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


image = os.path.join(TMP, "red.png")
with open(image, "wb") as f:
    f.write(png(7, 5))
IMG = (f"<img src='file://{image}' "
       "onload=\"auroraview.send_event('seen', {width: this.naturalWidth, protocol: location.protocol})\" "
       "onerror=\"auroraview.send_event('seen', {error: true, protocol: location.protocol})\">")
files = [on_report(auroraview.WebView(html=IMG, allow_file_protocol=True), "file_allowed"),
         on_report(auroraview.WebView(html=IMG), "file_default")]
for view in files:
    view.show(block=False)
result["file_protocol"] = wait_for("file_allowed", "file_default")

# ---- keywords without effect: one warning, each name once --------------------------------------

quiet = [auroraview.WebView(html="<p>1</p>", splash_overlay=True, ipc_batch_size=3, capture_file_drop=True,
                            dcc_mode=False, bridge=None),
         auroraview.WebView(html="<p>2</p>", splash_overlay=True, ipc_batch_size=3, download_prompt=False)]
result["warnings"] = [message for level, message, _ in log if "without effect" in message]
result["warning_levels"] = sorted({level for level, message, _ in log if "without effect" in message})
for view in auroraview.get_windows():
    view.close()
server.shutdown()
report(result)
