"""The part of `pip install .` that pyproject.toml cannot say: the package's binaries.

build_py builds the CMake target av_python (auroraview._core, which brings the shims it loads)
in build/pip/cmake, installs CMake's `python` component (cmake/AvInstall.cmake: _core and the
shims, real files) into build/pip/stage, and copies those binaries into the package beside the
pure-Python modules. The wheel is tagged cp38-abi3: _core is built on the limited API.

Needs cmake (3.25+), a C/C++ compiler and what the CMake project finds (scripts/bootstrap.sh
installs all of it). CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs.
"""
import glob
import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

ROOT = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join("build", "pip")  # relative to ROOT, where pip runs this file


class BinaryDistribution(Distribution):
    """The wheel holds compiled code: platform-specific, never "pure"."""

    def has_ext_modules(self):
        return True


class build_py_with_cmake(build_py):
    def run(self):
        super().run()
        if not self.dry_run:
            self.copy_binaries(self.build_cmake())

    def build_cmake(self):
        """Configures and builds, installs the python component; returns the staged package dir."""
        cmake_dir, stage = os.path.join(ROOT, WORK, "cmake"), os.path.join(ROOT, WORK, "stage")
        configure = ["cmake", "-S", ROOT, "-B", cmake_dir, "-DCMAKE_BUILD_TYPE=Release", "-DAV_BUILD_BENCH=OFF",
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        if shutil.which("ninja") and not os.path.exists(os.path.join(cmake_dir, "CMakeCache.txt")):
            configure += ["-G", "Ninja"]
        self.spawn(configure)
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


os.makedirs(os.path.join(ROOT, WORK), exist_ok=True)
setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": build_py_with_cmake},
    options={
        "build": {"build_base": os.path.join(WORK, "setuptools")},
        "egg_info": {"egg_base": WORK},  # not into python_pkg/
        "bdist_wheel": {"py_limited_api": "cp38"},
    },
)
