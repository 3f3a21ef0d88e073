# e2e.sh — the one library of the end-to-end tests (tests/e2e/*.sh source it, directly or through
# tests/e2e/lib/server.sh): a scratch directory removed at exit (with the server, if one was started),
# the check counter, and the real server on a loopback port it chooses itself (--port-file, so two
# tests never race for a port). Use: . "$(dirname "$0")/../lib/e2e.sh"; then check NAME COMMAND…,
# start_server [DB] [FLAGS…], and end with finish [NAME]. Needs GONGKAI (the binary); E2E_NAME names
# the scratch directory. The test's databases come from e2e_db and are queried with db_sql
# (tests/lib/db.sh, sourced here): SQLite files in the scratch directory, or databases on the
# suite's PostgreSQL cluster when ctest runs the test's :pg copy.
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d "/tmp/gongkai-e2e-${E2E_NAME:-test}-XXXXXX")
server_pid=
e2e_cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$work" # KEEP=1 keeps the scratch folder for a post-mortem
}
trap e2e_cleanup EXIT
. "$(dirname "${BASH_SOURCE[0]}")/db.sh"
failures=0
n=0
fail() { # NAME MESSAGE, or MESSAGE alone
	if [ $# -ge 2 ]; then echo "FAIL [$1]: $2"; else echo "FAIL: $1"; fi
	failures=$((failures + 1))
}
check() { # NAME CONDITION-COMMAND…
	local name=$1
	shift
	n=$((n + 1))
	"$@" || fail "$name" "$*"
}
# start_server [DB] [FLAGS…]: serves DB (default: $db) on 127.0.0.1 (stderr appended to
# $work/server.log); sets server_pid, addr (host:port), base (http://addr), host and port. Exits the
# test when the server does not start.
start_server() {
	local database=${db:-}
	if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
		database=$1
		shift
	fi
	rm -f "$work/port"
	"$GONGKAI" serve --db "$database" --listen 127.0.0.1:0 --port-file "$work/port" "$@" 2>>"$work/server.log" &
	server_pid=$!
	for _ in $(seq 100); do
		[ -s "$work/port" ] && break
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
	done
	addr=$(sed -n 's/^listening on //p' "$work/port" 2>/dev/null)
	[ -n "$addr" ] || {
		echo "server did not start"
		cat "$work/server.log"
		exit 1
	}
	base="http://$addr"
	host=${addr%:*}
	port=${addr##*:}
}
# stop_server: SIGTERM and wait (the exit status is not checked).
stop_server() {
	kill -TERM "$server_pid"
	wait "$server_pid" || true
	server_pid=
}
finish() { # [NAME] — on failure also prints the errors the server logged (the scratch folder goes)
	echo "${1:+$1: }$((n - failures)) of $n checks passed"
	[ "$failures" -eq 0 ] || [ ! -s "$work/server.log" ] || grep -E ' (error|warning) ' "$work/server.log" | tail -20
	[ "$failures" -eq 0 ]
}
