"""cmake --install lays out the tree docs/architecture.md describes; a project outside the source
tree builds against it with find_package(AuroraView), another with pkg-config, and both run the
core for real (tests/install/consumer)."""
import os
import shutil
import tempfile

import pytest

from conftest import HERE, run

CONSUMER = HERE / "consumer"
# The public C API only: the queues, pending table, registry and signal are internal (plugin/core/src),
# so no installed header names Concurrency Kit.
HEADERS = ["av_base64.h", "av_core.h", "av_error.h", "av_json.h", "av_leaves.h", "av_msg.h", "av_panel.h", "av_ipc.h", "av_host_plugin.h",
           "av_shim.h"]


@pytest.fixture(scope="module")
def work():
    with tempfile.TemporaryDirectory(prefix="auroraview-consumer-") as d:
        yield d


def test_the_installed_tree_has_every_part_in_its_place(prefix, libdir):
    lib = prefix / libdir
    assert sorted(os.listdir(prefix / "include" / "auroraview")) == sorted(HEADERS)
    for path in ["libav_core.a", "libav_panel.a", "libav_ipc.a", "pkgconfig/auroraview.pc", "cmake/AuroraView/AuroraViewConfig.cmake",
                 "cmake/AuroraView/AuroraViewConfigVersion.cmake", "cmake/AuroraView/AuroraViewTargets.cmake",
                 "auroraview/auroraview_host.so", "auroraview/maya/auroraview.mod",
                 "auroraview/houdini/auroraview.json", "auroraview/demo/outliner_panel.py",
                 "auroraview/python/auroraview/hosts/auroraview.pypanel"]:
        assert (lib / path).is_file(), path
    package = lib / "auroraview" / "python" / "auroraview"
    binaries = sorted(p.name for p in package.iterdir() if p.suffix == ".so")
    assert binaries == ["_core.abi3.so", "libav_shim_qt5.so", "libav_shim_qt6.so"]
    links = [str(p) for p in prefix.rglob("*") if p.is_symlink()]
    assert links == [], "the installed tree holds files, not links into the build"


def test_a_cmake_project_builds_against_the_installed_package_and_runs(prefix, work):
    build = os.path.join(work, "cmake")
    run(["cmake", "-S", CONSUMER, "-B", build, "-G", "Ninja", f"-DCMAKE_PREFIX_PATH={prefix}",
         "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF", "-DCMAKE_C_FLAGS=-Wall -Wextra -Werror"])
    cache = open(os.path.join(build, "CMakeCache.txt")).read()
    assert f"AuroraView_DIR:PATH={prefix}/" in cache, "found the package in the prefix, nowhere else"
    assert "CK_INCLUDE_DIR" not in cache, "Concurrency Kit is private: a consumer never looks for it"
    run(["cmake", "--build", build])
    out = run([os.path.join(build, "consumer")])
    assert "consumer: OK" in out
    assert '{"id":7,"ok":true,"result":{"installed":true}}' in out
    for qt in (6, 5):
        probe = run([os.path.join(build, f"shim_probe_qt{qt}")])
        assert f"linked to the Qt {qt} shim, which says it was built for Qt {qt}" in probe
        assert "a page in a panel called a C handler and got its answer: yes" in probe


def test_a_program_builds_with_pkg_config_and_runs(prefix, libdir, work):
    env = dict(os.environ, PKG_CONFIG_PATH=str(prefix / libdir / "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", "auroraview"], env=env).split()
    dirs = {opt: [os.path.realpath(f[2:]) for f in flags if f.startswith(opt)] for opt in ("-I", "-L")}
    assert str(prefix / "include") in dirs["-I"] and str(prefix / libdir) in dirs["-L"], flags
    exe = os.path.join(work, "consumer_pc")
    cc = shutil.which("cc")
    run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", CONSUMER / "consumer.c", "-o", exe, *flags])
    out = run([exe])
    assert "consumer: OK" in out


def test_the_package_version_is_checked(prefix, work):
    """find_package(AuroraView 0.2) refuses the 0.1 tree (0.x: SameMinorVersion)."""
    probe = os.path.join(work, "version_probe")
    os.makedirs(probe, exist_ok=True)
    with open(os.path.join(probe, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.25)\nproject(p LANGUAGES C)\n"
                "find_package(AuroraView 0.2 QUIET)\nmessage(STATUS \"AURORAVIEW_FOUND=${AuroraView_FOUND}\")\n"
                "find_package(AuroraView 0.1 REQUIRED)\nmessage(STATUS \"AURORAVIEW_VERSION=${AuroraView_VERSION}\")\n")
    out = run(["cmake", "-S", probe, "-B", os.path.join(probe, "b"), f"-DCMAKE_PREFIX_PATH={prefix}"])
    assert "AURORAVIEW_FOUND=0" in out
    assert "AURORAVIEW_VERSION=0.1.0" in out
