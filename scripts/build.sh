#!/usr/bin/env bash
# Configures and builds ohmic (Release) into build/. Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DOHMIC_WERROR=ON "$@"
cmake --build build --parallel "$(nproc)"
