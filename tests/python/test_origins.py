"""Allowed origins: the view's own content is trusted automatically, allowed_origins adds more,
and messages from any other origin are refused (never handled)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("origins", tmp_path_factory.mktemp("site"))


def test_load_url_load_file_and_allowed_origins_are_trusted(run):
    reports = run["reports"]
    assert {name: r["view"] for name, r in reports.items()} == {"url": "url", "file": "file", "allowed": "allowed"}
    assert reports["url"]["href"] == reports["allowed"]["href"] == run["origin"] + "/page.html"
    assert reports["file"]["href"].startswith("file:///")


def test_other_origins_are_refused(run):
    assert "forbidden" not in run["where"]
    assert run["stats"]["rejected"]["FORBIDDEN_ORIGIN"] >= 1
