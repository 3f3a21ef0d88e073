#!/usr/bin/env bash
# log_errors.sh — the diagnostic log: a request that ends in a 5xx (a database failure: 503) writes one error line carrying the
# request id the client saw (X-Request-Id), the status, method and route, and the database error behind
# it; the query string (which may carry a query code) is not in that line; log_level=error keeps the
# error line. Driven through `gongkai http` on a database whose
# info_item table was dropped behind gongkai's back. Environment: GONGKAI (binary).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d /tmp/gongkai-e2e-log-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/../lib/db.sh"
db=$(e2e_db t "$work") || exit 1
"$GONGKAI" init --db "$db" --demo >/dev/null

# A healthy request logs no error line.
printf 'GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n' | "$GONGKAI" http --db "$db" >"$work/ok.txt" 2>"$work/ok.log"
head -1 "$work/ok.txt" | grep -q ' 200 ' || fail "the catalogue should answer 200: $(head -1 "$work/ok.txt")"
! grep -q ' error req=' "$work/ok.log" || fail "error line for a healthy request: $(cat "$work/ok.log")"

if db_is_pg "$db"; then # PostgreSQL refuses to drop a table other tables refer to
	db_sql "$db" 'DROP TABLE info_item CASCADE'
else
	db_sql "$db" 'DROP TABLE info_item'
fi

printf 'GET /info?code=SECRET-CODE-42 HTTP/1.1\r\nHost: localhost\r\n\r\n' |
	"$GONGKAI" http --db "$db" >"$work/fail.txt" 2>"$work/fail.log"
status=$(head -1 "$work/fail.txt" | cut -d' ' -f2)
[[ $status == 50[03] ]] || fail "expected a 5xx, got: $(head -1 "$work/fail.txt")"
id=$(sed -n '1,/^\r$/p' "$work/fail.txt" | grep -i '^X-Request-Id:' | cut -d' ' -f2 | tr -d '\r')
[ -n "$id" ] || fail "no X-Request-Id in the response"
line=$(grep " error req=$id " "$work/fail.log") || fail "no error line with req=$id in: $(cat "$work/fail.log")"
[ "$(grep -c " error req=" "$work/fail.log")" -eq 1 ] || fail "one error line expected: $(cat "$work/fail.log")"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+08:00 error ' <<<"$line" || fail "time/level: $line"
grep -qF " $status GET /info" <<<"$line" || fail "status, method and route missing: $line"
missing_table='database: no such table: info_item'
db_is_pg "$db" && missing_table='database: relation "info_item" does not exist' # the server's own words
grep -qF "$missing_table" <<<"$line" || fail "database error missing: $line"
! grep -qF 'SECRET-CODE-42' <<<"$line" || fail "the query string reached the error line: $line"

# log_level=error: the error line stays.
printf 'GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n' |
	"$GONGKAI" http --db "$db" --log_level error >"$work/quiet.txt" 2>"$work/quiet.log"
grep -q " error req=.* $status GET /info" "$work/quiet.log" || fail "error line missing at log_level=error: $(cat "$work/quiet.log")"
echo "log_errors: ok"
