#!/usr/bin/env bash
# pg_reconnect.sh — after PostgreSQL restarts, the very first request on each of a server's pooled
# connections succeeds (issue 12: the instances reconnect by themselves, without failing a request).
# libpq notices a lost session only when the connection is used, so the first statement after the
# restart fails; db_pg.c then opens a new session and runs the statement once more when nothing can be
# lost by it (a reader's statement outside a transaction, or the BEGIN of the write owner's transaction).
# On a throw-away cluster this test starts itself (tests/lib/pg.sh), one `gongkai serve` with one worker
# thread (so one reader connection, plus the writer): every connection is used before the restart, then
#   - the first request after `pg_ctl restart` (a search through the API, on the reader) answers 200 with
#     the same total as before, the next ones (a portal page, an item) 200;
#   - the first write after it (an application through the API, on the writer) is acknowledged (201) and
#     stored once (a count in the database), and the next one gets the next tracking number;
#   - after a second restart, twenty reads in a row answer 200 and the server logged no database error.
# Skips (exit 77) only when the PostgreSQL binaries are absent. Environment: GONGKAI (binary).
set -uo pipefail
E2E_NAME=pg-reconnect
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/pg.sh"
pg_own_cluster
url=$(pg_createdb recon) || exit 1
cd "$work" || exit 1
"$GONGKAI" init --demo --db "$url" >/dev/null 2>"$work/init.err" || { cat "$work/init.err"; exit 1; }
start_server "$url" --set threads=1
restart_pg() { pg_as_user "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w -t 60 restart >/dev/null 2>&1; }
status_of() { curl -s -m 30 -o "$work/body" -w '%{http_code}' "$@"; }
total() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$work/body" 2>/dev/null; }
apply() { # N: submits application N through the API; prints the status (the answer in $work/body)
	status_of -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"重连$1\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"description\":\"重连测试第 $1 份申请\",\"form\":\"electronic\",\"delivery\":\"email\",\"email\":\"a@example.cn\",\"channel\":\"online\"}"
}
tracking() { sed -n 's/.*"tracking_no": *"[A-Z]*[0-9]*-[0-9]*-\([0-9]*\)".*/\1/p' "$work/body"; }
stored() { "$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$pg_port" -U gongkai recon -c "SELECT count(*) FROM application WHERE name LIKE '重连%'"; }

# ---- every connection used once: the reader (search) and the writer (an application)
check search-before test "$(status_of "$base/api/v1/items?q=%E5%85%AC%E5%BC%80")" = 200
before=$(total)
check total-before test -n "$before"
check apply-before test "$(apply 1)" = 201
first_no=$(tracking)

# ---- restart: the first read and the first write on the old connections
check restart-1 restart_pg
check first-read-after-restart test "$(status_of "$base/api/v1/items?q=%E5%85%AC%E5%BC%80")" = 200
check same-total test "$(total)" = "$before"
check portal-after-restart test "$(status_of "$base/")" = 200
check first-write-after-restart test "$(apply 2)" = 201
check write-numbered test "$(tracking)" = "$(printf '%05d' $((10#$first_no + 1)))"
check second-write test "$(apply 3)" = 201
check stored-once test "$(stored)" = 3

# ---- a second restart, then reads in a row
check restart-2 restart_pg
codes=$(for _ in $(seq 20); do status_of "$base/api/v1/items?q=%E9%81%93%E8%B7%AF"; echo; done | sort | uniq -c | xargs)
check twenty-reads-200 test "$codes" = "20 200"
check no-db-error test "$(grep -c -i -E 'error.*(database|数据库|connection|server closed)' "$work/server.log")" = 0
finish pg_reconnect
