"""pip install from this source tree, offline, with Debian's pip, setuptools and wheel, into a
fresh venv: pip builds the package (setup.py runs CMake from scratch in a temporary directory
outside the tree, and writes nothing into the tree), and the venv's python imports it and uses it
for real on both shims. The same with a Python that is not Debian's (pyenv's, when the machine
has one), and a build whose prerequisites are missing stops at once, naming the cause and the
fix. Prints how long pip took."""
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import DEBIAN_PYTHON, NOTES, ROOT, SCENARIOS, result_of, run, view_env

# Debian's wheels of pip, setuptools and wheel (python3-pip-whl, python3-setuptools-whl,
# python3-wheel-whl): the build requirements pip installs into its isolated build environment.
DEBIAN_WHEELS = "/usr/share/python-wheels"
SKIPPED_DIRS = {".git", "node_modules"}


def tree_state(root):
    """{relative path: (size, mtime_ns)} of every file and directory under root (without .git and
    node_modules): what a build that writes into the tree changes."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            state[os.path.relpath(path, root)] = (st.st_size if not os.path.isdir(path) else 0, st.st_mtime_ns)
    return state


def pip_install(python, venv_dir, env=None):
    """Makes a venv of python in venv_dir and pip-installs this tree into it; returns (seconds, out)."""
    run([python, "-m", "venv", venv_dir])
    started = time.monotonic()
    out = run([Path(venv_dir) / "bin" / "pip", "install", "--no-index", "--find-links", DEBIAN_WHEELS, ROOT],
              env=dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL="2", **(env or {})), cwd=venv_dir)
    return time.monotonic() - started, out


@pytest.fixture(scope="module")
def venv():
    before = tree_state(ROOT)
    with tempfile.TemporaryDirectory(prefix="auroraview-venv-") as d:
        took, out = pip_install(DEBIAN_PYTHON, d)
        NOTES.append(f"tests/install: pip install built and installed auroraview in {took:.1f} s")
        yield Path(d), out, before, tree_state(ROOT)


def site_package(venv_dir):
    found = list(venv_dir.glob("lib/python3*/site-packages/auroraview"))
    assert len(found) == 1, found
    return found[0]


def test_pip_builds_an_abi3_wheel_and_installs_it(venv):
    out = venv[1]
    assert "auroraview-0.1.0-cp38-abi3-linux_x86_64.whl" in out
    assert "Successfully installed auroraview-0.1.0" in out


def test_pip_writes_nothing_into_the_source_tree(venv):
    before, after = venv[2], venv[3]
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert changed == []


def test_the_venv_holds_the_binaries_themselves_beside_the_modules(venv):
    package = site_package(venv[0])
    for name in ["_core.abi3.so", "libav_shim_qt6.so", "libav_shim_qt5.so", "__init__.py", "_shim.py",
                 "hosts/__init__.py", "hosts/auroraview.pypanel"]:
        path = package / name
        assert path.is_file() and not path.is_symlink(), name


@pytest.mark.parametrize("qt", [6, 5])
def test_the_venv_python_opens_a_view_and_a_page_call_reaches_python(venv, qt):
    venv_dir = venv[0]
    out = result_of([venv_dir / "bin" / "python", SCENARIOS / "roundtrip.py"], view_env(AURORAVIEW_QT=str(qt)),
                    cwd=venv_dir)
    assert out["page"] == {"sum": 42} and out["calls"] == 1
    assert out["shim"] == qt
    assert out["package"] == str(site_package(venv_dir))
    assert out["binaries"] == {"_core.abi3.so": False, "libav_shim_qt5.so": False, "libav_shim_qt6.so": False}


def other_python():
    """A python3 on PATH that is not Debian's (pyenv's here: its shim runs it), or None."""
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(directory, "python3")
        if not os.access(candidate, os.X_OK):
            continue
        proc = subprocess.run([candidate, "-c", "import sys; print(sys.base_prefix)"], capture_output=True, text=True)
        if proc.returncode == 0 and proc.stdout.strip() not in ("/usr", ""):
            return candidate
    return None


def test_a_python_that_is_not_debians_builds_with_debians_offline_wheels():
    """Debian's setuptools wheel reads install options only Debian's Python defines: the install
    step failed after the whole build ("AttributeError: install_layout") before setup.py defined
    them."""
    python = other_python()
    if python is None:
        pytest.skip("no python3 other than Debian's on PATH")
    with tempfile.TemporaryDirectory(prefix="auroraview-venv-other-") as d:
        took, out = pip_install(python, d)
        NOTES.append(f"tests/install: pip install with {python} built and installed auroraview in {took:.1f} s")
        assert "Successfully installed auroraview-0.1.0" in out
        out = result_of([Path(d) / "bin" / "python", SCENARIOS / "roundtrip.py"], view_env(AURORAVIEW_QT="6"), cwd=d)
        assert out["page"] == {"sum": 42}


def test_a_missing_prerequisite_stops_the_build_at_once_naming_cause_and_fix(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "cmake").write_text("#!/bin/sh\necho 'cmake version 3.10.2'\n")
    (fake / "cmake").chmod(0o755)
    venv_dir = tmp_path / "venv"
    run([DEBIAN_PYTHON, "-m", "venv", venv_dir])
    started = time.monotonic()
    proc = subprocess.run([venv_dir / "bin" / "pip", "install", "--no-index", "--find-links", DEBIAN_WHEELS, ROOT],
                          env=dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}"),
                          capture_output=True, text=True, timeout=600)
    took = time.monotonic() - started
    NOTES.append(f"tests/install: pip with a too-old cmake stopped after {took:.1f} s")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "auroraview cannot be built:" in out and "cmake is version 3.10, older than 3.25" in out
    assert "fix: install a newer CMake" in out and "scripts/bootstrap.sh" in out
    assert "Building C object" not in out  # nothing was compiled first
