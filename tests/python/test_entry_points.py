"""Issue 18: upstream AuroraView's entry points, create_webview, run_app, run_desktop,
run_standalone and WebView.create(auto_show=True), in a plain python3 program
(scenarios/entry_points.py: each page reports, and its report closes its view)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("entry_points", tmp_path_factory.mktemp("entry_points"))


def test_create_webview_without_parent_is_a_window_of_its_own_with_its_api(run):
    assert run["create_webview_gives"] == "WebView"
    assert run["created"] == {"sum": 5, "width": 500, "height": 400, "visible": True, "frameless": False,
                              "fixed": False}


def test_each_runner_returns_once_its_window_has_closed(run):
    assert run["order"] == ["seen created", "seen run_app", "run_app returned", "seen desk", "run_desktop returned",
                            "seen headless", "run_standalone returned", "seen create-shown", "create returned"]


def test_run_app(run):
    assert run["run_app"] == {"href": "https://auroraview.localhost/", "title": "run_app", "width": 520,
                              "height": 410, "visible": True, "frameless": False, "fixed": False}


def test_run_desktop_serves_html_paths_directory_with_its_window_options(run):
    desk = run["desk"]
    assert desk["href"].startswith("auroraview://app-") and desk["href"].endswith("/index.html")
    assert desk["script"] == "ran"  # index.html's relative app.js, from the asset root
    assert [desk["width"], desk["height"], desk["frameless"], desk["fixed"]] == [420, 300, True, True]


def test_run_standalone_headless_never_shows_its_window(run):
    assert run["headless"]["visible"] is False and run["headless"]["title"] == "headless"


def test_create_auto_show_runs_a_standalone_view(run):
    assert run["create-shown"]["visible"] is True and run["create-shown"]["width"] == 450


def test_run_desktops_arguments_without_effect_are_named(run):
    assert run["warnings"] == ['run_desktop(...): accepted but without effect here: tray_enabled, tray_tooltip '
                               '— see docs/api/python.md, "Upstream keyword arguments"']
