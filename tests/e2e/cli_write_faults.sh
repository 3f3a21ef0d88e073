#!/usr/bin/env bash
# cli_write_faults.sh — fault injection for the command line: every subcommand that writes runs with
# GONGKAI_TEST_FAIL_COMMIT=1 (the store makes every commit fail, as a full disk would) and must exit
# non-zero, say so in Chinese, print no success line, and leave every table unchanged. Then the same
# command without the fault succeeds, so the failure above came from the commit and not from the
# input. (The HTTP side is src/http/test_route_matrix.c.)
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
: "${SRC:?source directory}"
work=$(mktemp -d /tmp/gongkai-e2e-faults-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db g "$work") || exit 1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Row counts of every table: what any write changes (each one is audited, too). The full-text index
# tables are left out (the sqlite3 shell does not know the project's tokenizer, PostgreSQL has none yet;
# they follow info_item).
fingerprint() {
	local t out=""
	local tables="SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name"
	db_is_pg "$db" && tables="SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '%_fts%' ORDER BY tablename" # the catalogue differs
	for t in $(db_sql "$db" "$tables"); do
		out+="$t=$(db_sql "$db" "SELECT count(*) FROM \"$t\"") "
	done
	printf '%s' "$out"
}

# faulty NAME STDIN-FILE COMMAND…: with the fault armed the command must fail and change nothing; without
# it, it must succeed.
faulty() {
	local name=$1 input=$2
	shift 2
	local before after status
	before=$(fingerprint)
	set +e
	GONGKAI_TEST_FAIL_COMMIT=1 "$@" <"$input" >"$work/out" 2>"$work/err"
	status=$?
	set -e
	after=$(fingerprint)
	[ "$status" -ne 0 ] || fail "$name: exit 0 although the commit failed ($(cat "$work/out"))"
	[ "$before" = "$after" ] || fail "$name: data changed although the commit failed: $before → $after"
	grep -q '已' "$work/out" && fail "$name: printed a success line: $(cat "$work/out")"
	grep -q '失败' "$work/err" || fail "$name: no Chinese failure message: $(cat "$work/err")"
	"$@" <"$input" >/dev/null 2>"$work/err" || fail "$name: fails even without the fault: $(cat "$work/err")"
}

printf 'Strong-pass-42\n' >"$work/password"
: >"$work/empty"

# init on a database that has its tables (migrations commit before the fault is armed)
"$GONGKAI" init --db "$db" >/dev/null
faulty "init" "$work/password" "$GONGKAI" init --db "$db" --agency 测试局 --admin root --password-stdin
faulty "user add" "$work/password" "$GONGKAI" user add carol --role editor --db "$db" --password-stdin
faulty "user disable" "$work/empty" "$GONGKAI" user disable carol --db "$db"
faulty "token create" "$work/empty" "$GONGKAI" token create root --db "$db"
token_id=$(db_sql "$db" "SELECT max(id) FROM api_tokens WHERE revoked_at = 0")
faulty "token revoke" "$work/empty" "$GONGKAI" token revoke "$token_id" --db "$db"
[ "$(db_sql "$db" "SELECT CASE WHEN revoked_at > 0 THEN 1 ELSE 0 END FROM api_tokens WHERE id = $token_id")" = 1 ] || fail "token revoke: not revoked"
cat >"$work/2031.txt" <<'SCHEDULE'
year 2031
2031-01-01 off 元旦
SCHEDULE
faulty "calendar load" "$work/empty" "$GONGKAI" calendar load "$work/2031.txt" --db "$db"
sed 's/2023/2021/g' "$SRC/tests/fixtures/reports/ruzhou-zhonglou-2023.txt" >"$work/seed-2021.txt"
agency=$(db_sql "$db" "SELECT id FROM agency LIMIT 1")
db_sql "$db" "UPDATE agency SET name = '汝州市钟楼街道办事处' WHERE id = $agency"
faulty "report import" "$work/empty" "$GONGKAI" report import "$work/seed-2021.txt" --db "$db" --agency "$agency"

[ "$failures" -eq 0 ] || exit 1
echo "cli_write_faults: ok"
