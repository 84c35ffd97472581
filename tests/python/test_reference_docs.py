"""The example blocks of the reference pages run as pasted: docs/api/python.md, docs/api/js.md,
docs/protocol.md, docs/hosts.md and their 中文 twins (docs/zh/..., and hosts.md's zh region).

Every ```python and ```js block of those pages is a named snippet (`<!-- snippet: name -->`), the
same code in both languages, and exercised below; a new block without a marker, or a marked one
no example runs, fails. A fragment gets exactly the context its page's prose names:

  - docs/api/*.md and protocol.md: in a real offscreen view (scenarios/guide.py), a JS block as a
    classic <script> of its own (a throw or a parse error is the page's error and fails the run),
    a Python block on `view`. The test owns only what the prose says is there: the Python handlers
    a JS block calls, the page's handlers a dispatch script feeds, the page a Python block reads.
  - docs/hosts.md and the hosts block of api/python.md: in a stand-in DCC (scenarios/dcc_docs.py,
    the stand-ins of tests/python/stand_ins that test_hosts.py runs the adapters against), exec'd
    as a shelf button runs it; Nuke's menu.py line adds a menu item whose command is then run as
    Nuke runs it when the user picks the item.
"""
import json
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
MARKER = re.compile(r"<!-- snippet: (\S+) -->\n```(\w+)\n(.*?)\n```", re.S)
RUNNABLE_FENCE = re.compile(r"^```(?:python|js)$", re.M)
# page -> {language: the text of that language's page or region}
PAGES = {
    "api/python.md": lambda: {"en": read("api/python.md"), "zh": read("zh/api/python.md")},
    "api/js.md": lambda: {"en": read("api/js.md"), "zh": read("zh/api/js.md")},
    "protocol.md": lambda: {"en": read("protocol.md"), "zh": read("zh/protocol.md")},
    "hosts.md": lambda: {lang: region(read("hosts.md"), lang) for lang in ("en", "zh")},
}
URL = "https://tools.example/outliner/"


def read(page):
    return (DOCS / page).read_text()


def region(text, name):
    start = text.index(f"<!-- #region {name} -->")
    return text[start:text.index(f"<!-- #endregion {name} -->", start)]


def snippets(page, lang="en"):
    text = PAGES[page]()[lang]
    found = {name: (kind, code) for name, kind, code in MARKER.findall(text)}
    assert len(found) == len(MARKER.findall(text)), f"{lang} {page}: a snippet name used twice"
    runnable = len(RUNNABLE_FENCE.findall(text))
    marked = sum(kind in ("python", "js") for kind, _ in found.values())
    assert runnable == marked, f"{lang} {page}: {runnable - marked} python/js block(s) without a snippet marker"
    return found


