#!/usr/bin/env bash
# health_degraded.sh — /api/v1/health does not say "ok" while writes fail (issue 11): the running
# server's file-size limit is lowered to 0 with prlimit (SIGXFSZ ignored, so writes fail with EFBIG as
# on a full disk); health must then answer 503 "degraded" with the reason, while pages still read.
# Environment: GONGKAI (binary).
set -euo pipefail
: "${GONGKAI:?path of the gongkai binary}"
command -v prlimit >/dev/null || { echo "prlimit (util-linux) missing"; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
db="$work/t.db"
"$GONGKAI" init --db "$db" --demo >/dev/null
trap '' XFSZ # ignored here, so ignored in the server: a write past the limit fails instead of killing it
"$GONGKAI" serve --db "$db" --listen 127.0.0.1:0 --port-file "$work/port" --set threads=2 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
	[ -s "$work/port" ] && break
	sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$work/port")
[ -n "$addr" ] || { echo "server did not start"; cat "$work/server.log"; exit 1; }
base="http://$addr"
failures=0
fail() {
	echo "FAIL: $1"
	failures=$((failures + 1))
}
code=$(curl -s -o "$work/h1" -w '%{http_code}' "$base/api/v1/health")
[ "$code" = 200 ] && grep -q '"status":"ok"' "$work/h1" || fail "healthy server: $code $(cat "$work/h1")"
prlimit --pid "$server_pid" --fsize=0:0
sleep 6 # the write probe runs at most every 5 s
code=$(curl -s -o "$work/h2" -w '%{http_code}' "$base/api/v1/health")
[ "$code" = 503 ] || fail "health answered $code while writes fail: $(cat "$work/h2")"
grep -q '"status":"degraded"' "$work/h2" || fail "not degraded: $(cat "$work/h2")"
grep -q '"writes":"failing"' "$work/h2" || fail "no writes field: $(cat "$work/h2")"
grep -q '"reason":"' "$work/h2" || fail "no reason: $(cat "$work/h2")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/info/guide")" = 200 ] || fail "reads stopped too"
echo "health_degraded: $failures failures"
[ "$failures" -eq 0 ]
