#!/usr/bin/env bash
# file_modes.sh — the database, its WAL and shared-memory files, backups, the audit key and the audit
# checkpoints are readable by the owner only (0600) even under a permissive umask, and an existing
# world-readable database is tightened on open (issue 11, hole 4). Environment: GONGKAI (binary).
set -euo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
umask 022
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
db="$work/var/t.db"
"$GONGKAI" init --db "$db" >/dev/null
check db-after-init test "$(mode "$db")" = 600
check audit-key test "$(mode "$db.audit-key")" = 600
start_server "$db" --set threads=1
"$GONGKAI" init --db "$db" >/dev/null # a write (its audit entry) while the server holds the WAL open
check wal test "$(mode "$db-wal")" = 600
check shm test "$(mode "$db-shm")" = 600
"$GONGKAI" backup --db "$db" "$work/backup.db" >/dev/null
check backup test "$(mode "$work/backup.db")" = 600
stop_server
"$GONGKAI" audit verify --db "$db" >/dev/null
check audit-checkpoints test "$(mode "$db.audit-checkpoints")" = 600
# an old installation whose files are world-readable is tightened when opened
chmod 644 "$work/backup.db"
"$GONGKAI" user list --db "$work/backup.db" >/dev/null
check tightened test "$(mode "$work/backup.db")" = 600
finish
