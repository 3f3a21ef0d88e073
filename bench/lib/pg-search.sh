#!/usr/bin/env bash
# bench/lib/pg-search.sh — search latency on PostgreSQL at ITEMS published items (issue 12: search p95
# < 50 ms at 1,000,000). Run by bench/postgresql.sh; runs alone too.
#
#   bench/lib/pg-search.sh [BUILD_DIR [POSTGRESQL_URL]]
#     BUILD_DIR       where the gongkai binary is (default build)
#     POSTGRESQL_URL  an empty database to fill (postgresql://user@host:port/dbname); without it a
#                     throw-away cluster is started with tests/lib/pg.sh and removed afterwards
#     ITEMS=N         published items to generate (default 1000000)
#     SECONDS_PER=S   wrk seconds per query (default 5)
#   Reuse: a POSTGRESQL_URL whose database already holds exactly ITEMS bench items (index_no BENCH-…)
#   from an earlier run is measured as it is — the generation, backfill and GIN build are skipped;
#   `gongkai migrate` still runs (newer migrations apply to it as to any deployed database), then
#   ANALYZE. So a cluster kept between runs (e.g. tests/lib/pg.sh's pg_start without pg_stop) pays for
#   the million items once. Any other non-empty database is refused.
#
# How: `gongkai init --demo` creates the schema and the demo agency; SQL (generate_series) inserts ITEMS
# published items with Chinese titles, 文号 and ~300-character bodies drawn from a government vocabulary
# (the same words as bench/search.sh); `gongkai migrate` then writes their search index rows — the
# binary's own backfill, the same code that indexes an existing database after migration 070 — with
# the GIN index dropped meanwhile and built once afterwards (much faster than growing it row by row).
# Then `gongkai serve` is measured with wrk, one connection, through GET /api/v1/items?q=… for 1-, 2-
# and 4-character terms, a 文号 and two terms, common ones and ones that find nothing.
# Output: the setup times and one line per query (p50 / p95) on stderr; on stdout the one line
#   search p95 at N items: X ms
# where X is the p95 of all those requests together (every query gets the same time).
# Needs psql, wrk, python3. Time at 1,000,000 items on 2 idle cores: about 4 minutes to generate, the
# backfill at ~1,500 items/s (about 11 minutes; measured at 20,000 items), the GIN index some minutes;
# on a machine loaded by other work the backfill slowed to ~150 items/s.
set -euo pipefail
build=${1:-build}
url=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$src/bench/lib/serve.sh"
gongkai="$src/$build/gongkai"
[ -x "$gongkai" ] || gongkai="$build/gongkai"
[ -x "$gongkai" ] || { echo "no gongkai binary in $build" >&2; exit 1; }
for tool in psql wrk python3; do
	command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
items=${ITEMS:-1000000}
per=${SECONDS_PER:-5}
work=$(mktemp -d /tmp/gongkai-bench-pgsearch-XXXXXX)
server_pid=
own_cluster=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "$own_cluster" ] && pg_stop
	rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$url" ]; then
	. "$src/tests/lib/pg.sh"
	own_cluster=1
	pg_start >/dev/null || { echo "could not start PostgreSQL" >&2; exit 1; }
	url=$(pg_createdb bench)
fi
say() { echo "$*" >&2; }
psql_q() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }
cd "$work" # files beside a PostgreSQL database go to ./var/
have=$(psql_q -c "SELECT count(*) FROM info_item WHERE index_no LIKE 'BENCH-%'" 2>/dev/null || echo none)
if [ "$have" = "$items" ]; then
	say "reusing the $items bench items already in the database"
	start=$(date +%s)
	"$gongkai" migrate --db "$url" >"$work/migrate.txt"
	psql_q -c "ANALYZE info_item" -c "ANALYZE info_item_search"
	say "migrate + ANALYZE in $(( $(date +%s) - start )) s"
elif [ "$have" != none ]; then
	echo "the database holds $have bench items, not ITEMS=$items: give an empty database" >&2
	exit 1
