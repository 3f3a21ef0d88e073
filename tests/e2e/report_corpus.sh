#!/usr/bin/env bash
# report_corpus.sh — the checker against the real published reports of tests/fixtures/real/: for
# every report listed in expected.tsv (hand-checked verdicts of MANIFEST.md), `gongkai report check`
# must give the expected agency, year, exit status and error rules, and `gongkai report parse` the
# expected key numbers (新收 总计, （七）总计 总计). Any difference fails, so a verdict that changes is noticed.
# Every report of the folder must be listed, so a new one cannot be added without its verdict.
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
dir="$SRC/tests/fixtures/real"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# The last number of a JSON array row ("new": [28,0,0,0,0,0,28]) of the parsed report, or "-".
total_of() { # row json-file
  local v
  v=$(grep -o "\"$1\": \[[^]]*\]" "$2" | head -1 | sed 's/.*,//; s/\]//')
  echo "${v:--}"
}

# The sorted, unique rules of the error findings in `report check --json` output, or "-".
error_rules() {
  local r
  r=$(tr -d '\n' <"$1" | grep -o '"rule": "[A-Z0-9]*", *"severity": "error"' | sed 's/"rule": "\([A-Z0-9]*\)".*/\1/' |
    sort -u | paste -sd, -)
  echo "${r:--}"
}

listed=0
while IFS=$'\t' read -r file want_year want_agency want_status want_new want_total want_rules _note; do
  case "$file" in '#'* | '') continue ;; esac
  listed=$((listed + 1))
  "$GONGKAI" report check --json "$dir/$file" >"$tmp/check.json" 2>"$tmp/err"
  status=$?
  "$GONGKAI" report parse "$dir/$file" >"$tmp/parsed.json" 2>/dev/null
  got_new=$(total_of new "$tmp/parsed.json")
  got_total=$(total_of total "$tmp/parsed.json")
  got_rules=$(error_rules "$tmp/check.json")
  got_year=$(grep -o '"year": [0-9]*' "$tmp/check.json" | head -1 | sed 's/.*: //')
  got_agency=$(grep -o '"agency": "[^"]*"' "$tmp/check.json" | head -1 | sed 's/.*: "//; s/"$//')
  if [ "${got_year:--}" != "$want_year" ] || [ "${got_agency:--}" != "$want_agency" ]; then
    bad "$file: agency ${got_agency:--} year ${got_year:--}; wanted $want_agency $want_year"
    continue
  fi
  if [ "$status" = "$want_status" ] && [ "$got_new" = "$want_new" ] && [ "$got_total" = "$want_total" ] &&
    [ "$got_rules" = "$want_rules" ]; then
    pass=$((pass + 1))
  else
    bad "$file: exit $status 新收 $got_new （七）总计 $got_total rules $got_rules;" \
      "wanted exit $want_status 新收 $want_new （七）总计 $want_total rules $want_rules"
  fi
done <"$dir/expected.tsv"

on_disk=$(find "$dir" -maxdepth 1 -type f \( -name '2*.txt' -o -name '2*.md' \) | wc -l)
[ "$listed" -eq "$on_disk" ] && pass=$((pass + 1)) || bad "expected.tsv lists $listed reports, the folder has $on_disk"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
