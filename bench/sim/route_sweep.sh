#!/bin/sh
# Accuracy of every bundled model on every CIM preset (`ohmic chips`, gpu/npu/cpu baselines skipped): float, ideal
# chip, realistic mean +- std over seeds, and the priced energy per inference of the same run. Prints a Markdown
# table (one row per preset) and, below it, the full reason of every run that failed.
# Usage: bench/sim/route_sweep.sh BUILD_DIR [LIMIT] [SEEDS] [PRESET...] > table.md
#   OHMIC_RUN_FLAGS: extra `ohmic run` options for every run (e.g. "--no-ir-drop" or "--ir-drop-compensation")
#   (default: limit 500, 2 seeds, every CIM preset; run from the repository root; takes long: use nice)
set -u
build=${1:-build}; limit=${2:-500}; seeds=${3:-2}
[ $# -gt 3 ] && shift 3 || set --
ohmic="$build/ohmic"
# `ohmic chips`: id, route, node, summary after a header line.
chips=$("$ohmic" chips | awk 'NR > 1 { print $1, $2 }')
[ $# -eq 0 ] && set -- $(echo "$chips" | awk '$2 != "gpu" && $2 != "npu" && $2 != "cpu" { print $1 }')
models="mlp cnn resnet transformer"
py=/usr/bin/python3
failures=$(mktemp)
echo "$(date -u +%Y-%m-%d), first $limit test samples, $seeds seeds, run flags: ${OHMIC_RUN_FLAGS:-none}; cells: float / ideal chip / realistic mean ± std" \
     "(energy per inference)"
echo
echo "| preset | route | mlp | cnn | resnet | transformer |"
echo "|---|---|---|---|---|---|"
for preset in "$@"; do
  route=$(echo "$chips" | awk -v id="$preset" '$1 == id { print $2 }')
  row="| $preset | ${route:-?} |"
  for model in $models; do
    j=$(mktemp)
    start=$(date +%s)
    if "$ohmic" run "models/fmnist_$model.onnx" --chip "$preset" --data fashion-mnist:test --limit "$limit" \
         --seeds "$seeds" ${OHMIC_RUN_FLAGS:-} --json "$j" > /dev/null 2> "$j.err"; then
      cell=$($py -c "
import json, sys
r = json.load(open(sys.argv[1]))
e = r.get('cost', {}).get('energy_per_sample_j', 0)
prefixes = [(1e-3, 'mJ'), (1e-6, 'uJ'), (1e-9, 'nJ'), (1e-12, 'pJ')]
scale, unit = next(((s, u) for s, u in prefixes if e >= s), (1e-12, 'pJ'))
energy = ' (%.3g %s)' % (e / scale, unit) if e > 0 else ''
print('%.3f/%.3f/%.3f±%.3f%s' % (r['accuracy_float'], r['accuracy_ideal'], r['accuracy_mean'], r['accuracy_std'],
                                 energy))" "$j")
    else
      cell="fails (see below)"
      printf -- "- %s on %s: %s\n" "$model" "$preset" "$(grep -v '^\[' "$j.err" | tail -c 400 | tr '\n' ' ')" >> "$failures"
    fi
    echo "$preset $model $(( $(date +%s) - start )) s" >&2
    row="$row $cell |"
    rm -f "$j" "$j.err"
  done
  echo "$row"
done
if [ -s "$failures" ]; then
  echo
  echo "Failures:"
  cat "$failures"
fi
rm -f "$failures"
