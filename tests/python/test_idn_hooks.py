"""docs/security.md classes 9 (internationalised host names) and 11 (hooks that raise)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("idn_hooks", tmp_path_factory.mktemp("idn"))


def test_one_canonical_spelling_of_an_internationalised_origin(run):
    assert run["origin_of"].startswith("http://xn--bcher-kva.localhost:")
    assert set(run["answered"]) == {"unicode_url", "unicode_allowed"}
    for href in run["answered"].values():
        assert href.startswith("http://xn--bcher-kva.localhost:")
    assert run["stats"]["rejected"]["FORBIDDEN_ORIGIN"] == 0


def test_every_hook_runs_when_one_raises_keyboardinterrupt_or_systemexit(run):
    assert run["hooks"] == ["ready 1", "ready 2", "ready 3", "closed 1", "closed 2", "closed 3"]
    raised = [(level, message.split(" raised")[0], tb) for level, message, tb in run["log"]]
    assert [r[0] for r in raised] == ["ERROR"] * 4
    assert all(tb for _, _, tb in raised), "each logged with its traceback"
