"""Run by tests/install with the auroraview under test on its path (an installed tree or a
venv): opens a real offscreen view whose page calls Python and sends back what the call
returned. Prints one line 'AVRESULT <json>': the round trip, which shim was loaded and where
the package's files came from."""
import json
import os

import auroraview
import auroraview._core
import auroraview._shim

PAGE = """<!doctype html><html><body><script>
auroraview.call("api.add", {a: 2, b: 40})
  .then(sum => auroraview.send_event("done", {sum}))
  .catch(e => auroraview.send_event("done", {error: String(e)}));
</script></body></html>"""

result = {"calls": 0}
view = auroraview.WebView(html=PAGE, title="installed")


@view.bind_call("api.add")
def add(a, b):
    result["calls"] += 1
    return a + b


@view.on("done")
def done(page):
    result["page"] = page
    view.close()


view.show()
package = os.path.dirname(os.path.abspath(auroraview.__file__))
result["shim"] = auroraview._shim.major
result["package"] = package
result["core"] = os.path.abspath(auroraview._core.__file__)
# name -> whether it is a link (an installed package holds the files themselves)
result["binaries"] = {n: os.path.islink(os.path.join(package, n)) for n in os.listdir(package) if n.endswith(".so")}
print("AVRESULT " + json.dumps(result), flush=True)
