"""Issue 18: upstream AuroraView's mode= in a Qt host (a PyQt program), and WebView.create's
auto_show and singleton (scenarios/upstream_modes.py: where each view's widget went, read
through PyQt; each page reports over the bridge)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("upstream_modes")


def test_every_view_works(run):
    assert run["pages_up"] == sorted(run["places"])


def test_owner_is_a_window_of_its_own_owned_by_the_parent(run):
    assert run["places"]["owner"] == ["window", "host-main"]
    assert run["places"]["owner-of-panel"] == ["window", "host-panel"]
    assert run["places"]["embed-mode-owner"] == ["window", "host-panel"]  # embed_mode is mode's other name


def test_child_and_container_embed_in_the_parent(run):
    assert run["places"]["child"] == ["child", "host-panel"]
    assert run["places"]["container"] == ["dock", "host-main"]  # a QMainWindow takes it as a dock
    assert run["places"]["create-auto"] == ["dock", "host-main"]


def test_none_is_a_window_of_its_own_whatever_the_parent(run):
    assert run["places"]["none"] == ["window", None]


def test_with_a_host_attached(run):
    assert run["places"]["attached-default"] == ["dock", "host-main"]
    assert run["places"]["attached-none"] == ["window", None]
    assert run["places"]["attached-owner"] == ["window", "host-main"]
    assert run["detach_closed"] == 3


def test_an_owned_window_closes_with_its_owner(run):
    assert run["owned_closed_with_owner"] is True


def test_create_auto_show_and_singleton(run):
    assert run["auto_show_visible"] is True
    assert run["singleton_same"] is True and run["singleton_after_close_new"] is True


def test_an_unknown_mode_says_which_there_are(run):
    assert run["bad_mode"] == "mode='floating': use one of ['auto', 'child', 'container', 'owner', 'none'] (or None)"
