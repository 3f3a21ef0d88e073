#!/usr/bin/env bash
# apply.sh — acknowledged 依申请公开 submissions per second under concurrent load, against the raw rate
# of SQLite insert+commit with the same durability (WAL, synchronous=FULL, one transaction per row),
# both measured in this run on this disk; prints the ratio (issue 15: ≥ 1.0 at 64 connections, rising
# with connections) and the batch sizes of the group commit, which the server logs when it stops.
#   load:     wrk, CONNS connections (default "4 16 64", a fresh server for each) for DURATION seconds
#             (default 10) POSTing JSON applications to
#             POST /api/v1/applications of a fresh `gongkai serve`; "acknowledged" = HTTP 201, counted
#             as rows committed in the database (every 201 is sent only after its commit). The server
#             trusts X-Forwarded-For (trust_proxy, as behind a reverse proxy) and every request names
#             its own client address (strings in 127/8), so the default per-address rate limit is
#             checked on every request, as in production, without refusing the load.
#   cost:     the server's CPU time (user + system, /proc/PID/stat) per acknowledged submission, and
#             the load average at the start of each run — figures that survive a shared machine better
#             than the rate itself. Each submission queues two notices (e-mail, SMS) that the server's
#             sender thread delivers — here marks "skipped", no channel being configured — partly
#             during the run and partly after it, so the CPU per submission is printed twice: during
#             the run, and up to the moment the outbox is empty (waiting at most DRAIN seconds,
#             default 60), which counts every submission's whole work whatever the sender's pace.
#   baseline: the sqlite3 shell inserting N rows of the same width into a WAL database with
#             synchronous=FULL, each INSERT its own transaction (the floor a durable server must pay),
#             measured again just before each server run, whose ratio uses that figure.
# Environment: GONGKAI (default build/gongkai), DURATION, CONNS, N, SERVE_FLAGS (more serve options).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/serve.sh
bin=${GONGKAI:-build/gongkai}
duration=${SECONDS_RUN:-${DURATION:-10}}
conns_list=${CONNS:-4 16 64}
rows=${N:-2000}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is required"; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# ---- baseline: raw SQLite insert+commit, same durability, same disk ----
{
	echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	echo "CREATE TABLE t (id INTEGER PRIMARY KEY, tracking_no TEXT UNIQUE, name TEXT, id_number TEXT, phone TEXT, description TEXT, created_at INTEGER);"
	for ((i = 0; i < rows; i++)); do
		echo "INSERT INTO t (tracking_no, name, id_number, phone, description, created_at) VALUES ('YS2026-2-$i', '张三', '11010519491231002X', '13812345678', '2025年钟楼街道老旧小区改造项目的立项批复文件', $i);"
	done
} >"$work/raw.sql"

# Rows per second of the raw insert+commit now, into a fresh database. Measured again just before each
# server run and used for that run's ratio: on this shared virtual machine the disk's fsync rate moves
# by a third between minutes, so a baseline from the start of the bench would not be the same run's.
raw_now() {
	rm -f "$work/raw.db" "$work/raw.db-wal" "$work/raw.db-shm"
	local t0 t1
	t0=$(date +%s.%N)
	sqlite3 "$work/raw.db" <"$work/raw.sql" >/dev/null
	t1=$(date +%s.%N)
	python3 -c "print(round($rows / ($t1 - $t0), 1))"
}

# ---- the server under load, at each concurrency ----
"$bin" init --db "$work/demo.db" --demo >/dev/null

# Starts a server (default settings, so the access log is on as in production) on a fresh copy of
# the demo; sets server_pid, addr, db.
start() {
	db="$work/g.db"
	rm -f "$db" "$db-wal" "$db-shm" "$db.audit-key"
	cp "$work/demo.db" "$db"
	cp "$work/demo.db.audit-key" "$db.audit-key" # the audit key goes with its database
	gk_serve "$bin" "$db" "$work/server.log" --set trust_proxy=true ${SERVE_FLAGS:-}
}

# CPU time (user + system) of process $1 so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }

for c in $conns_list; do
	raw_rate=$(raw_now)
	echo "raw SQLite insert+commit (WAL, synchronous=FULL, 1 row/txn), just before: $raw_rate rows/s ($rows rows)"
	start
	before=$(sqlite3 "$db" "SELECT count(*) FROM application")
	load=$(cut -d' ' -f1 /proc/loadavg)
	cpu0=$(cpu_ms "$server_pid")
	wrk -t2 -c"$c" -d"${duration}s" -s bench/lib/apply-post.lua "http://$addr/api/v1/applications" >"$work/wrk.txt"
	cpu1=$(cpu_ms "$server_pid")
	after=$(sqlite3 "$db" "SELECT count(*) FROM application")
	waited=0
	while :; do
		pending=$(sqlite3 "$db" "SELECT count(*) FROM notify_outbox WHERE status IN ('pending', 'sending')")
		[ "$pending" = 0 ] || [ "$waited" -ge "${DRAIN:-60}" ] && break
		sleep 1
		waited=$((waited + 1))
	done
	cpu2=$(cpu_ms "$server_pid")
	kill -TERM "$server_pid"
	wait "$server_pid" || true
	server_pid=
	elapsed=$(sed -n 's/.* requests in \([0-9.]*\)s.*/\1/p' "$work/wrk.txt")
	non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/wrk.txt")
	acked=$((after - before))
	server_rate=$(python3 -c "print(round($acked / $elapsed, 1))")
	ratio=$(python3 -c "print(round($server_rate / $raw_rate, 2))")
	cpu_each=$(python3 -c "print(round(($cpu1 - $cpu0) * 1000 / max($acked, 1)))")
	cpu_drained=$(python3 -c "print(round(($cpu2 - $cpu0) * 1000 / max($acked, 1)))")
	if [ "$pending" = 0 ]; then
		drained="with the outbox emptied (${waited}s after the run): $cpu_drained µs/submission"
	else
		drained="outbox not empty ${waited}s after the run ($pending notices pending; $cpu_drained µs/submission so far)"
	fi
	batches=$(grep -o '合并提交：.*' "$work/server.log" | tail -1)
	echo "gongkai acknowledged submissions, $c connections (${elapsed}s): $server_rate /s ($acked acknowledged, ${non2xx:-0} refused); ratio $ratio (target ≥ 1.0 at 64); server CPU $cpu_each µs/submission during the run, $drained; load $load; ${batches:-合并提交：no figures logged}"
done
