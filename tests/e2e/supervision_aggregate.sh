#!/usr/bin/env bash
# supervision_aggregate.sh — the aggregated report 汇总年报 (issue 10 item 4, docs/supervision.md) end to end
# with the real binary and server on the demo database (汝州市人民政府 with its 街道 and 部门), plus six
# external agencies whose published 2023 reports (real reports, tests/fixtures/real/) are imported with
# `gongkai report import`, one external agency that never sent its report, and another county:
#   - `report aggregate` lists the parts with their source (records / published / external), leaves out
#     the one never received, names every summed agency in section 一, and its tables 三 and 四 equal the
#     cell-by-cell sum of the parts' own reports computed here in python (every row, all seven columns);
#   - the back office: a leader of the 市政府 approves, its supervisor publishes; it is stored as the
#     市政府's annual_report (source aggregate) and shown on the public portal; a correction needs a
#     change note; the published row cannot be changed even with SQL;
#   - the published version downloads in every format (json with parts, txt, md, html, pdf through
#     pdftotext, xlsx through unzip -p);
#   - `report aggregate-check`: the published aggregate against the parts' files is clean; with one cell
#     short by one agency's number it fails with H1 naming the cell and that agency;
#   - a supervisor of another county gets 404 for this county's aggregate, page and download.
# Environment: GONGKAI (binary), SRC (repo root).
E2E_NAME=aggregate
source "$(dirname "$0")/lib/server.sh"
: "${SRC:?repo root}"
fixtures="$SRC/tests/fixtures/real"
year=2023

