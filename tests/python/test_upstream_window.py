"""Issue 18: upstream AuroraView's WebView keywords that shape the window take effect in real
views (scenarios/upstream_window.py reads back what Qt holds for each, through PyQt)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("upstream_window", tmp_path_factory.mktemp("upstream_window"))


def state(run, title):
    return run["state"][title]


def test_every_view_is_a_working_view(run):
    assert run["pages_up"] == sorted(run["state"])


def test_title_width_height_in_upstream_order(run):
    assert state(run, "sized")["size"] == [640, 480]
    assert state(run, "plain")["size"] == [800, 600]


def test_context_menu_false_turns_the_menu_off(run):
    assert state(run, "no-menu")["context_menu"] is False
    assert state(run, "plain")["context_menu"] is True


def test_resizable_false_fixes_the_size_and_resize_moves_it(run):
    assert state(run, "fixed")["min"] == state(run, "fixed")["max"] == [420, 300]
    assert state(run, "plain")["max"] == "any"
    after = run["fixed_after_resize"]
    assert after["size"] == after["min"] == after["max"] == [500, 350]


def test_frame_false_and_decorations_false_are_frameless(run):
    assert state(run, "frame-false")["flags"] == ["frameless"]
    assert state(run, "decorations-false")["flags"] == ["frameless"]
    assert state(run, "plain")["flags"] == []


def test_transparent_page_and_window_frameless_unless_a_frame_is_asked(run):
    transparent = state(run, "transparent")
    assert transparent["page_background"] == "00000000" and transparent["translucent"] is True
    assert transparent["flags"] == ["frameless"]
    framed = state(run, "transparent-framed")
    assert framed["flags"] == [] and framed["page_background"] == "00000000"
    assert state(run, "plain")["page_background"] == "ffffffff" and state(run, "plain")["translucent"] is False


def test_tool_window_and_always_on_top(run):
    assert state(run, "tool")["flags"] == ["frameless", "tool"]  # upstream: a tool window is frameless unless asked
    assert state(run, "on-top")["flags"] == ["on_top"]


def test_background_color_in_css_forms(run):
    assert state(run, "background")["page_background"] == "80112233"  # #rrggbbaa: CSS puts alpha last
    assert state(run, "background-rgb")["page_background"] == "ff010203"


def test_icon_is_the_window_icon(run):
    assert state(run, "icon")["icon_sizes"] == [[7, 5]]
    assert state(run, "plain")["icon_sizes"] == []


def test_dev_tools_is_debug(run):
    assert run["devtools_window"] is True
    assert "debug=True" in run["devtools_refused"]


def test_config_gives_every_field(run):
    config = state(run, "from-config")
    assert config["size"] == [500, 420] and config["page_background"] == "ff102030"
    assert config["context_menu"] is False
