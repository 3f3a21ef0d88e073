#!/usr/bin/env bash
# postgresql.sh — the figures of issue 12 "Speed", in one run, on the deployment of docs/deploy.md
# (scripts/deploy-local.sh: PostgreSQL primary with fsync and synchronous_commit on, a streaming
# replica, two `gongkai serve` instances, nginx in front; all on loopback, on this machine):
#   1. acknowledged application submissions/s (HTTP 201, counted as rows committed): wrk with CONNS
#      connections (default 16) for APPLY_SECONDS (default 10) POSTing bench/lib/apply-post.lua's JSON —
#      through nginx to the two instances on PostgreSQL, and straight to one instance on SQLite (WAL,
#      each batch fdatasync'ed before its jobs return); both rates and the ratio PostgreSQL / SQLite (target ≥ 1);
#   2. the cached home page through nginx and the two instances against nginx serving the same bytes
#      (best of ROUNDS alternating wrk runs, bench/lib/wrk.sh, as bench/http.sh);
#   3. the annual report (`gongkai report build`, best of 3) of an agency with APPS (default 1,000,000)
#      applications over seven years, generated in SQL (generate_series) into a database on the
#      primary; the report's 新收 count is checked against a SQL count of the same year (target < 2 s);
#   4. search p95 at 1,000,000 items: bench/lib/pg-search.sh when it exists (else said to be not measured).
#   With the submissions, the CPU time (user + system) per acknowledged submission of the gongkai
#   processes (the SQLite instance; the two PostgreSQL instances together, and the PostgreSQL server's
#   processes), with the load average at the start of the run.
# Usage: bench/postgresql.sh   Environment: GONGKAI (release binary; default build/gongkai), CONNS,
# APPLY_SECONDS, APPS, YEAR (default 2024), DURATION (wrk run, default 4s), ROUNDS (default 3),
# PG_BIN, PG_USER (see scripts/deploy-local.sh), ONLY (default "apply page report search": the parts to run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib/wrk.sh
. bench/lib/sql.sh
bin=${GONGKAI:-build/gongkai}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
export GONGKAI=$bin
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
conns=${CONNS:-16}
apply_seconds=${APPLY_SECONDS:-10}
APPS=${APPS:-1000000}
YEAR=${YEAR:-2024}
duration=${DURATION:-4s}
rounds=${ROUNDS:-3}
for tool in wrk curl sqlite3 python3 "$PG_BIN/psql" "$PG_BIN/initdb"; do
	command -v "$tool" >/dev/null || { echo "bench/postgresql.sh: $tool missing (scripts/deps.sh bench)"; exit 1; }
