"""docs/getting-started.md and docs/zh/getting-started.md, run as a reader would: both languages
carry the same code blocks, and the page's two Python files are saved and run as programs in a
subprocess (offscreen, the package from the build tree as conftest.scenario_env() gives it).

hello.py waits for a person to click and close the window, so a driver runs it (runpy, as
`python hello.py` would) with one addition made from outside the file: when its page is ready,
the driver clicks the page's Greet button, reads what the page then shows, and closes the
window as a person would. hello_check.py ends by itself and is run exactly as the page says.
"""
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

from conftest import HANG_GUARD_S, scenario_env

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = {"en": DOCS / "getting-started.md", "zh": DOCS / "zh" / "getting-started.md"}
BLOCK = re.compile(r"^( *)```(\w*)\n(.*?)\n\1```$", re.M | re.S)
MARKER = re.compile(r"<!-- snippet: (\S+) -->\n```(\w+)\n(.*?)\n```", re.S)

# Clicks Greet once the page is ready and reports the page's heading and answer; the promise
# settles when #out changes. A page whose script did not run (a syntax error, an exception)
# never answers: the driver then reports the error eval_js_async gives.
DRIVER = r'''
import json, runpy, sys
import auroraview

CLICK = """
new Promise((resolve) => {
  const out = document.getElementById("out");
  new MutationObserver(() => resolve({ heading: document.querySelector("h1").textContent,
                                       field: document.getElementById("name").value,
                                       out: out.textContent }))
    .observe(out, { childList: true, characterData: true, subtree: true });
  document.getElementById("greet").click();
})
"""
seen = {"views": []}
_init = auroraview.WebView.__init__

def _observed_init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    seen["views"].append({"title": kwargs.get("title", args[0] if args else None)})

    def clicked(result, error):
        seen["page"], seen["error"] = result, None if error is None else repr(error)
        self.close()

    self.on_ready(lambda url: self.eval_js_async(CLICK, callback=clicked, timeout_ms=%d))

auroraview.WebView.__init__ = _observed_init
runpy.run_path(sys.argv[1], run_name="__main__")
print("DRIVER " + json.dumps(seen))
''' % (HANG_GUARD_S * 1000 // 3)


def blocks(lang):
    """Every fenced block of the page, in order: [(info, code), ...]."""
    return [(info, code) for _, info, code in BLOCK.findall(PAGES[lang].read_text())]


def files(lang):
    return {name: code for name, kind, code in MARKER.findall(PAGES[lang].read_text()) if kind == "python"}


def run(args, cwd):
    """Runs the program; returns (exit status, stdout, stderr). A page script that throws or does not
    parse would leave the program waiting for its page forever: Qt WebEngine logs such an error on
    stderr as "js: Uncaught ...", and the program is stopped at that line (the test then fails on
    its exit status, with the line in its message)."""
    proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=scenario_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killer = threading.Timer(HANG_GUARD_S, proc.kill)  # a guard against hangs only
    killer.start()
    stdout = []
    reader = threading.Thread(target=lambda: stdout.append(proc.stdout.read()))
    reader.start()
    stderr = []
    for line in proc.stderr:
        stderr.append(line)
        if line.startswith("js: Uncaught"):
            proc.kill()
    proc.wait()
    reader.join()
    killer.cancel()
    return proc.returncode, stdout[0], "".join(stderr)


def test_english_and_chinese_carry_the_same_code():
    en, zh = blocks("en"), blocks("zh")
    assert len(en) == len(zh), "the two pages have different numbers of code blocks"
    for i, (a, b) in enumerate(zip(en, zh)):
        assert a == b, f"code block {i} differs between en and zh:\n{a[1]}\n---\n{b[1]}"
    assert sorted(files("en")) == ["hello-check-py", "hello-py"]


def test_the_commands_run_the_files_the_page_saves():
    commands = [code for info, code in blocks("en") if info == "sh"]
    assert "~/venvs/tools/bin/python hello.py" in commands
    assert any(c.endswith("~/venvs/tools/bin/python hello_check.py") for c in commands)


def test_hello_greets_when_greet_is_clicked_and_ends_when_the_window_closes(tmp_path):
    (tmp_path / "hello.py").write_text(files("en")["hello-py"] + "\n")
    (tmp_path / "driver.py").write_text(DRIVER)
    status, stdout, stderr = run(["driver.py", "hello.py"], tmp_path)
    assert status == 0, stderr[-3000:]
    lines = stdout.splitlines()
    driver = json.loads(lines[-1][len("DRIVER "):])
    assert driver == {"views": [{"title": "Hello"}], "error": None,
                      "page": {"heading": "Hello panel", "field": "Maya", "out": "Hello, Maya!"}}
    # What the page says the terminal shows: the greeting while it runs, then the line after show().
    assert lines[:-1] == ["Python was asked to greet Maya", "the window was closed"]


def test_hello_check_ends_by_itself_and_prints_what_the_page_shows(tmp_path):
    (tmp_path / "hello_check.py").write_text(files("en")["hello-check-py"] + "\n")
    status, stdout, stderr = run(["hello_check.py"], tmp_path)
    assert status == 0, stderr[-3000:]
    assert stdout == "the page shows: Hello, Maya!\n"
    expected = [code for info, code in blocks("en") if info == "text"]
    assert "the page shows: Hello, Maya!" in expected  # the output the page shows is this one
