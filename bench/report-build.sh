#!/usr/bin/env bash
# report-build.sh — how long `gongkai report build` takes for an agency with APPS (default 1,000,000)
# applications over seven years and ITEMS (default 200,000) published items. The rows are generated
# in SQL (sqlite3 with a recursive CTE) straight into a demo database; the report is then built three
# times and the best wall-clock time printed. Target: < 1 s. Uses $GONGKAI or build/gongkai (build a
# release binary for a fair number: sanitizers slow everything several times).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/sql.sh
APPS=${APPS:-1000000}
ITEMS=${ITEMS:-200000}
YEAR=${YEAR:-2024}
bin=${GONGKAI:-build/gongkai}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db

"$bin" init --db "$db" --demo >/dev/null
agency=$(sqlite3 "$db" "SELECT id FROM agency WHERE name = '汝州市钟楼街道办事处'")
user=$(sqlite3 "$db" "SELECT min(id) FROM users WHERE agency_id = $agency")

# info_item's search index triggers need gongkai's bigram tokenizer: load it into the shell as an
# extension built from the same source (as bench/search.sh does).
cc -O2 -shared -fPIC -DGONGKAI_FTS_BIGRAM_EXTENSION -Isrc src/storage/fts_bigram.c -o "$work/fts_bigram.so"

echo "generating $APPS applications and $ITEMS items for agency $agency …"
sqlite3 -bail -cmd ".load $work/fts_bigram" "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT OR IGNORE INTO info_category (agency_id, code, name, sort_order, created_at)
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10)
SELECT $agency, printf('B%02d', n), '类别' || n, n, 0 FROM c;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $APPS),
rows AS (SELECT n, date('2019-01-01', '+' || (n * 7919 % 2555) || ' days') AS received,
		(n * 31 % 60) AS took, (n * 13 % 21) AS outcome_no, (n % 6) AS type_no FROM seq)
INSERT INTO application (agency_id, tracking_no, year, seq, query_code_hash, applicant_type, name, id_type,
	id_number, applicant_key, description, form, delivery, channel, submitted_on, outcome, concluded_on,
	created_at, updated_at)
SELECT $agency, 'B' || n, CAST(substr(received, 1, 4) AS INTEGER), n, 'x',
	$APPLICANT_TYPE_SQL,
	'申请人', 'other', 'X', 'k' || (n % 5000), '申请公开某项信息', 'electronic', 'email', 'online', received,
	CASE WHEN n % 97 = 0 THEN NULL ELSE $OUTCOME_SQL END,
	CASE WHEN n % 97 = 0 THEN NULL ELSE date(received, '+' || took || ' days') END, 0, 0
FROM rows;
INSERT INTO application_event (application_id, seq, type, day, fee_yuan, created_at)
SELECT id, 2, 'fee_notice', submitted_on, 100 + id % 400, 0 FROM application WHERE agency_id = $agency AND id % 50 = 0;
INSERT INTO application_event (application_id, seq, type, day, fee_yuan, created_at)
SELECT id, 3, 'fee_paid', date(submitted_on, '+5 days'), 0, 0 FROM application WHERE agency_id = $agency AND id % 50 = 0;
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $ITEMS)
INSERT INTO info_item (agency_id, category_id, index_no, title, publisher, formed_on, body, doc_type, validity,
	validity_on, status, published_at, published_on, pub_year, created_by, created_at, updated_at)
SELECT $agency, (SELECT id FROM info_category WHERE agency_id = $agency AND code = printf('B%02d', 1 + n % 10)),
	'BENCH-' || n, '测试信息 ' || n, '钟楼街道', d, printf('%.*c', 800, '正'),
	CASE WHEN n % 40 = 0 THEN 'normative' ELSE 'other' END,
	CASE WHEN n % 400 = 0 THEN 'repealed' ELSE 'valid' END, CASE WHEN n % 400 = 0 THEN date(d, '+200 days') ELSE '' END,
	'published', 1, d, CAST(substr(d, 1, 4) AS INTEGER), $user, 0, 0
FROM (SELECT n, date('2019-01-01', '+' || (n * 7907 % 2555) || ' days') AS d FROM seq);
COMMIT;
ANALYZE;
SQL

best=
for i in 1 2 3; do
  t0=$(date +%s.%N)
  "$bin" report build --db "$db" --agency "$agency" --year "$YEAR" --format json >"$work/report.json" 2>"$work/findings.txt" || true
  t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l)
  if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
grep -q '"total"' "$work/report.json" || { echo "no report was built:"; cat "$work/findings.txt"; exit 1; }
printf 'report build, %d applications, %d items, year %d: best of 3 = %.3f s (target < 1 s)\n' \
  "$APPS" "$ITEMS" "$YEAR" "$best"
