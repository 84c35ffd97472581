"""load_local_html, normalize_url, path_to_file_url (scenarios/local_html.py), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("local_html", tmp_path_factory.mktemp("local"))


def test_a_local_page_loads_with_its_relative_styles_and_scripts_through_the_asset_root(run):
    assert run["asset_root"] == ["rgb(1, 2, 3)", "auroraview:"]


def test_rewrite_paths_false_loads_it_as_a_file_page(run):
    assert run["file"] == ["rgb(1, 2, 3)", "file:"]


def test_a_missing_file_is_file_not_found(run):
    assert run["missing"] is True


def test_normalize_url_and_path_to_file_url(run):
    assert run["normalize"] == ["https://example.com/", "http://example.com/a?b=1", "https://localhost:8080/"]
    assert run["bad_url"] == "normalize_url: 'https://' is not a URL"
    assert run["file_url"] is True
