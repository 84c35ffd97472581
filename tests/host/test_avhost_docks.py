"""A tool's panel docked into avhost's already full right dock area (scenarios/avhost_docks.py):
it opens at a usable size, never collapsed to its title bar, and keeps its page (state, one load)
through 20 hide/show/float/redock/close-with-X/show cycles."""
import pytest

from conftest import AVHOST, PYTHON_DIR, SCENARIOS, program_env, result_of


@pytest.fixture(scope="module")
def out(built):
    return result_of([AVHOST, "--script", SCENARIOS / "avhost_docks.py", "--quit-after", "120000"],
                     program_env(PYTHONPATH=str(PYTHON_DIR)))


def test_the_panel_docks_right_beside_the_hosts_own_docks(out):
    assert out["area"] == ["right"]
    assert len(out["other_heights"]) == 4


def test_in_a_full_area_the_panel_is_given_room_not_collapsed(out):
    width, height = out["page"]
    assert height >= out["requested"][1] // 2, out
    assert width >= out["requested"][0] // 2, out


def test_the_page_keeps_its_state_and_one_load_through_every_cycle(out):
    assert out["counters"] == list(range(1, 21))
    assert out["loads"] == [True]
    assert out["hidden_by_x"] == [True] * 20
    assert out["docked_at_end"] is True
