"""Under Xvfb, the demo (examples/outliner/avhost_demo.py, what scripts/demo.sh runs without a
display) writes a screenshot of avhost with the outliner docked. The PNG must be the window's
size, not blank, and show the page painted: its background filling the dock, the three selected
rows in the selection colour; the page must have reported that it drew the hierarchy.

The PNG stays at <build>/test-artifacts/avhost_outliner.png for people to look at."""
import shutil

import pytest

from conftest import AVHOST, BUILD, OUTLINER, PLUGIN, program_env, result_of

SHOT = BUILD / "test-artifacts" / "avhost_outliner.png"
PAGE_BACKGROUND = 0x1F2125  # --bg in outliner.css
SELECTED_ROW = 0x2D5A8C  # --select in outliner.css
ROW_HEIGHT = 24  # --row


@pytest.fixture(scope="module")
def run(built):
    if not shutil.which("xvfb-run"):
        pytest.fail("xvfb-run is missing: bash scripts/bootstrap.sh installs it")
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    SHOT.unlink(missing_ok=True)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", AVHOST, "--plugin", PLUGIN, "--size", "1440x900",
           "--script", OUTLINER / "avhost_demo.py", "--quit-after", "180000", "--", "--screenshot", SHOT]
    return result_of(cmd, program_env(QT_QPA_PLATFORM="xcb"))


@pytest.fixture(scope="module")
def image(run):
    from PyQt6.QtGui import QImage

    img = QImage(str(SHOT))
    assert not img.isNull(), f"{SHOT} is not a readable PNG"
    return img


def colours(img, x0, y0, w, h, step=1):
    """{rgb: pixel count} over a rectangle."""
    counts = {}
    for y in range(y0, y0 + h, step):
        for x in range(x0, x0 + w, step):
            rgb = img.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


def test_the_page_reported_the_hierarchy_drawn(run):
    assert run["rendered"] == {"scene": "shot_010_layout", "nodes": 32, "rows": 27, "drawn": 27}
    assert run["selection"] == ["hero_body", "hero_head", "hero_cloak"]
    assert [e["count"] for e in run["exports"]] == [3]


def test_the_png_is_the_whole_window(run, image):
    assert SHOT.is_file()
    assert run["size"] == [1440, 900]
    assert (image.width(), image.height()) == (1440, 900)


def test_the_png_is_not_blank(image):
    assert len(colours(image, 0, 0, image.width(), image.height(), step=3)) > 100


def test_the_outliner_is_docked_on_the_right_and_painted(run, image):
    dock = run["dock"]
    assert (dock["area"], dock["floating"], dock["visible"]) == ("right", False, True)
    x, y, w, h = dock["geometry"]
    assert x + w == 1440 and w < 1440 // 2
    counts = colours(image, x, y, w, h)
    assert max(counts, key=counts.get) == PAGE_BACKGROUND
    # Three selected rows, each at least most of the dock wide.
    assert counts.get(SELECTED_ROW, 0) >= 3 * (ROW_HEIGHT - 2) * w // 2
