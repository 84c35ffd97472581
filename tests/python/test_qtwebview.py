"""Issue 18: QtWebView, upstream AuroraView's QWidget, in a Qt program of each binding of the Qt
under test (PyQt6; PyQt5 and PySide2 on the Qt 5 shim), used as upstream's qt_custom_menu_demo and
maya_qt_echo_demo use it (scenarios/qtwebview.py)."""
import pytest
from conftest import QT

BINDINGS = ["PyQt6"] if QT == "6" else ["PyQt5", "PySide2"]


@pytest.fixture(scope="module", params=BINDINGS)
def run(run_scenario, request):
    out = run_scenario("qtwebview", env={"AV_TEST_BINDING": request.param})
    assert out["binding"] == request.param
    return out


def test_the_page_calls_the_bound_api_method_and_event_handler(run):
    assert run["done"] == {"renamed": ["av_01", "av_02"], "sum": 5, "from": "python"}
    assert run["actions"] == ["export"]


def test_python_reaches_the_page_through_the_widget(run):
    assert run["done"]["from"] == "python"  # emit()
    assert run["eval_title"] == "tool page"  # eval_js_async()


def test_the_view_is_a_child_filling_the_widget_with_its_options(run):
    assert run["inner_fills_widget"] is True
    assert run["inner_context_menu_default"] is False  # context_menu=False
    assert run["webview_is_a_WebView"] is True
    assert run["title_after_set"] == ["Renamed tool", "Renamed tool"]


def test_qt_signals_of_the_page(run):
    names = [signal[0] for signal in run["signals"]]
    assert names[:2] == ["loadStarted", "urlChanged"]
    assert ["titleChanged", "tool page"] in run["signals"]
    assert ["loadFinished", True] in run["signals"]
    assert ["consoleMessage", 1, "page warns", 6, "https://auroraview.localhost/"] in run["signals"]
    assert ["jsError", "Uncaught Error: page throws", 9, "https://auroraview.localhost/"] in run["signals"]


def test_closing_the_window_emits_about_to_close_then_the_view_is_gone(run):
    names = [signal[0] for signal in run["signals"]]
    assert names.count("aboutToClose") == 1
    assert run["alive_before_close"] is True
    assert run["alive_after_close"] is False and run["view_closed"] is True


def test_create_webview_with_a_widget_parent_gives_a_qtwebview(run):
    assert run["create_webview_gives"] == "QtWebView"
    assert run["frameless"] is True  # frame=False
    assert run["create_webview_api"] == ["p_01", "p_02"]  # api=
    assert ["made:aboutToClose"] in run["signals"] and run["made_alive"] is False


def test_a_qtwebview_of_its_own_closes_with_close(run):
    assert run["own_is_window"] is True
    assert ["own:aboutToClose"] in run["signals"] and run["own_alive"] is False
