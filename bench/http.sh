#!/usr/bin/env bash
# http.sh — throughput of portal pages against nginx serving a static copy of the same bytes, in one
# run, on loopback: wrk -t2 -c64 -d10s against each, then the ratio gongkai / nginx. Pages: the home
# page (target >= 0.8) and a published item page of the 政府信息公开目录 (target >= 0.7). Each page is
# rendered by the full stack: router, database reads, layout; repeated anonymous requests are served
# from the one-second page cache, so a third measurement sends a cookie to show the render path.
# Usage: bench/http.sh [path of gongkai binary]   (default build/gongkai; DURATION=10s to change)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${GONGKAI:-build/gongkai}}
duration=${DURATION:-10s}
for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench/http.sh: $tool missing (make deps)"; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin" init --db "$work/b.db" --demo >/dev/null
"$bin" serve --db "$work/b.db" --listen 127.0.0.1:0 --port-file "$work/port" --set log_level=warn \
	--set threads="$(nproc)" 2>"$work/gk.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
gk=$(sed -n 's/^listening on //p' "$work/port")
[ -n "$gk" ] || { cat "$work/gk.log"; exit 1; }

# nginx serves the very bytes of each page as a static file
mkdir -p "$work/www" "$work/nginx/logs"
item=$(curl -sf "http://$gk/api/v1/items?per_page=1" | sed -n 's/.*"url":"\(\/info\/item\/[0-9]*\)".*/\1/p')
[ -n "$item" ] || { echo "no published item in the demo"; exit 1; }
curl -sf "http://$gk/" -o "$work/www/index.html"
curl -sf "http://$gk$item" -o "$work/www/item.html"
chmod 755 "$work" "$work/www" && chmod 644 "$work/www/"*.html # nginx workers may run as another user
nport=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { text/html html; }
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	server {
		listen 127.0.0.1:$nport;
		root $work/www;
		index index.html;
	}
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx.conf" -e "$work/nginx/logs/error.log" 2>"$work/nginx.err" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport/" -o /dev/null && break; sleep 0.1; done
curl -s "http://127.0.0.1:$nport/" -o "$work/check.html"
cmp -s "$work/check.html" "$work/www/index.html" || { echo "nginx not serving"; cat "$work/nginx.err" "$work/nginx/logs/error.log"; head -c 300 "$work/check.html"; exit 1; }

rps() { wrk -t2 -c64 -d"$duration" "$@" | tee -a "$work/wrk.txt" | awk '/^Requests\/sec:/ { print $2 }'; }
status=0
compare() { # LABEL GONGKAI-PATH NGINX-FILE TARGET
	local g n ratio
	g=$(rps "http://$gk$2")
	n=$(rps "http://127.0.0.1:$nport/$3")
	ratio=$(awk -v g="$g" -v n="$n" 'BEGIN { printf "%.2f", g / n }')
	echo "$1（$(wc -c <"$work/www/$3") 字节）：gongkai $g 请求/秒；nginx 静态副本 $n 请求/秒；比值 $ratio（目标 ≥ $4）"
	awk -v r="$ratio" -v t="$4" 'BEGIN { exit !(r >= t) }' || status=1
}
compare "首页" / index.html 0.8
compare "信息页 $item" "$item" item.html 0.7
# Anonymous repeats of a page are answered from the one-second page cache (src/http/page_cache.h);
# a request with a cookie is always rendered: that figure shows the full render path (no target).
g=$(rps -H "Cookie: bench=1" "http://$gk$item")
n=$(rps "http://127.0.0.1:$nport/item.html")
echo "信息页（带 Cookie，每次渲染，不经页面缓存）：gongkai $g 请求/秒；nginx $n 请求/秒；比值 $(awk -v g="$g" -v n="$n" 'BEGIN { printf "%.2f", g / n }')"
grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" || true
exit $status
