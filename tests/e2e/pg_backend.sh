#!/usr/bin/env bash
# pg_backend.sh — gongkai on PostgreSQL (issue 12, phase 1), on a throw-away cluster this test starts
# itself (tests/lib/pg.sh: initdb in a temporary folder, run as an unprivileged user, random loopback
# port, removed afterwards):
#   - the storage unit tests' scenarios (storage_test_db with GONGKAI_TEST_DB=postgresql://…);
#   - gongkai init --demo --db postgresql://… builds the same demo as on SQLite (row counts of every
#     table compared with a SQLite demo built beside it);
#   - gongkai serve on it: health names the backend, the portal's pages answer 200 (a crawl of the
#     public site), an application submitted through the API is found after the server restarts;
#   - search answers through its index (the same total as an exact-substring count on SQLite; the full
#     comparison of both backends is e2e/pg_search);
#   - the append-only audit log refuses UPDATE there too (the translated trigger).
# Skips (exit 77, ctest SKIP_RETURN_CODE) only when the PostgreSQL binaries are absent.
# Environment: GONGKAI (binary).
set -uo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/pg.sh"
pg_own_cluster

# ---- the storage layer's scenarios
unit_url=$(pg_createdb unit) || exit 1
GONGKAI_TEST_DB=$unit_url "$(dirname "$GONGKAI")/storage_test_db" >"$work/unit.log" 2>&1
check storage-unit-tests test $? = 0
check storage-unit-tests-both grep -q "PASSED  \] 19 test(s)" "$work/unit.log"
check storage-unit-tests-pg-only grep -q "PASSED  \] 1 test(s)" "$work/unit.log"
grep -q "PASSED" "$work/unit.log" || cat "$work/unit.log"

# ---- the demo, built on both backends
url=$(pg_createdb demo) || exit 1
cd "$work" || exit 1 # files beside the PostgreSQL database go to ./var/demo.audit-key, ./var/files
"$GONGKAI" init --demo --db "$url" >"$work/init.txt" 2>"$work/init.err"
check init-demo test $? = 0
check init-clean test ! -s "$work/init.err"
check audit-key-file test -s "$work/var/demo.audit-key"
"$GONGKAI" init --demo --db "$work/s.db" >/dev/null 2>"$work/sinit.err" || {
	fail sqlite-demo "init on SQLite failed"
	cat "$work/sinit.err"
}
tables=$(sqlite3 "$work/s.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
differ=0
for t in $tables; do
	a=$(sqlite3 "$work/s.db" "SELECT count(*) FROM $t")
	b=$(psql_at demo -c "SELECT count(*) FROM $t" 2>&1)
	[ "$a" = "$b" ] || { echo "table $t: sqlite $a, postgresql $b"; differ=$((differ + 1)); }
done
check demo-same-rows test "$differ" = 0
check demo-has-items test "$(psql_at demo -c 'SELECT count(*) FROM info_item')" -gt 100
check demo-has-annual test "$(psql_at demo -c "SELECT count(*) FROM annual_report WHERE status = 'published'")" -gt 0

# ---- the audit log stays append-only (translated trigger, constraint SQLSTATE)
psql_at demo -c "UPDATE audit_log SET action = 'x' WHERE id = 1" >"$work/upd.txt" 2>&1
check audit-append-only grep -q "audit_log is append-only" "$work/upd.txt"

# ---- serving
start_server "$url" --set threads=2
check health-200 test "$(curl -s -o "$work/h1" -w '%{http_code}' "$base/api/v1/health")" = 200
check health-backend grep -q '"backend":"postgresql"' "$work/h1"
check health-ok grep -q '"status":"ok"' "$work/h1"
for page in / /info /info/guide /apply /apply/new /annual; do
	check "page-$page" test "$(curl -s -o /dev/null -w '%{http_code}' "$base$page")" = 200
done
python3 - "$base" >"$work/crawl.txt" <<'EOF'
# crawls the public site from / (at most 150 pages, 3 per URL shape) and prints the pages not 200
import re, sys, urllib.request, urllib.error
base, seen, todo, bad = sys.argv[1], set(), ['/'], []
shape = lambda u: re.sub(r'\d+', 'N', u)
while todo and len(seen) < 150:
    u = todo.pop(0)
    if u in seen: continue
    seen.add(u)
    try:
        r = urllib.request.urlopen(base + u, timeout=30); body = r.read().decode('utf8', 'replace'); code = r.status
    except urllib.error.HTTPError as e:
        body, code = '', e.code
    if code != 200: bad.append(f'{code} {u}')
    for h in re.findall(r'href="(/[^"#]*)"', body):
        h = h.replace('&amp;', '&')
        if h.startswith(('/assets', '/admin', '/login', '/logout')) or h in seen: continue
        if sum(1 for s in seen if shape(s) == shape(h)) < 3: todo.append(h)
print(len(seen), 'pages')
for b in bad: print('NOT 200', b)
EOF
check crawl-many test "$(head -1 "$work/crawl.txt" | cut -d' ' -f1)" -gt 50
check crawl-all-200 test "$(grep -c 'NOT 200' "$work/crawl.txt")" = 0
grep 'NOT 200' "$work/crawl.txt"

# ---- search through the PostgreSQL index: the same total as an exact-substring count on SQLite
want=$(sqlite3 "$work/s.db" "SELECT count(*) FROM info_item WHERE status = 'published' AND published_at > 0 AND published_at <= unixepoch() AND (instr(title, '预算') OR instr(doc_no, '预算') OR instr(summary, '预算') OR instr(body_text, '预算'))")
got=$(curl -s "$base/api/v1/items?q=%E9%A2%84%E7%AE%97&limit=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
check search-api-total test "$got" = "$want"
check search-found-some test "${want:-0}" -gt 0
check search-portal-highlight grep -q '<mark>预算</mark>' <<<"$(curl -s "$base/info?q=%E9%A2%84%E7%AE%97")"

# ---- one application through the API, found after a restart
code=$(curl -s -o "$work/app.json" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
	-d '{"agency_id":2,"applicant_type":"natural_person","name":"测试申请人","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","description":"2025 年本街道老旧小区改造的资金安排","form":"electronic","delivery":"email","email":"a@example.cn","channel":"online"}')
check apply-201 test "$code" = 201
read -r no qc < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["tracking_no"], d["query_code"])' "$work/app.json")
check apply-tracking test -n "${no:-}"
check apply-in-postgresql test "$(psql_at demo -c "SELECT count(*) FROM application WHERE tracking_no = '$no'")" = 1
stop_server
start_server "$url" --set threads=2
curl -s -o "$work/again.json" "$base/api/v1/applications/$no?code=$qc"
check apply-after-restart grep -q "\"tracking_no\":\"$no\"" "$work/again.json"
check apply-status grep -q '"status":"awaiting_confirmation"' "$work/again.json"
check server-log-clean test "$(grep -c ' 500 ' "$work/server.log")" = 0
finish
