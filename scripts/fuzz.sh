#!/usr/bin/env bash
# Runs every libFuzzer target (or the ones named) for a bounded time each, after replaying its checked-in crash
# regressions. Builds the targets in build-asan/ first (the 'asan' preset: clang + ASan + UBSan).
#   scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-p PARALLEL_TARGETS] [TARGET...]
# Seeds come from fuzz/corpus/<target>/ (read-only); the growing corpus lives in fuzz/corpus-work/<target>/ and
# crash, leak, timeout and OOM inputs in fuzz/corpus-work/<target>-artifacts/ (both git-ignored). Turn each finding
# into a regression: copy the input to fuzz/regressions/<target>/ (docs/quality.md). Exits 1 if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
parallel="${OHMIC_JOBS:-$(nproc)}"
while getopts "t:p:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    p) parallel=$OPTARG ;;
    *) echo "usage: scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-p PARALLEL_TARGETS] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

[ -f build-asan/build.ninja ] || cmake --preset asan
cmake --build build-asan --parallel "$(nproc)" --target fuzz_targets
mapfile -t all < build-asan/fuzz/targets.txt
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
[ ${#targets[@]} -eq 0 ] && { echo "fuzz: no fuzz targets are built (no parser library yet?)" >&2; exit 1; }

export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
logs=fuzz/corpus-work/logs
mkdir -p "$logs"

# fuzz_one TARGET: regressions, then a bounded run; writes its summary line to $logs/TARGET.summary
fuzz_one() {
  local t=$1 bin=build-asan/fuzz/fuzz_$1
  local seeds=fuzz/corpus/$t work=fuzz/corpus-work/$t art=fuzz/corpus-work/$t-artifacts
  local log=$logs/$t.log
  [ -x "$bin" ] || { echo "$t: FAILED (no binary $bin)" > "$logs/$t.summary"; return 1; }
  mkdir -p "$work" "$art" "$seeds"
  local regressions=(fuzz/regressions/"$t"/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$bin" -rss_limit_mb=2560 "${regressions[@]}" > "$log.regressions" 2>&1; then
      echo "$t: FAILED replaying fuzz/regressions/$t/ (see $log.regressions)" > "$logs/$t.summary"
      return 1
    fi
  fi
  local rc=0
  "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$art/" "$work" "$seeds" > "$log" 2>&1 || rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  local corpus
  corpus=$(find "$work" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    echo "$t: ok, ${execs:-?} executions in ${seconds}s, corpus $corpus inputs" > "$logs/$t.summary"
  else
    local what
    what=$(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|deadly signal|out-of-memory|timeout|leak' "$log" || true)
    echo "$t: FAILED after ${execs:-?} executions: ${what:-exit $rc} (log $log, inputs in $art/)" > "$logs/$t.summary"
    return 1
  fi
}

echo "fuzz: ${#targets[@]} targets, ${seconds}s each, $parallel at a time"
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 1; done
  rm -f "$logs/$t.summary"
  fuzz_one "$t" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for t in "${targets[@]}"; do cat "$logs/$t.summary"; done
exit $failed
