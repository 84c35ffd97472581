"""The outliner panel docks into a plain PyQt6 QMainWindow application (no avhost, no host
plugin) and works the same: the JS-driven session reaches Python, a QTimer drives the counter."""
import pytest

from conftest import PYTHON_DIR, SCENARIOS, program_env, python, result_of


@pytest.fixture(scope="module")
def run(built):
    return result_of([python(), SCENARIOS / "outliner_pyqt.py"], program_env(PYTHONPATH=str(PYTHON_DIR)))


def test_no_host_is_attached_and_the_panel_docks_where_asked(run):
    assert run["attached_host"] is False
    assert run["docks"] == [["Outliner", "LeftDockWidgetArea"]]
    assert run["dock_contents"] == ["QWebEngineView"]


def test_the_page_drew_the_hierarchy(run):
    assert run["rendered"] == {"scene": "shot_010_layout", "nodes": 32, "rows": 27, "drawn": 27}


def test_the_driven_session_reached_python(run):
    assert run["page"].get("error") is None
    assert run["selection"] == ["hero_body", "hero_head", "crate_02"]
    assert run["renames"] == [["lantern", "lantern_hero"]]
    assert run["page"]["toast"] == "|environment|props|crate_02 exists already"
    assert [e["count"] for e in run["exports"]] == [3]
    assert run["page"]["progress_events"] == 3
    assert run["page"]["frames_seen"] >= 2


def test_the_panel_closes(run):
    assert run["panel_closed"] is True
