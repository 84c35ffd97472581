#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (the "fuzz" preset: ASan + UBSan)
# and runs each for a bounded time, starting from the committed corpus.
#
#   bash tests/fuzz/run.sh [seconds per target, default 60] [target ...]
#   AV_FUZZ_BUILD_DIR=build/x bash tests/fuzz/run.sh 10 envelope
#
# New inputs libFuzzer finds go to <build>/fuzz-work/<target>/ (not into the
# committed corpus); crashes to <build>/fuzz-artifacts/. Prints one line per
# target with its executions; exits non-zero if any target found a crash, a
# leak, a timeout or a broken invariant. A finding is fixed in the core and
# its input committed to corpus/<target>/ (replayed by ctest from then on)
# with a regression case in tests/c.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
build=${AV_FUZZ_BUILD_DIR:-build/fuzz}

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in tests/fuzz/fuzz_*.c; do
    name=${f#tests/fuzz/fuzz_}
    targets+=("${name%.c}")
  done
fi

cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/fuzz-artifacts"
status=0
summary=()
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  log="$build/fuzz-artifacts/$t.log"
  mkdir -p "$work"
  echo "== fuzz_$t for ${seconds}s =="
  rc=0
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
    "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if [[ $rc -ne 0 ]]; then
    status=1
    tail -40 "$log"
    summary+=("fuzz_$t: FAILED (exit $rc) after ${execs:-?} executions; see $log and $build/fuzz-artifacts/")
  else
    summary+=("fuzz_$t: ${execs:-?} executions in ${seconds}s, ${cov:-cov: ?} edges, no finding")
  fi
done
printf '%s\n' "${summary[@]}"
exit $status