demo_db
city=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市人民政府'")
street=$(db_sql "$db" "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
now=$(date +%s)
declare -A external_file=(
	[平潭综合实验区交通与建设局]=215.txt [平潭综合实验区社会事业局]=223.txt
	[平潭综合实验区综合执法与应急管理局]=225.txt [平潭综合实验区海坛片区管理局]=229.txt
	[平潭综合实验区苏平片区管理局]=235.txt [平潭综合实验区管委会办公室]=240.txt)
declare -A external_id=()
for name in "${!external_file[@]}"; do
	id=$(db_sql "$db" "INSERT INTO agency (parent_id, level, name, external, created_at, updated_at)
		VALUES ($city, 6, '$name', 1, $now, $now) RETURNING id")
	external_id[$name]=$id
	check "import-$id" "$GONGKAI" report import "$fixtures/${external_file[$name]}" --agency "$id" --db "$db" \
		>"$work/import-$id.txt" 2>&1
done
missing=$(db_sql "$db" "INSERT INTO agency (parent_id, level, name, external, created_at, updated_at)
	VALUES ($city, 4, '汝州市未报送镇人民政府', 1, $now, $now) RETURNING id")
other_county=$(db_sql "$db" "INSERT INTO agency (parent_id, level, name, created_at, updated_at)
	VALUES (NULL, 3, '另一县人民政府', $now, $now) RETURNING id")
pw='Aggregate-Passw0rd-2026'
for spec in "cityleader leader $city" "othersup supervisor $other_county"; do
	set -- $spec
	echo "$pw" | "$GONGKAI" user add "$1" --role "$2" --agency "$3" --password-stdin --db "$db" >/dev/null ||
		{ echo "user add $1 failed"; exit 1; }
	echo "$1 $pw" >>"$work/init.txt"
done

# ---- the draft from the command line ----
check cli-json "$GONGKAI" report aggregate --agency "$city" --year $year --db "$db" -o "$work/draft.json"
check cli-help sh -c "'$GONGKAI' report aggregate --help | grep -q 'records|published|external'"
check cli-usage sh -c "'$GONGKAI' report aggregate --agency $city --db '$db' 2>/dev/null; test \$? -eq 64"
check cli-bad-format sh -c "'$GONGKAI' report aggregate --agency $city --year $year --format doc --db '$db' 2>/dev/null; test \$? -eq 64"
python3 - "$work/draft.json" "$city" "$street" "$missing" "${external_id[@]}" >"$work/parts.txt" <<'EOF' || { echo "FAIL [parts]"; failures=$((failures + 1)); }
import json, sys
d = json.load(open(sys.argv[1]))
city, street, missing = map(int, sys.argv[2:5])
externals = set(map(int, sys.argv[5:]))
src = {p["agency_id"]: p["source"] for p in d["parts"]}
assert src[city] == "records", src
assert src[street] == "published", src
for e in externals:
    assert src[e] == "external", (e, src)
assert missing not in src, src
for p in d["parts"]:
    assert p["agency"] in d["sections"]["overview"], p["agency"]
assert "汝州市未报送镇人民政府" not in d["sections"]["overview"]
for p in d["parts"]:
    print(p["agency_id"], p["source"])
EOF
n=$((n + 1))

# Every part's own report, got independently of the aggregate: the fixture file (external), the frozen
# JSON of the published version, or `report build` from the records.
partfiles=()
while read -r id source; do
	out="$work/part-$id.json"
	case $source in
	external)
		file=$(db_sql "$db" "SELECT source FROM annual_report WHERE agency_id = $id AND year = $year")
		"$GONGKAI" report parse "$fixtures/$(basename "$file")" >"$out" 2>/dev/null
		cp "$fixtures/$(basename "$file")" "$work/part-$id.txt"
		partfiles+=("$work/part-$id.txt") ;;
	published)
		db_sql "$db" "SELECT json FROM annual_report WHERE agency_id = $id AND year = $year AND status = 'published'" >"$out"
		partfiles+=("$out") ;;
	records)
		"$GONGKAI" report build --agency "$id" --year $year --db "$db" >"$out" 2>/dev/null
		partfiles+=("$out") ;;
	esac
done <"$work/parts.txt"
check parts-count test "${#partfiles[@]}" -ge 9

sum_check() { # AGGREGATE_JSON PART_JSON… : tables 三 and 四 equal the cell-by-cell sum
	python3 - "$@" <<'EOF'
import json, sys
agg = json.load(open(sys.argv[1]))
parts = [json.load(open(p)) for p in sys.argv[2:]]
cells = 0
for table in ("applications", "cases"):
    for row, values in agg[table].items():
        for col, value in enumerate(values):
            want = sum((p[table].get(row) or [None] * 7)[col] or 0 for p in parts)
            assert value == want, (table, row, col, value, want)
            cells += 1
assert cells == 25 * 7 + 3 * 5, cells
assert sum(p["applications"]["new"][6] or 0 for p in parts) > 0  # the sum is not trivially zero
EOF
}
check sum-table-3-4 sum_check "$work/draft.json" "$work"/part-*.json

# ---- the back office ----
start_server
login cityleader "$work/leader.jar"
login supervisor "$work/sup.jar"
login othersup "$work/other.jar"
page="/admin/supervise/aggregate?agency=$city&year=$year"
post() { # JAR PATH OUT field=value… → status
	local jar=$1 path=$2 out=$3
	shift 3
	curl -s -b "$jar" -o "$work/form.html" "$base$page"
	local args=(--data-urlencode "csrf=$(csrf_of "$work/form.html")")
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	curl -s -b "$jar" -H "Origin: $base" -o "$out" -w '%{http_code}' "${args[@]}" "$base$path"
}
status=$(curl -s -b "$work/sup.jar" -o "$work/page.html" -w '%{http_code}' "$base$page")
check page-200 test "$status" = 200
check page-parts grep -q '平潭综合实验区海坛片区管理局（报送的年报）' "$work/page.html"
check page-missing grep -q '汝州市未报送镇人民政府（外部机关，尚未报送）' "$work/page.html"
check page-deadline grep -q "$((year + 1))-03-31" "$work/page.html"
check save-303 test "$(post "$work/sup.jar" /admin/supervise/aggregate/save "$work/out.html" agency=$city year=$year \
	problems='个别单位报送迟缓，汇总前需多次催报。' other='无')" = 303
check approve-303 test "$(post "$work/leader.jar" /admin/supervise/aggregate/approve "$work/out.html" agency=$city year=$year)" = 303
check sup-cannot-approve test "$(post "$work/sup.jar" /admin/supervise/aggregate/approve "$work/out.html" agency=$city year=$year)" = 403
check publish-303 test "$(post "$work/sup.jar" /admin/supervise/aggregate/publish "$work/out.html" agency=$city year=$year)" = 303
check correction-needs-note test "$(post "$work/leader.jar" /admin/supervise/aggregate/approve "$work/out.html" agency=$city year=$year)" = 409
check correction-message grep -q '更正说明' "$work/out.html"
check stored-as-annual test "$(db_sql "$db" "SELECT source || ' ' || status FROM annual_report WHERE agency_id = $city AND year = $year")" = "aggregate published"
update_refused() { ! db_sql "$db" "UPDATE annual_report SET json = '{}' WHERE agency_id = $city AND status = 'published'" 2>/dev/null; }
check frozen update_refused
# the portal shows it as the 市政府's report of the year, to anyone
check portal-200 test "$(curl -s -o "$work/portal.html" -w '%{http_code}' "$base/annual/$city/$year")" = 200
check portal-parts grep -q '平潭综合实验区社会事业局' "$work/portal.html"

# ---- downloads of the published version ----
dl="$base/admin/supervise/aggregate/download?agency=$city&year=$year&published=1&format"
for f in json txt md html pdf xlsx; do
	check "dl-$f" test "$(curl -s -b "$work/sup.jar" -o "$work/pub.$f" -w '%{http_code}' "$dl=$f")" = 200
done
check pub-json-parts python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['parts']) >= 9; assert d['sections']['problems'].startswith('个别单位')" "$work/pub.json"
check pub-sum sum_check "$work/pub.json" "$work"/part-*.json
check pub-txt grep -q '汇总以下' "$work/pub.txt"
check pub-md grep -q '平潭综合实验区苏平片区管理局' "$work/pub.md"
check pub-html grep -q '平潭综合实验区管委会办公室' "$work/pub.html"
check pub-pdf sh -c "pdftotext '$work/pub.pdf' - | grep -q '汇总以下'"
check pub-xlsx sh -c "unzip -p '$work/pub.xlsx' xl/sharedStrings.xml | grep -q '法律服务机构'"
check cli-published "$GONGKAI" report aggregate --agency "$city" --year $year --published --db "$db" -o "$work/cli-pub.json"
check cli-published-same cmp -s "$work/cli-pub.json" "$work/pub.json"

