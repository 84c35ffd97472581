"""Allowed origins: the view's own content is trusted automatically, allowed_origins adds more,
and a page of any other origin gets no bridge: no window.auroraview, window.ipc or window.qt, so
nothing it crafts reaches Python. (The second wall, core refusing and counting messages from an
untrusted origin that did reach it, is tested on a real page by tests/e2e/e2e_origin.c.)"""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("origins", tmp_path_factory.mktemp("site"))


def test_load_url_load_file_and_allowed_origins_are_trusted(run):
    reports = run["reports"]
    assert {name: r["view"] for name, r in reports.items()} == {"url": "url", "file": "file", "allowed": "allowed"}
    assert reports["url"]["href"] == reports["allowed"]["href"] == run["origin"] + "/page.html"
    assert reports["file"]["href"].startswith("file:///")


def test_a_page_of_another_origin_has_no_bridge_and_no_transport(run):
    [probe] = run["probe"]
    assert probe["href"] == run["origin"] + "/page.html"
    assert (probe["auroraview"], probe["ipc"], probe["qt"]) == ("undefined", "undefined", "undefined")
    # Every way a page could reach native is missing, so each crafted call threw on the spot.
    assert probe["attempts"] == {"ipc": "TypeError", "transport": "TypeError", "bridge": "TypeError"}


def test_nothing_from_the_other_origin_reached_python(run):
    assert "forbidden" not in run["where"]
    assert sorted(run["where"]) == ["allowed", "file", "url"]
    assert run["stats"]["rejected"]["FORBIDDEN_ORIGIN"] == 0  # refused before core: nothing arrived
