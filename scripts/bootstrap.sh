#!/usr/bin/env bash
# Installs the Debian packages AuroraView needs, if any are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# With everything present it says so and changes nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libck-dev                                   # Concurrency Kit (ck_ring MPMC)
  nanopb libnanopb-dev protobuf-compiler python3-protobuf
  python3-dev python3-pytest
  python3-venv python3-wheel-whl              # tests/install: pip install into a fresh venv, offline
  qt6-base-dev qt6-webengine-dev qt6-webchannel-dev
  python3-pyqt6 python3-pyqt6.qtwebengine     # PyQt6 host tests and the peer benchmark
  qtbase5-dev qtwebengine5-dev                # the Qt 5 shim (hosts on Qt 5.15)
  python3-pyqt5 python3-pyqt5.qtwebengine     # PyQt5 host tests of the Qt 5 shim
  python3-pyside2.qtwidgets                   # a PySide2 host (Maya 2022-24, Nuke 13-14) on the Qt 5 shim
  xvfb xauth                                  # screenshots of the demo
  clang libclang-rt-14-dev                    # sanitizers and libFuzzer
  libyajl-dev                                 # reference parser for core_bench
)
# Node.js runs the bridge tests, npm the package checks and the docs site; use the machine's
# node and npm when there are.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "bootstrap: all ${#packages[@]} packages present, nothing to do"
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "bootstrap: missing packages: ${missing[*]}" >&2
  echo "bootstrap: run as root:" >&2
  echo "  sudo sh -c '$cmd'" >&2
  exit 1
fi
echo "bootstrap: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
echo "bootstrap: done"
