"""Issue 18: upstream AuroraView's download keywords (allow_downloads, download_directory,
download_prompt) in real views whose pages download a file they make
(scenarios/upstream_downloads.py)."""
import os

import pytest


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("upstream_downloads")
    return dict(run_scenario("upstream_downloads", scratch), scratch=str(scratch))


def test_a_download_is_saved_in_download_directory_and_said_where(run):
    assert run["saved_file"] == "made by saved"
    path = os.path.join(run["scratch"], "downloads", "saved.txt")
    [line] = run["saved_lines"]
    assert line.startswith("a download of blob:https://auroraview.localhost/") and line.endswith(f"was saved as {path}")


def test_allow_downloads_false_drops_it_and_says_so(run):
    [line] = run["dropped_lines"]
    assert line.endswith("was dropped: the view does not allow downloads (allow_downloads)")
    assert run["folder"] == ["saved.txt"]


def test_download_prompt_saves_where_the_user_says(run):
    assert run["picked_file"] == "made by asked"


def test_a_cancelled_dialog_saves_nothing(run):
    [line] = run["cancelled_lines"]
    assert line.endswith("was not saved: the file dialog was cancelled")
    assert run["folder_after"] == ["saved.txt"]
