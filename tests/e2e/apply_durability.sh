#!/usr/bin/env bash
# apply_durability.sh — an application acknowledged to the applicant survives kill -9 of the server.
# First, with the default rate limit, 40 submissions at once from one address all pass (and a low
# configured limit refuses the excess with 429 and a Chinese message). Then 8 clients submit
# concurrently while the server is killed with SIGKILL mid-stream; after a restart every tracking
# number that was acknowledged (HTTP 201 with its query code) is found, and answers to its code.
# Environment: GONGKAI (binary).
set -uo pipefail
: "${GONGKAI:?path of the gongkai binary}"
work=$(mktemp -d /tmp/gongkai-e2e-apply-dur-XXXXXX)
server_pid=
client_pids=()
cleanup() {
	for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$work/t.db"
"$GONGKAI" init --db "$db" --demo >/dev/null || fail "init"
demo_count=$(sqlite3 "$db" "SELECT count(*) FROM application") # the demo data has applications of its own

start_server() { # starts the server on a free port; sets base and server_pid
	for _ in 1 2 3 4 5; do
		local port=$((20000 + RANDOM % 30000))
		"$GONGKAI" serve --db "$db" --listen "127.0.0.1:$port" --set threads=8 2>>"$work/server.log" &
		server_pid=$!
		for _ in $(seq 50); do
			curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && { base="http://127.0.0.1:$port"; return 0; }
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	done
	cat "$work/server.log"
	fail "server did not start"
}

submit() { # CLIENT SEQ → prints "STATUS TRACKING CODE"
	curl -s -m 10 -o "$work/r.$1.$2" -w '%{http_code}' -XPOST "$base/api/v1/applications" -H 'Content-Type: application/json' \
		-d "{\"agency_id\":2,\"applicant_type\":\"natural_person\",\"name\":\"申请人$1-$2\",\"id_type\":\"resident_id\",\"id_number\":\"11010519491231002X\",\"phone\":\"13812345678\",\"description\":\"第 $1-$2 份申请所需的信息\",\"form\":\"electronic\",\"delivery\":\"email\",\"email\":\"a@example.cn\",\"channel\":\"online\"}" \
		>"$work/s.$1.$2" 2>/dev/null
	local status
	status=$(cat "$work/s.$1.$2")
	if [ "$status" = 201 ]; then
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["tracking_no"], d["query_code"])' "$work/r.$1.$2"
	fi
}

start_server
# 40 at once from one address pass with the defaults.
burst_pids=()
for i in $(seq 40); do
	submit burst "$i" >/dev/null &
	burst_pids+=($!)
done
wait "${burst_pids[@]}"
ok=$(grep -l '^201$' "$work"/s.burst.* | wc -l)
[ "$ok" -eq 40 ] || fail "only $ok of 40 simultaneous submissions passed the default rate limit"
# A configured low limit refuses the excess clearly, without storing it. The server holds the
# database open, so the sqlite3 shell waits for its lock rather than failing with SQLITE_BUSY.
sqlite3 -cmd '.timeout 10000' "$db" "INSERT INTO settings (name, value, updated_at) VALUES ('apply_rate_limit', '45', 0)"
for i in $(seq 10); do submit limit "$i" >/dev/null; done
[ "$(grep -l '^429$' "$work"/s.limit.* | wc -l)" -eq 5 ] || fail "the limit of 45 did not refuse 5 of 10"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "请稍后再提交" in d["error"]["message"] and d["error"]["code"] == "rate_limited"' \
	"$work"/r.limit.10 || fail "no Chinese message on 429"
[ "$(sqlite3 "$db" "SELECT count(*) FROM application")" -eq $((demo_count + 45)) ] || fail "refused submissions were stored"
sqlite3 -cmd '.timeout 10000' "$db" "UPDATE settings SET value = '1000000' WHERE name = 'apply_rate_limit'"

# Concurrent clients; kill -9 while they run.
for c in $(seq 8); do
	( for i in $(seq 400); do submit "$c" "$i" || true; done >"$work/acked.$c" ) &
	client_pids+=($!)
done
sleep 2
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
for p in "${client_pids[@]}"; do wait "$p" 2>/dev/null; done
client_pids=()
cat "$work"/acked.* >"$work/acked"
acked=$(wc -l <"$work/acked")
[ "$acked" -gt 0 ] || fail "no submission was acknowledged before the kill"

start_server
missing=0
while read -r no code; do
	[ "$(sqlite3 "$db" "SELECT count(*) FROM application WHERE tracking_no = '$no'")" = 1 ] || { missing=$((missing + 1)); echo "lost: $no"; }
done <"$work/acked"
[ "$missing" -eq 0 ] || fail "$missing of $acked acknowledged applications lost after kill -9"
# Spot-check that acknowledged codes still open the applicant's view.
head -n 5 "$work/acked" | while read -r no code; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=$code")" = 200 ] || fail "code of $no"
done || exit 1
[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ] || fail "integrity_check"
echo "apply_durability: $acked acknowledged before kill -9, all found after restart"
