"""An HTTP server on 127.0.0.1 for scenarios about untrusted pages: it serves a directory, and a
page that has no bridge reports what it found by GET /report?<json> (same origin, so no bridge and
no CORS needed; other pages send it with fetch(..., {mode: "no-cors"})). GET /redirect?to=<url>
answers 302 to url. GET /slow?ms=<n> answers 204 after n milliseconds (an image that keeps a page
loading). reports() lists the JSON bodies received so far; wait_for(n) blocks until n,
wait_named(names) until a report with each "name" has come."""
import atexit
import functools
import http.server
import json
import threading
import time
import urllib.parse


class ReportServer:
    def __init__(self, root):
        self._reports = []
        self._cond = threading.Condition()
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                parts = urllib.parse.urlsplit(self.path)
                if parts.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", urllib.parse.parse_qs(parts.query)["to"][0])
                    self.end_headers()
                    return
                if parts.path == "/slow":
                    time.sleep(int(urllib.parse.parse_qs(parts.query)["ms"][0]) / 1000)
                    self.send_response(204)
                    self.end_headers()
                    return
                if parts.path != "/report":
                    return super().do_GET()
                body = json.loads(urllib.parse.unquote(parts.query))
                with outer._cond:
                    outer._reports.append(body)
                    outer._cond.notify_all()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=root))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self._server.server_port}"
        # Closed before the interpreter finalizes: a page's late request (Qt WebEngine tears down
        # after the script ends) must not start a handler thread then, which CPython 3.11 does
        # not survive (a SIGSEGV in _PyThreadState_SetCurrent, seen once in 26 runs of asset_root).
        atexit.register(self.close)

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    def reports(self):
        with self._cond:
            return list(self._reports)

    def wait_for(self, n, timeout=60):
        with self._cond:
            self._cond.wait_for(lambda: len(self._reports) >= n, timeout)
            return list(self._reports)

    def wait_named(self, names, timeout=120):
        """{name: report} once a report of each name has come (or the timeout passed)."""
        def named():
            return {r.get("name"): r for r in self._reports if isinstance(r, dict)}

        with self._cond:
            self._cond.wait_for(lambda: set(names) <= set(named()), timeout)
            return named()


#: A script for untrusted pages: what of the bridge and the transport the page can see, and what
#: happens when it crafts a call through every way to native a page could have; then GET /report.
PROBE_JS = r"""
(function () {
  const crafted = JSON.stringify({type: "call", id: 1, method: "api.where", params: {}});
  const found = {
    href: location.href,
    auroraview: typeof window.auroraview,
    ipc: typeof window.ipc,
    qt: typeof window.qt,
    attempts: {},
  };
  const tries = {
    ipc: () => window.ipc.postMessage(crafted),
    transport: () => window.qt.webChannelTransport.send(JSON.stringify(
      {type: 9, object: "auroraview_ipc", property: 1, value: crafted})),
    bridge: () => window.auroraview.call("api.where"),
  };
  for (const [name, attempt] of Object.entries(tries)) {
    try { attempt(); found.attempts[name] = "sent"; }
    catch (e) { found.attempts[name] = e.constructor.name; }
  }
  fetch("/report?" + encodeURIComponent(JSON.stringify(found)));
})();
"""
