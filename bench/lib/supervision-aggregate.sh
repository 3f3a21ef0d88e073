#!/usr/bin/env bash
# supervision-aggregate.sh (run by bench/supervision.sh) — speed of the aggregated report of issue 10 (one run,
# printed with a baseline from the same run): AGENCIES (default 300) on-platform agencies below
# 汝州市人民政府, each with APPS (default 10,000) applications over seven years, generated in SQL; then
# `gongkai report aggregate` of the city for YEAR (every agency built from its records and summed), printed
# with the time of `gongkai report build` of one of those agencies as the baseline. Target (issue 10):
# < 2 s. Uses $GONGKAI or build/gongkai (a release build for a fair number).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/sql.sh
AGENCIES=${AGENCIES:-300}
APPS=${APPS:-10000}
YEAR=${YEAR:-2024}
bin=${GONGKAI:-build/gongkai}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db

"$bin" init --db "$db" --demo >/dev/null
city=$(sqlite3 "$db" "SELECT id FROM agency WHERE name = '汝州市人民政府'")
echo "generating $AGENCIES agencies with $APPS applications each …"
sqlite3 -bail "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a WHERE n < $AGENCIES)
INSERT INTO agency (parent_id, level, name, created_at, updated_at)
SELECT $city, 6, '基准测试局' || n, 0, 0 FROM a;
CREATE TEMP TABLE bench_agency AS SELECT id FROM agency WHERE name LIKE '基准测试局%';
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $APPS),
rows AS (SELECT b.id AS agency, n, date('$((YEAR - 6))-01-01', '+' || ((n * 7919 + b.id) % 2555) || ' days') AS received,
		(n * 31 % 60) AS took, (n * 13 % 21) AS outcome_no, (n % 6) AS type_no FROM bench_agency b, seq)
INSERT INTO application (agency_id, tracking_no, year, seq, query_code_hash, applicant_type, name, id_type,
	id_number, applicant_key, description, form, delivery, channel, submitted_on, outcome, concluded_on,
	created_at, updated_at)
SELECT agency, 'S' || agency || '-' || n, CAST(substr(received, 1, 4) AS INTEGER), n, 'x',
	$APPLICANT_TYPE_SQL,
	'申请人', 'other', 'X', 'k' || (n % 5000), '申请公开某项信息', 'electronic', 'email', 'online', received,
	CASE WHEN n % 97 = 0 THEN NULL ELSE $OUTCOME_SQL END,
	CASE WHEN n % 97 = 0 THEN NULL ELSE date(received, '+' || took || ' days') END, 0, 0
FROM rows;
COMMIT;
ANALYZE;
SQL
one=$(sqlite3 "$db" "SELECT min(id) FROM agency WHERE name LIKE '基准测试局%'")

seconds() { # COMMAND… → wall-clock seconds of one run
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}
base=$(seconds "$bin" report build --agency "$one" --year "$YEAR" --db "$db")
agg=$(seconds "$bin" report aggregate --agency "$city" --year "$YEAR" --db "$db")
"$bin" report aggregate --agency "$city" --year "$YEAR" --db "$db" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if len(d["parts"]) >= '"$AGENCIES"' else 1)' || { echo "the aggregate does not have every agency"; exit 1; }
printf 'aggregated report of %d agencies built: %.2f s (single-agency report build: %.3f s; %.0f×); target < 2 s\n' \
	"$AGENCIES" "$agg" "$base" "$(echo "$agg / $base" | bc -l)"
