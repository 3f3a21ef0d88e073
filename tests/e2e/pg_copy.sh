#!/usr/bin/env bash
# pg_copy.sh — `gongkai db copy` (issue 12, "moving up"), on a throw-away PostgreSQL cluster this test
# starts itself (tests/lib/pg.sh):
#   - bad arguments are refused with a Chinese message and exit 64, a missing source with exit 2, and
#     nothing is created;
#   - the SQLite demo is copied to PostgreSQL while a server serves it and applications are submitted
#     during the copy: exit 0, every table's counts printed equal, the printed target counts equal
#     psql's, the copied applications are a consistent snapshot (all acknowledged before the copy are
#     there, none that the source lacks) and the audit chain verifies there (`gongkai audit verify`);
#   - a copy of the quiet source: every table counted independently with sqlite3 and psql is equal;
#   - `gongkai serve` on the copy answers the portal, the staff log in with their SQLite passwords, and a
#     new application gets a fresh id and tracking number (the identity sequences were reset);
#   - copying into the non-empty copy is refused (exit 2) and changes nothing;
#   - a copy that fails midway (a destination table made to reject a row) exits 1 naming the table and
#     leaves the destination as the migrations made it, without the audit key file;
#   - PostgreSQL back to SQLite: the same counts, the chain verifies.
# Skips (exit 77) only when the PostgreSQL binaries are absent. Environment: GONGKAI (binary).
set -uo pipefail
E2E_NAME=pg-copy
. "$(dirname "$0")/lib/server.sh"
. "$(dirname "$0")/../lib/pg.sh"
pg_own_cluster
cd "$work" || exit 1 # files beside a PostgreSQL database go to ./var/DBNAME.audit-key

# Every table of a database (FTS tables aside) with its row count, "name count" per line, sorted.
sqlite_counts() {
	local t
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name"); do
		echo "$t $(sqlite3 "$1" "SELECT count(*) FROM $t")"
	done
}
# (info_item_search is PostgreSQL's search index, built by gongkai after the copy: checked apart)
pg_counts() {
	local t
	for t in $(psql_at "$1" -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'info_item_search') ORDER BY table_name COLLATE \"C\""); do
		echo "$t $(psql_at "$1" -c "SELECT count(*) FROM $t")"
	done
}
# The "name source target" rows of the command's table.
printed_rows() { awk 'NF == 3 && $1 ~ /^[a-z_]+$/ && $2 ~ /^[0-9]+$/ { print $1, $2, $3 }' "$1"; }

