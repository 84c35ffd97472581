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
bash scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default

build=build/default
avhost=("$build/examples/host/avhost" --plugin "$build/plugin/host/auroraview_host.so"
        --script examples/outliner/avhost_demo.py)
# Chromium's sandbox cannot run as root; Qt WebEngine's start-up report is noise here.
if [[ $(id -u) -eq 0 ]]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi
export QT_LOGGING_RULES=${QT_LOGGING_RULES:-qt.webenginecontext.info=false}

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "demo: opening avhost with the outliner docked; close its window to end the demo"
  exec "${avhost[@]}"
fi

shot="$PWD/$build/demo/avhost_outliner.png"
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
echo "demo: no display (DISPLAY is unset), so avhost runs under Xvfb and takes a screenshot"
QT_QPA_PLATFORM=xcb QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---disable-gpu}" \
  xvfb-run -a -s "-screen 0 1600x1000x24" "${avhost[@]}" --quit-after 120000 -- --screenshot "$shot"
if [[ ! -s "$shot" ]]; then
  echo "demo: no screenshot was written; the output above says why" >&2
  exit 1
fi
echo "demo: screenshot: $shot"
echo "demo: on a desktop, bash scripts/demo.sh opens the same window for real"
