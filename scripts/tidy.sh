#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy; any finding is an error) over ohmic's C++ sources.
#   scripts/tidy.sh            every .cpp under src/ tests/ fuzz/ bench/
#   scripts/tidy.sh REF        only the .cpp files changed since git REF (e.g. origin/main), plus their headers' users
# Uses build-asan/compile_commands.json (clang's flags; configured with the 'asan' preset if missing, no build
# needed). OHMIC_JOBS sets the parallelism (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${OHMIC_JOBS:-$(nproc)}"
[ -f build-asan/compile_commands.json ] || cmake --preset asan > /dev/null

if [ $# -ge 1 ]; then
  mapfile -t files < <(git diff --name-only --diff-filter=d "$1" -- 'src/*.cpp' 'tests/*.cpp' 'fuzz/*.cpp' 'bench/*.cpp')
else
  mapfile -t files < <(git ls-files 'src/*.cpp' 'tests/*.cpp' 'fuzz/*.cpp' 'bench/*.cpp')
fi
# Only files the build compiles (a file not yet in a CMakeLists.txt has no compile command).
mapfile -t files < <(for f in "${files[@]}"; do grep -q "\"file\": \"$PWD/$f\"" build-asan/compile_commands.json && echo "$f"; done)
if [ ${#files[@]} -eq 0 ]; then echo "tidy: no files to check"; exit 0; fi
echo "tidy: checking ${#files[@]} files with $jobs jobs"
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -n 1 clang-tidy -p build-asan --quiet 2> >(grep -v -E '^[0-9]+ warnings? generated|^Suppressed|^Use -header-filter|^Error while processing' >&2)
echo "tidy: clean"
