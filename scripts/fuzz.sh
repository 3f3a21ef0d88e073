#!/usr/bin/env bash
# fuzz.sh — runs each libFuzzer target of a build directory for a bounded time on a copy of its
# committed seed corpus (fuzz/corpus/<target>/, plus the directories named in extra_seeds), so new
# inputs found locally do not dirty the tree.
set -euo pipefail
dir=$1 seconds=$2
status=0
# targets whose seeds are test fixtures kept elsewhere (not copied into fuzz/corpus)
declare -A extra_seeds=([fuzz_parse]="tests/fixtures/reports tests/fixtures/real")
for bin in "$dir"/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=$(mktemp -d)
  cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null || true
  for seeds in ${extra_seeds[$name]:-}; do cp -r "$seeds/." "$work/"; done
  echo "== $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 "$work" \
      > "$work.log" 2>&1; then
    tail -50 "$work.log"; status=1
  else
    grep -E 'stat::number_of_executed_units|Done' "$work.log" | tail -2
  fi
  rm -rf "$work" "$work.log"
done
exit $status
