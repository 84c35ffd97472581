"""Issue 18: upstream AuroraView's WebView keywords that shape the page take effect in real views
(scenarios/upstream_page.py: what each view's page reports), and the keywords without effect
here are named in one warning."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("upstream_page", tmp_path_factory.mktemp("upstream_page"))


def test_user_agent_is_the_pages_and_its_requests(run):
    agents = run["user_agents"]
    assert agents["a"] == {"nav": "AuroraViewTest/A", "header": "AuroraViewTest/A"}
    assert agents["b"] == {"nav": "AuroraViewTest/B", "header": "AuroraViewTest/B"}
    assert agents["with_directory"] == {"nav": "AuroraViewTest/D", "header": "AuroraViewTest/D"}
    default = agents["default"]
    assert "QtWebEngine/" in default["nav"] and default["header"] == default["nav"]


def test_data_directory_views_share_storage_apart_from_others(run):
    assert run["storage"] == {"same_directory": "v1", "other_directory": None, "default_profile": None}
    assert run["d1_made"] is True


def test_an_open_directorys_user_agent_is_its_profiles(run):
    message = run["directory_agent_conflict"]
    assert "is in use by a view with the default user agent" in message
    assert "give them the same user_agent, or each its own data directory" in message
    assert run["directory_agent_later"] == "AuroraViewTest/Later"


def test_allow_file_protocol_lets_an_html_page_load_local_files(run):
    assert run["file_protocol"]["file_allowed"] == {"width": 7, "protocol": "file:"}
    assert run["file_protocol"]["file_default"] == {"error": True, "protocol": "https:"}


def test_keywords_without_effect_are_named_once_in_one_warning(run):
    assert run["warnings"] == [
        'WebView(...): accepted but without effect here: capture_file_drop, ipc_batch_size, splash_overlay '
        '— see docs/api/python.md, "Upstream keyword arguments"'
    ]
    assert run["warning_levels"] == ["WARNING"]
