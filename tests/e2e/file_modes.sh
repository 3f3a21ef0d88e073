#!/usr/bin/env bash
# file_modes.sh — the database, its WAL and shared-memory files and backups are readable by the owner
# only (0600) even under a permissive umask, and an existing world-readable database is tightened on
# open (issue 11, hole 4). Environment: GONGKAI (binary).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
umask 022
failures=0
n=0
check_mode() { # NAME FILE WANT
	n=$((n + 1))
	local got
	got=$(stat -c %a "$2" 2>/dev/null || echo missing)
	[ "$got" = "$3" ] || {
		echo "FAIL [$1]: $2 has mode $got, want $3"
		failures=$((failures + 1))
	}
}
db="$work/var/t.db"
"$GONGKAI" init --db "$db" >/dev/null
check_mode db-after-init "$db" 600
"$GONGKAI" serve --db "$db" --listen 127.0.0.1:0 --port-file "$work/port" --set threads=1 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
	[ -s "$work/port" ] && break
	sleep 0.1
done
"$GONGKAI" user add --db "$db" editor1 --agency 1 --roles editor --password 'Zq8#vLp2!mWx' >/dev/null 2>&1 || true
check_mode wal "$db-wal" 600
check_mode shm "$db-shm" 600
"$GONGKAI" backup --db "$db" "$work/backup.db" >/dev/null
check_mode backup "$work/backup.db" 600
kill "$server_pid"
wait "$server_pid" || true
server_pid=
# an old installation whose files are world-readable is tightened when opened
chmod 644 "$work/backup.db"
"$GONGKAI" audit verify --db "$work/backup.db" >/dev/null 2>&1 || true
check_mode tightened "$work/backup.db" 600
echo "$((n - failures)) of $n checks passed"
[ "$failures" -eq 0 ]
