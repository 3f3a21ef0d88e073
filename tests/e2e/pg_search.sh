#!/usr/bin/env bash
# pg_search.sh — Chinese search on PostgreSQL gives SQLite's results (issue 12, item 3), on a throw-away
# cluster this test starts itself (tests/lib/pg.sh):
#   - the demo is built on both backends, plus a few items written by plain SQL on both (Latin words in
#     both cases and widths, a 文号 with ASCII brackets, "部门，预算" across punctuation, a body longer
#     than tsvector positions reach with a phrase at its end); on PostgreSQL those rows have no index row
#     until `gongkai migrate`, which writes exactly them (the backfill of existing databases);
#   - the same table of queries through the real server's API (GET /api/v1/items) on both: 1-, 2-, 3- and
#     4-character terms, 文号 and its punctuation variants, several terms, terms with no hit, full-width
#     and case variants, a query of punctuation only, and hostile tsquery syntax ('"\&|!:*()<->): the same
#     ids in the same order, by date and by relevance (bm25 on both), and the same totals;
#   - 1,200 more items holding one term (more than the count's cap of 1,000), so that on PostgreSQL, after
#     ANALYZE, the count of a common term checks the newest items first (info_item_search_estimate says
#     most rows match) and of a rare one uses the index: the same capped totals and pages on both;
#   - a term found through the GIN index (EXPLAIN with sequential scans off names info_item_search_lexemes);
#   - an item's text changed by plain SQL loses its index row (trigger) and `migrate` writes it again.
# Skips (exit 77) only when the PostgreSQL binaries are absent. Environment: GONGKAI (binary).
set -uo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/pg.sh"
pg_own_cluster
src=$(cd "$(dirname "$0")/../.." && pwd)
cd "$work" || exit 1

# ---- the demo on both backends
url=$(pg_createdb search) || exit 1
"$GONGKAI" init --demo --db "$url" >/dev/null 2>"$work/init.err"
check init-demo-pg test $? = 0
"$GONGKAI" init --demo --db "$work/s.db" >/dev/null 2>>"$work/init.err"
check init-demo-sqlite test $? = 0
check init-clean test ! -s "$work/init.err"
check demo-indexed test "$(psql_at search -c 'SELECT count(*) FROM info_item')" = \
	"$(psql_at search -c 'SELECT count(*) FROM info_item_search')"

# ---- items written by plain SQL (same statements on both; SQLite's triggers need the tokenizer)
filler=$(python3 -c 'print("甲乙丙丁戊己庚辛" * 2500)') # 20,000 positions, past tsvector's 16,383
extra="INSERT INTO info_item (id, agency_id, category_id, index_no, title, doc_no, publisher, formed_on, summary,
	body_text, status, published_at, published_on, pub_year, created_by, created_at, updated_at)
SELECT 9000 + n, c.agency_id, c.id, 'PGFTS-' || n, t, d, '测试', '2023-11-01', s, b, 'published', 1700000000 + n,
	'2023-11-15', 2023, (SELECT min(id) FROM users), 1700000000, 1700000000
FROM (SELECT agency_id, id FROM info_category ORDER BY id LIMIT 1) AS c, (
	SELECT 1 AS n, 'PM2.5 空气质量 Air Quality 报告' AS t, '' AS d, '监测站 pm2.5 数据' AS s, 'AIR quality' AS b
	UNION ALL SELECT 2, '汝府[2024]3号 文件', '汝府[2024]3号', '', ''
	UNION ALL SELECT 3, '部门，预算说明', '', '部门、预算', '低保低保低保 哈哈哈'
	UNION ALL SELECT 4, '长文', '', '', '$filler长文末尾短语'
	UNION ALL SELECT 5, 'Ｂｅｉｊｉｎｇ　２０２４年度', '', 'Ｃａｆé Straße', 'ΑΒΓ Кириллица') AS x;"
