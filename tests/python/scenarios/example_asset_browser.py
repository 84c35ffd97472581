"""examples/asset_browser on a demo library (library.make_demo_library) in a temp dir, with a
file outside the library the page must not reach. Once the page has drawn its grid, one asset's
file is deleted (as another artist might), then asset_browser_driver.js searches, filters,
selects, picks versions and imports through the real page. Reports both sides."""
import os
import sys

from example_driver import drive, import_tool
from harness import report

site = sys.argv[1]
asset_browser = import_tool("asset_browser")
import library  # noqa: E402  (beside asset_browser, on the path import_tool set)

root = library.make_demo_library(os.path.join(site, "library"))
with open(os.path.join(site, "secret.png"), "wb") as f:
    f.write(library.thumbnail((255, 0, 0), 0, 8, 8))
browser = asset_browser.AssetBrowser(root)
result = {}


def rendered(detail):
    os.remove(os.path.join(root, "props", "barrel", "barrel_v001.abc"))
    drive(browser.view, "asset_browser", finished)


def finished(page):
    result.update(page=page, rendered=browser.rendered, scene=browser.scene, selected=browser.selected,
                  asset_url=browser.view.asset_url, root=root)
    browser.close()


browser.view.on("browser_rendered", rendered)
browser.view.show()
report(result)
