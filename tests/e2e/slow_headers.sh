#!/usr/bin/env bash
# slow_headers.sh — slow-header connections cannot exhaust the server (issue 11, hole 7). 300 loopback
# connections from 127.0.0.1 each send a request line and then one header line per second, never
# finishing the head; the server allows 256 connections in all. Meanwhile /api/v1/health is polled
# from another loopback address (127.0.0.2) and must answer every time, and every slow connection must
# have been closed by the server (per-IP limit or the whole-head deadline, request_head_seconds=3)
# before the attacker gives up. Bounded: the attack lasts at most 20 s.
# Environment: GONGKAI (binary).
set -euo pipefail
. "$(dirname "$0")/../lib/e2e.sh"
attack_pid=
trap '[ -n "$attack_pid" ] && kill "$attack_pid" 2>/dev/null; e2e_cleanup' EXIT
db=$(e2e_db t) || exit 1
"$GONGKAI" init --db "$db" >/dev/null
start_server "$db" --set threads=2 --set max_connections=256 --set max_connections_per_ip=64 \
	--set request_head_seconds=3 --set connection_timeout=30 --set log_level=warn

# the attacker: 300 connections dribbling header lines; prints how many the server closed
python3 - "$port" >"$work/attack" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
socks = []
for i in range(300):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        s.setblocking(False)
        socks.append(s)
    except OSError:
        pass
open_ = set(range(len(socks)))
deadline = time.time() + 20
while open_ and time.time() < deadline:
    time.sleep(1)
    for i in list(open_):
        try:
            if socks[i].recv(4096) == b"":
                open_.discard(i)
                continue
        except BlockingIOError:
            pass
        except OSError:
            open_.discard(i)
            continue
        try:
            socks[i].sendall(b"X-Slow: 1\r\n")
        except OSError:
            open_.discard(i)
print(len(socks), len(socks) - len(open_))
PY
attack_pid=$!
sleep 1
polls=0
ok=0
while kill -0 "$attack_pid" 2>/dev/null && [ "$polls" -lt 30 ]; do
	polls=$((polls + 1))
	code=$(curl -s --interface 127.0.0.2 -m 5 -o /dev/null -w '%{http_code}' "http://$addr/api/v1/health" || true)
	[ "$code" = 200 ] && ok=$((ok + 1))
	sleep 0.5
done
wait "$attack_pid" || true
attack_pid=
echo "health answered $ok of $polls polls during the attack"
check health-every-poll test "$polls" -gt 0 -a "$ok" -eq "$polls"
read -r opened closed <"$work/attack" || true
echo "slow connections: ${opened:-0} opened, ${closed:-0} closed by the server"
check slow-connections-closed test "${opened:-0}" -gt 0 -a "${closed:-0}" -eq "${opened:-0}"
finish
