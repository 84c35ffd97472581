"""An asset library on disk, as studios lay them out: <root>/<category>/<asset>/ holds the asset's
versioned files (hero_v003.usd), a thumb.png and an optional asset.json {description, tags}.
scan() reads it; make_demo_library() writes a small one (thumbnails drawn here, PNG written with
zlib and struct only)."""
import json
import os
import re
import struct
import zlib

FORMATS = ("usd", "abc", "fbx", "obj", "exr", "vdb")
THUMB = "thumb.png"
_VERSION = re.compile(r"_v(\d+)\.[^.]+\Z")


def scan(root):
    """[asset] sorted by category then name. An asset is a directory two levels under root with
    at least one file of a known format; asset["id"] is its path relative to root (what the page
    and import_asset() name it by), asset["thumb"] the thumbnail's (None when it has none)."""
    assets = []
    for category in sorted(_subdirs(root)):
        for name in sorted(_subdirs(os.path.join(root, category))):
            asset = _read_asset(root, f"{category}/{name}")
            if asset["versions"]:
                assets.append(asset)
    return assets


def _subdirs(path):
    with os.scandir(path) as entries:
        return [e.name for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]


def _read_asset(root, asset_id):
    folder = os.path.join(root, asset_id)
    category, name = asset_id.split("/")
    meta = {}
    if os.path.isfile(os.path.join(folder, "asset.json")):
        with open(os.path.join(folder, "asset.json"), encoding="utf-8") as f:
            meta = json.load(f)
    versions = []
    for entry in os.scandir(folder):
        ext = entry.name.rsplit(".", 1)[-1].lower()
        if entry.is_file(follow_symlinks=False) and ext in FORMATS:
            match = _VERSION.search(entry.name)
            stat = entry.stat()
            versions.append({"version": int(match.group(1)) if match else 0, "file": entry.name, "format": ext,
                             "size": stat.st_size, "modified": int(stat.st_mtime)})
    versions.sort(key=lambda v: (v["version"], v["file"]), reverse=True)
    has_thumb = os.path.isfile(os.path.join(folder, THUMB))
    return {
        "id": asset_id,
        "name": name,
        "category": category,
        "description": meta.get("description", ""),
        "tags": meta.get("tags", []),
        "thumb": f"{asset_id}/{THUMB}" if has_thumb else None,
        "versions": versions,
        "formats": sorted({v["format"] for v in versions}),
    }


# ---- the demo library ------------------------------------------------------------------------

#: category -> (thumbnail colour, [(asset, [(version, format)], description, tags)])
DEMO = {
    "characters": ((86, 124, 196), [
        ("hero", [(1, "usd"), (2, "usd"), (3, "usd")], "The hero, rigged, with cloak sim caches", ["rigged", "hero"]),
        ("sidekick", [(1, "usd"), (2, "abc")], "Sidekick: body and rig", ["rigged"]),
        ("villain", [(4, "fbx")], "Villain, proxy geometry for layout", ["proxy"]),
    ]),
    "props": ((190, 140, 70), [
        ("crate", [(1, "usd"), (2, "usd")], "Wooden crate, three damage states", ["wood", "set-dressing"]),
        ("lantern", [(1, "abc")], "Oil lantern with an emissive glass", ["light", "hero-prop"]),
        ("barrel", [(1, "abc")], "Oak barrel", ["wood"]),
        ("sword", [(2, "fbx"), (3, "fbx")], "The hero's sword", ["hero-prop", "metal"]),
    ]),
    "environments": ((84, 150, 100), [
        ("ruins", [(5, "usd")], "Temple ruins, modular walls and columns", ["modular", "stone"]),
        ("forest", [(2, "usd")], "Forest floor and tree instances", ["instanced"]),
    ]),
    "fx": ((170, 96, 170), [
        ("smoke", [(1, "vdb"), (2, "vdb")], "Chimney smoke loop, 48 frames", ["volume", "loop"]),
        ("sparks", [(1, "abc")], "Sparks for the sword clash", ["particles"]),
    ]),
}
#: An asset with no thumbnail, to show how the page copes.
NO_THUMB = "props/barrel"


def make_demo_library(root):
    """Writes DEMO under root (created if needed); returns root."""
    for category, (colour, assets) in DEMO.items():
        for index, (name, versions, description, tags) in enumerate(assets):
            folder = os.path.join(root, category, name)
            os.makedirs(folder, exist_ok=True)
            for version, fmt in versions:
                with open(os.path.join(folder, f"{name}_v{version:03d}.{fmt}"), "w", encoding="utf-8") as f:
                    f.write(f"# {fmt} stand-in for {category}/{name} v{version}\n" * (8 * version))
            with open(os.path.join(folder, "asset.json"), "w", encoding="utf-8") as f:
                json.dump({"description": description, "tags": tags}, f)
            if f"{category}/{name}" != NO_THUMB:
                with open(os.path.join(folder, THUMB), "wb") as f:
                    f.write(thumbnail(colour, index))
    return root


def thumbnail(colour, variant, width=160, height=100):
    """A PNG: a dark vertical gradient with a shape in colour (a disc, a diamond or a ring by
    variant), so the demo's cards tell apart at a glance."""
    cx, cy, r = width / 2, height / 2 + 4, height * 0.3
    rows = []
    for y in range(height):
        shade = 0.22 + 0.18 * (1 - y / height)
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            dx, dy = abs(x - cx), abs(y - cy)
            d = (dx * dx + dy * dy) ** 0.5
            inside = (d < r, dx + dy < r * 1.2, r * 0.65 < d < r)[variant % 3]
            k = 0.95 if inside else shade
            row += bytes(min(255, int(c * k)) for c in colour)
        rows.append(bytes(row))
    return png(width, height, b"".join(rows))


def png(width, height, scanlines):
    """An 8-bit RGB PNG from raw scanlines (each a filter byte and width*3 bytes)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(scanlines)) + chunk(b"IEND", b"")
