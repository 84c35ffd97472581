"""A docked, retained panel through 50 show/hide/float/redock/close-with-X/show cycles keeps its
page (state and one load) in a real PyQt host; the host's worst UI tick gap is printed
(scenarios/panel_cycle.py)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("panel_cycle")


def test_the_page_keeps_its_state_through_every_cycle(run):
    assert run["counters"] == list(range(1, 51))


def test_one_page_load_and_no_close(run):
    assert run["loads"] == 1
    assert run["closed"] == []


def test_the_x_hides_the_retained_dock_and_show_brings_it_back_docked(run):
    assert run["visible_after_x"] == [False] * 50
    assert run["still_docked"] is True
    width, height = run["last_size"]
    assert width > 0 and height > 0


def test_report_the_worst_host_tick_gap(run, capsys):
    with capsys.disabled():
        print(f"\npanel cycle: worst 60 Hz host tick gap {run['worst_tick_gap_ms']} ms over {run['ticks']} ticks")
    assert run["ticks"] > 0
