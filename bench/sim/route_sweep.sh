#!/bin/sh
# Accuracy of every bundled model on one preset per CIM route (float, ideal chip, realistic mean +- std over seeds).
# Usage: bench/sim/route_sweep.sh BUILD_DIR [LIMIT] [SEEDS] > table.txt
build=${1:-build}; limit=${2:-500}; seeds=${3:-2}
printf "%-22s %-12s %-12s %7s %7s %16s\n" model preset route float ideal realistic
for preset in colonnade_jssc2021 samsung_hbm_pim reexen_ada100 jia_jssc2020 mythic_m1076 neurram_nature2022 \
              hermes_jssc2022 generic_mram; do
  for model in mlp cnn resnet transformer; do
    j=$(mktemp)
    if "$build/ohmic" run "models/fmnist_$model.onnx" --chip "$preset" --data fashion-mnist:test --limit "$limit" \
         --seeds "$seeds" --json "$j" > /dev/null 2> "$j.err"; then
      python3 -c "import json,sys; r=json.load(open('$j')); print('%-22s %-12s %-12s %7.4f %7.4f %8.4f +- %.4f' % ('$model', '$preset'[:12], r['route'], r['accuracy_float'], r['accuracy_ideal'], r['accuracy_mean'], r['accuracy_std']))"
    else
      printf "%-22s %-12s failed: %s\n" "$model" "$preset" "$(tail -c 300 "$j.err" | tr '\n' ' ')"
    fi
    rm -f "$j" "$j.err"
  done
done
