#!/usr/bin/env bash
# check-source.sh — the checks that keep the source in shape, run by .ci/run (and by hand):
#   1. every C file is formatted as .clang-format says (clang-format --dry-run -Werror);
#   2. cppcheck finds no warning, portability or performance problem.
# Exits non-zero on the first kind of violation, naming the files.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.c' 'src/*.h')

echo "check-source: clang-format on ${#files[@]} files"
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-source: not formatted (run 'make format'): ${bad[*]}" >&2
  exit 1
fi

echo "check-source: cppcheck"
mapfile -t cfiles < <(git ls-files 'src/*.c')
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
  --inline-suppr --suppress=missingIncludeSystem -D_GNU_SOURCE -Isrc -j 2 "${cfiles[@]}"
echo "check-source: ok"
