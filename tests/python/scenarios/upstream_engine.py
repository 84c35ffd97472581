"""remote_debugging_port and proxy_url, upstream AuroraView's WebView keywords that Chromium reads
once per process, given to the process's first view: its page comes through the proxy (a local
HTTP proxy answers for a host that does not exist), and the DevTools protocol's list of pages, on
that port, names it. A later view that gives them is told, in one warning, that they come too
late."""
import http.server
import json
import socket
import threading
import urllib.request

from harness import capture_log, report

import auroraview

log = capture_log()
PAGE_URL = "http://proxied.auroraview.test/page"
proxied = []


class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        proxied.append(self.path)  # a proxy is asked for the absolute URL
        body = b"<title>proxied</title><script>auroraview.send_event('seen', location.href)</script>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
threading.Thread(target=proxy.serve_forever, daemon=True).start()
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

seen = []
view = auroraview.WebView(url=PAGE_URL, remote_debugging_port=port,
                          proxy_url=f"http://127.0.0.1:{proxy.server_address[1]}")
view.on("seen", seen.append)
view.show(block=False)
auroraview._core.wait_until(lambda: seen, 60)

# Chromium's DevTools server answers from its own threads and asks the main one: fetch off it.
listing = []


def fetch():
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
            f"http://127.0.0.1:{port}/json/list", timeout=30) as answer:
        listing.extend(json.load(answer))


fetcher = threading.Thread(target=fetch)
fetcher.start()
auroraview._core.wait_until(lambda: not fetcher.is_alive(), 40)

late = auroraview.WebView(html="<p>late</p>", remote_debugging_port=port + 1, proxy_url="http://127.0.0.1:1")
late.close()
view.close()
proxy.shutdown()
report({
    "page_saw": seen,
    "proxy_was_asked": proxied,
    "devtools_pages": sorted(entry["url"] for entry in listing if entry.get("type") == "page"),
    "late_warnings": [message for level, message, _ in log if "cannot take effect" in message],
})
