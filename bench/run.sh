#!/usr/bin/env bash
# The end-to-end benchmark (DESIGN.md section 5): builds what it needs, then runs the project
# beside the PyQt6 + QWebChannel peer and a bare QWebEngineView and prints one table.
# Usage: bash bench/run.sh [ROUNDS]   (a round takes about 3 min on the 2-core VM of docs/performance.md:
# 10 s of small messages, 1.5 min of big data and streams, 1 min of panel memory; AURORAVIEW_BENCH=core,
# bigdata or memory runs only those parts, see bench/e2e/table.py)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default >/dev/null
# The transport probe (bench/transport): the bare round trip the rpc row is compared with.
cmake -S bench/transport -B build/default/bench-transport -G Ninja >/dev/null
cmake --build build/default/bench-transport >/dev/null
/usr/bin/python3 bench/e2e/table.py "${1:-1}"
