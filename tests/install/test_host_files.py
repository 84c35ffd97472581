"""What a studio deploys, used from a copy of the installed host directory (lib/auroraview) moved
away from its prefix: the Maya module file and the Houdini package, read by the rules their
vendors document, give a PYTHONPATH under which Debian's python3 opens a real view and a page's
call reaches Python and comes back; the installed host plugin, loaded into avhost, finds its
package and demo beside itself.

Maya and Houdini are not on this machine: the two readers below follow Autodesk's and SideFX's
documentation of the formats, they are not the applications."""
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import BUILD, DEBIAN_PYTHON, HANG_GUARD_S, SCENARIOS, result_of, view_env

AVHOST = BUILD / "examples" / "host" / "avhost"


def maya_pythonpath(mod_file):
    """The PYTHONPATH entries of a Maya module file. Rules (Autodesk, "Maya module paths, folders
    and versions"): '+ NAME VERSION PATH' starts a module whose PATH is absolute or relative to
    the folder of the .mod file; 'VAR+:=sub' appends sub, relative to the module's PATH, to VAR."""
    modules, entries = [], []
    for line in mod_file.read_text().splitlines():
        if line.startswith("+ "):
            name, version, path = line.split()[-3:]
            modules.append((name, version))
            root = (mod_file.parent / path).resolve()
        elif m := re.fullmatch(r"PYTHONPATH\s*\+:=\s*(\S+)", line.strip()):
            entries.append(str(root / m.group(1)))
    return modules, entries


def houdini_pythonpath(package_file):
    """The PYTHONPATH entries of a Houdini package. Rules (SideFX, "Houdini packages"): "env" is a
    list of variables to set; $HOUDINI_PACKAGE_PATH is the folder the package file was found in."""
    spec = json.loads(package_file.read_text())
    return [os.path.normpath(entry["value"].replace("$HOUDINI_PACKAGE_PATH", str(package_file.parent)))
            for entry in spec["env"] if entry.get("var") == "PYTHONPATH"]


def round_trip(pythonpath, qt):
    return result_of([DEBIAN_PYTHON, SCENARIOS / "roundtrip.py"],
                     view_env(PYTHONPATH=os.pathsep.join(pythonpath), AURORAVIEW_QT=str(qt)))


def check_round_trip(out, deployed, qt):
    assert out["page"] == {"sum": 42} and out["calls"] == 1
    assert out["shim"] == qt
    assert out["package"] == str(deployed / "python" / "auroraview")


def test_the_maya_module_file_names_the_module_and_the_package_beside_it(deployed):
    modules, entries = maya_pythonpath(deployed / "maya" / "auroraview.mod")
    assert modules == [("auroraview", "0.1.0")]
    assert entries == [str(deployed / "python")]


@pytest.mark.parametrize("qt", [6, 5])
def test_python_on_the_maya_module_path_opens_a_view_that_calls_python(deployed, qt):
    _, entries = maya_pythonpath(deployed / "maya" / "auroraview.mod")
    check_round_trip(round_trip(entries, qt), deployed, qt)


@pytest.mark.parametrize("qt", [6, 5])
def test_python_on_the_houdini_package_path_opens_a_view_that_calls_python(deployed, qt):
    entries = houdini_pythonpath(deployed / "houdini" / "auroraview.json")
    assert entries == [str(deployed / "python")]
    check_round_trip(round_trip(entries, qt), deployed, qt)


def test_the_installed_host_plugin_finds_its_package_and_demo_beside_itself(deployed):
    if not AVHOST.exists():
        pytest.fail(f"build avhost first: {AVHOST} is missing")
    plugin = deployed / "auroraview_host.so"
    out = result_of([AVHOST, "--plugin", plugin, "--script", SCENARIOS / "installed_plugin.py",
                     "--quit-after", "120000"], view_env())
    assert out["plugins"] == [str(plugin)]
    assert out["menu"] == ["Open panel from URL\u2026", "Open demo"]
    assert out["package"] == str(deployed / "python" / "auroraview")
    assert out["demo"] == str(deployed / "demo")
    assert out["rendered"]["nodes"] > 0 and out["rendered"]["rows"] > 0
    assert out["shim"] == 6  # avhost is a Qt 6 host


def test_a_link_to_the_plugin_finds_the_tree_of_the_file_it_points_to(deployed):
    """A host's plugin folder may hold a symlink to the plugin: the package comes from the real tree."""
    with tempfile.TemporaryDirectory(prefix="auroraview-link-") as d:
        link = os.path.join(d, "auroraview_host.so")
        os.symlink(deployed / "auroraview_host.so", link)
        code = "import auroraview, os; print('package at', os.path.dirname(auroraview.__file__))"
        proc = subprocess.run([str(AVHOST), "--plugin", link, "--exec", code, "--quit-after", "0"],
                              env=view_env(), capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert f"package at {deployed / 'python' / 'auroraview'}\n" in proc.stdout


def test_a_plugin_without_its_package_beside_it_says_what_is_missing(deployed):
    """Copied alone, the plugin refuses to load, names the file it looked for, and the host goes on."""
    with tempfile.TemporaryDirectory(prefix="auroraview-lone-") as d:
        lone = os.path.join(d, "auroraview_host.so")  # the plugin reports it with links resolved
        shutil.copy(deployed / "auroraview_host.so", lone)
        proc = subprocess.run([str(AVHOST), "--plugin", lone, "--exec", "print('host alive')", "--quit-after", "0"],
                              env=view_env(), capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0 and "host alive" in proc.stdout
    assert (f"# Error: {lone} failed to load: attaching the auroraview package failed: no auroraview package "
            f"beside the plugin: {os.path.realpath(d)}/python/auroraview/__init__.py is missing") in proc.stderr
