"""Each scenario in scenarios/ is a real program: it makes real Qt WebEngine views (offscreen),
runs until its pages have reported, prints one line 'AVRESULT <json>' and exits 0. Every scenario
runs in a fresh process, so one that crashes or hangs fails alone, and the tests assert on what it
reported.

The package is imported from the build tree: <build>/python holds auroraview/ (the extension
module next to links to python_pkg's sources). AURORAVIEW_PYTHON_DIR overrides the default,
build/default/python.

AURORAVIEW_QT (5 or 6, default 6) picks the shim under test: every scenario runs on that shim, and
scenarios that play a PyQt host use that PyQt. scripts/test.sh runs the suite once per shim.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PYTHON_DIR = Path(os.environ.get("AURORAVIEW_PYTHON_DIR", HERE.parents[1] / "build" / "default" / "python"))
# A guard against hangs only: scenarios take a few seconds.
HANG_GUARD_S = 180
QT = os.environ.get("AURORAVIEW_QT") or "6"


def pytest_report_header(config):
    return f"auroraview: the Qt {QT} shim, from {PYTHON_DIR}"


def scenario_env():
    env = dict(os.environ)
    env["AURORAVIEW_QT"] = QT
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:  # Chromium's sandbox cannot run as root
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PYTHON_DIR), env.get("PYTHONPATH")]))
    return env


def _failure(name, code, stdout, stderr):
    return f"scenario {name} exited {code}\n--- stdout\n{stdout}\n--- stderr (tail)\n{stderr[-6000:]}"


@pytest.fixture(scope="session")
def run_scenario():
    """run_scenario(name, *args, env={...}) -> the dict scenarios/<name>.py reported. env: variables
    to set on top of scenario_env() (None unsets one)."""

    def run(name, *args, env=None):
        cmd = [sys.executable, str(HERE / "scenarios" / f"{name}.py"), *map(str, args)]
        run_env = scenario_env()
        for key, value in (env or {}).items():
            if value is None:
                run_env.pop(key, None)
            else:
                run_env[key] = value
        try:
            proc = subprocess.run(cmd, env=run_env, capture_output=True, text=True, timeout=HANG_GUARD_S)
        except subprocess.TimeoutExpired as e:
            pytest.fail(_failure(name, "(hung, killed)", e.stdout or "", e.stderr or ""))
        lines = [line for line in proc.stdout.splitlines() if line.startswith("AVRESULT ")]
        if proc.returncode != 0 or len(lines) != 1:
            pytest.fail(_failure(name, proc.returncode, proc.stdout, proc.stderr))
        shims = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("AVSHIM ")]
        wanted = run_env.get("AURORAVIEW_QT")
        if wanted and shims not in ([], [wanted]):
            pytest.fail(f"scenario {name} ran on the Qt {shims} shim, not the Qt {wanted} one asked for")
        return json.loads(lines[0][len("AVRESULT "):])

    return run
