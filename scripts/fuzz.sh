#!/usr/bin/env bash
# fuzz.sh — runs each libFuzzer target of a build directory for a bounded time on a copy of its
# committed seed corpus (fuzz/corpus/<target>/, plus the directories named in extra_seeds), so new
# inputs found locally do not dirty the tree. An input that crashes a target is kept in
# <build dir>/fuzz-crashes/<target>/ and the last lines say which targets failed and how to replay
# the input: CI shows only the end of a long log.
set -euo pipefail
dir=$1 seconds=$2
failed=()
# targets whose seeds are test fixtures kept elsewhere (not copied into fuzz/corpus)
declare -A extra_seeds=([fuzz_parse]="tests/fixtures/reports tests/fixtures/real")
for bin in "$dir"/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=$(mktemp -d)
  crashes="$dir/fuzz-crashes/$name"
  rm -rf "$crashes" # what the summary lists is this run's
  mkdir -p "$crashes"
  cp -r "fuzz/corpus/$name/." "$work/" 2>/dev/null || true
  for seeds in ${extra_seeds[$name]:-}; do cp -r "$seeds/." "$work/"; done
  echo "== $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$work" > "$work.log" 2>&1; then
    tail -50 "$work.log"
    failed+=("$name")
  else
    grep -E 'stat::number_of_executed_units|Done' "$work.log" | tail -2
  fi
  rm -rf "$work" "$work.log"
done
if [ ${#failed[@]} -gt 0 ]; then
  for name in "${failed[@]}"; do
    echo "fuzz: $name FAILED; kept input(s): $(ls "$dir/fuzz-crashes/$name" | tr '\n' ' ')"
    for f in "$dir/fuzz-crashes/$name"/*; do
      [ -f "$f" ] && echo "  replay: $dir/$name $f; bytes: $(head -c 96 "$f" | od -An -c | tr -s ' \n' ' ')"
    done
  done
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a failure"
