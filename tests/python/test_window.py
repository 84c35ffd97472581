"""Window control of a top-level view (scenarios/window.py): each WebView window method, the event
it causes and the geometry after it, in real Qt WebEngine on the offscreen platform; on_closing
refusing the user's close; frameless and always_on_top as Qt window flags."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("window")


def step(run, name):
    return next(s for s in run["steps"] if s["name"] == name)


def test_move_and_resize_fire_on_moved_and_on_resized_with_their_data(run):
    assert step(run, "move")["event"] == {"x": 120, "y": 130}
    assert step(run, "resize")["event"] == {"width": 420, "height": 310}
    g = step(run, "resize")["geometry"]
    assert (g["x"], g["y"], g["width"], g["height"]) == (120, 130, 420, 310)
    assert (run["x"], run["y"], run["width"], run["height"]) == (120, 130, 420, 310)


def test_a_window_method_called_from_another_thread_runs_on_the_main_thread(run):
    assert step(run, "move_from_thread")["event"] == {"x": 150, "y": 160}


@pytest.mark.parametrize("name, state", [
    ("maximize", "maximized"), ("restore_from_maximized", "normal"), ("minimize", "minimized"),
    ("restore_from_minimized", "normal"), ("fullscreen", "fullscreen"), ("fullscreen_off", "normal")])
def test_state_changes_fire_their_event_and_show_in_the_geometry(run, name, state):
    s = step(run, name)
    assert s["event"] is not None, f"{name}: no event came; events: {s['kinds']}"
    assert s["geometry"]["state"] == state


def test_the_one_argument_form_gets_a_dict(run):
    assert step(run, "maximize")["event"] == {}
    assert step(run, "fullscreen")["event"]["state"] == "fullscreen"  # on_window_event: the geometry


def test_hide_and_show_again(run):
    assert step(run, "hide")["event"] == {}
    assert step(run, "hide")["geometry"]["visible"] is False
    assert step(run, "show")["geometry"]["visible"] is True


def test_focus_moves_between_views(run):
    assert step(run, "other_focus")["other_geometry"]["focused"] is True
    main = step(run, "main_focus")
    assert main["event"] == {}, main["kinds"]
    assert main["geometry"]["focused"] is True
    assert "other:blurred" in main["kinds"]
    blur = step(run, "main_blur")
    assert blur["event"] == {}, blur["kinds"]
    assert blur["geometry"]["focused"] is False
    assert blur["other_geometry"]["focused"] is True


def test_always_on_top_sets_the_flag_and_keeps_the_window_shown(run):
    s = step(run, "always_on_top")
    assert s["on_top"] is True
    assert s["geometry"]["visible"] is True


def test_frameless_and_always_on_top_at_creation(run):
    assert run["flags_view"] == {"frameless": True, "on_top": True, "other_frameless": False}


def test_on_closing_returning_false_keeps_the_window_open(run):
    s = step(run, "close_refused")
    assert s["event"] is False
    assert s["close_returned"] is False and s["closed"] is False
    assert s["geometry"]["visible"] is True


def test_a_close_the_hook_allows_closes_and_on_closed_takes_both_forms(run):
    assert step(run, "close_accepted")["event"] is True
    assert run["closed_final"] is True
    assert run["closed_hooks"] == ["zero", ["one", {}]]


def test_title_property(run):
    assert (run["title"], run["title_after"], run["title_widget"]) == ("other", "renamed", "renamed")