# ---- the hierarchy rule on files ----
check hier-clean "$GONGKAI" report aggregate-check "$work/pub.json" --parts "${partfiles[@]}"
culprit=$(python3 - "$work/pub.json" "$work/wrong.json" "$work"/part-*.json <<'EOF'
import json, sys
agg = json.load(open(sys.argv[1]))
parts = [json.load(open(p)) for p in sys.argv[3:]]
best = max((p for p in parts if p["agency"].startswith("平潭")), key=lambda p: p["applications"]["new"][0] or 0)
agg["applications"]["new"][0] -= best["applications"]["new"][0]  # the published sum left this agency out
json.dump(agg, open(sys.argv[2], "w"), ensure_ascii=False)
print(best["agency"])
EOF
)
"$GONGKAI" report aggregate-check "$work/wrong.json" --parts "${partfiles[@]}" >"$work/hier.txt" 2>&1
check hier-exit-1 test $? -eq 1
check hier-rule grep -q 'H1' "$work/hier.txt"
check hier-cell grep -q '表三 一、本年新收政府信息公开申请数量 自然人列' "$work/hier.txt"
check hier-agency grep -q "差额恰等于 $culprit 的该格数字（疑似漏汇该单位）" "$work/hier.txt"

# ---- another county sees nothing of this one ----
check other-page-404 test "$(curl -s -b "$work/other.jar" -o /dev/null -w '%{http_code}' "$base$page")" = 404
check other-dl-404 test "$(curl -s -b "$work/other.jar" -o /dev/null -w '%{http_code}' "$dl=json")" = 404
status=$(curl -s -b "$work/other.jar" -o "$work/own.html" -w '%{http_code}' "$base/admin/supervise/aggregate?year=$year")
check other-own-200 test "$status" = 200
check other-own-no-leak sh -c "! grep -q '平潭\|财政局\|民政局' '$work/own.html'"

check other-own-lists-self grep -q "另一县人民政府（本机关记录）" "$work/own.html"
finish supervision_aggregate