cc -O1 -shared -fPIC -DGONGKAI_FTS_BIGRAM_EXTENSION -I"$src/src" "$src/src/storage/fts_bigram.c" \
	"$src/src/util/utf8.c" "$src/src/util/buf.c" -o "$work/fts_bigram.so"
check extension-built test -s "$work/fts_bigram.so"
sqlite3 -bail -cmd ".load $work/fts_bigram" "$work/s.db" "$extra"
check sqlite-extra test "$(sqlite3 "$work/s.db" "SELECT count(*) FROM info_item WHERE id > 9000")" = 5
psql_at search -c "$extra" >/dev/null
check pg-extra-unindexed test "$(psql_at search -c 'SELECT count(*) FROM info_item_search WHERE item_id > 9000')" = 0
"$GONGKAI" migrate --db "$url" >"$work/migrate.txt" 2>&1
check migrate-backfill grep -q "已为 5 条信息建立检索索引" "$work/migrate.txt"
check pg-extra-indexed test "$(psql_at search -c 'SELECT count(*) FROM info_item_search WHERE item_id > 9000')" = 5
"$GONGKAI" migrate --db "$url" >"$work/migrate2.txt" 2>&1
check migrate-nothing-left test "$(grep -c 检索索引 "$work/migrate2.txt")" = 0

# ---- 1,200 items holding one term (more than the count's cap): on PostgreSQL, after ANALYZE, the
# planner expects most rows to match, so the count checks the newest items first (search.c, PG_PROBE)
bulk="INSERT INTO info_item (id, agency_id, category_id, index_no, title, doc_no, publisher, formed_on, summary,
	body_text, status, published_at, published_on, pub_year, created_by, created_at, updated_at)
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1200)
SELECT 10000 + x, c.agency_id, c.id, 'PGBULK-' || x, '批量条目' || x, '', '测试', '2020-09-01', '',
	CASE WHEN x % 3 = 0 THEN '汇总统计报表' ELSE '统计' END, 'published', 1600000000 + x, '2020-09-13', 2020,
	(SELECT min(id) FROM users), 1600000000, 1600000000
FROM n, (SELECT agency_id, id FROM info_category ORDER BY id LIMIT 1) AS c"
sqlite3 -bail -cmd ".load $work/fts_bigram" "$work/s.db" "$bulk"
psql_at search -c "$bulk" >/dev/null
"$GONGKAI" migrate --db "$url" >"$work/migrate-bulk.txt" 2>&1
check migrate-bulk grep -q "已为 1200 条信息建立检索索引" "$work/migrate-bulk.txt"
psql_at search -c "ANALYZE info_item" -c "ANALYZE info_item_search" >/dev/null
share() { psql_at search -c "SELECT info_item_search_estimate(\$\$'$1'\$\$)"; }
check probe-expected python3 -c "import sys; sys.exit(float('$(share 批量)') < 0.1)"
check probe-not-rare python3 -c "import sys; sys.exit(float('$(share 鑫)') >= 0.1)"

# ---- the queries, through each server's API
queries=(
	路 街 鑫 的 预算 低保 岗位 公益性 服务站 安全生产 环境卫生 部门预算 火锅烧烤 一般公共
	"钟办〔2024〕1号" "钟办[2024]1号" "钟办 2024" "钟办（2024）" "汝府〔2024〕3号" "汝府[2024]3号"
	"预算 公开" "街道 安全 排查" "安全生产 火锅" "２０２４" "2024年" "2024年度"
	pm2.5 PM2.5 ＰＭ２．５ "pm2" "AIR" "air quality" "Beijing" "ＢＥＩＪＩＮＧ" "café" "CAFÉ" "straße" "γ" "αβγ" "кириллица"
	"部门，预算" "部门预算说明" "低保" "哈哈" "长文末尾短语" "丁戊己" "〔" "（）" "，。"
	"'" "''" '\' "a'b\\c" "&" "|" "!" "预算&公开" "!预算" "预算|低保" "预算:*" "(预算)" "<->" "预算<->公开"
	"'预算' & '公开'" ":" "*" '"预算"' '"'
	批量 统计 "批量 统计" 汇总统计 "批量条目1" 条目 "批量 鑫"
)
collect() { # OUTFILE: one line per query and order: the total and the ids in order
	python3 - "$base" "$1" "${queries[@]}" <<'EOF'
import json, sys, urllib.parse, urllib.request, urllib.error
base, out, queries = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, 'w') as f:
    for q in queries:
        for order in ('date', 'relevance'):
            url = f"{base}/api/v1/items?per_page=100&order={order}&q={urllib.parse.quote(q)}"
            try:
                d = json.load(urllib.request.urlopen(url, timeout=60))
                f.write(f"{q!r} {order}: total {d['total']} ids {[i['id'] for i in d['items']]}\n")
            except urllib.error.HTTPError as e:
                f.write(f"{q!r} {order}: HTTP {e.code}\n")
