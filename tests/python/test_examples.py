"""The example tools in examples/ (asset_browser, publisher, render_queue), each started for real
and driven through its own page by a scenario (scenarios/example_<tool>.py with its
<tool>_driver.js), and each one's --screenshot run under Xvfb, as scripts/example.sh runs it
without a display. The PNGs stay in <build>/test-artifacts/ for people to look at."""
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import HANG_GUARD_S, PYTHON_DIR, QT, scenario_env

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
ARTIFACTS = PYTHON_DIR.parent / "test-artifacts"
PAGE_BACKGROUND = 0x1F2125  # --bg in examples/shared/theme.css
PANEL = 0x2A2D32  # --panel


# ---- the asset browser ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def assets(run_scenario, tmp_path_factory):
    return run_scenario("example_asset_browser", tmp_path_factory.mktemp("assets"))


def test_asset_browser_serves_the_library_through_its_asset_root(assets):
    assert assets["rendered"] == {"shown": 11, "thumbs_loaded": 10, "placeholders": 1, "base": assets["asset_url"]}
    assert assets["asset_url"].startswith("auroraview://app-")
    page = assets["page"]
    assert page["hero_thumb"] == {"src": assets["asset_url"] + "characters/hero/thumb.png", "width": 160}
    assert page["barrel_placeholder"] is True


def test_asset_browser_searches_and_filters_in_the_page(assets):
    page = assets["page"]
    assert page["count"] == "11 assets" and len(page["all"]) == 11
    assert page["search_wood"] == ["barrel", "crate"] and page["count_filtered"] == "2 of 11 assets"
    assert page["category_fx"] == ["smoke", "sparks"]
    assert page["format_fbx"] == ["villain", "sword"]
    assert page["no_match"] == "No asset matches the filters"


def test_asset_browser_imports_the_version_picked_into_the_scene(assets):
    page = assets["page"]
    assert page["details"] == {"versions": ["v003", "v002", "v001"], "tags": ["rigged", "hero"],
                               "button": "Import v003 into scene"}
    assert page["button_v001"] == "Import v001 into scene"
    assert page["toast_import"] == "Imported hero v001 as hero1"
    root = assets["root"]
    assert assets["scene"] == [
        {"node": "hero1", "asset": "characters/hero", "version": 1, "file": f"{root}/characters/hero/hero_v001.usd"},
        {"node": "crate1", "asset": "props/crate", "version": 2, "file": f"{root}/props/crate/crate_v002.usd"},
    ]
    assert page["scene"] == ["hero1  ·  v001", "crate1  ·  v002"]


def test_asset_browser_reports_a_file_gone_from_the_library(assets):
    assert assets["page"]["toast_missing"] == (
        "FileNotFoundError: props/barrel/barrel_v001.abc is no longer in the library (rescan)")
    assert assets["selected"] == "props/barrel"


def test_asset_browser_page_cannot_reach_outside_the_library(assets):
    assert assets["page"]["escape"] == {"../secret.png": "refused", "%2e%2e/secret.png": "refused",
                                        "characters/..%2f..%2fsecret.png": "refused",
                                        "characters/hero/thumb.png": "loaded"}


# ---- the publisher --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def publishing(run_scenario, tmp_path_factory):
    return run_scenario("example_publisher", tmp_path_factory.mktemp("publish"))


def test_publisher_shows_pythons_validation_errors(publishing):
    page = publishing["page"]
    assert page["refused"] == ("ValidationError: shot: choose a shot; task: choose a task; comment: say what "
                               "changed (at least 8 characters); files: pick at least one file")
    assert page["refused_class"] == "banner error"
    assert page["refused_hints"] == {"shot": "choose a shot", "task": "choose a task",
                                     "comment": "say what changed (at least 8 characters)",
                                     "files": "pick at least one file"}
    assert page["invalid_controls"] == ["shot", "task", "comment", "files"]
    assert page["hints_partial"] == {"shot": "", "task": "", "comment": "say what changed (at least 8 characters)",
                                     "files": "pick at least one file"}
    assert page["version"] == "v001"
    assert page["bad_path"] == "FileNotFoundError: [Errno 2] No such file or directory: '/no/such/file.abc'"
    assert page["added_checked"] is True


def test_publisher_publishes_with_progress_to_100_and_a_manifest(publishing):
    page = publishing["page"]
    first = page["progress_first"]
    assert len(first) > 3 and first == sorted(first) and first[-1] == 100
    (done,) = publishing["published"]
    assert page["done"] == {"banner": f"Published v001: {done['manifest']}", "width": "100%", "pct": "100%",
                            "publish_enabled": True}
    manifest = publishing["manifests"][done["manifest"]]
    assert {k: manifest[k] for k in ("shot", "task", "version", "user", "comment")} == {
        "shot": "sq010_sh0020", "task": "anim", "version": 1, "user": "tester",
        "comment": "Blocking pass: new timing on the jump"}
    assert [(f["name"], f["size"]) for f in manifest["files"]] == [
        ("shot_anim.ma", 300_000), ("shot_anim.mov", 500_000), ("camera.abc", 200_000)]
    assert manifest["files"][2]["source"] == publishing["extra"]
    assert manifest["copies_match"] is True


