"""Issue 18: what upstream AuroraView's examples do, with their calls made the same way
(scenarios/upstream_examples.py; qt_custom_menu_demo's QtWebView is test_qtwebview.py's). The
examples themselves ran unchanged outside the repository; see the issue's report."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("upstream_examples", tmp_path_factory.mktemp("upstream_examples"))


def test_custom_context_menu_demo(run):
    menu = run["context_menu"]
    assert menu["native_menu"] is False  # context_menu=False
    assert menu["shown"] == "block" and menu["native_prevented"] is True
    assert menu["actions"] == ["export", "import"]


def test_multi_window_demo(run):
    multi = run["multi_window"]
    assert multi["saw"] == {"main": {"counter": 3}, "child": {"id": "child_1", "counter": 3}}
    assert multi["windows"] == ["child_1", "main"]
    assert multi["child_hidden"] is True  # WebView.create does not show it (auto_show=False), as upstream


def test_local_assets_example(run):
    assert run["Local Assets Example - file:// Protocol"] == {"width": 12, "height": 9}


def test_wry_features_demo(run):
    assert run["AuroraView - Wry Features Demo"] == {"ua": "AuroraView/1.0 (Wry Features Demo)",
                                                      "title": "Title Changed!"}
    assert run["warnings"] == ['WebView(...): accepted but without effect here: splash_overlay '
                               '— see docs/api/python.md, "Upstream keyword arguments"']
