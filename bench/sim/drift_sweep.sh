#!/bin/sh
# PCM drift sweep: accuracy at 1 s, 1 h, 1 d, 1 y after programming, with and without global drift compensation.
# Usage: bench/sim/drift_sweep.sh BUILD_DIR [MODEL] [PRESET] [LIMIT] [SEEDS]
build=${1:-build}; model=${2:-cnn}; preset=${3:-hermes_jssc2022}; limit=${4:-500}; seeds=${5:-2}
printf "%-6s %-14s %s\n" time compensation "accuracy (mean +- std over seeds)"
for t in 1s 1h 1d 1y; do
  for comp in on off; do
    flag=""; [ "$comp" = off ] && flag=--no-drift-compensation
    "$build/ohmic" run "models/fmnist_$model.onnx" --chip "$preset" --data fashion-mnist:test --limit "$limit" \
      --seeds "$seeds" --time "$t" $flag --no-float --no-ideal 2>/dev/null | \
      awk -v t="$t" -v c="$comp" '/^realistic/ {printf "%-6s %-14s %s %s %s\n", t, c, $3, $4, $5}'
  done
done
