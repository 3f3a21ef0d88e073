#!/usr/bin/env bash
# http.sh — throughput of portal pages against nginx serving a static copy of the same bytes, in one
# run, on loopback: wrk -t2 -c64 against each, alternating gongkai and nginx ROUNDS times (default 3)
# and keeping the best of each, then the ratio gongkai / nginx. Pages: the cached home page (target
# >= 1.0, issue 15), the same page gzip-compressed for a client that accepts it (nginx: gzip_static
# serving gongkai's own .gz bytes), a published item page of the 政府信息公开目录 (cached), and the
# item page rendered on every request (a cookie bypasses the one-second page cache; target >= 0.5).
# Each line also gives the CPU time per request of gongkai and of nginx's workers over all rounds (the
# rates move with the load of a shared machine; the CPU time per request much less).
# gongkai runs with one worker thread per CPU, as nginx runs one worker process per CPU; the default
# thread count is sized for writes that wait for their fdatasync and serves cached pages about a fifth
# slower on 2 cores (docs/performance.md, "The commit pipeline").
# Usage: bench/http.sh [path of gongkai binary]   (default build/gongkai; DURATION=4s, ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/wrk.sh
. bench/lib/serve.sh
bin=${1:-${GONGKAI:-build/gongkai}}
duration=${DURATION:-4s}
rounds=${ROUNDS:-3}
for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench/http.sh: $tool missing (make deps)"; exit 1; }
done
work=$(mktemp -d)
wrk_log=$work/wrk.txt
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$bin" init --db "$work/b.db" --demo >/dev/null
gk_serve "$bin" "$work/b.db" "$work/gk.log" --set log_level=warn --set threads="$(nproc)"
pids+=("$server_pid")
gk=$addr

# nginx serves the very bytes of each page as a static file
mkdir -p "$work/www" "$work/nginx/logs"
item=$(curl -sf "http://$gk/api/v1/items?per_page=1" | sed -n 's/.*"url":"\(\/info\/item\/[0-9]*\)".*/\1/p')
[ -n "$item" ] || { echo "no published item in the demo"; exit 1; }
curl -sf "http://$gk/" -o "$work/www/index.html"
curl -sf "http://$gk$item" -o "$work/www/item.html"
curl -sf -H 'Accept-Encoding: gzip' "http://$gk/" -o "$work/www/index.html.gz" # the bytes gongkai sends
nport=$(free_port)
nginx_static "$work" "$nport" || exit 1
curl -s "http://127.0.0.1:$nport/" -o "$work/check.html"
cmp -s "$work/check.html" "$work/www/index.html" || { echo "nginx not serving"; cat "$work/nginx.err" "$work/nginx/logs/error.log"; head -c 300 "$work/check.html"; exit 1; }
curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nport/" -o "$work/check.html.gz"
cmp -s "$work/check.html.gz" "$work/www/index.html.gz" || { echo "nginx not serving the .gz bytes (gzip_static)"; exit 1; }
# CPU time per request of each server (its workers: nginx's master only waits)
cpu_pids_g=$server_pid
cpu_pids_n=$(pgrep -P "$(cat "$work/nginx/nginx.pid")" | tr '\n' ' ')

status=0
size() { wc -c <"$work/www/$1"; }
compare "首页，页面缓存（$(size index.html) 字节）" 1.0 "http://$gk/" "http://127.0.0.1:$nport/index.html"
compare "首页，页面缓存，gzip（$(size index.html.gz) 字节）" 1.0 "http://$gk/" "http://127.0.0.1:$nport/index.html" \
	-H 'Accept-Encoding: gzip'
compare "信息页 $item，页面缓存（$(size item.html) 字节）" "" "http://$gk$item" "http://127.0.0.1:$nport/item.html"
# A request with a cookie is always rendered: the full render path (router, database reads, layout).
compare "信息页，每次渲染（带 Cookie，不经页面缓存）" 0.5 "http://$gk$item" "http://127.0.0.1:$nport/item.html" \
	-H "Cookie: bench=1"
grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" || true
exit $status
