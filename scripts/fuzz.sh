#!/usr/bin/env bash
# Runs every libFuzzer target (or the ones named) for a bounded time each, after replaying its checked-in crash
# regressions. Builds the targets in build-asan/ first (the 'asan' preset: clang + ASan + UBSan).
#   scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-p PARALLEL_TARGETS] [-k] [TARGET...]
# -k keeps going after a finding (libFuzzer's fork mode, -ignore_crashes/-ignore_ooms/-ignore_timeouts) to collect
# every distinct finding of a long run; without it a target stops at its first finding (CI).
# Seeds come from fuzz/corpus/<target>/ (read-only); the growing corpus lives in fuzz/corpus-work/<target>/ and
# crash, leak, timeout and OOM inputs in fuzz/corpus-work/<target>-artifacts/ (both git-ignored). Turn each finding
# into a regression: copy the input to fuzz/regressions/<target>/ (docs/quality.md). Exits 1 if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
parallel="${OHMIC_JOBS:-$(nproc)}"
keep_going=0
while getopts "t:p:k" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    p) parallel=$OPTARG ;;
    k) keep_going=1 ;;
    *) echo "usage: scripts/fuzz.sh [-t SECONDS_PER_TARGET] [-p PARALLEL_TARGETS] [-k] [TARGET...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

if [ "${OHMIC_FUZZ_NO_BUILD:-0}" != 1 ]; then  # =1: use the targets as built (e.g. while a long run goes on)
  [ -f build-asan/build.ninja ] || cmake --preset asan
  cmake --build build-asan --parallel "$(nproc)" --target fuzz_targets
fi
bin_dir="${OHMIC_FUZZ_BIN_DIR:-build-asan/fuzz}"  # e.g. a copy of the binaries, so rebuilds cannot touch a long run
mapfile -t all < "$bin_dir/targets.txt"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
[ ${#targets[@]} -eq 0 ] && { echo "fuzz: no fuzz targets are built (no parser library yet?)" >&2; exit 1; }

# allow_user_segv_handler: ohmic::onnx runs ONNX shape inference in a forked child that restores the default
# SIGSEGV action, so a crash inside libonnx becomes an ohmic::Error in the parent instead of an ASan report.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:allow_user_segv_handler=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
logs=fuzz/corpus-work/logs
mkdir -p "$logs"

# fuzz_one TARGET: regressions, then a bounded run; writes its summary line to $logs/TARGET.summary
fuzz_one() {
  local t=$1 bin=$bin_dir/fuzz_$1
  local seeds=fuzz/corpus/$t work=fuzz/corpus-work/$t art=fuzz/corpus-work/$t-artifacts
  local log=$logs/$t.log
  [ -x "$bin" ] || { echo "$t: FAILED (no binary $bin)" > "$logs/$t.summary"; return 1; }
  rm -rf "$art"  # findings of an earlier run: copy them to fuzz/regressions/ before running again
  mkdir -p "$work" "$art" "$seeds"
  local regressions=(fuzz/regressions/"$t"/*) replay=""
  if [ -e "${regressions[0]}" ]; then
    if ! "$bin" -rss_limit_mb=2560 "${regressions[@]}" > "$log.regressions" 2>&1; then
      replay="; FAILED replaying fuzz/regressions/$t/ (see $log.regressions)"
      if [ "$keep_going" = 0 ]; then echo "$t$replay" > "$logs/$t.summary"; return 1; fi
    fi
  fi
  local rc=0 mode=()
  [ "$keep_going" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
  "$bin" "${mode[@]}" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$art/" "$work" "$seeds" > "$log" 2>&1 || rc=$?
  local execs corpus findings
  if [ "$keep_going" = 1 ]; then  # fork mode: the last status line "#RUNS: cov: ..." counts every job's runs
    execs=$(grep -o '#[0-9]*: cov' "$log" | tail -1 | grep -o '[0-9]*')
  else
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  fi
  corpus=$(find "$work" -type f | wc -l)
  findings=$(find "$art" -type f | wc -l)
  if [ $rc -eq 0 ] && [ "$findings" -eq 0 ] && [ -z "$replay" ]; then
    echo "$t: ok, ${execs:-?} executions in ${seconds}s, corpus $corpus inputs" > "$logs/$t.summary"
  else
    local what
    what=$(grep -m1 -E '^==[0-9]+== ?ERROR|^SUMMARY' "$log" || true)
    echo "$t: FAILED, ${execs:-?} executions, $findings finding(s) in $art/: ${what:-exit $rc} (log $log)$replay" \
      > "$logs/$t.summary"
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
