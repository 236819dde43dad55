#!/usr/bin/env bash
# The main job on the bundled defaults: installs, builds, and evaluates the bundled Fashion-MNIST CNN on its test set
# on the default chip (float, ideal chip and simulated ReRAM chip accuracies; docs/simulator.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/ohmic run models/fmnist_cnn.onnx --chip default_reram --data fashion-mnist
