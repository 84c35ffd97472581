"""docs/security.md class 13: no frame speaks through its page's bridge as its page. Only a page's
main frame has the transport; a frame reaches it only through its parent's window, which the
browser opens to a frame of the same origin, and for http(s) the same origin is the same trust.
Local file pages were the exception (Qt lets them script each other), so a view shows a local file
in a frame only when it trusts that file: a trusted file page embeds a frame from another
directory, which must not load, and one from its own directory, which loads and is trusted;
both frames try the parent's auroraview and window.ipc."""
import os
import sys

from harness import capture_log, report

import auroraview

root = sys.argv[1]
tool_dir, other_dir = os.path.join(root, "tool"), os.path.join(root, "other")
os.makedirs(tool_dir)
os.makedirs(other_dir)
FRAME = """<!doctype html><script>
try { parent.auroraview.send_event("from_frame", {href: location.href}); } catch (e) {}
try { parent.ipc.postMessage('{"type":"event","event":"from_frame_raw","detail":"' + location.href + '"}'); }
catch (e) {}
</script><p>frame</p>"""
for d in (tool_dir, other_dir):
    with open(os.path.join(d, "frame.html"), "w") as f:
        f.write(FRAME)
with open(os.path.join(tool_dir, "tool.html"), "w") as f:
    f.write("""<!doctype html><body>
<iframe id="other" src="../other/frame.html"></iframe><iframe id="same" src="frame.html"></iframe>
<script>
addEventListener("load", () => setTimeout(() => {
  const shown = (id) => { try { return document.getElementById(id).contentDocument.body.textContent; }
                          catch (e) { return "error " + e.name; } };
  auroraview.send_event("done", {other: shown("other"), same: shown("same")});
}, 300));
</script></body>""")

log = capture_log()
view = auroraview.WebView(title="file frames")
result = {"from_frame": [], "from_frame_raw": []}
view.on("from_frame", lambda d: result["from_frame"].append(d["href"]))
view.on("from_frame_raw", lambda d: result["from_frame_raw"].append(d))


@view.on("done")
def done(detail):
    result["done"] = detail
    view.close()


view.load_file(os.path.join(tool_dir, "tool.html"))
view.show()
result["log"] = [r[1] for r in log if "frame of a local file" in r[1]]
report(result)
