# bench/lib/wrk.sh (sourced) — what the throughput benchmarks share (bench/http.sh, bench/postgresql.sh):
# nginx serving a folder of static files as the baseline, and the best-of-ROUNDS comparison of two URLs
# under wrk, alternating them so both see the same load of the machine.
#   free_port                      prints a free loopback port
#   nginx_bin                      prints the path of nginx
#   nginx_static DIR PORT          serves DIR/www on 127.0.0.1:PORT (gzip_static on; config, logs and
#                                  pid under DIR/nginx); the caller stops it: kill "$(cat DIR/nginx/nginx.pid)"
#   compare LABEL TARGET GURL NURL [wrk args…]   wrk -t2 -c64 for $duration against each URL, $rounds
#                                  times alternately, best of each; prints the line with both rates and
#                                  the ratio GURL / NURL; sets status=1 when a TARGET is given and missed.
#                                  Appends wrk's output to $wrk_log (default /dev/null). When cpu_pids_g
#                                  and cpu_pids_n name the server processes behind GURL and NURL, it also
#                                  prints their CPU time per request (user + system, over all rounds): a
#                                  figure that survives a loaded machine better than the rates.
# Needs wrk, nginx, python3; the caller sets duration (e.g. 4s) and rounds (e.g. 3).
status=${status:-0}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

nginx_static() { # DIR PORT
	local dir=$1 port=$2
	mkdir -p "$dir/nginx/logs"
	chmod 755 "$dir" "$dir/www" && chmod 644 "$dir/www/"* # nginx workers may run as another user
	cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { text/html html; }
	client_body_temp_path $dir/nginx/body;
	proxy_temp_path $dir/nginx/proxy;
	fastcgi_temp_path $dir/nginx/fastcgi;
	uwsgi_temp_path $dir/nginx/uwsgi;
	scgi_temp_path $dir/nginx/scgi;
	server {
		listen 127.0.0.1:$port;
		root $dir/www;
		index index.html;
		gzip_static on;
	}
}
CONF
	"$(nginx_bin)" -p "$dir/nginx" -c "$dir/nginx.conf" -e "$dir/nginx/logs/error.log" 2>"$dir/nginx.err" || {
		cat "$dir/nginx.err"
		return 1
	}
	for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" -o /dev/null && return 0; sleep 0.1; done
	cat "$dir/nginx.err" "$dir/nginx/logs/error.log"
	return 1
}

# cpu_ticks PID… — clock ticks (user + system) the processes have used so far
cpu_ticks() {
	local t=0 p
	for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
	echo "$t"
}

# run_wrk PIDS [wrk args…] — one wrk run; prints "requests/s requests cpu-ticks-of-PIDS"
run_wrk() {
	local pids=$1 out t0 t1
	shift
	t0=$(cpu_ticks $pids)
	out=$(wrk -t2 -c64 -d"$duration" "$@")
	t1=$(cpu_ticks $pids)
	printf '%s\n' "$out" >>"${wrk_log:-/dev/null}"
	printf '%s\n' "$out" | awk -v ticks=$((t1 - t0)) '/^Requests\/sec:/ { r = $2 } / requests in / { n = $1 } END { print r + 0, n + 0, ticks }'
}

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > a ? b : a) }'; }

compare() { # LABEL TARGET GURL NURL [wrk args…]
	local label=$1 target=$2 gurl=$3 nurl=$4 g=0 n=0 ratio cpu=""
	local gn=0 gt=0 nn=0 nt=0 r c t
	shift 4
	for _ in $(seq "$rounds"); do
		read -r r c t < <(run_wrk "${cpu_pids_g:-}" "$@" "$gurl")
		g=$(best "$g" "$r") gn=$((gn + c)) gt=$((gt + t))
		read -r r c t < <(run_wrk "${cpu_pids_n:-}" "$@" "$nurl")
		n=$(best "$n" "$r") nn=$((nn + c)) nt=$((nt + t))
	done
	ratio=$(awk -v g="$g" -v n="$n" 'BEGIN { printf "%.2f", g / n }')
	if [ -n "${cpu_pids_g:-}" ] && [ -n "${cpu_pids_n:-}" ]; then
		cpu=$(awk -v gn="$gn" -v gt="$gt" -v nn="$nn" -v nt="$nt" -v hz="$(getconf CLK_TCK)" 'BEGIN {
			g = gt * 1e6 / hz / (gn ? gn : 1); n = nt * 1e6 / hz / (nn ? nn : 1)
			printf "；每请求 CPU 时间 gongkai %.1f µs，nginx %.1f µs（比值 %.2f）", g, n, (g ? n / g : 0) }')
	fi
	echo "$label：gongkai $g 请求/秒；nginx 静态副本 $n 请求/秒；比值 $ratio${target:+（目标 ≥ $target）}$cpu"
	[ -z "$target" ] || awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r >= t) }' || status=1
}
