#!/usr/bin/env bash
# report_cli.sh — end-to-end tests of `gongkai report parse|check|render` on the seed report and on
# reports derived from it: exit codes (0/1/2/64), round trips through every renderer, --json output,
# cross-year checking, and bad inputs (binary junk, oversized file, not a report).
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
[ -f "$seed" ] || seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_status() { # expected-status description command…
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; head -20 "$tmp/out" "$tmp/err"; fi
}

expect_status 0 "check seed" "$GONGKAI" report check "$seed"
grep -q "汝州市钟楼街道办事处2023 年" "$tmp/out" && ok || bad "check prints agency and year"
expect_status 0 "parse seed" "$GONGKAI" report parse "$seed"
cp "$tmp/out" "$tmp/parsed.json"
grep -q '"new": \[1,0,0,0,0,0,1\]' "$tmp/parsed.json" && ok || bad "seed new row"
grep -q '"unable_no_info": \[1,0,0,0,0,0,1\]' "$tmp/parsed.json" && ok || bad "seed unable_no_info row"
grep -q '"edition": 2021' "$tmp/parsed.json" && ok || bad "seed edition"

# Round trips: JSON → txt/md/html → parse → identical JSON.
for fmt in txt md html json; do
  "$GONGKAI" report render --format "$fmt" "$tmp/parsed.json" >"$tmp/seed.$fmt" || bad "render $fmt"
  "$GONGKAI" report parse "$tmp/seed.$fmt" >"$tmp/back.json" 2>"$tmp/err" || bad "parse rendered $fmt"
  cmp -s "$tmp/parsed.json" "$tmp/back.json" && ok || { bad "round trip via $fmt"; diff "$tmp/parsed.json" "$tmp/back.json" | head; }
done
"$GONGKAI" report check "$tmp/seed.html" >/dev/null && ok || bad "rendered HTML checks clean"

# A broken total → exit 1 with a Chinese message naming table, row and column.
sed 's/^(七) 总计\t1\t0/(七) 总计\t2\t0/' "$seed" >"$tmp/broken.txt"
expect_status 1 "broken total" "$GONGKAI" report check "$tmp/broken.txt"
grep -q "表三" "$tmp/out" && grep -q "自然人" "$tmp/out" && ok || bad "message names table and column"
expect_status 1 "broken total --json" "$GONGKAI" report check --json "$tmp/broken.txt"
grep -q '"rule": "R' "$tmp/out" && ok || bad "--json lists rule ids"

# A truncated report never passes as consistent.
head -c 4000 "$seed" >"$tmp/truncated.txt"
expect_status 2 "truncated report" "$GONGKAI" report check "$tmp/truncated.txt"

# Bad inputs: binary junk, not a report, invalid UTF-8, oversized file, usage errors.
head -c 20000 /dev/urandom >"$tmp/junk.bin"
expect_status 2 "binary junk" "$GONGKAI" report check "$tmp/junk.bin"
printf '会议纪要\n今天开会。\n' >"$tmp/notreport.txt"
expect_status 2 "not a report" "$GONGKAI" report check "$tmp/notreport.txt"
truncate -s 20M "$tmp/huge.txt"
expect_status 2 "oversized file" "$GONGKAI" report check "$tmp/huge.txt"
grep -q "上限" "$tmp/out" && ok || bad "oversized file message"
expect_status 64 "no arguments" "$GONGKAI" report check
expect_status 64 "unknown format" "$GONGKAI" report render --format doc "$tmp/parsed.json"
expect_status 2 "missing file" "$GONGKAI" report check "$tmp/does-not-exist.txt"
expect_status 0 "stdin" bash -c "\"$GONGKAI\" report parse - <\"$seed\""

# Several files: one line each plus totals; cross-year carry-over (R5) is checked between consecutive years.
sed 's/2023/2024/g; s/^二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0/二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1/; s/^(七) 总计\t1\t0\t0\t0\t0\t0\t1/(七) 总计\t2\t0\t0\t0\t0\t0\t2/; s/^\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t1\t0\t0\t0\t0\t0\t1/\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t2\t0\t0\t0\t0\t0\t2/' "$seed" >"$tmp/y2024.txt"
"$GONGKAI" report check "$tmp/y2024.txt" >/dev/null && ok || bad "2024 variant is consistent on its own"
expect_status 1 "cross-year carry-over" "$GONGKAI" report check "$seed" "$tmp/y2024.txt"
grep -q "共 2 份" "$tmp/out" && ok || bad "totals line"
"$GONGKAI" report check --json "$seed" "$tmp/y2024.txt" >"$tmp/years.json"
grep -q '"rule": "R5"' "$tmp/years.json" && ok || bad "R5 reported"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
