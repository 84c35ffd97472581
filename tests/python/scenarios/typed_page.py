"""A typed page at run time (test_stubs.py, test_guide_typed_pages.py): a tool's APIs bound with
bind_api, and a page whose script is the JavaScript tsc made from the page the stubs typed. The
page (or the test's prelude) reports with send_event("results", ...) or ("failed", ...); either
closes the view. A dataclass result goes out through json_default=dataclasses.asdict, as the
stubs' note on dataclasses says.
argv[1]: the tool's directory; argv[2]: the page's compiled script; argv[3]: a classic script run
before it ("" for none); argv[4:]: bindings "module:attribute@namespace" (a class is
instantiated)."""
import dataclasses
import importlib
import inspect
import sys

from harness import report

import auroraview

tool_dir, page_js, prelude_js, bindings = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path.insert(0, tool_dir)
with open(page_js) as f:
    script = f.read()
prelude = ""
if prelude_js:
    with open(prelude_js) as f:
        prelude = f"<script>\n{f.read()}\n</script>"
view = auroraview.WebView(title="typed page", json_default=dataclasses.asdict,
                          html=f"<!doctype html>{prelude}<script type=\"module\">\n{script}\n</script>")
for binding in bindings:
    target, namespace = binding.split("@")
    module_name, attribute = target.split(":")
    api = getattr(importlib.import_module(module_name), attribute)
    view.bind_api(api() if inspect.isclass(api) else api, namespace)
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
