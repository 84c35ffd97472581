"""Tests of the packaging: `cmake --install`, the CMake package, pkg-config, the Maya module and
Houdini package files, the installed host plugin, and `pip install` into a fresh venv. Everything
runs for real: CMake and the compiler build consumers against the installed tree, real Qt
WebEngine views (offscreen) answer real calls, pip builds the package from this source tree.

AURORAVIEW_BUILD_DIR: the CMake build to install from, whose avhost also runs the installed
plugin (default build/default; build it first). Temporary trees are removed at the end.
"""
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BUILD = Path(os.environ.get("AURORAVIEW_BUILD_DIR", ROOT / "build" / "default")).resolve()
SCENARIOS = HERE / "scenarios"
DEBIAN_PYTHON = "/usr/bin/python3"
# Only a guard against hangs: builds here take seconds to a minute, programs seconds.
HANG_GUARD_S = 600


#: Lines for the end of the run (pytest_terminal_summary): how long pip took.
NOTES = []


def pytest_terminal_summary(terminalreporter):
    for line in NOTES:
        terminalreporter.write_line(line)


def run(cmd, env=None, cwd=None):
    """Runs cmd, which must exit 0; returns its stdout. Otherwise fails the test with the output."""
    cmd = [str(c) for c in cmd]
    try:
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"{' '.join(cmd)} hung and was killed\n--- stdout\n{e.stdout}\n--- stderr\n{e.stderr}")
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout[-6000:]}\n"
                    f"--- stderr\n{proc.stderr[-6000:]}")
    return proc.stdout


def view_env(**overrides):
    """The environment for a program that opens views: offscreen, no GPU, no sandbox as root; no
    PYTHONPATH from outside (the program must find auroraview where the test says)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:  # Chromium's sandbox cannot run as root
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.update(overrides)
    return env


def result_of(cmd, env, cwd=None):
    """Runs cmd, which must exit 0 after printing exactly one 'AVRESULT <json>' line; returns it."""
    out = run(cmd, env=env, cwd=cwd)
    lines = [line for line in out.splitlines() if line.startswith("AVRESULT ")]
    if len(lines) != 1:
        pytest.fail(f"{cmd[0]} printed {len(lines)} AVRESULT lines\n--- stdout\n{out}")
    return json.loads(lines[0][len("AVRESULT "):])


def cache_value(name):
    """A variable of the build's CMakeCache.txt."""
    for line in (BUILD / "CMakeCache.txt").read_text().splitlines():
        if line.startswith(name + ":"):
            return line.split("=", 1)[1]
    raise KeyError(f"{name} is not in {BUILD / 'CMakeCache.txt'}")


@pytest.fixture(scope="session")
def libdir(prefix):
    """lib, or lib/<multiarch> (GNUInstallDirs), relative to the prefix."""
    return cache_value("CMAKE_INSTALL_LIBDIR")


@pytest.fixture(scope="session")
def prefix():
    """A fresh `cmake --install` of the build into a temporary prefix."""
    if not (BUILD / "CMakeCache.txt").exists():
        pytest.fail(f"no CMake build at {BUILD}: build it first "
                    "(cmake --preset default && cmake --build --preset default)")
    with tempfile.TemporaryDirectory(prefix="auroraview-prefix-") as d:
        run(["cmake", "--install", BUILD, "--prefix", d])
        yield Path(d)


@pytest.fixture(scope="session")
def deployed(prefix, libdir):
    """The installed host directory (lib/auroraview) copied elsewhere, as a studio copies it to a
    share: what points at the tree relative to itself must still find it."""
    with tempfile.TemporaryDirectory(prefix="auroraview-share-") as d:
        copy = Path(d) / "tools" / "auroraview"
        shutil.copytree(prefix / libdir / "auroraview", copy, symlinks=True)
        yield copy
