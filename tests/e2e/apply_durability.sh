#!/usr/bin/env bash
# apply_durability.sh — an application acknowledged to the applicant survives kill -9 of the server.
# First, with the default rate limit, 40 submissions at once from one address all pass (and a low
# configured limit refuses the excess with 429 and a Chinese message). Then 8 clients submit
# concurrently while the server is killed with SIGKILL mid-stream; after a restart every tracking
# number that was acknowledged (HTTP 201 with its query code) is found, and answers to its code.
# Environment: GONGKAI (binary).
set -uo pipefail
E2E_NAME=apply-dur
. "$(dirname "$0")/../lib/e2e.sh"
client_pids=()
trap 'for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null; done; e2e_cleanup' EXIT
die() { echo "FAIL: $*"; exit 1; }
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" --demo >/dev/null || die "init"
demo_count=$(db_sql "$db" "SELECT count(*) FROM application") # the demo data has applications of its own

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

start_server --set threads=8
# 40 at once from one address pass with the defaults.
burst_pids=()
for i in $(seq 40); do
	submit burst "$i" >/dev/null &
	burst_pids+=($!)
done
wait "${burst_pids[@]}"
ok=$(grep -l '^201$' "$work"/s.burst.* | wc -l)
[ "$ok" -eq 40 ] || die "only $ok of 40 simultaneous submissions passed the default rate limit"
# A configured low limit refuses the excess clearly, without storing it. The server holds the
# database open, so db_sql waits for its lock rather than failing with SQLITE_BUSY.
db_sql "$db" "INSERT INTO settings (name, value, updated_at) VALUES ('apply_rate_limit', '45', 0)"
for i in $(seq 10); do submit limit "$i" >/dev/null; done
[ "$(grep -l '^429$' "$work"/s.limit.* | wc -l)" -eq 5 ] || die "the limit of 45 did not refuse 5 of 10"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "请稍后再提交" in d["error"]["message"] and d["error"]["code"] == "rate_limited"' \
	"$work"/r.limit.10 || die "no Chinese message on 429"
[ "$(db_sql "$db" "SELECT count(*) FROM application")" -eq $((demo_count + 45)) ] || die "refused submissions were stored"
db_sql "$db" "UPDATE settings SET value = '1000000' WHERE name = 'apply_rate_limit'"

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
[ "$acked" -gt 0 ] || die "no submission was acknowledged before the kill"

start_server --set threads=8
missing=0
while read -r no code; do
	[ "$(db_sql "$db" "SELECT count(*) FROM application WHERE tracking_no = '$no'")" = 1 ] || { missing=$((missing + 1)); echo "lost: $no"; }
done <"$work/acked"
[ "$missing" -eq 0 ] || die "$missing of $acked acknowledged applications lost after kill -9"
# Spot-check that acknowledged codes still open the applicant's view.
head -n 5 "$work/acked" | while read -r no code; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/applications/$no?code=$code")" = 200 ] || die "code of $no"
done || exit 1
# SQLite's own check of the file after the kill (PostgreSQL has no counterpart: its WAL recovery is the server's)
db_is_pg "$db" || [ "$(db_sql "$db" "PRAGMA integrity_check")" = ok ] || die "integrity_check"
echo "apply_durability: $acked acknowledged before kill -9, all found after restart"
