"""Typed pages: `python -m auroraview stubs shot_tool:api` writes TypeScript declarations of a
tool's bound API from its type hints. In a page project (the bridge package installed, strict
tsc), a page that uses the API as the hints say compiles, and runs in a real view with the real
tool giving exactly what its types say (scenarios/typed_page.py); a page that misuses it fails
to compile, with an error on each misuse and nowhere else."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import HANG_GUARD_S, PYTHON_DIR

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = ROOT / "bridge_js"
TSC = BRIDGE / "node_modules" / "typescript" / "bin" / "tsc"

TOOL = '''"""A tool's API with hints of each kind the stubs map."""
from __future__ import annotations

import asyncio
import dataclasses
import enum
from typing import Any, Literal, NamedTuple, NotRequired, Optional, TypedDict


class Node(TypedDict):
    """One node of the scene."""
    name: str
    children: list[Node]
    hidden: NotRequired[bool]


class Frame(NamedTuple):
    number: int
    path: str


@dataclasses.dataclass
class Stats:
    frames: int
    seconds: float


class Quality(str, enum.Enum):
    DRAFT = "draft"
    FINAL = "final"


class ShotApi:
    def get_data(self, path: str, depth: int = 1) -> dict[str, int]:
        """The counts under path, depth levels down."""
        return {"path_len": len(path), "depth": depth}

    def tree(self, root: Optional[str] = None) -> Node:
        return {"name": root or "scene", "children": [{"name": "cube1", "children": [], "hidden": True}]}

    def frames(self, first: int, last: int, step: int = 1) -> list[Frame]:
        return [Frame(n, f"/tmp/f{n}.png") for n in range(first, last + 1, step)]

    def export(self, path: str, *, fmt: Literal["usd", "fbx"] = "usd", overwrite: bool) -> tuple[str, bool]:
        return (f"{path}.{fmt}", overwrite)

    def tag(self, *names: str) -> int | None:
        return len(names) or None

    def quality(self, q: Quality) -> list[Quality]:
        return [Quality.DRAFT, Quality(q)]

    def notes(self, settings: dict[str, Any] | None = None, **extra: str) -> Any:
        return {"settings": settings, "extra": extra}

    def upload(self, data: bytes) -> None:
        pass

    async def stats(self) -> Stats:
        await asyncio.sleep(0)
        return Stats(24, 1.5)

    @staticmethod
    def version() -> str:
        return "1.0"

    def _private(self) -> None:
        pass


class RenderApi:
    def submit(self, shot: str, quality: Quality = Quality.DRAFT) -> dict[str, str]:
        """Queues shot for rendering."""
        return {"shot": shot, "quality": Quality(quality).value}


api = ShotApi()


def ping() -> str:
    return "pong"


def add(a: float, b: float = 0) -> float:
    return a + b


HELPERS = [ping, add]
'''

GOOD = '''/// <reference types="@auroraview/bridge" />
import type { Frame, Node, Stats } from "./api.js";

async function run(): Promise<Record<string, unknown>> {
  const byName: Record<string, number> = await auroraview.api.get_data({ path: "/shots/010" });
  const byPosition = await auroraview.api.get_data(["/shots", 2]);
  const alone = await window.auroraview.api.get_data("/s", { timeout: 5000 });
  const tree: Node = await auroraview.api.tree();
  const hidden: boolean | undefined = tree.children[0]?.hidden;
  const frames: Frame[] = await auroraview.api.frames({ first: 1, last: 5, step: 2 });
  const [number, path] = frames[0]!;
  const exported: [string, boolean] = await auroraview.api.export({ path: "/tmp/a", fmt: "fbx", overwrite: true });
  const tagged: number | null = await auroraview.api.tag(["a", "b", "c"]);
  const none = await auroraview.api.tag();
  const qualities: ("draft" | "final")[] = await auroraview.api.quality("final");
  const notes = await auroraview.api.notes({ settings: { a: 1 }, owner: "me" });
  const stats: Stats = await auroraview.api.stats();
  const version: string = await auroraview.api.version();
  const submitted: Record<string, string> = await auroraview.api.render.submit({ shot: "010" });
  // Names no stub declares stay as the bridge types them.
  const untyped: () => Promise<number> = () => auroraview.api.not_in_a_stub<number>({ any: "thing" });
  void untyped;
  return { byName, byPosition, alone, tree, hidden, frames, number, path, exported, tagged, none, qualities,
           notes, stats, version, submitted };
}

run().then((results) => auroraview.send_event("results", results),
           (error) => auroraview.send_event("failed", String(error)));
