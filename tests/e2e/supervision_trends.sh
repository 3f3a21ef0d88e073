#!/usr/bin/env bash
# supervision_trends.sh — year over year and across agencies (issue 10 item 5, docs/supervision.md) on the
# demo database plus external agencies whose real published reports of several years are imported
# (tests/fixtures/real/):
#   - `report trends` flags section 五 repeated from the agency's earlier report (市场监督管理局 2024 vs 2022,
#     65 % by 4-shingles), section 五 shared by two agencies in the same year (a report whose agency name
#     was changed and imported for a second agency), and nothing for unrelated agencies
#     (社会事业局 2023 beside the two 2023 copies, 国有资产管理局, 投资促进局); a ×5 jump of 新收
#     (行政审批局 2020 → 2021: 1 → 6), none across a gap of missing years (2021 → 2024);
#   - the back-office page shows the findings and an SVG chart per agency; its CSV equals the CLI's;
#   - a supervisor of another county gets 404.
# Environment: GONGKAI (binary), SRC (repo root).
E2E_NAME=trends
source "$(dirname "$0")/lib/server.sh"
: "${SRC:?repo root}"
fixtures="$SRC/tests/fixtures/real"

demo_db
city=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市人民政府'")
now=$(date +%s)
add_external() { # NAME → id
	db_sql "$db" "INSERT INTO agency (parent_id, level, name, external, created_at, updated_at)
		VALUES ($city, 6, '$1', 1, $now, $now) RETURNING id"
}
import() { # FILE ID (a report with rule violations still imports: exit 1)
	"$GONGKAI" report import "$1" --agency "$2" --db "$db" >/dev/null 2>&1
	[ $? -le 1 ] || { echo "FAIL [import $1]"; failures=$((failures + 1)); }
}
market=$(add_external 平潭综合实验区市场监督管理局)
import "$fixtures/220.txt" "$market"
import "$fixtures/221.txt" "$market"
office=$(add_external 平潭综合实验区管委会办公室)
import "$fixtures/240.txt" "$office"
copier=$(add_external 平潭综合实验区抄写局)
sed 's/平潭综合实验区管委会办公室/平潭综合实验区抄写局/g' "$fixtures/240.txt" >"$work/copy.txt"
import "$work/copy.txt" "$copier"
assets=$(add_external 平潭综合实验区国有资产管理局)
import "$fixtures/208.txt" "$assets"
invest=$(add_external 平潭综合实验区投资促进局)
import "$fixtures/209.txt" "$invest"
social=$(add_external 平潭综合实验区社会事业局)
import "$fixtures/223.txt" "$social"
approval=$(add_external 平潭综合实验区行政审批局)
for f in 210 236 211; do import "$fixtures/$f.txt" "$approval"; done
other_county=$(db_sql "$db" "INSERT INTO agency (parent_id, level, name, created_at, updated_at)
	VALUES (NULL, 3, '另一县人民政府', $now, $now) RETURNING id")
echo 'Trends-Passw0rd-2026' | "$GONGKAI" user add othersup --role supervisor --agency "$other_county" \
	--password-stdin --db "$db" >/dev/null || { echo "user add failed"; exit 1; }
echo "othersup Trends-Passw0rd-2026" >>"$work/init.txt"

"$GONGKAI" report trends --agency "$city" --year 2024 --years 5 --db "$db" -o "$work/cli.csv"
check cli-exit-1 test $? -eq 1
row() { grep -q "^$1,[^,]*,$2,$3," "$work/cli.csv"; } # AGENCY_ID YEAR RULE
check s1-market row "$market" 2024 S1
check s1-message grep -q '与本单位 2022 年年报的相似度为 65%' "$work/cli.csv"
check s2-office row "$office" 2023 S2
check s2-copier row "$copier" 2023 S2
check s2-names grep -q '与平潭综合实验区管委会办公室同年年报的相似度' "$work/cli.csv"
check no-unrelated sh -c "! grep -q '^$assets,\|^$invest,\|^$social,' '$work/cli.csv'"
check j1-approval row "$approval" 2021 J1
check j1-message grep -q '本年新收政府信息公开申请由 2020 年的 1 件增至 2021 年的 6 件（为上年的 5 倍以上）' "$work/cli.csv"
check j1-not-across-gap sh -c "! grep -q '^$approval,[^,]*,2024,J' '$work/cli.csv'"
check csv-bom sh -c "head -c 3 '$work/cli.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check cli-usage sh -c "'$GONGKAI' report trends --agency $city --db '$db' 2>/dev/null; test \$? -eq 64"
check cli-bad-years sh -c "'$GONGKAI' report trends --agency $city --year 2025 --years 11 --db '$db' 2>&1 | grep -q '年数应为 1 至 10'"

start_server
login supervisor "$work/sup.jar"
login othersup "$work/other.jar"
q="agency=$city&year=2024&years=5"
check page-200 test "$(curl -s -b "$work/sup.jar" -o "$work/page.html" -w '%{http_code}' "$base/admin/supervise/trends?$q")" = 200
check page-svg grep -q '<svg' "$work/page.html"
check page-cases-chart grep -q 'gk-cases' "$work/page.html"
check page-no-duplicate-ids sh -c "! grep -o ' id=\"[^\"]*\"' '$work/page.html' | sort | uniq -d | grep -q ."
check page-s2 grep -q '平潭综合实验区抄写局' "$work/page.html"
check csv-200 test "$(curl -s -b "$work/sup.jar" -o "$work/web.csv" -w '%{http_code}' "$base/admin/supervise/trends.csv?$q")" = 200
check csv-same cmp -s "$work/web.csv" "$work/cli.csv"
check other-404 test "$(curl -s -b "$work/other.jar" -o /dev/null -w '%{http_code}' "$base/admin/supervise/trends?$q")" = 404
check other-csv-404 test "$(curl -s -b "$work/other.jar" -o /dev/null -w '%{http_code}' "$base/admin/supervise/trends.csv?$q")" = 404

finish supervision_trends