# --- In a real view (scenarios/guide.py, "fragment" mode: `view` is made by the scenario) ---
#
# Each example: the page's snippets it runs, the test-owned context the prose names, and what must
# be observed (stub and console.log calls grouped by name, in order).
CONSOLE = "console.log = (...args) => __observe('console.log', args);\n"
VIEW_EXAMPLES = {
    # view: a page titled "Outliner" whose origin serves /data (a JSON file beside it).
    "eval-js-async": dict(
        page="api/python.md", python=["eval-js-async-py"], py_stubs=["print"],
        pre_js='document.title = "Outliner";', assets={"data": '{"objects": ["cube1", "cube2"]}'},
        expect={"print": [["Outliner"], [{"objects": ["cube1", "cube2"]}, None]]}),
    "call": dict(
        page="api/js.md", js=["call-js"], pre_js=CONSOLE,
        setup_py='view.bind_call("api.get_hierarchy", lambda root: {"root": root, "children": ["camera"]})\n'
                 'view.bind_call("api.count", lambda a, b: a + b)\n',
        expect={"console.log": [[{"root": "scene", "children": ["camera"]}], [3]]}),
    # The catch branch: nothing is bound to api.count, so the call rejects and its code is logged.
    "call-rejected": dict(
        page="api/js.md", js=["call-js"], pre_js=CONSOLE,
        setup_py='view.bind_call("api.get_hierarchy", lambda root: [root])\n',
        expect={"console.log": [[["scene"]], ["METHOD_NOT_FOUND"]]}, unordered=["console.log"]),
    # The comment's case: api.count never answers (an async handler that awaits forever), so the
    # call rejects with TIMEOUT after the block's own 5 s timeout.
    "call-timeout": dict(
        page="api/js.md", js=["call-js"], pre_js=CONSOLE,
        setup_py='import asyncio\n'
                 'view.bind_call("api.get_hierarchy", lambda root: [root])\n'
                 'async def count(a, b):\n    await asyncio.Event().wait()\n'
                 'view.bind_call("api.count", count)\n',
        expect={"console.log": [[["scene"]], ["TIMEOUT"]]}),
    "api-proxy": dict(
        page="api/js.md", js=["api-js"], pre_js=CONSOLE, py_stubs=["renamed"],
        setup_py='view.bind_call("api.get_data", lambda: {"objects": ["cube1"]})\n'
                 'view.bind_call("api.scene.rename", lambda old_name, new_name: renamed(old_name, new_name))\n',
        expect={"console.log": [[{"objects": ["cube1"]}]], "renamed": [["cube1", "hero"]]}),
    "auroraviewready": dict(
        page="api/js.md", js=["ready-js"], pre_js=CONSOLE,
        expect={"console.log": [["0.1.0"]]}),  # the bridge's version (bridge_js/auroraview.js)
    "ipc-post-message": dict(
        page="api/js.md", js=["ipc-js"], py_stubs=["export_scene"],
        setup_py='view.on("export_scene", export_scene)\n',
        expect={"export_scene": [[{"path": "/tmp/a.fbx"}]]}),
    # What native runs in the page: run by view.eval_js once the page is ready, into the page's
    # own handlers of the two events.
    "dispatch": dict(
        page="protocol.md", eval_on_ready=["dispatch-js"], page_stubs=["got"],
        pre_js='auroraview.on("selection_changed", (data) => got("selection_changed", data));\n'
               'auroraview.on("update_data", (data) => got("update_data", data));',
        setup_py="view.on_ready(lambda url: [view.eval_js(script) for script in eval_on_ready])\n",
        expect={"got": [["selection_changed", {"selected": ["cube1"]}], ["update_data", {"frame": 42}]]}),
    # Upstream AuroraView's commands, state, channels and window events (python_pkg/auroraview/core).
    # view: the page invokes the block's two commands once it is ready.
    "command": dict(
        page="api/python.md", python=["command-py"],
        pre_js=CONSOLE + 'window.addEventListener("auroraviewready", async () => {\n'
                         '  console.log(await auroraview.invoke("greet", {name: "Maya"}));\n'
                         '  console.log(await auroraview.invoke("add_numbers", {x: 1, y: 2}));\n});',
        expect={"console.log": [["Hello, Maya!"], [3]]}),
    # view: the page sends `export` and logs the percents once the channel closes.
    "create-channel": dict(
        page="api/python.md", python=["create-channel-py"],
        pre_js=CONSOLE + 'const got = [];\nconst channel = auroraview.channel("export_progress");\n'
                         'channel.onMessage((m) => got.push(m.percent));\nchannel.onClose(() => console.log(got));\n'
                         'window.addEventListener("auroraviewready", () => auroraview.send_event("export"));',
        expect={"console.log": [[[0, 25, 50, 75, 100]]]}),
    # view: a load_html page, whose URL is the default base URL.
    "window-event": dict(
        page="api/python.md", python=["window-event-py"], py_stubs=["print"],
        expect={"print": [["loaded", "https://auroraview.localhost/"]]}),
    "invoke": dict(
        page="api/js.md", js=["invoke-js"], pre_js=CONSOLE,
        setup_py='@view.command\ndef greet(name="World"):\n    return f"Hello, {name}!"\n',
        expect={"console.log": [["Hello, Maya!"]]}),
    # The catch branch: no command is registered.
    "invoke-rejected": dict(
        page="api/js.md", js=["invoke-js"], pre_js=CONSOLE,
        expect={"console.log": [["COMMAND_NOT_FOUND", {"command": "greet", "available": []}]]}),
    "state": dict(
        page="api/js.md", js=["state-js"], pre_js=CONSOLE, py_stubs=["changed"],
        setup_py='view.state["user"] = "maya"\nview.state.on_change(changed)\n',
        expect={"console.log": [["theme", "light", "javascript"], ["user", "maya", "python"]],
                "changed": [["theme", "light", "javascript"]]}),
    "channel": dict(
        page="api/js.md", js=["channel-js"], pre_js=CONSOLE,
        setup_py='def stream(url):\n    channel = view.create_channel("export_progress")\n'
                 '    channel.send({"percent": 50})\n    channel.send({"percent": 100})\n    channel.close()\n'
                 'view.on_ready(stream)\n',
        expect={"console.log": [[50], [100], ["done"]]}),
    "bound-methods": dict(
        page="api/js.md", js=["bound-js"], pre_js=CONSOLE,
        setup_py='view.bind_call("api.export", lambda: None)\nview.bind_call("api.open", lambda: None)\n'
                 'view.on_ready(lambda url: view.emit("tool_ready"))\n',
        expect={"console.log": [[["api.export", "api.open"]], [True]]}),
}

