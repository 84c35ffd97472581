"""avhost offscreen: --plugin loads the host plugin; code typed through the console opens the
outliner, which docks by default; the page is driven from JS (clicks, renames, an export) and the
Python side is checked; then the plugin unloads and takes its panel and menu with it."""
import pytest

from conftest import AVHOST, PLUGIN, SCENARIOS, program_env, result_of

CONSOLE_INPUT = [
    "import outliner_panel",
    "panel = outliner_panel.open_in_host()",
    "print('docked:', [d['title'] for d in avhost.docks()])",
    "1 / 0",
]


@pytest.fixture(scope="module")
def run(built):
    cmd = [AVHOST, "--plugin", PLUGIN]
    for line in CONSOLE_INPUT:
        cmd += ["--exec", line]
    cmd += ["--script", SCENARIOS / "avhost_console.py", "--quit-after", "180000", "--", PLUGIN]
    return result_of(cmd, program_env())


def test_the_plugin_attaches_auroraview_to_the_host(run):
    assert run["host_name"] == "avhost"
    assert run["host_window_is_avhost"] is True
    assert run["menu"] == ["Open panel from URL\u2026", "Open demo"]


def test_console_input_is_echoed_and_its_output_and_tracebacks_shown(run):
    for line in CONSOLE_INPUT:
        assert f">>> {line}\n" in run["console"]
    assert "docked: ['Python Console', 'Outliner']" in run["console"]
    assert 'File "<console>", line 1, in <module>\nZeroDivisionError: division by zero\n' in run["console"]


def test_open_panel_from_url_docks_it_and_a_bad_url_is_a_clear_error(run):
    assert run["url_panel_docked"] == ["right"]
    assert run["tricky_url_titles"] == [run["tricky_url"]]
    assert run["views_before_unload"] == 3
    assert "# Error: AuroraView: could not open not a url: ValueError: 'not a url' is not an absolute URL" in run["console"]


def test_a_view_without_parent_docks_into_the_host(run):
    assert run["docks_at_start"] == [["Outliner", "right"], ["Python Console", "bottom"]]
    assert run["panel_is_docked_view"] is True
    assert run["rendered"] == {"scene": "shot_010_layout", "nodes": 32, "rows": 27, "drawn": 27}


def test_selection_clicked_in_the_page_reaches_python(run):
    assert run["page"].get("error") is None
    assert run["page"]["selected_rows"] == ["hero_body", "hero_head", "crate_02"]
    assert run["page"]["selected_label"] == "3 selected"
    assert run["selection"] == ["hero_body", "hero_head", "crate_02"]


def test_rename_in_the_page_renames_in_the_scene_and_a_clash_is_refused(run):
    assert run["renames"] == [["lantern", "lantern_hero"]]
    assert run["has_lantern_hero"] and not run["has_lantern"]
    assert run["page"]["toast"] == "|environment|props|crate_02 exists already"
    assert run["page"]["crate_01_still_there"] and run["has_crate_01"]


def test_export_progress_is_fed_by_emits_from_a_worker_thread(run):
    assert run["exports"] == [{"count": 3, "format": "abc", "paths": [
        "|characters|hero|hero_geo|hero_body", "|characters|hero|hero_geo|hero_head", "|environment|props|crate_02"]}]
    assert run["page"]["progress_events"] == 3
    assert run["page"]["progress_text"] == "Exported 3 nodes to shot_010_layout_1.abc.json"
    assert run["page"]["progress_width"] == "100%"


def test_the_frame_counter_follows_the_host_timeline(run):
    assert run["page"]["frames_seen"] >= 2
    assert run["page"]["frame_label"].isdigit() and len(run["page"]["frame_label"]) == 4


def test_unloading_the_plugin_closes_its_panel_and_removes_its_menu(run):
    assert run["unloaded_now"] is True
    assert run["plugins_after_unload"] == []
    assert run["menu_after_unload"] == []
    assert run["attached_after_unload"] is False
    assert run["panel_closed"] is True
    assert run["docks_after_unload"] == ["Python Console"]
    assert "AuroraView plugin unloaded" in run["console"]
