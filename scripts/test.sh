#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the C tests
# (ctest, including the real Qt WebEngine e2e tests when the shim is built)
# and the JS bridge tests (node --test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

# Headless Qt WebEngine; Chromium's sandbox cannot run as root.
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
if [[ $(id -u) -eq 0 ]]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi

cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default
node --test tests/js/
