"""docs/guide/{en,zh}/typed-pages.md, run for real: the guide's tool (behind stand-ins for "your
code" that record their calls), the guide's command run as written in the tool's directory (with
`python` this test's interpreter), the guide's page compiled by tsc against what it wrote and then
run in a real view with the tool bound (scenarios/typed_page.py), and the guide's wrong call
failing to compile with the error the guide quotes."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import HANG_GUARD_S, PYTHON_DIR
from test_guide import GUIDES, snippets

PAGE = "typed-pages.md"
BRIDGE = Path(__file__).resolve().parents[2] / "bridge_js"
TSC = BRIDGE / "node_modules" / "typescript" / "bin" / "tsc"
STAND_INS = '''import json, os
def _record(name, args):
    with open(os.environ["GUIDE_RECORD"], "a") as f:
        f.write(json.dumps([name, args]) + "\\n")
def count_objects(path, depth):
    _record("count_objects", [path, depth])
    return {"mesh": 3, "camera": 1}
def scene_tree(root):
    _record("scene_tree", [root])
    return {"name": root or "scene", "children": [{"name": "cube1", "children": []},
                                                  {"name": "camera1", "children": []}]}
def export_scene(path, fmt):
    _record("export_scene", [path, fmt])
    return path
'''
# What the prose says the page has besides the snippet: your showSummary (here, it reports).
YOURS_D_TS = "declare function showSummary(file: string, children: string[], meshes: number): void;\n"
YOURS_JS = 'window.showSummary = (...args) => auroraview.send_event("results", args);\n'
COMPILER = {"strict": True, "target": "ES2020", "lib": ["ES2020", "DOM"], "module": "ESNext",
            "moduleResolution": "Bundler", "types": [], "exactOptionalPropertyTypes": True}


def tsc(ui, config):
    (ui / "tsconfig.json").write_text(json.dumps(config))
    return subprocess.run(["node", str(TSC), "-p", "tsconfig.json"], cwd=ui, capture_output=True, text=True,
                          timeout=HANG_GUARD_S)


@pytest.fixture(scope="module")
def code():
    return {name: text for name, (_, text) in snippets("en", PAGE).items()}


@pytest.fixture(scope="module")
def tool(tmp_path_factory, code):
    """The tool's directory after the guide's command ran in it: ui/ is the page's project (the
    bridge package installed, as a link to bridge_js)."""
    if not TSC.exists():
        pytest.fail(f"TypeScript is not installed for the bridge package: run `cd {BRIDGE} && npm ci`")
    tool = tmp_path_factory.mktemp("scene_tools")
    (tool / "scene_tools.py").write_text(STAND_INS + code["tool-py"] + "\n")
    ui = tool / "ui"
    (ui / "src").mkdir(parents=True)
    (ui / "package.json").write_text(json.dumps({"name": "scene-ui", "private": True, "type": "module"}))
    (ui / "node_modules" / "@auroraview").mkdir(parents=True)
    (ui / "node_modules" / "@auroraview" / "bridge").symlink_to(BRIDGE)
    bin_dir = tool / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to("/usr/bin/python3")
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(PYTHON_DIR))
    ran = subprocess.run(["bash", "-c", code["stubs-sh"]], cwd=tool, env=env, capture_output=True, text=True,
                         timeout=HANG_GUARD_S)
    assert ran.returncode == 0 and ran.stderr == "", ran.stderr
    return tool


def test_every_snippet_is_exercised(code):
    assert set(code) == {"tool-py", "stubs-sh", "page-ts", "page-wrong-ts"}


def test_the_command_writes_the_tools_declarations(tool):
    text = (tool / "ui" / "src" / "scene_tools.d.ts").read_text()
    assert "export interface Node {\n  name: string;\n  children: Node[];\n}" in text
    assert ("get_data(params: { path: string; depth?: number } | [path: string, depth?: number] | string, "
            "options?: CallOptions): Promise<Record<string, number>>;") in text
    assert ("export(params: { path: string; fmt?: \"usd\" | \"fbx\" } | [path: string] | string, "
            "options?: CallOptions): Promise<string>;") in text


def test_the_page_compiles_and_runs_with_the_tool(tool, code, run_scenario):
    ui = tool / "ui"
    (ui / "src" / "page.ts").write_text(code["page-ts"] + "\n")
    (ui / "src" / "yours.d.ts").write_text(YOURS_D_TS)
    built = tsc(ui, {"compilerOptions": {**COMPILER, "outDir": "out"}, "include": ["src"]})
    assert built.returncode == 0, built.stdout
    (ui / "yours.js").write_text(YOURS_JS)
    record = tool / "record.jsonl"
    got = run_scenario("typed_page", tool, ui / "out" / "page.js", ui / "yours.js", "scene_tools:api@api",
                       env={"GUIDE_RECORD": str(record)})
    assert got == {"results": ["/tmp/shot.fbx", ["cube1", "camera1"], 3]}
    assert [json.loads(line) for line in record.read_text().splitlines()] == [
        ["count_objects", ["/world", 2]], ["scene_tree", [None]], ["export_scene", ["/tmp/shot.fbx", "fbx"]]]


def test_the_wrong_call_does_not_compile_with_the_error_the_guide_quotes(tool, code):
    ui = tool / "ui"
    (ui / "wrong").mkdir(exist_ok=True)
    (ui / "wrong" / "wrong.ts").write_text('/// <reference types="@auroraview/bridge" />\n'
                                           "async function wrong(): Promise<void> {\n"
                                           f"{code['page-wrong-ts']}\n}}\nvoid wrong;\n")
    built = tsc(ui, {"compilerOptions": {**COMPILER, "noEmit": True},
                     "files": ["src/scene_tools.d.ts", "wrong/wrong.ts"]})
    errors = re.findall(r"^wrong/wrong\.ts\((\d+),\d+\): error TS\d+", built.stdout, re.M)
    assert built.returncode != 0 and errors == ["3"], built.stdout
    quoted = re.search(r"`tsc` reports `([^`]+)`", (GUIDES / "en" / PAGE).read_text())
    assert quoted[1] in built.stdout
