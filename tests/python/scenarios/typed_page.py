"""A typed page at run time (test_stubs.py): the tool module's `api` bound as AuroraView(api=...)
and its RenderApi under "api.render", and a page whose script is the JavaScript tsc made from the
page the stubs typed (a dataclass result goes out through json_default=dataclasses.asdict, as the
stubs' note on dataclasses says). The page reports what each call gave back with send_event("results").
argv[1]: the tool's directory (its module is shot_tool); argv[2]: the page's compiled script."""
import dataclasses
import sys

from harness import report

import auroraview

sys.path.insert(0, sys.argv[1])
import shot_tool  # noqa: E402

with open(sys.argv[2]) as f:
    script = f.read()
view = auroraview.AuroraView(api=shot_tool.api, title="typed page", json_default=dataclasses.asdict,
                             html=f'<!doctype html><script type="module">\n{script}\n</script>')
view.bind_api(shot_tool.RenderApi(), "api.render")
result = {}


@view.on("results")
def results(data):
    result["results"] = data
    view.close()


@view.on("failed")
def failed(error):
    result["failed"] = error
    view.close()


view.show()
report(result)
