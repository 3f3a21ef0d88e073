#!/usr/bin/env bash
# check-source.sh — the checks that keep the source in shape, run by .ci/run (and by hand):
#   1. every C file is formatted as .clang-format says (clang-format --dry-run -Werror);
#   2. cppcheck finds no warning, portability or performance problem;
#   3. includes and table access keep the layers (scripts/check-layers.sh, rules in scripts/layers.txt).
# Exits non-zero on the first kind of violation, naming the files. Works in a git checkout and in a
# copy without .git (as .ci/run makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
# the tracked C sources of src/ (pattern: c or h)
sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files "src/*.$1"
  else
    find src -name "*.$1" | LC_ALL=C sort
  fi
}
mapfile -t files < <(sources c; sources h)
[ ${#files[@]} -gt 0 ] || { echo "check-source: no C files found" >&2; exit 1; }

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
mapfile -t cfiles < <(sources c)
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
  --inline-suppr --suppress=missingIncludeSystem -D_GNU_SOURCE -Isrc -j 2 "${cfiles[@]}"

scripts/check-layers.sh
echo "check-source: ok"
