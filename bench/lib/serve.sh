# bench/lib/serve.sh (sourced) — a gongkai server for a benchmark, on a loopback port it chooses itself
# (--listen 127.0.0.1:0 --port-file, so two runs never race for a port):
#   gk_serve BIN DB LOG [serve options…]   starts `BIN serve --db DB`, its stderr in LOG; sets server_pid
#                                          and addr (host:port), or prints LOG and exits 1 when the server
#                                          is not listening within 30 s. The caller stops it (kill).
gk_serve() {
	local bin=$1 db=$2 log=$3
	shift 3
	rm -f "$log.port"
	"$bin" serve --db "$db" --listen 127.0.0.1:0 --port-file "$log.port" "$@" 2>"$log" &
	server_pid=$!
	for _ in $(seq 300); do
		[ -s "$log.port" ] && break
		kill -0 "$server_pid" 2>/dev/null || break
		sleep 0.1
	done
	addr=$(sed -n 's/^listening on //p' "$log.port" 2>/dev/null)
	[ -n "$addr" ] || {
		echo "server did not start" >&2
		cat "$log" >&2
		exit 1
	}
}
