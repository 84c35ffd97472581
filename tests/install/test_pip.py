"""pip install from this source tree, offline, with Debian's pip, setuptools and wheel, into a
fresh venv: pip builds the package (setup.py runs CMake from scratch in build/pip), and the venv's
python imports it and uses it for real on both shims. Prints how long pip took."""
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from conftest import DEBIAN_PYTHON, NOTES, ROOT, SCENARIOS, result_of, run, view_env

# Debian's wheels of pip, setuptools and wheel (python3-pip-whl, python3-setuptools-whl,
# python3-wheel-whl): the build requirements pip installs into its isolated build environment.
DEBIAN_WHEELS = "/usr/share/python-wheels"
PIP_BUILD = ROOT / "build" / "pip"  # setup.py's work directory


@pytest.fixture(scope="module")
def venv():
    shutil.rmtree(PIP_BUILD, ignore_errors=True)  # a build from nothing, as in a fresh checkout
    with tempfile.TemporaryDirectory(prefix="auroraview-venv-") as d:
        run([DEBIAN_PYTHON, "-m", "venv", d])
        started = time.monotonic()
        out = run([Path(d) / "bin" / "pip", "install", "--no-index", "--find-links", DEBIAN_WHEELS, ROOT],
                  env=dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL="2"), cwd=d)
        took = time.monotonic() - started
        NOTES.append(f"tests/install: pip install built and installed auroraview in {took:.1f} s")
        yield Path(d), out
    shutil.rmtree(PIP_BUILD, ignore_errors=True)


def site_package(venv_dir):
    found = list(venv_dir.glob("lib/python3*/site-packages/auroraview"))
    assert len(found) == 1, found
    return found[0]


def test_pip_builds_an_abi3_wheel_and_installs_it(venv):
    venv_dir, out = venv
    assert "auroraview-0.1.0-cp38-abi3-linux_x86_64.whl" in out
    assert "Successfully installed auroraview-0.1.0" in out


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
