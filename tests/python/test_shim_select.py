"""Run-time shim selection (python_pkg/auroraview/_shim.py): the shim of the Qt the process has
loaded, Qt 6 when none is, AURORAVIEW_QT to force one, and a clear refusal, never a crash, when
the process runs the other Qt. The rules first (choose(), no process), then real processes."""
import importlib.util
from pathlib import Path

import pytest

SHIM_PY = Path(__file__).resolve().parents[2] / "python_pkg" / "auroraview" / "_shim.py"
BOTH = {5, 6}


@pytest.fixture(scope="module")
def shim():
    """The selection module alone: importing the package would load a shim into pytest."""
    spec = importlib.util.spec_from_file_location("auroraview_shim_rules", SHIM_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("loaded, available, expected", [
    (set(), BOTH, 6),   # plain python3: Qt 6 preferred
    (set(), {5}, 5),    # ... unless only the Qt 5 shim is installed
    ({5}, BOTH, 5),     # a Qt 5 host (Maya 2024, a PyQt5 program)
    ({6}, BOTH, 6),     # a Qt 6 host
])
def test_the_process_qt_decides_then_qt6(shim, loaded, available, expected):
    assert shim.choose("", loaded, available) == expected


@pytest.mark.parametrize("forced, loaded, expected", [("5", set(), 5), ("6", set(), 6), ("5", {5}, 5)])
def test_the_environment_forces_a_shim_that_fits(shim, forced, loaded, expected):
    assert shim.choose(forced, loaded, BOTH) == expected


@pytest.mark.parametrize("forced, loaded, available, words", [
    ("6", {5}, BOTH, ["AURORAVIEW_QT=6", "Qt 6 shim", "runs Qt 5", "libQt5Core.so.5"]),
    ("5", {6}, BOTH, ["AURORAVIEW_QT=5", "Qt 5 shim", "runs Qt 6", "libQt6Core.so.6"]),
    ("", {5, 6}, BOTH, ["both Qt 5 and Qt 6"]),
    ("7", set(), BOTH, ["AURORAVIEW_QT='7'", "5 or 6"]),
    ("", {5}, {6}, ["runs Qt 5", "no Qt 5 shim", "libav_shim_qt5.so", "shims for Qt 6"]),
])
def test_no_fitting_shim_is_a_clear_import_error(shim, forced, loaded, available, words):
    with pytest.raises(ImportError) as caught:
        shim.choose(forced, loaded, available)
    for word in words:
        assert word in str(caught.value)


# ---- real processes -------------------------------------------------------------------------

@pytest.mark.parametrize("first, expected", [("none", 6), ("PyQt5", 5), ("PyQt6", 6)])
def test_import_loads_the_shim_of_the_loaded_qt(run_scenario, first, expected):
    run = run_scenario("shim_select", first, env={"AURORAVIEW_QT": None})
    assert run["shim"] == expected
    assert run["core_loaded"] is True


def test_the_environment_forces_qt5_in_plain_python(run_scenario):
    assert run_scenario("shim_select", "none", env={"AURORAVIEW_QT": "5"})["shim"] == 5


@pytest.mark.parametrize("first, forced, running", [("PyQt6", "5", 6), ("PyQt5", "6", 5)])
def test_the_other_qt_is_refused_and_the_host_goes_on(run_scenario, first, forced, running):
    run = run_scenario("shim_select", first, env={"AURORAVIEW_QT": forced})
    assert "shim" not in run
    assert f"asks for the Qt {forced} shim, but this process runs Qt {running}" in run["error"]
    assert run["core_loaded"] is False
    assert run["host_alive"] is True


@pytest.mark.parametrize("host_qt", [5, 6])
def test_a_shim_loaded_by_hand_into_the_other_qt_refuses_to_start(run_scenario, host_qt):
    run = run_scenario("shim_wrong", host_qt)
    other = 11 - host_qt
    assert run["shim_qt"] == other
    assert run["rc"] == -1
    assert run["created"] == 0
    assert run["error"].startswith(f"this is the Qt {other} shim, but the process has loaded libQt{host_qt}Core.so.{host_qt}")
    assert run["host_alive"] is True
