#!/usr/bin/env bash
# Runs the demo. Until the reference host exists this builds the project and
# runs the core's self-check: a page message through the real queues,
# registries and drain, answered and flushed as one script.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default
./build/default/examples/av_selfcheck
