#!/usr/bin/env bash
# health_degraded.sh — /api/v1/health does not say "ok" while writes fail (issue 11): the running
# server's file-size limit is lowered to 0 with prlimit (SIGXFSZ ignored, so writes fail with EFBIG as
# on a full disk); health must then answer 503 "degraded" with the reason, while pages still read.
# Environment: GONGKAI (binary).
set -euo pipefail
command -v prlimit >/dev/null || { echo "prlimit (util-linux) missing"; exit 1; }
. "$(dirname "$0")/../lib/e2e.sh"
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >/dev/null
trap '' XFSZ # ignored here, so ignored in the server: a write past the limit fails instead of killing it
start_server "$db" --set threads=2
code=$(curl -s -o "$work/h1" -w '%{http_code}' "$base/api/v1/health")
check healthy test "$code" = 200
check healthy-ok grep -q '"status":"ok"' "$work/h1"
check healthy-backend grep -q '"backend":"sqlite"' "$work/h1"
prlimit --pid "$server_pid" --fsize=0:0
sleep 6 # the write probe runs at most every 5 s
check degraded-503 test "$(curl -s -o "$work/h2" -w '%{http_code}' "$base/api/v1/health")" = 503
check degraded-status grep -q '"status":"degraded"' "$work/h2"
check degraded-writes grep -q '"writes":"failing"' "$work/h2"
check degraded-reason grep -q '"reason":"' "$work/h2"
check reads-still-work test "$(curl -s -o /dev/null -w '%{http_code}' "$base/info/guide")" = 200
finish
