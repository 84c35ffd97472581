"""The demo: the outliner docked in avhost. Run by scripts/demo.sh as

    avhost --plugin <build>/plugin/host/auroraview_host.so --script examples/outliner/avhost_demo.py \
           [-- --screenshot PATH]

It opens the panel the way a user would (AuroraView > Open demo, the plugin's menu) and prints
what to try in the console. With --screenshot (no display: scripts/demo.sh runs it under Xvfb) it
also selects the hero's meshes from Python, exports them, writes a PNG of the whole window once
the export has finished, prints what it did, and quits.
"""
import argparse
import json
import sys

import avhost

parser = argparse.ArgumentParser(prog="avhost_demo.py")
parser.add_argument("--screenshot", metavar="PATH", help="write a PNG of avhost, then quit")
args = parser.parse_args(sys.argv[1:])

if not avhost.menu_actions("AuroraView"):
    raise SystemExit("avhost_demo.py: the AuroraView plugin is not loaded (avhost --plugin .../auroraview_host.so)")

avhost.trigger_menu("AuroraView", "Open demo")
import outliner_panel  # noqa: E402  (the plugin put it on sys.path)

panel = outliner_panel.current
SELECT = ["hero_body", "hero_head", "hero_cloak"]

print(
    "The outliner is docked on the right. Try it:\n"
    "  click, Ctrl+click and Shift+click rows (selection_changed); double-click or F2 renames;\n"
    "  Export selection shows progress sent from a Python worker thread;\n"
    "  the frame counter follows the timeline below the viewport (update_data).\n"
    "From this console (panel is this demo's OutlinerPanel):\n"
    "  panel.selection, panel.renames, panel.exports\n"
    f"  panel.select({SELECT!r})\n"
    "  panel.scene.rename(1, 'cams'); panel.refresh()"
)


def when(condition, then):
    """then() once condition() is true, looking every 40 ms from the event loop (never blocking it)."""
    if condition():
        then()
        return
    avhost.call_later(40, when, condition, then)


def screenshot():
    size = avhost.screenshot(args.screenshot)
    dock = next(d for d in avhost.docks() if d["title"] == "Outliner")
    summary = {
        "screenshot": args.screenshot,
        "size": list(size),
        "dock": dock,
        "rendered": panel.rendered,
        "selection": [panel.scene.node(i).name for i in panel.selection],
        "exports": panel.exports,
        "frame": avhost.current_frame(),
    }
    print(f"Wrote {args.screenshot} ({size[0]}x{size[1]}): the Outliner is docked {dock['area']}, "
          f"{panel.rendered['rows']} of {panel.rendered['nodes']} scene nodes drawn, "
          f"{', '.join(summary['selection'])} selected and exported to {panel.exports[0]['path']}.")
    print("AVRESULT " + json.dumps(summary), flush=True)
    avhost.quit(0)


if args.screenshot:
    def export():
        panel.select(SELECT)
        panel.start_export(panel.selection, "usd")
        when(lambda: panel.exports, settle)

    def settle():
        # The timeline stops so the panel's frame counter and the host's agree in the picture;
        # the page gets a moment to paint the last emits.
        avhost.set_playing(False)
        avhost.call_later(600, screenshot)

    when(lambda: panel.rendered is not None, export)
