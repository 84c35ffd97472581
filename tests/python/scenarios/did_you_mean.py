"""Wrong names from a page say what was meant: a call to an unbound method is answered
METHOD_NOT_FOUND with the nearest bound name, and the first unhandled event of a name is a
warning (with the nearest handled one), its repeats debug lines."""
import logging

from harness import capture_log, report

import auroraview

PAGE = """<!doctype html><script>
(async () => {
  const out = {};
  for (const name of ["api.getItem", "api.nothing_like_it"]) {
    try { await auroraview.call(name, {}); out[name] = "resolved"; }
    catch (e) { out[name] = [e.code, e.message]; }
  }
  auroraview.send_event("export_scen", {});
  auroraview.send_event("export_scen", {});
  auroraview.send_event("telemetry", {});
  auroraview.send_event("done", out);
})();
</script>"""

records = capture_log()
logging.getLogger("auroraview").setLevel(logging.DEBUG)
view = auroraview.WebView(title="names", html=PAGE)
view.bind_call("api.get_item", lambda: 1)
view.on("export_scene", lambda detail: None)
result = {"view": view.id}


@view.on("done")
def done(detail):
    result["calls"] = detail
    view.close()


view.show()
result["log"] = [[level, message] for level, message, _ in records if "handler" in message and "event" in message]
report(result)
