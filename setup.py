"""The part of `pip install .` that pyproject.toml cannot say: the package's binaries.

build_py builds the CMake target av_python (auroraview._core, which brings the shims it loads)
in a work directory outside the source tree, installs CMake's `python` component
(cmake/AvInstall.cmake: _core and the shims, real files) into a stage beside it, and copies those
binaries into the package beside the pure-Python modules. Nothing is written into the source
tree, so it may be read-only. The work directory is a fresh temporary one, removed at the end,
unless AURORAVIEW_BUILD_DIR names one to keep (a rebuild then takes seconds).
CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs. The wheel is tagged cp38-abi3: _core is built
on the limited API.

Before anything is built, preflight() checks what the build needs (cmake 3.25+, C and C++
compilers, this Python's headers) and stops within seconds with the cause and the fix when
something is missing; a CMake configure failure (Qt WebEngine, Concurrency Kit or nanopb missing)
says how to install them. scripts/bootstrap.sh installs all of it on Debian.
"""
import atexit
import glob
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.install import install
from setuptools.dist import Distribution

ROOT = os.path.dirname(os.path.abspath(__file__))
CMAKE_MIN = (3, 25)
FIX = "On Debian 12, `bash scripts/bootstrap.sh` (as root) installs everything the build needs."


def work_dir():
    kept = os.environ.get("AURORAVIEW_BUILD_DIR")
    if kept:
        os.makedirs(kept, exist_ok=True)
        return os.path.abspath(kept)
    made = tempfile.mkdtemp(prefix="auroraview-pip-")
    atexit.register(shutil.rmtree, made, True)
    return made


WORK = work_dir()


def stop(cause, fix):
    """Ends the build with one message naming the cause and the fix (pip prints it)."""
    sys.exit(f"\nauroraview cannot be built: {cause}\n  fix: {fix}\n")


def preflight():
    cmake = shutil.which("cmake")
    if not cmake:
        stop("cmake is not on PATH", f"install CMake {'.'.join(map(str, CMAKE_MIN))} or newer. {FIX}")
    out = subprocess.run([cmake, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"version (\d+)\.(\d+)", out)
    if not found or tuple(map(int, found.groups())) < CMAKE_MIN:
        stop(f"{cmake} is {found.group(0) if found else 'of an unknown version'}, older than "
             f"{'.'.join(map(str, CMAKE_MIN))}", f"install a newer CMake. {FIX}")
    for var, default, what in (("CC", "cc", "a C compiler"), ("CXX", "c++", "a C++ compiler")):
        compiler = os.environ.get(var, default).split()[0]
        if not shutil.which(compiler):
            stop(f"{what} ({compiler}) is not on PATH", f"install gcc and g++ (or set {var}). {FIX}")
    headers = sysconfig.get_path("include")
    if not os.path.isfile(os.path.join(headers, "Python.h")):
        stop(f"this Python ({sys.executable}, {sys.version.split()[0]}) has no headers: "
             f"{headers}/Python.h is missing",
             "install its development files (python3-dev for Debian's /usr/bin/python3), or make the "
             "venv with a Python that has them")


class BinaryDistribution(Distribution):
    """The wheel holds compiled code: platform-specific, never "pure"."""

    def has_ext_modules(self):
        return True


class install_any_layout(install):
    """Debian's setuptools wheel (/usr/share/python-wheels, what `pip --find-links` offline picks)
    reads the install command's install_layout and prefix_option, which only Debian's own Python
    defines: with any other Python (pyenv, a DCC's) the install step failed with
    "AttributeError: install_layout", after the whole build. Defining them (None: the standard
    layout, no --prefix) lets that setuptools work with every Python."""

    DEBIAN_OPTIONS = ("install_layout", "prefix_option", "multiarch")

    def initialize_options(self):
        super().initialize_options()
        for name in self.DEBIAN_OPTIONS:
            if not hasattr(self, name):
                setattr(self, name, None)


class build_py_with_cmake(build_py):
    def run(self):
        super().run()
        if not self.dry_run:
            self.copy_binaries(self.build_cmake())

    def build_cmake(self):
        """Configures and builds, installs the python component; returns the staged package dir."""
        preflight()
        cmake_dir, stage = os.path.join(WORK, "cmake"), os.path.join(WORK, "stage")
        configure = ["cmake", "-S", ROOT, "-B", cmake_dir, "-DCMAKE_BUILD_TYPE=Release", "-DAV_BUILD_BENCH=OFF",
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        if shutil.which("ninja") and not os.path.exists(os.path.join(cmake_dir, "CMakeCache.txt")):
            configure += ["-G", "Ninja"]
        try:
            self.spawn(configure)
        except Exception as e:  # noqa: BLE001 - setuptools raises its own error classes
            stop(f"CMake could not configure the project ({e}); its output above names what is missing "
                 "(Qt 6 / Qt 5 WebEngine, Concurrency Kit, nanopb)", FIX)
        self.spawn(["cmake", "--build", cmake_dir, "--target", "av_python"])
        shutil.rmtree(stage, ignore_errors=True)
        self.spawn(["cmake", "--install", cmake_dir, "--component", "python", "--prefix", stage])
        found = glob.glob(os.path.join(stage, "*", "auroraview", "python", "auroraview"))
        if len(found) != 1:
            raise RuntimeError(f"cmake --install put no single auroraview package under {stage}: {found}")
        return found[0]

    def copy_binaries(self, staged):
        target = os.path.join(self.build_lib, "auroraview")
        binaries = sorted(n for n in os.listdir(staged) if n.endswith(".so"))
        if "_core.abi3.so" not in binaries or not any(n.startswith("libav_shim_qt") for n in binaries):
            raise RuntimeError(f"{staged} lacks _core.abi3.so or a shim: {binaries}")
        for name in binaries:
            self.copy_file(os.path.join(staged, name), os.path.join(target, name))


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": build_py_with_cmake, "install": install_any_layout},
    options={
        "build": {"build_base": os.path.join(WORK, "setuptools")},
        "egg_info": {"egg_base": WORK},  # not into the source tree
        "bdist_wheel": {"py_limited_api": "cp38", "bdist_dir": os.path.join(WORK, "bdist")},
    },
)
