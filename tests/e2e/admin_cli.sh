#!/usr/bin/env bash
# admin_cli.sh — end-to-end test of the administration subcommands on a fresh database in a temporary
# directory: init --demo, user add/list/disable, token create, audit verify (and a tampered log),
# backup while another process writes, migrate, config check (an unknown key fails), --db handling.
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d /tmp/gongkai-e2e-admin-XXXXXX)
writer_pid=
cleanup() {
	[ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# init --demo creates var/gongkai.db (the default) and prints one account per role with a password.
out=$("$GONGKAI" init --demo)
[ -f var/gongkai.db ] || fail "init did not create var/gongkai.db"
for role in admin editor reviewer handler leader supervisor; do
	grep -Eq "^  $role +[A-Za-z0-9]{16} " <<<"$out" || fail "init --demo printed no password for $role"
done
grep -q 汝州市钟楼街道办事处 <<<"$out" || fail "demo agency missing"
"$GONGKAI" init --demo >/dev/null 2>&1 && fail "a second init --demo must refuse"

# user add with the password on stdin; SQL in a text field is stored as text.
printf 'Strong-pass-42\n' | "$GONGKAI" user add carol --role editor,reviewer --agency 2 \
	--display-name "'); DROP TABLE users; --" --password-stdin >/dev/null
list=$("$GONGKAI" user list)
grep -Eq '^[0-9]+ +carol +2 +editor,reviewer +正常' <<<"$list" || fail "carol missing from user list: $list"
grep -qF "'); DROP TABLE users; --" <<<"$list" || fail "display name not stored verbatim"
[ "$(grep -c '正常' <<<"$list")" -eq 7 ] || fail "expected 7 users"
printf 'short\n' | "$GONGKAI" user add dave --role editor --password-stdin >/dev/null 2>&1 &&
	fail "a weak password must be refused"
"$GONGKAI" user add "eve'; --" --role editor >/dev/null 2>&1 && fail "a bad user name must be refused"
"$GONGKAI" user add frank --role boss >/dev/null 2>&1 && fail "an unknown role must be refused"
set +e
"$GONGKAI" user frobnicate >/dev/null 2>&1
[ $? -eq 64 ] || fail "unknown verb must be a usage error (64)"
set -e

# token create: the token alone on the last line, and not stored in the clear.
tok_out=$("$GONGKAI" token create carol --label e2e)
token=$(tail -n 1 <<<"$tok_out")
[[ "$token" =~ ^gk_[0-9a-f]{64}$ ]] || fail "last line is not a token: $token"
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 var/gongkai.db "SELECT count(*) FROM api_tokens WHERE token_hash = '$token'")" = 0 ] ||
		fail "token stored in the clear"
fi
"$GONGKAI" user disable carol | grep -q 已停用 || fail "user disable"
"$GONGKAI" token create carol >/dev/null 2>&1 && fail "no tokens for a disabled user"
"$GONGKAI" user disable nobody >/dev/null 2>&1 && fail "disabling an unknown user must fail"

# audit verify: intact.
"$GONGKAI" audit verify | grep -q '审计日志完整' || fail "audit verify"
"$GONGKAI" audit list 3 | grep -q user.disable || fail "audit list lacks user.disable"

# backup while another process keeps writing (token create = one write transaction each).
( for i in $(seq 1 200); do "$GONGKAI" token create admin >/dev/null || exit 1; done ) &
writer_pid=$!
sleep 0.3
for n in 1 2 3; do
	"$GONGKAI" backup "$work/backup-$n.db" >/dev/null || fail "backup $n failed while writing"
done
kill -0 "$writer_pid" 2>/dev/null || echo "note: the writer finished before the last backup" >&2
wait "$writer_pid" || fail "concurrent writer failed"
writer_pid=
for n in 1 2 3; do
	"$GONGKAI" audit verify --db "$work/backup-$n.db" --key var/gongkai.db.audit-key >/dev/null ||
		fail "backup $n: audit chain broken"
	"$GONGKAI" user list --db "$work/backup-$n.db" | grep -q carol || fail "backup $n lacks carol"
	if command -v sqlite3 >/dev/null; then
		[ "$(sqlite3 "$work/backup-$n.db" 'PRAGMA integrity_check')" = ok ] || fail "backup $n corrupt"
	fi
done
"$GONGKAI" audit verify | grep -q '审计日志完整' || fail "audit after concurrent writes"

# migrate reports the version and applies nothing new.
"$GONGKAI" migrate | grep -Eq '^结构版本 [0-9]+.*本次应用 0 个迁移' || fail "migrate"

# --db: a missing database is an error, not silently created (except by init).
"$GONGKAI" user list --db "$work/missing.db" >/dev/null 2>&1 && fail "user list created a database"
[ -e "$work/missing.db" ] && fail "missing.db was created"
printf 'Root-password-1\n' | "$GONGKAI" init --db "$work/other/g.db" --agency 测试市人民政府 \
	--uscc 11410482MB1000010L --admin root --password-stdin >/dev/null
"$GONGKAI" user list --db "$work/other/g.db" | grep -Eq '^1 +root +1 +admin' || fail "init --admin"
"$GONGKAI" init --db "$work/bad.db" --agency 某机关 --uscc 11410482MB1000010X >/dev/null 2>&1 &&
	fail "a bad 统一社会信用代码 must be refused"

# config check: valid settings print; an unknown key in the file or on the command line fails.
printf '# test\ndb = %s/var/gongkai.db\nthreads = 3\n' "$work" >good.conf
"$GONGKAI" config check --config good.conf | grep -qx 'threads = 3' || fail "config check good"
"$GONGKAI" config check --config good.conf --threads 5 | grep -qx 'threads = 5' || fail "flag precedence"
printf 'listen = 0.0.0.0:80\nlisten_port = 80\n' >bad.conf
set +e
msg=$("$GONGKAI" config check --config bad.conf 2>&1)
rc=$?
set -e
[ $rc -ne 0 ] || fail "config check accepted an unknown key"
grep -q listen_port <<<"$msg" || fail "the error does not name the unknown key: $msg"
"$GONGKAI" config check --set nosuch=1 >/dev/null 2>&1 && fail "--set with an unknown key accepted"
GONGKAI_CONFIG=good.conf "$GONGKAI" user list >/dev/null || fail "GONGKAI_CONFIG not honoured"

# A tampered audit log is detected (needs the sqlite3 shell to play the attacker).
if command -v sqlite3 >/dev/null; then
	sqlite3 var/gongkai.db "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'x' WHERE id = 3;"
	set +e
	out=$("$GONGKAI" audit verify)
	rc=$?
	set -e
	[ $rc -eq 1 ] || fail "tampering not detected (rc $rc)"
	grep -q '第 3 条' <<<"$out" || fail "tampered entry not named: $out"
fi
echo "admin_cli: ok"
