"""The asset browser: a studio asset library (library.py's layout) browsed in a web page, with
search and filters, an asset's versions, and "Import into scene".

    python3 asset_browser.py [LIBRARY] [--screenshot PNG]      # standalone (a demo library if none)

    import asset_browser                                       # in a host, with this folder on sys.path
    browser = asset_browser.open_panel(library, parent=main_window, importer=my_import)

The library directory is the view's asset_root: the page (its HTML, with its stylesheets and
script inlined) is loaded with the library's auroraview:// URL as its base, so thumbnails are
relative URLs and no page request can leave the library. The page calls the API object's public
methods as auroraview.api.* (AuroraView(api=...)).

importer(path, asset, version) -> node name does the import; the default one stands in for a
DCC's (it names nodes hero1, hero2, ...). browser.scene lists what was imported."""
import argparse
import collections
import os
import re
import sys
import tempfile

import auroraview

import library

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "asset_browser.html")


def page_html():
    """asset_browser.html with its stylesheets and script inlined: its base URL is the library,
    so it cannot name files beside itself."""

    def inline(tag):
        def replace(match):
            with open(os.path.join(HERE, match.group(1)), encoding="utf-8") as f:
                return f"<{tag}>\n{f.read()}</{tag}>"
        return replace

    with open(PAGE, encoding="utf-8") as f:
        html = f.read()
    html = re.sub(r'<link rel="stylesheet" href="([^"]+)">', inline("style"), html)
    return re.sub(r'<script src="([^"]+)"></script>', inline("script"), html)


class _Api:
    """What the page may call, as auroraview.api.<name>."""

    def __init__(self, browser):
        self._browser = browser

    def list_assets(self):
        return self._browser.summary()

    def rescan(self):
        self._browser.assets = library.scan(self._browser.root)
        return self._browser.summary()

    def import_asset(self, id, version=None):  # noqa: A002  (the page's parameter name)
        return self._browser.import_asset(id, version)


class AssetBrowser:
    """The tool's Python side; self.view is its AuroraView. State the page changed is kept here:
    selected (the asset id last clicked), scene ([{node, asset, version, file}] imported),
    rendered (what the page reported once its first grid and thumbnails were on screen)."""

    def __init__(self, root, *, importer=None, parent=None, dock_area="right", title="Asset Browser", **view_options):
        self.root = os.path.abspath(root)
        self.assets = library.scan(self.root)
        self.scene = []
        self.selected = None
        self.rendered = None
        self._importer = importer or self._stand_in_import
        self._imported = collections.Counter()
        self.view = auroraview.AuroraView(html=page_html(), api=_Api(self), asset_root=self.root, title=title,
                                          width=1100, height=700, parent=parent, dock_area=dock_area, **view_options)
        self.view.on("asset_selected", self._selected)
        self.view.on("browser_rendered", self._rendered)

    def summary(self):
        return {"library": self.root, "assets": self.assets, "scene": self.scene}

    def asset(self, asset_id):
        for asset in self.assets:
            if asset["id"] == asset_id:
                return asset
        raise KeyError(f"no asset {asset_id!r} in {self.root}")

    def import_asset(self, asset_id, version=None):
        """Imports a version (default: the latest) of an asset; returns its scene entry. Raises
        KeyError for an unknown asset or version, FileNotFoundError when its file has gone."""
        asset = self.asset(asset_id)
        chosen = asset["versions"][0] if version is None else next(
            (v for v in asset["versions"] if v["version"] == version), None)
        if chosen is None:
            raise KeyError(f"{asset_id} has no version {version}")
        path = os.path.join(self.root, asset_id, chosen["file"])
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{asset_id}/{chosen['file']} is no longer in the library (rescan)")
        node = self._importer(path, asset, chosen["version"])
        entry = {"node": node, "asset": asset_id, "version": chosen["version"], "file": path}
        self.scene.append(entry)
        self.view.emit("scene_changed", {"nodes": self.scene})
        return entry

    def reveal(self, asset_id):
        """Selects an asset in the page (as a host's "show in browser" would)."""
        self.asset(asset_id)
        self.view.emit("show_asset", {"id": asset_id})

    def rescan(self):
        """Reads the library again and shows it (after the host wrote to it)."""
        self.assets = library.scan(self.root)
        self.view.emit("library_changed", self.summary())

    def close(self):
        self.view.close()

    def _stand_in_import(self, path, asset, version):
        self._imported[asset["name"]] += 1
        return f"{asset['name']}{self._imported[asset['name']]}"

    def _selected(self, detail):
        self.selected = detail["id"]

    def _rendered(self, detail):
        self.rendered = detail


def open_panel(root, **options):
    """Opens the browser on a library (docked into the attached host, or per parent=/dock_area=).
    Returns it at once inside a Qt host; standalone (a plain python3), when its window closes."""
    browser = AssetBrowser(root, **options)
    browser.view.show()
    return browser


def main(argv=None):
    parser = argparse.ArgumentParser(prog="asset_browser.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("library", nargs="?", help="the library's root (default: a demo library in the temp dir)")
    parser.add_argument("--screenshot", metavar="PNG", help="stage a demo, write a PNG of the window, quit")
    args = parser.parse_args(argv)
    if args.library and not os.path.isdir(args.library):
        parser.error(f"{args.library} is not a directory")
    root = args.library or library.make_demo_library(os.path.join(tempfile.gettempdir(), "auroraview-demo-assets"))
    browser = AssetBrowser(root)
    if args.screenshot:
        browser.view.on("browser_rendered", lambda _: _stage_screenshot(browser, args.screenshot))
    browser.view.show()


def _stage_screenshot(browser, path):
    sys.path.insert(0, os.path.join(HERE, "..", "shared"))
    import shot

    browser.import_asset("characters/hero", 2)
    browser.import_asset("props/crate")
    browser.reveal("characters/hero")

    def take():
        size = shot.grab(path, 1100, 700)
        print(f"asset_browser: wrote {path} ({size[0]}x{size[1]}): {browser.rendered['shown']} assets, "
              f"hero selected, {len(browser.scene)} imported", flush=True)
        browser.close()

    shot.after(0.8, take)


if __name__ == "__main__":
    main()