else
	"$gongkai" init --demo --db "$url" >/dev/null

	say "generating $items published items…"
	start=$(date +%s)
	psql_q <<-SQL
	CREATE TEMP TABLE vocab AS SELECT string_to_array('预算 决算 公开 政务 信息 道路 改造 社区 养老 服务 救助 低保 补贴 农业 农村 安全 生产 检查 会议 报告 规划 计划 通知 公告 公示 街道 办事处 居民 工作 部署 落实 政策 文件 建设 项目 资金 管理 监督 考核 教育 医疗 卫生 环境 保护 消防 应急 防汛 就业 培训 文化 体育 交通 水利 住房 征收 补偿 审批 许可 处罚 收费 采购 招标 统计 数据 调查 宣传 志愿 服务站 网格 治理 平安 法治', ' ') AS w;
	CREATE TEMP TABLE bench_cat AS
		SELECT c.agency_id, c.id AS category_id, (SELECT min(id) FROM users) AS user_id
		FROM info_category c ORDER BY c.id LIMIT 1;
	INSERT INTO info_item (agency_id, category_id, index_no, title, doc_no, publisher, formed_on, summary, body,
		body_text, status, published_at, published_on, pub_year, created_by, created_at, updated_at)
	SELECT b.agency_id, b.category_id, 'BENCH-' || n, t.title, '钟办〔' || (2020 + n % 5) || '〕' || n || '号',
		'汝州市钟楼街道办事处', '2020-01-01', t.summary, '', t.body, 'published', at,
		to_char(to_timestamp(at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
		extract(year FROM to_timestamp(at) AT TIME ZONE 'Asia/Shanghai')::int, b.user_id, at, at
	FROM bench_cat b, vocab v, generate_series(1, $items) AS n
	CROSS JOIN LATERAL (SELECT 946684800 + n * 600 AS at) AS a
	CROSS JOIN LATERAL (SELECT
		array_to_string(ARRAY(SELECT v.w[1 + floor(random() * cardinality(v.w))::int] FROM generate_series(1, 6) WHERE n > 0), '') AS title,
		array_to_string(ARRAY(SELECT v.w[1 + floor(random() * cardinality(v.w))::int] FROM generate_series(1, 12) WHERE n > 0), '') AS summary,
		array_to_string(ARRAY(SELECT v.w[1 + floor(random() * cardinality(v.w))::int] FROM generate_series(1, 110) WHERE n > 0), '') AS body
	) AS t;
	SQL
	say "items generated in $(( $(date +%s) - start )) s"

	start=$(date +%s)
	psql_q -c "DROP INDEX info_item_search_lexemes"
	"$gongkai" migrate --db "$url" >"$work/migrate.txt"
	say "$(grep 检索索引 "$work/migrate.txt" || echo 'no index rows written') in $(( $(date +%s) - start )) s"
	start=$(date +%s)
	psql_q -c "SET maintenance_work_mem = '512MB'" -c "CREATE INDEX info_item_search_lexemes ON info_item_search USING gin (lexemes)" \
		-c "ANALYZE info_item" -c "ANALYZE info_item_search"
	say "GIN index built in $(( $(date +%s) - start )) s; index $(psql_q -c "SELECT pg_size_pretty(pg_relation_size('info_item_search_lexemes'))"), table $(psql_q -c "SELECT pg_size_pretty(pg_total_relation_size('info_item_search'))")"
fi

gk_serve "$gongkai" "$url" "$work/server.log" --set threads=2

# one wrk run per query (one connection: each figure is one search's latency); each run appends its
# latency distribution (100 percentiles) to a file, whose p95 is the figure printed at the end
cat >"$work/lat.lua" <<'LUA'
done = function(summary, latency, requests)
	io.write(string.format("p50 %.1f ms  p95 %.1f ms  (%d requests)\n", latency:percentile(50) / 1000,
		latency:percentile(95) / 1000, summary.requests))
	local f = io.open(os.getenv("LAT_FILE"), "a")
	for i = 1, 100 do f:write(string.format("%.3f\n", latency:percentile(i - 0.5) / 1000)) end
	f:close()
end
LUA
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
export LAT_FILE="$work/latencies"
: >"$LAT_FILE"
printf '%-12s %s\n' term latency >&2
for term in 路 鑫 预算 公开 低保 养老 火锅 一般公共 火锅烧烤 道路改造 社区养老 志愿服务 钟办〔2021〕 "预算 养老"; do
	result=$(wrk -t1 -c1 -d"${per}s" --timeout 10s -H "Cookie: bench=1" -s "$work/lat.lua" \
		"http://$addr/api/v1/items?q=$(enc "$term")" | tail -n 1)
	printf '%-12s %s\n' "$term" "$result" >&2
done
plan=$(psql_q -c "EXPLAIN SELECT count(*) FROM info_item_search s WHERE s.lexemes @@ CAST('''道路'' & ''路改'' & ''改造''' AS tsquery)")
grep -q info_item_search_lexemes <<<"$plan" && say "plan of 道路改造: GIN index info_item_search_lexemes" || say "plan of 道路改造: $plan"
grep -c ' 500 ' "$work/server.log" >/dev/null && say "server answered 500: $(grep -c ' 500 ' "$work/server.log")"
# every query contributes its latency distribution (100 percentiles) equally: the p95 of the union
p95=$(sort -n "$LAT_FILE" | awk '{ v[NR] = $1 } END { i = int(NR * 0.95); if (i < 1) i = 1; printf "%.1f", v[i] }')
echo "search p95 at $items items: $p95 ms"