'''

# Each misuse is on a line of its own; the comment says what is wrong with it.
BAD = '''/// <reference types="@auroraview/bridge" />
async function misuse(): Promise<void> {
  await auroraview.api.get_data({ path: 1 });  // path is a str
  const n: number = await auroraview.api.get_data({ path: "a" });  // the result is a dict
  await auroraview.api.get_data({ depth: 2 });  // path is required
  await auroraview.api.export(["/tmp/a"]);  // overwrite is keyword-only and required: no array form
  await auroraview.api.frames({ first: 1, last: "5" });  // last is an int
  (await auroraview.api.tree()).children[0]?.nam;  // a Node has no "nam"
  await auroraview.api.quality("best");  // not a Quality
  await auroraview.api.render.submit({ shot: "010", quality: "low" });  // not a Quality
  await auroraview.api.version(1);  // version takes nothing
  await auroraview.api.upload({ data: "aGk=" });  // bytes are a Uint8Array, not base64 text
  void n;
}
void misuse;
export {};
'''


def run_stubs(cwd, *args):
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    return subprocess.run(["/usr/bin/python3", "-m", "auroraview", "stubs", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=HANG_GUARD_S)


def tsc(project, files, emit=False):
    options = {"strict": True, "target": "ES2020", "lib": ["ES2020", "DOM"], "module": "ESNext",
               "moduleResolution": "Bundler", "types": [], "exactOptionalPropertyTypes": True,
               "skipLibCheck": False, "noEmit": not emit}
    (project / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "files": files}))
    return subprocess.run(["node", str(TSC), "-p", "tsconfig.json"], cwd=project, capture_output=True, text=True,
                          timeout=HANG_GUARD_S)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A page project: package.json, the bridge package installed (a link to bridge_js, as npm
    link makes), the tool beside it, and the stubs of its two APIs."""
    if not TSC.exists():
        pytest.fail(f"TypeScript is not installed for the bridge package: run `cd {BRIDGE} && npm ci`")
    project = tmp_path_factory.mktemp("typed_page")
    (project / "package.json").write_text(json.dumps({"name": "typed-page", "private": True, "type": "module"}))
    (project / "node_modules" / "@auroraview").mkdir(parents=True)
    (project / "node_modules" / "@auroraview" / "bridge").symlink_to(BRIDGE)
    (project / "shot_tool.py").write_text(TOOL)
    api = run_stubs(project, "shot_tool:api")
    render = run_stubs(project, "shot_tool:RenderApi", "--namespace", "api.render")
    assert api.returncode == 0 and render.returncode == 0, api.stderr + render.stderr
    (project / "api.d.ts").write_text(api.stdout)
    (project / "render.d.ts").write_text(render.stdout)
    return {"dir": project, "api": api, "render": render}


def test_the_declarations_type_each_bound_method_from_its_hints(project):
    text = project["api"].stdout
    assert "get_data(params: { path: string; depth?: number } | [path: string, depth?: number] | string, " \
           "options?: CallOptions): Promise<Record<string, number>>;" in text
    assert "export interface Node {\n  name: string;\n  children: Node[];\n  hidden?: boolean;\n}" in text
    assert "export type Frame = [number: number, path: string];" in text
    assert "tag(params?: Record<string, never> | [...args: string[]], options?: CallOptions): " \
           "Promise<number | null>;" in text
    assert "quality(params: { q: \"draft\" | \"final\" } | [q: \"draft\" | \"final\"] | \"draft\" | \"final\", " \
           "options?: CallOptions): Promise<(\"draft\" | \"final\")[]>;" in text
    assert "stats(params?: Record<string, never> | [], options?: CallOptions): Promise<Stats>;" in text
    assert " * The counts under path, depth levels down.\n     *\n" \
           "     * Python: `get_data(path: str, depth: int = 1) -> dict[str, int]`" in text
    assert "_private" not in text
    assert "render: AuroraViewApi & {" in project["render"].stdout


def test_bytes_are_typed_uint8array_as_the_bridge_carries_them(project):
    assert "upload(params: { data: Uint8Array } | [data: Uint8Array], options?: CallOptions): Promise<null>;" \
           in project["api"].stdout
    assert project["api"].stderr == ""


def test_a_page_that_uses_the_api_as_typed_compiles(project):
    (project["dir"] / "good.ts").write_text(GOOD)
    out = tsc(project["dir"], ["api.d.ts", "render.d.ts", "good.ts"])
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_page_that_misuses_it_fails_on_each_misuse_and_nowhere_else(project):
    (project["dir"] / "bad.ts").write_text(BAD)
    out = tsc(project["dir"], ["api.d.ts", "render.d.ts", "bad.ts"])
    assert out.returncode != 0
    errors = re.findall(r"^bad\.ts\((\d+),\d+\): error (TS\d+): (.*)$", out.stdout, re.M)
    misuse_lines = [i for i, line in enumerate(BAD.splitlines(), 1) if "  // " in line]
    assert sorted({int(line) for line, _, _ in errors}) == misuse_lines, out.stdout
    by_line = {int(line): message for line, _, message in reversed(errors)}  # each line's first error
    assert "'number' is not assignable to type 'string'" in out.stdout
    assert by_line[4] == "Type 'Record<string, number>' is not assignable to type 'number'."
    assert "Property 'nam' does not exist" in by_line[8]
    assert '"best"' in by_line[9]


def test_the_typed_page_runs_and_gets_what_its_types_say(project, run_scenario):
    build = tsc(project["dir"], ["api.d.ts", "render.d.ts", "good.ts"], emit=True)
    assert build.returncode == 0, build.stdout
    got = run_scenario("typed_page", project["dir"], project["dir"] / "good.js", "", "shot_tool:api@api",
                       "shot_tool:RenderApi@api.render")
    assert "failed" not in got, got
    assert got["results"] == {
        "byName": {"path_len": 10, "depth": 1},
        "byPosition": {"path_len": 6, "depth": 2},
        "alone": {"path_len": 2, "depth": 1},
        "tree": {"name": "scene", "children": [{"name": "cube1", "children": [], "hidden": True}]},
        "hidden": True,
        "frames": [[1, "/tmp/f1.png"], [3, "/tmp/f3.png"], [5, "/tmp/f5.png"]],
        "number": 1, "path": "/tmp/f1.png",
        "exported": ["/tmp/a.fbx", True],
        "tagged": 3, "none": None,
        "qualities": ["draft", "final"],
        "notes": {"settings": {"a": 1}, "extra": {"owner": "me"}},
        "stats": {"frames": 24, "seconds": 1.5},
        "version": "1.0",
        "submitted": {"shot": "010", "quality": "draft"},
    }


def test_a_list_of_functions_is_declared_by_their_names(project):
    out = run_stubs(project["dir"], "shot_tool:HELPERS", "--namespace", "api.helpers")
    assert out.returncode == 0, out.stderr
    assert "    helpers: AuroraViewApi & {\n" in out.stdout
    assert "      ping(params?: Record<string, never> | [], options?: CallOptions): Promise<string>;\n" in out.stdout
    assert "      add(params: { a: number; b?: number } | [a: number, b?: number] | number, options?: CallOptions): " \
           "Promise<number>;\n" in out.stdout


TOOL_PAGE = '''/// <reference types="@auroraview/bridge" />
async function run(): Promise<void> {
  const n: number = await auroraview.helpers.add({ a: 1, b: 2 });
  const pong: string = await auroraview.helpers.ping();
  const s: string = await auroraview.helpers.add([1]);  // a number comes back
  await auroraview.helpers.nothing_declared();  // the namespace's other names are untyped calls
  void n; void pong; void s;
}
void run;
export {};
'''


def test_another_namespace_is_typed_on_the_bridge_itself(project):
    out = run_stubs(project["dir"], "shot_tool:HELPERS", "--namespace", "helpers")
    assert out.returncode == 0, out.stderr
    assert "  interface AuroraViewBridge {\n    readonly helpers: AuroraViewApi & {\n" in out.stdout
    (project["dir"] / "helpers.d.ts").write_text(out.stdout)
    (project["dir"] / "tool_page.ts").write_text(TOOL_PAGE)
    result = tsc(project["dir"], ["helpers.d.ts", "tool_page.ts"])
    errors = re.findall(r"^tool_page\.ts\((\d+),\d+\): error", result.stdout, re.M)
    assert [int(line) for line in errors] == [5], result.stdout  # the misuse, and nothing else


@pytest.mark.parametrize("args, message", [
    (["shot_tool"], "'shot_tool': give module:attribute, e.g. my_tool:api"),
    (["no_such_tool:api"], "cannot import 'no_such_tool'"),
    (["shot_tool:apx"], "shot_tool has no 'apx'"),
    (["shot_tool:api", "--namespace", "on"], "--namespace on: auroraview.on is the bridge's own"),
    (["shot_tool:api", "--namespace", "tool-s"], "--namespace tool-s: give dotted names"),
])
def test_a_wrong_target_or_namespace_says_what_to_give(project, args, message):
    out = run_stubs(project["dir"], *args)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith(f"auroraview stubs: {message}"), out.stderr
