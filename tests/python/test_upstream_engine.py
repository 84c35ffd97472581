"""Issue 18: remote_debugging_port and proxy_url, which Chromium reads once per process, take
effect from the process's first view and are refused, in one warning, later
(scenarios/upstream_engine.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("upstream_engine")


def test_proxy_url_carries_the_pages_requests(run):
    # and, at times, the page's favicon
    assert run["proxy_was_asked"][0] == "http://proxied.auroraview.test/page"
    assert all(url.startswith("http://proxied.auroraview.test/") for url in run["proxy_was_asked"])
    assert run["page_saw"] == ["http://proxied.auroraview.test/page"]


def test_remote_debugging_port_lists_the_page(run):
    assert run["devtools_pages"] == ["http://proxied.auroraview.test/page"]


def test_given_after_the_first_view_they_are_named_in_one_warning(run):
    assert run["late_warnings"] == [
        "WebView(...): remote_debugging_port, proxy_url cannot take effect: Qt WebEngine reads them once per "
        "process, when it starts, and it has started; give them to the process's first view"
    ]