done
[ -x "$(nginx_bin)" ] || { echo "bench/postgresql.sh: nginx missing (scripts/deps.sh bench)"; exit 1; }
work=$(mktemp -d /tmp/gongkai-bench-pg-XXXXXX)
chmod 755 "$work" # PostgreSQL runs as another user when this runs as root
wrk_log=$work/wrk.txt
sqlite_pid=
cleanup() {
	[ -n "$sqlite_pid" ] && kill "$sqlite_pid" 2>/dev/null && wait "$sqlite_pid" 2>/dev/null
	[ -f "$work/static/nginx/nginx.pid" ] && kill "$(cat "$work/static/nginx/nginx.pid")" 2>/dev/null
	scripts/deploy-local.sh stop "$work/deploy" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
only=" ${ONLY:-apply page report search} "
part() { [[ $only == *" $1 "* ]]; }
status=0
# CPU time (user + system) so far of the processes $@, in milliseconds.
cpu_ms() { local p; for p in "$@"; do cat "/proc/$p/stat"; done 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 } END { print int(t * 1000 / hz) }'; }
psql_at() { "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$PG_PORT" -U gongkai "$@"; }
rate() { python3 -c "print(round($1 / $2, 1))"; }
elapsed_of() { sed -n 's/.* requests in \([0-9.]*\)s.*/\1/p' "$1"; }

echo "机器：$(nproc) 核，$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)；开始时负载 $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1a. submissions, one instance on SQLite
if part apply; then
	"$bin" init --db "$work/s.db" --demo >/dev/null
	sport=$(free_port)
	"$bin" serve --db "$work/s.db" --listen "127.0.0.1:$sport" --set trust_proxy=true --set log_level=warn \
		2>"$work/sqlite.log" & # the default worker threads on both sides (issue 15: the group commit needs them)
	sqlite_pid=$!
	for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$sport/api/v1/health" && break; sleep 0.1; done
	before=$(sqlite3 "$work/s.db" "SELECT count(*) FROM application")
	load_sqlite=$(cut -d' ' -f1 /proc/loadavg)
	cpu0=$(cpu_ms "$sqlite_pid")
	wrk -t2 -c"$conns" -d"${apply_seconds}s" -s bench/lib/apply-post.lua "http://127.0.0.1:$sport/api/v1/applications" >"$work/wrk-sqlite.txt"
	cpu_sqlite=$(($(cpu_ms "$sqlite_pid") - cpu0))
	acked_sqlite=$(($(sqlite3 "$work/s.db" "SELECT count(*) FROM application") - before))
	sqlite_rate=$(rate "$acked_sqlite" "$(elapsed_of "$work/wrk-sqlite.txt")")
	kill "$sqlite_pid" && wait "$sqlite_pid" 2>/dev/null || true
	sqlite_pid=
fi

# ---- 1b. submissions, two instances on PostgreSQL behind nginx
NGINX_ACCESS_LOG=off GK_THREADS=0 scripts/deploy-local.sh start "$work/deploy" >/dev/null
# shellcheck disable=SC1091
. "$work/deploy/deploy.env"
if part apply; then
	gk_pids=$(cat "$work/deploy/run/gk1.pid" "$work/deploy/run/gk2.pid")
	pg_pids() { pgrep -P "$(head -1 "$work/deploy/pg/primary/postmaster.pid")"; }
	before=$(psql_at gongkai -c "SELECT count(*) FROM application")
	load_pg=$(cut -d' ' -f1 /proc/loadavg)
	# shellcheck disable=SC2086
	cpu0=$(cpu_ms $gk_pids)
	# shellcheck disable=SC2046
	pg_cpu0=$(cpu_ms $(pg_pids))
	wrk -t2 -c"$conns" -d"${apply_seconds}s" -s bench/lib/apply-post.lua "$BASE/api/v1/applications" >"$work/wrk-pg.txt"
	# shellcheck disable=SC2086
	cpu_pg=$(($(cpu_ms $gk_pids) - cpu0))
	# shellcheck disable=SC2046
	cpu_pg_server=$(($(cpu_ms $(pg_pids)) - pg_cpu0))
	acked_pg=$(($(psql_at gongkai -c "SELECT count(*) FROM application") - before))
	pg_rate=$(rate "$acked_pg" "$(elapsed_of "$work/wrk-pg.txt")")
	per() { python3 -c "print(round($1 * 1000 / max($2, 1)))"; }
	echo "已确认的申请提交：PostgreSQL 两个实例（经 nginx）$pg_rate 件/秒（$acked_pg 件）；SQLite 一个实例 $sqlite_rate 件/秒（$acked_sqlite 件）；比值 $(python3 -c "print(round($pg_rate / $sqlite_rate, 2))")（目标 ≥ 1）；$conns 个连接，各 ${apply_seconds} 秒"
	echo "每件的 CPU 时间：SQLite 实例 $(per "$cpu_sqlite" "$acked_sqlite") 微秒（负载 $load_sqlite）；PostgreSQL 两个实例合计 $(per "$cpu_pg" "$acked_pg") 微秒，PostgreSQL 服务器进程 $(per "$cpu_pg_server" "$acked_pg") 微秒（负载 $load_pg）"
	grep -h 'Non-2xx' "$work/wrk-sqlite.txt" "$work/wrk-pg.txt" || true
fi

# ---- 2. the cached home page through nginx + two instances against nginx serving the same bytes
if part page; then
mkdir -p "$work/static/www"
curl -sf "$BASE/" -o "$work/static/www/index.html"
nport=$(free_port)
nginx_static "$work/static" "$nport"
compare "首页，页面缓存，经 nginx 和两个实例（$(wc -c <"$work/static/www/index.html") 字节）" "" "$BASE/" \
	"http://127.0.0.1:$nport/index.html"
kill "$(cat "$work/static/nginx/nginx.pid")"
fi

# ---- 3. the annual report from $APPS applications on PostgreSQL
if part report; then
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U gongkai report
report_url=postgresql://gongkai@127.0.0.1:$PG_PORT/report
mkdir -p "$work/report"
(cd "$work/report" && "$bin" init --db "$report_url" --demo >/dev/null)
agency=$(psql_at report -c "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
echo "生成 $APPS 件申请（机关 $agency）…"
t0=$(date +%s)
psql_at report -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
BEGIN;
INSERT INTO application (agency_id, tracking_no, year, seq, query_code_hash, applicant_type, name, id_type,
	id_number, applicant_key, description, form, delivery, channel, submitted_on, outcome, concluded_on,
	created_at, updated_at)
SELECT $agency, 'B' || n, extract(year FROM received)::int, n, 'x', $APPLICANT_TYPE_SQL,
	'申请人', 'other', 'X', 'k' || (n % 5000), '申请公开某项信息', 'electronic', 'email', 'online',
	to_char(received, 'YYYY-MM-DD'),
	CASE WHEN n % 97 = 0 THEN NULL ELSE $OUTCOME_SQL END,
	CASE WHEN n % 97 = 0 THEN NULL ELSE to_char(received + took, 'YYYY-MM-DD') END, 0, 0
FROM (SELECT n, date '2019-01-01' + (n * 7919 % 2555)::int AS received, (n * 31 % 60)::int AS took,
		n * 13 % 21 AS outcome_no, n % 6 AS type_no FROM generate_series(1, $APPS::bigint) AS n) AS rows;
INSERT INTO application_event (application_id, seq, type, day, fee_yuan, created_at)
SELECT id, 2, 'fee_notice', submitted_on, 100 + id % 400, 0 FROM application WHERE agency_id = $agency AND id % 50 = 0;
INSERT INTO application_event (application_id, seq, type, day, fee_yuan, created_at)
SELECT id, 3, 'fee_paid', to_char(submitted_on::date + 5, 'YYYY-MM-DD'), 0, 0 FROM application
WHERE agency_id = $agency AND id % 50 = 0;
COMMIT;
ANALYZE;
SQL
echo "（生成用时 $(($(date +%s) - t0)) 秒）"
best=
for _ in 1 2 3; do
	t0=$(date +%s.%N)
	(cd "$work/report" && "$bin" report build --db "$report_url" --agency "$agency" --year "$YEAR" --format json) \
		>"$work/report.json" 2>"$work/findings.txt" || true
	t=$(python3 -c "print($(date +%s.%N) - $t0)")
	if [ -z "$best" ] || python3 -c "import sys; sys.exit(not ($t < $best))"; then best=$t; fi
done
got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["applications"]["new"][-1])' "$work/report.json" 2>/dev/null || echo "?")
want=$(psql_at report -c "SELECT count(*) FROM application WHERE agency_id = $agency AND submitted_on LIKE '$YEAR-%'")
printf '年度报告（report build，%d 件申请，%d 年度）：最好 %.3f 秒（目标 < 2 秒）；表三新收 %s 件，数据库中该年收到 %s 件%s\n' \
	"$APPS" "$YEAR" "$best" "$got" "$want" "$([ "$got" = "$want" ] && echo "，一致" || echo "，不一致！")"
[ "$got" = "$want" ] || { head -5 "$work/findings.txt"; status=1; }
"$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U gongkai report
fi

# ---- 4. search p95 at 1,000,000 items (bench/lib/pg-search.sh, written with the PostgreSQL search)
if ! part search; then
	:
elif [ -x bench/lib/pg-search.sh ]; then
	mkdir -p "$work/report"
	"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U gongkai search
	(cd "$work/report" && "$root/bench/lib/pg-search.sh" "$(dirname "$bin")" "postgresql://gongkai@127.0.0.1:$PG_PORT/search") \
		2>"$work/search.log" | tail -1 || { cat "$work/search.log"; status=1; }
else
	echo "搜索 p95（1,000,000 条信息）：未测——bench/lib/pg-search.sh 尚不存在"
fi
echo "结束时负载 $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
