# e2e.sh — sourced by end-to-end tests (tests/e2e/*.sh): a work directory removed at exit (with the
# server, if one was started), the check counter, and the real server on a random loopback port.
# Use: . "$(dirname "$0")/../lib/e2e.sh"; then check NAME COMMAND…, start_server DB [FLAGS…], and
# end with finish. Needs GONGKAI (the binary) in the environment.
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d)
server_pid=
e2e_cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap e2e_cleanup EXIT
failures=0
n=0
fail() { # NAME MESSAGE
	echo "FAIL [$1]: $2"
	failures=$((failures + 1))
}
check() { # NAME CONDITION-COMMAND…
	local name=$1
	shift
	n=$((n + 1))
	"$@" || fail "$name" "$*"
}
# start_server DB [FLAGS…]: serves DB on 127.0.0.1 (stderr in $work/server.log); sets server_pid,
# addr (host:port), base (http://addr), host and port. Exits the test when the server does not start.
start_server() {
	local db=$1
	shift
	rm -f "$work/port"
	"$GONGKAI" serve --db "$db" --listen 127.0.0.1:0 --port-file "$work/port" "$@" 2>"$work/server.log" &
	server_pid=$!
	for _ in $(seq 100); do
		[ -s "$work/port" ] && break
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
finish() {
	echo "$((n - failures)) of $n checks passed"
	[ "$failures" -eq 0 ]
}
