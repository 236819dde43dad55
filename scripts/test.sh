#!/usr/bin/env bash
# Installs dependencies, builds (Release, warnings as errors) and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/prepare-data.sh
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 1800 -j "$(nproc)"
