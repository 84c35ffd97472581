#!/usr/bin/env bash
# Runs one of the example tools: bash scripts/example.sh TOOL [ARGS...]
#   TOOL: asset_browser, publisher or render_queue (examples/TOOL/README.md says what it does);
#   ARGS go to examples/TOOL/TOOL.py.
# Builds first when build/default has no Python package yet (bash scripts/demo.sh or
# scripts/test.sh rebuild it after changes). With a display, the tool opens its window and runs
# until it is closed. Without one, it runs under Xvfb, stages a little demo, writes a screenshot
# to build/default/demo/TOOL.png and quits.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/gui.sh

tools=(asset_browser publisher render_queue)
tool=${1:-}
if [[ ! " ${tools[*]} " =~ " $tool " ]]; then
  echo "usage: bash scripts/example.sh TOOL [ARGS...]   (TOOL: ${tools[*]})" >&2
  exit 2
fi
shift

build=build/default
[[ -f $build/python/auroraview/_core.abi3.so ]] || av_build
av_gui_env
export PYTHONPATH="$PWD/$build/python${PYTHONPATH:+:$PYTHONPATH}"
run=(/usr/bin/python3 "examples/$tool/$tool.py" "$@")

if av_has_display; then
  echo "example: opening $tool; close its window to end it"
  exec "${run[@]}"
fi

shot="$PWD/$build/demo/$tool.png"
mkdir -p "$(dirname "$shot")"
rm -f "$shot"
echo "example: no display (DISPLAY is unset), so $tool runs under Xvfb and takes a screenshot"
av_xvfb "${run[@]}" --screenshot "$shot"
if [[ ! -s "$shot" ]]; then
  echo "example: no screenshot was written; the output above says why" >&2
  exit 1
fi
echo "example: screenshot: $shot"