def test_publisher_cancel_stops_the_copy_and_removes_the_version(publishing):
    page = publishing["page"]
    assert page["cancel_enabled"] is True
    assert page["cancelled"] == {"banner": "Cancelled: v002 was not published and its folder was removed",
                                 "cls": "banner warn", "version": "v002"}
    assert page["progress_second_last"] < 100
    assert publishing["cancelled"] == [2]
    assert publishing["on_disk"] == ["sq010_sh0020/anim/v001/camera.abc", "sq010_sh0020/anim/v001/manifest.json",
                                     "sq010_sh0020/anim/v001/shot_anim.ma", "sq010_sh0020/anim/v001/shot_anim.mov"]


# ---- the render queue -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def queue(run_scenario, tmp_path_factory):
    return run_scenario("example_render_queue", tmp_path_factory.mktemp("renders"))


def jobs(queue):
    return {j["name"]: j for j in queue["jobs"]}


def test_render_queue_runs_each_job_in_a_child_process(queue):
    pids = queue["page"]["pids"]
    assert len(set(pids)) == 3 and queue["parent_pid"] not in pids
    assert [jobs(queue)[n]["pid"] for n in ("alpha", "beta", "gamma")] == pids
    assert queue["stats"]["spawned"] == queue["stats"]["connected"] == queue["stats"]["exited"] == 3
    assert queue["page"]["refused"] == "ValueError: '1bad' is not a job name (a letter, then letters, digits or _)"


def test_render_queue_pause_and_resume_reach_the_child_and_back(queue):
    alpha = [e for e, name in queue["events"] if name == "alpha"]
    assert alpha == ["job_started", "job_paused", "job_resumed", "job_done"]
    assert queue["page"]["paused_label"] == "paused"
    assert queue["page"]["paused_buttons"] == ["Resume", "Cancel", "Kill"]


def test_render_queue_finished_job_rendered_every_frame(queue):
    alpha = jobs(queue)["alpha"]
    assert (alpha["status"], alpha["done"], alpha["exit"]) == ("done", 60, 0)
    assert queue["progress"]["alpha"] == 60
    assert queue["frames"]["alpha"] == [f"alpha.{f:04d}.ppm" for f in range(1, 61)]


def test_render_queue_cancel_and_kill(queue):
    beta, gamma = jobs(queue)["beta"], jobs(queue)["gamma"]
    assert (beta["status"], beta["exit"]) == ("cancelled", 0)
    assert beta["done"] < 400 and len(queue["frames"]["beta"]) == beta["done"]
    assert (gamma["status"], gamma["exit"]) == ("killed", -9)
    assert ["job_cancelled", "beta"] in queue["events"]
    assert not any(name == "gamma" and event in ("job_done", "job_cancelled") for event, name in queue["events"])
    assert queue["page"]["killed_label"] == "killed (signal 9)"
    assert [(r["name"], r["status"], r["buttons"]) for r in queue["page"]["rows"]] == [
        ("alpha", "done", 0), ("beta", "cancelled", 0), ("gamma", "killed", 0)]
    assert queue["page"]["rows"][0]["count"] == "60 / 60  ·  100%"
    assert queue["page"]["summary"] == "3 jobs · 0 active · 1 done"


# ---- screenshots ----------------------------------------------------------------------------------

SHOTS = {  # tool: (its --screenshot line, the PNG's size)
    "asset_browser": (r"asset_browser: wrote \S+ \(1100x700\): 11 assets, hero selected, 2 imported", (1100, 700)),
    "publisher": (r"publisher: wrote \S+ \(760x640\): a publish of 2 files running", (760, 640)),
    "render_queue": (r"render_queue: wrote \S+ \(1150x430\): hero_beauty \w+ \d+/48, fx_smoke paused \d+/120, "
                     r"env_bg \w+ \d+/16", (1150, 430)),
}


@pytest.mark.parametrize("tool", sorted(SHOTS))
def test_screenshot_under_xvfb(tool, tmp_path):
    if not shutil.which("xvfb-run"):
        pytest.fail("xvfb-run is missing: bash scripts/bootstrap.sh installs it")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"example_{tool}_qt{QT}.png"
    shot.unlink(missing_ok=True)
    env = scenario_env()
    env["QT_QPA_PLATFORM"] = "xcb"
    env["TMPDIR"] = str(tmp_path)  # the demo data each tool makes when given none
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable,
           os.path.join(EXAMPLES, tool, f"{tool}.py"), "--screenshot", str(shot)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr[-4000:]
    line, size = SHOTS[tool]
    assert re.search(line, proc.stdout), proc.stdout

    from importlib import import_module

    image = import_module(f"PyQt{QT}.QtGui").QImage(str(shot))
    assert (image.width(), image.height()) == size
    # The pages painted in the shared theme: its background and its panels' colour cover much
    # of the picture (Xvfb's screen, where nothing painted, is black).
    samples = [image.pixel(x, y) & 0xFFFFFF for y in range(0, size[1], 10) for x in range(0, size[0], 10)]
    assert samples.count(PAGE_BACKGROUND) > len(samples) // 10
    assert samples.count(PANEL) > len(samples) // 20
