"""docs/security.md class 13: no frame speaks through its page's bridge as its page (local file
pages, which Qt lets script each other, included)."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("file_frames", tmp_path_factory.mktemp("frames"))


def test_a_frame_of_an_untrusted_local_file_does_not_load_and_cannot_speak(run):
    assert run["done"]["other"] != "frame", "the other directory's frame did not load"
    assert all("/other/" not in href for href in run["from_frame"] + run["from_frame_raw"])
    assert len(run["log"]) == 1 and "other/frame.html" in run["log"][0]


def test_a_frame_of_the_tool_s_own_directory_loads_and_is_the_tool(run):
    assert run["done"]["same"] == "frame"
    assert [h.rsplit("/", 2)[-2:] for h in run["from_frame"]] == [["tool", "frame.html"]]