# --- In a stand-in DCC (scenarios/dcc_docs.py) ---
#
# Each: the page and snippet, the hosts it runs in, a menu item to pick afterwards, the reader's own
# module it imports, and the panel call the stand-in must have seen.
PANEL_CALLS = {
    "maya": lambda calls: [c for c in calls if c[0] == "maya.cmds.workspaceControl" and c[2].get("label") == "Outliner"],
    "houdini": lambda calls: [c for c in calls if c[0] == "hou.PythonPanel.setLabel" and c[1] == ["Outliner"]],
    "nuke": lambda calls: [c for c in calls if c[0] == "nukescripts.panels.registerWidgetAsPanel" and c[1][1] == "Outliner"],
}
OUTLINER_TOOL = ('import auroraview.hosts\n\n\ndef open():\n'
                 f'    return auroraview.hosts.attach().panel("Outliner", url="{URL}")\n')
HOST_EXAMPLES = {
    "hosts-adapters": dict(page="hosts.md", snippet="adapters-py", hosts=["maya", "houdini", "nuke"]),
    "api-hosts": dict(page="api/python.md", snippet="hosts-py", hosts=["maya", "houdini", "nuke"]),
    "maya-shelf": dict(page="hosts.md", snippet="maya-shelf-py", hosts=["maya"]),
    "nuke-menu": dict(page="hosts.md", snippet="nuke-menu-py", hosts=["nuke"], pick="Tools/Outliner",
                      modules={"outliner_tool": OUTLINER_TOOL}),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_english_and_chinese_carry_the_same_code(page):
    en, zh = snippets(page, "en"), snippets(page, "zh")
    assert sorted(en) == sorted(zh)
    for name in en:
        assert en[name] == zh[name], f"{page}: snippet {name} differs between en and zh"


def test_every_block_is_exercised():
    blocks = {(page, name) for page in PAGES for name in snippets(page)}
    used = {(ex["page"], n) for ex in VIEW_EXAMPLES.values()
            for n in ex.get("python", []) + ex.get("js", []) + ex.get("eval_on_ready", [])}
    used |= {(ex["page"], ex["snippet"]) for ex in HOST_EXAMPLES.values()}
    assert blocks == used, f"not exercised: {sorted(blocks - used)}; unknown: {sorted(used - blocks)}"


@pytest.mark.parametrize("example", sorted(VIEW_EXAMPLES))
def test_the_block_does_what_its_page_says(example, run_scenario, tmp_path):
    ex = VIEW_EXAMPLES[example]
    code = snippets(ex["page"])
    for name in ex.get("python", []):
        assert code[name][0] == "python", name
    for name in ex.get("js", []) + ex.get("eval_on_ready", []):
        assert code[name][0] == "js", name
    spec = {
        "mode": "fragment",
        "python": [code[n][1] for n in ex.get("python", [])],
        "js": [code[n][1] for n in ex.get("js", [])],
        "eval_on_ready": [code[n][1] for n in ex.get("eval_on_ready", [])],
        "pre_js": ex.get("pre_js", ""), "extra_js": "", "setup_py": ex.get("setup_py", ""),
        "assets": ex.get("assets", {}),
        "page_stubs": ex.get("page_stubs", []), "py_stubs": ex.get("py_stubs", []), "py_watch": [],
        "close_after": sum(len(v) for v in ex["expect"].values()),
    }
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    grouped = {}
    for name, args in run_scenario("guide", spec_file)["observed"]:
        grouped.setdefault(name, []).append(args)
    expect = dict(ex["expect"])
    for name in ex.get("unordered", []):  # answered in separate ticks, in either order
        grouped[name] = sorted(grouped.get(name, []), key=json.dumps)
        expect[name] = sorted(expect[name], key=json.dumps)
    assert grouped == expect


@pytest.mark.parametrize("example, host", [(e, h) for e in sorted(HOST_EXAMPLES) for h in HOST_EXAMPLES[e]["hosts"]])
def test_the_host_block_runs_in_its_stand_in_host(example, host, run_scenario, tmp_path):
    ex = HOST_EXAMPLES[example]
    kind, code = snippets(ex["page"])[ex["snippet"]]
    assert kind == "python"
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps({"code": code, "pick": ex.get("pick"), "modules": ex.get("modules", {})}))
    run = run_scenario("dcc_docs", host, spec_file)
    assert run["attached"] == host
    assert len(PANEL_CALLS[host](run["calls"])) == 1, run["calls"]  # one panel, labelled Outliner
    assert run["views_in_panels"] == [1]  # the host made one panel, which holds the view
    assert run["urls"] == [URL]  # its one view loads the documented page
    if "refresh_outliner" in code:  # the reader's function, through the host's deferred call
        assert run["refreshed"] == [[[], True]]
    if ex.get("pick"):
        assert ["nuke.Menu.addCommand", ["Nuke", "Tools/Outliner", "import outliner_tool; outliner_tool.open()"], {}] \
            in run["calls"]
