"""The npm package's ES module (bridge_js/index.js) imported by real pages, inside AuroraView and
outside it (a page whose origin the view does not trust gets no injected bridge)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("bridge_module", tmp_path_factory.mktemp("module"))


def test_inside_the_module_uses_the_injected_bridge_and_reaches_python(run):
    inside = run["inside"]
    assert inside["inAuroraView"] is True
    assert inside["first"] == {"python": True, "n": 1}
    assert inside["standIn"] is False  # standIn() does nothing inside AuroraView


def test_outside_calls_reject_with_not_in_auroraview_until_a_stand_in_answers(run):
    outside = run["outside"]
    assert outside is not None, "the untrusted page never reported"
    assert outside["inAuroraView"] is False
    assert outside["first"]["error"] == "NOT_IN_AURORAVIEW"
    assert outside["first"]["isError"] is True
    assert "api.where" in outside["first"]["message"]
    assert outside["standIn"] is True
    assert outside["second"] == {"standIn": True, "n": 2}
    assert outside["emitted"] == {"x": 3}
