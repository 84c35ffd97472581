"""Tests of the reference host (avhost), the host plugin and the outliner demo. Each test runs a
real program: avhost (offscreen, or under Xvfb for the screenshot) or a PyQt6 application, with
real Qt WebEngine and CPython; the programs print one line 'AVRESULT <json>' with what they saw,
and the tests assert on it.

Paths come from AURORAVIEW_BUILD_DIR (ctest sets it; default build/default).
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("AURORAVIEW_BUILD_DIR", ROOT / "build" / "default"))
AVHOST = BUILD / "examples" / "host" / "avhost"
PLUGIN = BUILD / "plugin" / "host" / "auroraview_host.so"
PYTHON_DIR = BUILD / "python"
SCENARIOS = HERE / "scenarios"
OUTLINER = ROOT / "examples" / "outliner"
# Only a guard against hangs: every program here finishes in seconds.
HANG_GUARD_S = 240


def program_env(**overrides):
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:  # Chromium's sandbox cannot run as root
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.update(overrides)
    return env


def run(cmd, env):
    """Runs cmd; returns (returncode, stdout, stderr). A hang fails the test with the output."""
    try:
        proc = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True, timeout=HANG_GUARD_S)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{cmd[0]} hung and was killed\n--- stdout\n{e.stdout}\n--- stderr\n{e.stderr}")
    return proc.returncode, proc.stdout, proc.stderr


def result_of(cmd, env):
    """Runs cmd, which must exit 0 after printing exactly one AVRESULT line; returns that dict."""
    code, out, err = run(cmd, env)
    lines = [line for line in out.splitlines() if line.startswith("AVRESULT ")]
    if code != 0 or len(lines) != 1:
        pytest.fail(f"{Path(str(cmd[0])).name} exited {code}\n--- stdout\n{out}\n--- stderr (tail)\n{err[-6000:]}")
    return json.loads(lines[0][len("AVRESULT "):])


@pytest.fixture(scope="session")
def built():
    missing = [p for p in (AVHOST, PLUGIN, PYTHON_DIR / "auroraview") if not p.exists()]
    if missing:
        pytest.fail(f"build first (cmake --build): missing {', '.join(map(str, missing))}")


def python():
    return sys.executable
