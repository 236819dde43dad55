#!/usr/bin/env bash
# Builds ohmic with clang + AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors (the 'asan' preset:
# build-asan/, which also holds the fuzz targets) and runs the test suite under the sanitizers.
# Tests labelled 'long' (full-data-set accuracy runs) are left out; OHMIC_SANITIZE_ALL=1 runs them too.
# Extra arguments go to cmake's configure step. OHMIC_JOBS sets the parallelism (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${OHMIC_JOBS:-$(nproc)}"
cmake --preset asan "$@"
cmake --build build-asan --parallel "$jobs"

# Findings are fatal and reported with a stack; a suppression needs a written reason that the bug is outside ohmic
# (tests/quality/sanitizer-suppressions/*.supp, docs/quality.md).
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:allow_user_segv_handler=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
supp=tests/quality/sanitizer-suppressions
[ -s "$supp/lsan.supp" ] && export LSAN_OPTIONS="suppressions=$PWD/$supp/lsan.supp:print_suppressions=0"
[ -s "$supp/ubsan.supp" ] && export UBSAN_OPTIONS="$UBSAN_OPTIONS:suppressions=$PWD/$supp/ubsan.supp"
command -v llvm-symbolizer >/dev/null || export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer

filter=(-LE long)
[ "${OHMIC_SANITIZE_ALL:-0}" = 1 ] && filter=()
ctest --test-dir build-asan --output-on-failure --timeout 1800 -j "$jobs" "${filter[@]}"
