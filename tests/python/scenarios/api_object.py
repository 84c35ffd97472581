"""AuroraView(api=MyAPI()): the API object pattern, through the page's auroraview.api proxy."""
import sys

from harness import report

import auroraview

PAGE = """<!doctype html><html><body><script>
const out = {};
(async () => {
  out.data = await auroraview.api.get_data();
  out.saved = await auroraview.api.save_file({path: PATH, content: "hello from JS\\n"});
  try { await auroraview.api._secret(); out.secret = "resolved"; }
  catch (e) { out.secret = e.code; }
  auroraview.send_event("report", out);
})().catch(e => auroraview.send_event("report", {exception: String(e)}));
</script></body></html>"""


class MyAPI:
    def __init__(self):
        self.saves = []

    def get_data(self):
        return {"items": ["cube1", "sphere1"], "count": 2}

    def save_file(self, path, content):
        with open(path, "w") as f:
            f.write(content)
        self.saves.append(path)
        return {"ok": True, "bytes": len(content)}

    def _secret(self):  # not public: not bound
        return "leaked"


path = sys.argv[1]
api = MyAPI()
view = auroraview.AuroraView(html=PAGE.replace("PATH", repr(path)), api=api, title="api")
result = {}


@view.on("report")
def on_report(out):
    result["page"] = out
    view.close()


view.show()
result["saves"] = api.saves
report(result)
