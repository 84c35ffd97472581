#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the C tests
# (ctest, including the real Qt WebEngine e2e tests when the shim is built),
# the Python package's tests (pytest), the JS bridge tests (node --test) and the npm package's
# checks (tsc, npm pack).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

# Headless Qt WebEngine; Chromium's sandbox cannot run as root.
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
if [[ $(id -u) -eq 0 ]]; then export QTWEBENGINE_DISABLE_SANDBOX=1; fi

# The bridge package's dependencies (TypeScript): the typed-page tests in tests/python compile with it.
(cd bridge_js && npm ci --no-audit --no-fund)
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default
# The Python package from the build tree (the extension module beside links to python_pkg),
# once per Qt WebEngine shim (the bootstrap installs Qt 5 too, so both are built).
for qt in 6 5; do
  echo "== Python tests on the Qt $qt shim =="
  AURORAVIEW_QT=$qt AURORAVIEW_PYTHON_DIR="$PWD/build/default/python" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python
done
echo "== Packaging: cmake --install, find_package, pkg-config, Maya/Houdini files, pip into a venv =="
/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/install
node --test tests/js/
# The npm package @auroraview/bridge: tsc over its types, runtime names = declared names, and the
# packed tarball installed into a scratch project, compiled against and imported.
(cd bridge_js && npm run check)
# The documentation site (VitePress, English and 中文): it builds, with no dead link.
(cd docs && npm ci --no-audit --no-fund && npm run docs:build)
