#!/usr/bin/env bash
# annual_cli.sh — end-to-end tests of `gongkai report build` and `gongkai report import` on a demo
# database: the demo 街道's 2023 report built from its records has the seed report's tables exactly
# and passes `report check`; every output format; refusals (future year, year without calendar,
# unknown agency, bad format) and their exit codes; importing a published report into the archive
# (once only, for the right agency) and building the next year against it.
set -uo pipefail
: "${GONGKAI:?path to the gongkai binary}" "${SRC:?repository root}"
seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
[ -f "$seed" ] || seed="$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db g "$tmp") || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_status() { # expected-status description command…
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; head -20 "$tmp/out" "$tmp/err"; fi
}

expect_status 0 "init --demo" "$GONGKAI" init --db "$db" --demo
agency=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
[ -n "$agency" ] && ok || bad "demo agency exists"

# The 2023 report from the records equals the seed's tables.
expect_status 0 "build 2023 json" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2023
cp "$tmp/out" "$tmp/built.json"
expect_status 0 "parse seed" "$GONGKAI" report parse "$seed"
cp "$tmp/out" "$tmp/seed.json"
tables='{edition, year, agency, proactive, applications, cases}'
if [ "$(jq -S "$tables" "$tmp/built.json")" = "$(jq -S "$tables" "$tmp/seed.json")" ]; then ok; else
  bad "built 2023 tables differ from the seed"; diff <(jq -S "$tables" "$tmp/built.json") <(jq -S "$tables" "$tmp/seed.json") | head -20
fi
grep -q '"unable_no_info": \[1,0,0,0,0,0,1\]' "$tmp/built.json" && ok || bad "unable_no_info row"

# Every format, to a file with -o; the text output reads back and checks clean.
for fmt in json txt md html; do
  expect_status 0 "build 2023 $fmt" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2023 --format "$fmt" -o "$tmp/r.$fmt"
  [ -s "$tmp/r.$fmt" ] && ok || bad "build $fmt wrote nothing"
  expect_status 0 "check built $fmt" "$GONGKAI" report check "$tmp/r.$fmt"
done
grep -q "公开政府信息 66 条。其中发布政策文件信息 7 条，动态信息 32 条" "$tmp/r.txt" && ok || bad "section 一 sentence"
grep -q "收到政府信息公开申请 1 件" "$tmp/r.txt" && ok || bad "applications sentence"

# Other years: consistent across the new year (R5 holds, so no error).
for y in 2022 2024 2025; do
  expect_status 0 "build $y" "$GONGKAI" report build --db "$db" --agency "$agency" --year "$y" --format txt
done

# Refusals.
expect_status 2 "future year" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2999
grep -q "尚未开始" "$tmp/err" && ok || bad "future year message"
expect_status 2 "year without calendar" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2015
grep -q "节假日安排" "$tmp/err" && ok || bad "calendar message"
expect_status 2 "unknown agency" "$GONGKAI" report build --db "$db" --agency 9999 --year 2023
grep -q "不存在" "$tmp/err" && ok || bad "unknown agency message"
expect_status 64 "bad format" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2023 --format doc
expect_status 64 "missing year" "$GONGKAI" report build --db "$db" --agency "$agency"

# Import: a report of a year before adoption into the archive, once, and only for its own agency. The
# demo publishes its 2023 report from the records, so that year is refused; the seed renamed to 2021
# stands for an earlier report.
other=$(db_sql "$db" "SELECT id FROM agency WHERE id <> $agency LIMIT 1")
expect_status 2 "import for another agency" "$GONGKAI" report import "$seed" --db "$db" --agency "$other"
grep -q "不符" "$tmp/err" && ok || bad "agency mismatch message"
expect_status 2 "import over a published year" "$GONGKAI" report import "$seed" --db "$db" --agency "$agency"
grep -q "档案中已有" "$tmp/err" && ok || bad "published year message"
sed 's/2023/2021/g' "$seed" >"$tmp/seed-2021.txt"
expect_status 0 "import seed" "$GONGKAI" report import "$tmp/seed-2021.txt" --db "$db" --agency "$agency"
grep -q "已导入 2021 年年报" "$tmp/out" && ok || bad "import message"
expect_status 2 "import twice" "$GONGKAI" report import "$tmp/seed-2021.txt" --db "$db" --agency "$agency"
printf 'not a report\n' >"$tmp/junk.txt"
expect_status 2 "import junk" "$GONGKAI" report import "$tmp/junk.txt" --db "$db" --agency "$agency"
expect_status 0 "build 2024 against the archive" "$GONGKAI" report build --db "$db" --agency "$agency" --year 2024
[ "$(db_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'annual.import' AND agency_id = $agency")" = 1 ] && ok || bad "import audited"

echo "annual_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
