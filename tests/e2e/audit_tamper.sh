#!/usr/bin/env bash
# audit_tamper.sh — `gongkai audit verify` finds what the unkeyed chain missed (issue 11, hole 9):
# deleting the newest audit rows, or all of them, after a checkpoint; the checkpoint file is signed and
# written by verify and by the server (at least at shutdown); the key file is 0600 and outside the
# database; a backup verifies with --key. Needs the sqlite3 shell to play the attacker.
# Environment: GONGKAI (binary).
set -euo pipefail
command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing"; exit 1; }
. "$(dirname "$0")/../lib/e2e.sh"
db="$work/live/g.db"
mkdir -p "$work/live"
"$GONGKAI" init --db "$db" --demo >"$work/init.txt"
check key-file test "$(stat -c %a "$db.audit-key")" = 600
check verify-clean "$GONGKAI" audit verify --db "$db"
check checkpoint-written test "$(wc -l <"$db.audit-checkpoints")" -eq 1

# the server writes a checkpoint of the head it leaves behind
start_server "$db" --set threads=1
"$GONGKAI" token create admin --db "$db" >/dev/null # one more audit entry while it runs
stop_server
check server-checkpoint test "$(wc -l <"$db.audit-checkpoints")" -eq 2
entries=$(db_sql "$db" 'SELECT count(*) FROM audit_log')

# a copy of the installation (database, key, checkpoints) for each attack
attack() { # NAME SQL → runs audit verify on the attacked copy, output in $work/NAME.out, status in $work/NAME.rc
	mkdir -p "$work/$1"
	for f in "$db" "$db.audit-key" "$db.audit-checkpoints"; do cp "$f" "$work/$1/"; done
	sqlite3 "$work/$1/g.db" "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update; $2"
	set +e
	"$GONGKAI" audit verify --db "$work/$1/g.db" >"$work/$1.out" 2>&1
	echo $? >"$work/$1.rc"
	set -e
}
attack truncated "DELETE FROM audit_log WHERE id > $((entries - 2))"
check truncated-detected test "$(cat "$work/truncated.rc")" = 1
check truncated-said grep -q '截断' "$work/truncated.out"
attack emptied "DELETE FROM audit_log"
check emptied-detected test "$(cat "$work/emptied.rc")" = 1
attack rewritten "UPDATE audit_log SET detail = 'harmless' WHERE id = 2"
check rewritten-detected test "$(cat "$work/rewritten.rc")" = 1
check rewritten-said grep -q '第 2 条' "$work/rewritten.out"
# a forged checkpoint line (no key) is refused
mkdir -p "$work/forged"
for f in "$db" "$db.audit-key" "$db.audit-checkpoints"; do cp "$f" "$work/forged/"; done
sed -i '$ s/ [0-9a-f]*$/ 0000000000000000000000000000000000000000000000000000000000000000/' "$work/forged/g.db.audit-checkpoints"
check forged-detected sh -c "! '$GONGKAI' audit verify --db '$work/forged/g.db' >/dev/null 2>&1"

# a backup verifies against the live key, and the untouched log still verifies
"$GONGKAI" backup --db "$db" "$work/backup.db" >/dev/null
check backup-verifies "$GONGKAI" audit verify --db "$work/backup.db" --key "$db.audit-key"
check backup-needs-key sh -c "! '$GONGKAI' audit verify --db '$work/backup.db' >/dev/null 2>&1"
check live-verifies "$GONGKAI" audit verify --db "$db"

finish
