#!/usr/bin/env bash
# Runs the demo: builds everything, then opens avhost (the reference DCC host)
# with the AuroraView host plugin loaded and the outliner panel docked in it.
#  - With a display: a real window. Click around, type Python in its console;
#    close the window to end the demo.
#  - Without one (DISPLAY unset): the same under Xvfb. The demo selects and
#    exports a few nodes, writes a screenshot of the whole window to
#    build/default/demo/avhost_outliner.png, says what it shows, and quits.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/gui.sh
av_build
av_gui_env

build=build/default
avhost=("$build/examples/host/avhost" --plugin "$build/plugin/host/auroraview_host.so"
        --script examples/outliner/avhost_demo.py)

if av_has_display; then
  echo "demo: opening avhost with the outliner docked; close its window to end the demo"
  exec "${avhost[@]}"
fi

shot="$PWD/$build/demo/avhost_outliner.png"
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
echo "demo: no display (DISPLAY is unset), so avhost runs under Xvfb and takes a screenshot"
av_xvfb "${avhost[@]}" --quit-after 120000 -- --screenshot "$shot"
if [[ ! -s "$shot" ]]; then
  echo "demo: no screenshot was written; the output above says why" >&2
  exit 1
fi
echo "demo: screenshot: $shot"
echo "demo: on a desktop, bash scripts/demo.sh opens the same window for real"
