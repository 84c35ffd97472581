"""docs/guide/{en,zh}/communication.md: both languages carry the same snippets, every fenced
block is a named snippet, and every snippet runs in a real view with its effect asserted. Each JS
snippet runs as a reader pastes it, a classic <script> of its own (no module, no wrapper, on the
Qt 5 shim's Chromium 87 too), so one with a top-level await does not parse and fails its test;
the whole panel (quickstart-html and quickstart-py) runs as the two files the guide saves."""
import json
import os
import re
from pathlib import Path

import pytest

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guide"
PAGES = ["communication.md", "child-windows.md", "typed-pages.md"]
MARKER = re.compile(r"<!-- snippet: (\S+) -->\n```(\w+)\n(.*?)\n```", re.S)
FENCE = re.compile(r"^```", re.M)
NOTES = "/tmp/auroraview-notes.txt"  # the path api-js writes through api-py


def snippets(lang, page):
    text = (GUIDES / lang / page).read_text()
    found = {name: (kind, code) for name, kind, code in MARKER.findall(text)}
    fences = len(FENCE.findall(text)) // 2
    assert fences == len(found), f"{lang}/{page}: {fences - len(found)} code block(s) without a snippet marker"
    return found


# Each example: which snippets run together, the stubs they call, and what must be observed
# (stub calls grouped by name, in call order; "unordered" names are compared sorted).
EXAMPLES = {
    # The two files as saved; the test's script waits for the page's list to be filled, reports
    # it and clicks Export, as a reader would; print records what the tool prints.
    "quickstart": dict(
        mode="files", files={"scene_tools.html": "quickstart-html"}, python=["quickstart-py"], js=[],
        program="scene_tools.py", py_stubs=["print"],
        extra_js="""
            const tree = document.getElementById("tree");
            new MutationObserver((_, observer) => {
              observer.disconnect();
              __observe("tree", [...tree.children].map((item) => item.textContent));
              document.getElementById("export").click();
            }).observe(tree, { childList: true });""",
        expect={"tree": [["camera", "cube1"]], "print": [["exporting the scene to /tmp/shot010.fbx"]]}),
    "emit": dict(
        python=["emit-py"], js=["emit-js"], page_stubs=["highlight", "setFrame"],
        expect={"highlight": [[["cube1", "sphere2"]]], "setFrame": [[42]]}),
    "emit-thread": dict(
        python=["emit-thread-py"], js=["emit-thread-js"],
        page_stubs=["setProgress"], py_stubs=["export_to"],
        expect={"export_to": [["a.fbx"], ["b.fbx"], ["c.fbx"]],
                "setProgress": [[1 / 3], [2 / 3], [1]]}),
    "event": dict(
        python=["event-py"], js=["event-js"], py_stubs=["export_to"],
        expect={"export_to": [["/tmp/shot020.fbx"]]}),
    # trigger and a DOM CustomEvent stay in the page: Python watches "refresh" and must see
    # nothing before the page's final mark (messages arrive in the order they were sent).
    "trigger": dict(
        python=[], js=["trigger-js"], page_stubs=["redraw", "mark"], py_watch=["refresh"],
        extra_js='window.dispatchEvent(new CustomEvent("refresh")); mark("after");',
        expect={"redraw": [[]], "mark": [["after"]]}),
    "ipc": dict(
        python=["event-py"], js=["ipc-js"], py_stubs=["export_to"],
        expect={"export_to": [["/tmp/raw.fbx"]]}),
    "call": dict(
        python=["call-py"], js=["call-js"], page_stubs=["show"],
        expect={"show": [[{"renamed": "cube1", "to": "hero"}], ["pong"]]}),
    "api": dict(
        mode="program", python=["api-py"], js=["api-js"], page_stubs=["show"],
        expect={"show": [[{"objects": ["cube1", "cube2"]}, {"written": 5}]]}),
    "errors": dict(
        python=["errors-py"], js=["errors-js"], page_stubs=["report"],
        expect={"report": [["METHOD_NOT_FOUND"], ["HANDLER_ERROR", "ValueError"]]}),
    # save_layout runs in on_closed, after the harness closed the view: 3 calls close it.
    "lifecycle": dict(
        python=["lifecycle-py"], js=["lifecycle-js"], page_stubs=["setCount", "mark"],
        py_stubs=["save_layout"], close_after=3, unordered=["mark"],
        expect={"setCount": [[12]], "mark": [["ready event"], ["whenReady"]], "save_layout": [[]]}),
}


@pytest.mark.parametrize("page", PAGES)
def test_english_and_chinese_carry_the_same_snippets(page):
    en, zh = snippets("en", page), snippets("zh", page)
    assert sorted(en) == sorted(zh)
    for name in en:
        assert en[name] == zh[name], f"snippet {name} differs between en and zh"


def test_every_snippet_is_exercised():
    names = set(snippets("en", "communication.md"))
    used = {n for ex in EXAMPLES.values() for n in ex["python"] + ex["js"] + list(ex.get("files", {}).values())}
    assert names == used, f"not exercised: {sorted(names - used)}; unknown: {sorted(used - names)}"


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_snippets_do_what_the_guide_says(example, run_scenario, tmp_path):
    ex = EXAMPLES[example]
    code = snippets("en", "communication.md")
    for name in ex["python"] + ex["js"]:
        assert code[name][0] == ("python" if name in ex["python"] else "js"), name
    for name in ex.get("files", {}).values():
        assert code[name][0] == "html", name
    if example == "api" and os.path.exists(NOTES):
        os.remove(NOTES)
    observed = run_guide(run_scenario, tmp_path, {
        "mode": ex.get("mode", "fragment"),
        "files": {file: code[name][1] for file, name in ex.get("files", {}).items()},
        "program": ex.get("program"),
        "python": [code[n][1] for n in ex["python"]],
        "js": [code[n][1] for n in ex["js"]],
        "extra_js": ex.get("extra_js", ""),
        "page_stubs": ex.get("page_stubs", []),
        "py_stubs": ex.get("py_stubs", []),
        "py_watch": ex.get("py_watch", []),
        "close_after": ex.get("close_after", sum(len(v) for v in ex["expect"].values())),
    })
    grouped = {}
    for name, args in observed:
        grouped.setdefault(name, []).append(args)
    for name in ex.get("unordered", []):
        grouped[name] = sorted(grouped.get(name, []))
    assert grouped == ex["expect"]
    if example == "api":
        assert Path(NOTES).read_text() == "hello"


def run_guide(run_scenario, tmp_path, spec):
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    return run_scenario("guide", spec_file)["observed"]


# The harness itself: a snippet pasted into a classic <script> that does not parse there (a
# top-level await) or that throws is reported as the page's error, which ends the run at once.
# Without these reports a broken snippet would only show as a missing call, after the hang guard.
BROKEN = {
    "top-level await": ('const text = await Promise.resolve("x");\nmark(text);', "SyntaxError"),
    "a throw": ('mark("before");\nthrow new Error("snippet failed");', "Error: snippet failed"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_snippet_that_fails_in_a_classic_script_is_reported(case, run_scenario, tmp_path):
    code, message = BROKEN[case]
    observed = run_guide(run_scenario, tmp_path, {
        "mode": "fragment", "python": [], "js": [code], "extra_js": "", "page_stubs": ["mark"],
        "py_stubs": [], "py_watch": [], "close_after": 3})
    errors = [args[0] for name, args in observed if name == "__error"]
    assert len(errors) == 1 and message in errors[0], observed
    assert ["mark", ["x"]] not in observed