# ---- bad arguments change nothing
mkdir "$work/empty"
(cd "$work/empty" && "$GONGKAI" db copy --from sqlite:x.db >"$work/a.out" 2>"$work/a.err")
check usage-missing-to test $? = 64
check usage-missing-to-says grep -q '缺少 --to' "$work/a.err"
(cd "$work/empty" && "$GONGKAI" db copy --from mysql://h/x --to y.db >"$work/a.out" 2>"$work/a.err")
check usage-scheme test $? = 64
check usage-scheme-says grep -q '不是可识别的数据库地址' "$work/a.err"
(cd "$work/empty" && "$GONGKAI" db copy --from sqlite:missing.db --to sqlite:new.db >"$work/a.out" 2>"$work/a.err")
check source-missing test $? = 2
check source-missing-says grep -q 'missing.db 不存在' "$work/a.err"
check nothing-created test -z "$(ls -A "$work/empty")"

# ---- a live copy: the SQLite demo served, applications submitted while it is copied
demo_db
admin_pw=$(password admin)
start_server "$db" --set threads=2
submit() { # N: prints "HTTP-code tracking-number"
	curl -s -o "$work/app.$1" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
		-d '{"agency_id":2,"applicant_type":"natural_person","name":"测试申请人","id_type":"resident_id","id_number":"11010519491231002X","phone":"13812345678","description":"复制期间提交的申请 '"$1"'","form":"electronic","delivery":"email","email":"a@example.cn","channel":"online"}'
	echo " $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("tracking_no", "-"))' "$work/app.$1" 2>/dev/null)"
}
for i in 1 2 3; do submit "$i" >>"$work/before.txt"; done
check acked-before test "$(grep -c '^201 ' "$work/before.txt")" = 3
(for i in $(seq 4 20); do submit "$i"; done >"$work/during.txt") &
loader=$!
live=$(pg_createdb live) || exit 1
"$GONGKAI" db copy --from "sqlite:$db" --to "$live" >"$work/copy.txt" 2>"$work/copy.err"
rc=$?
wait "$loader"
check live-exit-0 test "$rc" = 0
check live-stderr-clean test ! -s "$work/copy.err"
cat "$work/copy.err"
check live-header grep -q '表 .*源 .*目标' "$work/copy.txt"
check live-audit-ok grep -q '目标的审计日志完整' "$work/copy.txt"
printed_rows "$work/copy.txt" >"$work/printed.txt"
check live-tables-printed test "$(wc -l <"$work/printed.txt")" -ge 40
check live-printed-equal test "$(awk '$2 != $3' "$work/printed.txt" | wc -l)" = 0
mismatch=0
while read -r t _ target; do
	got=$(psql_at live -c "SELECT count(*) FROM $t")
	[ "$got" = "$target" ] || { echo "table $t: printed $target, psql $got"; mismatch=$((mismatch + 1)); }
done <"$work/printed.txt"
check live-psql-counts test "$mismatch" = 0
check live-fts-skipped grep -q '未复制.*info_item_fts' "$work/copy.txt"
copied_apps=$(psql_at live -c "SELECT count(*) FROM application")
check live-has-early-apps test "$copied_apps" -ge 15
for no in $(awk '$1 == 201 { print $2 }' "$work/before.txt"); do
	check "live-has-$no" test "$(psql_at live -c "SELECT count(*) FROM application WHERE tracking_no = '$no'")" = 1
done
stop_server
sqlite3 "$db" "SELECT tracking_no FROM application ORDER BY 1" >"$work/src_apps.txt"
psql_at live -c "SELECT tracking_no FROM application ORDER BY 1" >"$work/dst_apps.txt"
check live-apps-subset test -z "$(comm -13 "$work/src_apps.txt" "$work/dst_apps.txt")"
# one snapshot: the events and audit entries copied are exactly those of the applications copied
last_app=$(psql_at live -c "SELECT max(id) FROM application")
check live-events-snapshot test "$(psql_at live -c "SELECT count(*) FROM application_event")" = \
	"$(sqlite3 "$db" "SELECT count(*) FROM application_event WHERE application_id <= $last_app")"
last_audit=$(psql_at live -c "SELECT max(id) FROM audit_log")
check live-audit-snapshot test "$(psql_at live -c "SELECT count(*) FROM audit_log")" = "$last_audit"
check live-audit-prefix test "$(sqlite3 "$db" "SELECT hash FROM audit_log WHERE id = $last_audit")" = \
	"$(psql_at live -c "SELECT hash FROM audit_log WHERE id = $last_audit")"
"$GONGKAI" audit verify --db "$live" >"$work/verify.txt" 2>&1
check live-audit-verify test $? = 0
check live-audit-verify-says grep -q '审计日志完整' "$work/verify.txt"

# ---- the quiet source: every table counted and dumped on both sides independently
# a row referencing a later row of its own table, and text COPY must escape (tab, newline, backslash)
sqlite3 "$db" "INSERT INTO agency (id, parent_id, level, name, address, uscc, created_at, updated_at) VALUES
	(901, NULL, 2, '复制测试上级', '', NULL, 0, 0),
	(900, 901, 3, '复制测试', 'a' || char(9) || 'b' || char(10) || 'c\N ''引号'' \', NULL, 0, 0)"
quiet=$(pg_createdb quiet) || exit 1
"$GONGKAI" db copy --from "sqlite:$db" --to "$quiet" --json >"$work/quiet.json" 2>"$work/quiet.err"
check quiet-exit-0 test $? = 0
check quiet-json-ok python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["audit"]["ok"] and all(t["match"] for t in d["tables"]) and len(d["tables"]) >= 40' "$work/quiet.json"
sqlite_counts "$db" >"$work/sqlite_counts.txt"
pg_counts quiet >"$work/pg_counts.txt"
check quiet-same-tables-and-counts diff "$work/sqlite_counts.txt" "$work/pg_counts.txt"
check quiet-has-rows test "$(awk '$2 > 0' "$work/pg_counts.txt" | wc -l)" -ge 20
# the search index of every copied item, written after the copy (SQLite's FTS5 rows are not copied)
items=$(psql_at quiet -c "SELECT count(*) FROM info_item")
check quiet-search-indexed test "$(psql_at quiet -c "SELECT count(*) FROM info_item_search")" = "$items"
check quiet-search-reported python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["search_indexed"] == int(sys.argv[2])' "$work/quiet.json" "$items"
python3 - "$db" >"$work/sqlite_dump.txt" <<'EOF'
# every row of every table in PostgreSQL's COPY text format, rows sorted by their UTF-8 bytes
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
def field(v):
    if v is None: return '\\N'
    if isinstance(v, bytes): return '\\\\x' + v.hex()
    return str(v).replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')
for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'store_change') ORDER BY name"):
    for row in sorted(('\t'.join(field(v) for v in r) for r in con.execute(f'SELECT * FROM "{t}"')), key=str.encode):
        print(t + '\t' + row)
EOF
# (store_change is each database's own change counter: the copy's transaction moves it on PostgreSQL)
for t in $(awk '$1 != "store_change" { print $1 }' "$work/pg_counts.txt"); do
	psql_at quiet -c "COPY $t TO STDOUT" | LC_ALL=C sort | sed "s/^/$t\t/"
done >"$work/pg_dump.txt"
check quiet-same-rows cmp "$work/sqlite_dump.txt" "$work/pg_dump.txt"
check quiet-dump-not-empty test "$(wc -l <"$work/pg_dump.txt")" -gt 2000
check quiet-forward-reference test "$(psql_at quiet -c 'SELECT parent_id FROM agency WHERE id = 900')" = 901
check quiet-key-copied cmp "$db.audit-key" "$work/var/quiet.audit-key"

# ---- serving the copy: portal, the same passwords, fresh ids
start_server "$live" --set threads=2
check copy-portal test "$(curl -s -o /dev/null -w '%{http_code}' "$base/")" = 200
check copy-info test "$(curl -s -o /dev/null -w '%{http_code}' "$base/info")" = 200
check copy-admin-needs-login test "$(curl -s -o /dev/null -w '%{http_code}' "$base/admin")" != 200
login admin "$work/jar"
check copy-admin-login test "$(curl -s -b "$work/jar" -o /dev/null -w '%{http_code}' "$base/admin")" = 200
max_before=$(psql_at live -c "SELECT max(id) FROM application")
read -r code no < <(submit after)
check copy-new-app-201 test "$code" = 201
check copy-new-app-id test "$(psql_at live -c "SELECT id FROM application WHERE tracking_no = '$no'")" = $((max_before + 1))
check copy-new-tracking-fresh test "$(psql_at live -c "SELECT count(*) FROM application WHERE tracking_no = '$no'")" = 1
check copy-new-tracking-not-copied test "$(grep -cx "$no" "$work/dst_apps.txt")" = 0
check copy-server-log-clean test "$(grep -c ' 500 ' "$work/server.log")" = 0
stop_server
"$GONGKAI" audit verify --db "$live" >/dev/null 2>&1
check copy-audit-after-serving test $? = 0

# ---- a non-empty destination is refused and left alone
pg_counts live >"$work/live_before.txt"
"$GONGKAI" db copy --from "sqlite:$db" --to "$live" >"$work/again.txt" 2>"$work/again.err"
check nonempty-exit-2 test $? = 2
check nonempty-says grep -q '目标数据库不是空库' "$work/again.err"
pg_counts live >"$work/live_after.txt"
check nonempty-unchanged diff "$work/live_before.txt" "$work/live_after.txt"

# ---- a copy that fails midway leaves the destination as the migrations made it
broken=$(pg_createdb broken) || exit 1
"$GONGKAI" migrate --db "$broken" >/dev/null || fail broken-migrate "migrate failed"
pg_counts broken >"$work/broken_before.txt"
psql_at broken -c "ALTER TABLE info_review ADD CONSTRAINT refuse_copy CHECK (id < 10)" >/dev/null
"$GONGKAI" db copy --from "sqlite:$db" --to "$broken" >"$work/broken.txt" 2>"$work/broken.err"
check broken-exit-1 test $? = 1
check broken-names-table grep -q '复制表 info_review 失败' "$work/broken.err"
pg_counts broken >"$work/broken_after.txt"
check broken-unchanged diff "$work/broken_before.txt" "$work/broken_after.txt"
check broken-no-agency test "$(psql_at broken -c 'SELECT count(*) FROM agency')" = 0
check broken-no-key test ! -e "$work/var/broken.audit-key"

# ---- and back: PostgreSQL to SQLite
"$GONGKAI" db copy --from "$quiet" --to "sqlite:$work/back.db" >"$work/back.txt" 2>"$work/back.err"
check back-exit-0 test $? = 0
sqlite_counts "$work/back.db" >"$work/back_counts.txt"
check back-same-counts diff "$work/sqlite_counts.txt" "$work/back_counts.txt"
"$GONGKAI" audit verify --db "$work/back.db" >/dev/null 2>&1
check back-audit-verify test $? = 0
finish pg_copy
