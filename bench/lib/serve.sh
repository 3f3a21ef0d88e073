# bench/lib/serve.sh (sourced) — a gongkai server for a benchmark, on a loopback port it chooses itself
# (--listen 127.0.0.1:0 --port-file, so two runs never race for a port), and a staff login:
#   gk_serve BIN DB LOG [serve options…]   starts `BIN serve --db DB`, its stderr in LOG; sets server_pid
#                                          and addr (host:port), or prints LOG and exits 1 when the server
#                                          is not listening within 30 s. The caller stops it (kill).
#   gk_login BASE JAR USER PASSWORD        a session cookie for USER in the file JAR
gk_serve() {
	local bin=$1 db=$2 log=$3
	shift 3
	rm -f "$log.port"
	# in a session of its own, as nginx's daemon is: with the kernel's autogroup scheduling a server in
	# the bench's session would share one CPU group with wrk, and the comparison with nginx would not be fair
	setsid "$bin" serve --db "$db" --listen 127.0.0.1:0 --port-file "$log.port" "$@" 2>"$log" &
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

# gk_login BASE JAR USER PASSWORD — logs USER in as a browser does (the login form's CSRF token, then the
# POST with the site as Origin), keeping the session cookie in the file JAR.
gk_login() {
	local base=$1 jar=$2 user=$3 password=$4 csrf
	csrf=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	curl -s -b "$jar" -c "$jar" -H "Origin: $base" -o /dev/null "$base/login" --data-urlencode "csrf=$csrf" \
		--data-urlencode "name=$user" --data-urlencode "password=$password"
}
