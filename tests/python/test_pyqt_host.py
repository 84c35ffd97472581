"""Issue 4 §3 and DESIGN.md §8: inside a PyQt application (made without
AA_ShareOpenGLContexts), views dock into its QMainWindow and work; nothing crashes. On the Qt 5
shim the host is played by PyQt5 and by PySide2 (Debian 12 packages no PySide6)."""
import pytest
from conftest import QT

BINDINGS = ["PyQt6"] if QT == "6" else ["PyQt5", "PySide2"]


@pytest.fixture(scope="module", params=BINDINGS)
def run(run_scenario, request):
    # A crash fails here: the process must exit 0.
    out = run_scenario("pyqt_host", env={"AV_TEST_BINDING": request.param})
    assert out["binding"] == request.param
    return out


def test_host_application_lacks_the_share_contexts_attribute(run):
    assert run["share_contexts_attribute"] is False
    assert run["standalone"] is False


def test_show_returns_at_once_inside_a_host(run):
    assert run["show_returned"] == ["docked", "by_pointer", "child", "child_by_pointer"]


def test_views_dock_into_the_main_window_given_as_widget_or_pointer(run):
    assert run["docks"] == [["By pointer", "BottomDockWidgetArea"], ["Docked", "LeftDockWidgetArea"]]
    assert run["dock_contents"] == ["QWebEngineView", "QWebEngineView"]


def test_a_plain_widget_parent_gets_a_child_view_given_as_widget_or_pointer(run):
    assert run["panel_children"] == [["QWebEngineView"], ["QWebEngineView"]]
    assert run["children_fill_panels"] == [[True], [True]]


def test_every_view_talks_both_ways_on_the_main_thread(run):
    assert set(run["reports"]) == {"docked", "by_pointer", "child", "child_by_pointer"}
    for name, report in run["reports"].items():
        assert report == {"name": name, "sum": 5, "href": "https://auroraview.localhost/", "on_main_thread": True}
    assert run["closed"] == [True] * 4
