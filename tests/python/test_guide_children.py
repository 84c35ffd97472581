"""docs/guide/{en,zh}/child-windows.md, run for real: the guide's parent snippet spawns the
guide's child snippet (a real process with a real view whose page is the guide's page snippet),
they talk as the guide says, and the standalone snippet runs without a parent. Stand-ins for
"your code" (assign_material, highlight, show_mode) record their calls to a file."""
import json
import subprocess
import sys

import pytest
from conftest import HANG_GUARD_S, scenario_env
from test_guide import snippets

PAGE = "child-windows.md"
RECORDER = '''import json, os
def _record(who, name, args):
    with open(os.environ["GUIDE_RECORD"], "a") as f:
        f.write(json.dumps([who, name, args]) + "\\n")
'''
# The child: the page snippet, as a classic <script> the way a reader pastes it, behind a stub
# highlight(); every message from the parent and
# every stub call of the page recorded, by wrapping ChildContext as a test can.
CHILD = RECORDER + '''
import auroraview.child as _child
PAGE = """<!doctype html><script>
window.highlight = (m) => auroraview.send_event("__stub", ["highlight", [m]]);
</script><script>
{js}
</script>"""
_make = _child.ChildContext.create_webview
def _create_webview(self, **kwargs):
    view = _make(self, **kwargs)
    view.on("__stub", lambda call: _record("page", call[0], call[1]))
    return view
_child.ChildContext.create_webview = _create_webview
_enter = _child.ChildContext.__enter__
def _entered(self):
    _enter(self)
    self.on_parent_message(lambda event, data: _record("child", "from_parent", [event, data]))
    return self
_child.ChildContext.__enter__ = _entered
'''
# The parent: the snippets, then a view of its own to run the main loop until the child exits.
PARENT = RECORDER + '''
def assign_material(material):
    _record("parent", "assign_material", [material])
{parent}
{broadcast}
import auroraview
_view = auroraview.WebView(title="host", html="<p>host</p>")
manager.on("child:exited", lambda child_id, data: _view.close())
_view.show()
'''
STANDALONE = RECORDER + '''
from auroraview import ChildContext
def show_mode(is_child, sent):
    _record("standalone", "show_mode", [is_child, sent])
{standalone}
'''


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def run(program, cwd, record):
    env = dict(scenario_env(), GUIDE_RECORD=str(record))
    return subprocess.run([sys.executable, program], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=HANG_GUARD_S)


def test_every_snippet_is_exercised():
    assert set(snippets("en", PAGE)) == {"child-py", "child-page-js", "parent-py", "broadcast-py",
                                         "standalone-py", "run-example-py"}


@pytest.mark.parametrize("child", ["child-py", "run-example-py"])
def test_parent_and_child_do_what_the_guide_says(tmp_path, child):
    """The guide's child, and the same child written with upstream's names (run_example,
    ctx.bridge, on_parent_event), each spawned by the guide's parent."""
    code = {name: text for name, (_, text) in snippets("en", PAGE).items()}
    (tmp_path / "material_picker.py").write_text(CHILD.replace("{js}", code["child-page-js"]) + code[child])
    (tmp_path / "parent.py").write_text(
        PARENT.replace("{parent}", code["parent-py"]).replace("{broadcast}", code["broadcast-py"]))
    record = tmp_path / "record.jsonl"
    out = run("parent.py", tmp_path, record)
    assert out.returncode == 0, out.stderr[-3000:]
    assert records(record) == [
        ["child", "from_parent", ["theme", {"dark": True}]],  # broadcast, sent before it connected
        ["child", "from_parent", ["select", {"material": "steel"}]],
        ["page", "highlight", ["steel"]],
        ["parent", "assign_material", ["steel"]],
        ["child", "from_parent", ["close", None]],
    ]
    assert out.stdout.strip().endswith("exited with status 0")


def test_the_child_alone_is_a_standalone_tool(tmp_path):
    code = snippets("en", PAGE)
    (tmp_path / "standalone.py").write_text(STANDALONE.replace("{standalone}", code["standalone-py"][1]))
    record = tmp_path / "record.jsonl"
    out = run("standalone.py", tmp_path, record)
    assert out.returncode == 0, out.stderr[-3000:]
    assert records(record) == [["standalone", "show_mode", [False, False]]]