EOF
}
start_server "$work/s.db"
collect "$work/sqlite.txt"
stop_server
start_server "$url"
collect "$work/pg.txt"
check portal-page test "$(curl -s -o /dev/null -w '%{http_code}' "$base/info?q=%E9%A2%84%E7%AE%97&order=relevance")" = 200
curl -s "$base/info?q=%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%85" >"$work/typo.html" # 部门预箅
check portal-suggest grep -q '您是不是要找：<a [^>]*>部门预算</a>' "$work/typo.html"
stop_server
check same-results diff -u "$work/sqlite.txt" "$work/pg.txt"
check queries-answered test "$(grep -c 'HTTP' "$work/pg.txt")" = 0
check some-hits test "$(grep -c 'total [1-9]' "$work/pg.txt")" -gt 40
check capped-totals test "$(grep -c "^'批量' .*: total 1000 " "$work/pg.txt")" = 2
check no-hits test "$(grep -c 'total 0 ' "$work/pg.txt")" -gt 10
# the looser matching of the index, also on PostgreSQL: ASCII brackets find the full-width 文号, case
# and width variants find each other, a phrase past position 16,383 is found
for pair in "'钟办[2024]1号' date:'钟办〔2024〕1号' date" "'ＰＭ２．５' date:'pm2.5' date" "'ＢＥＩＪＩＮＧ' date:'Beijing' date"; do
	a=$(grep -F "${pair%%:*}:" "$work/pg.txt" | cut -d: -f2-)
	b=$(grep -F "${pair##*:}:" "$work/pg.txt" | cut -d: -f2-)
	check "variant-${pair%%:*}" test -n "$a" -a "$a" = "$b"
done
check long-body-phrase grep -qF "'长文末尾短语' date: total 1 ids [9004]" "$work/pg.txt"
check across-punctuation grep -qF "'部门，预算' date: total" "$work/pg.txt"
grep -F "'部门，预算' date:" "$work/pg.txt" | grep -q "9003" || fail across-punctuation-hit "部门，预算 not found"

# ---- the GIN index answers a term
plan=$(psql_at search -c "SET enable_seqscan = off" -c "EXPLAIN SELECT count(*) FROM info_item_search s WHERE s.lexemes @@ CAST('''预算''' AS tsquery)")
check explain-gin grep -q "info_item_search_lexemes" <<<"$plan"

# ---- a change by plain SQL drops the row; migrate writes it again
psql_at search -c "UPDATE info_item SET title = '改写后的标题 甲骨文' WHERE id = 9001" >/dev/null
check stale-dropped test "$(psql_at search -c 'SELECT count(*) FROM info_item_search WHERE item_id = 9001')" = 0
"$GONGKAI" migrate --db "$url" >"$work/migrate3.txt" 2>&1
check stale-reindexed grep -q "已为 1 条信息建立检索索引" "$work/migrate3.txt"
check stale-folded grep -q "甲骨文" <<<"$(psql_at search -c 'SELECT folded FROM info_item_search WHERE item_id = 9001')"
finish
