#!/usr/bin/env bash
# deploy-local.sh — the failover deployment of docs/deploy.md ("Several instances behind nginx"), whole,
# on loopback, in one folder: for the failover test (tests/e2e/pg_failover.sh), bench/postgresql.sh and
# for trying the deployment out by hand. Everything listens on 127.0.0.1 at ports chosen here.
#   - a PostgreSQL 15 primary (initdb into DIR/pg/primary; as root it runs as $PG_USER, default nobody,
#     through runuser, since PostgreSQL refuses to run as root) with durable commits (fsync and
#     synchronous_commit on);
#   - a streaming replica (pg_basebackup -R through a replication slot, hot standby) in DIR/pg/replica;
#   - two `gongkai serve` instances on the primary, each on its own port, sharing one working folder
#     DIR/app (so one var/: the audit key var/gongkai.audit-key and the attachments var/files/) and one
#     configuration file DIR/app/gongkai.conf; each runs under a supervisor loop that starts it again
#     when it dies (what systemd's Restart=always does in production);
#   - nginx balancing the two (DIR/nginx/nginx.conf, the configuration docs/deploy.md shows).
# Usage: scripts/deploy-local.sh start DIR      starts it all (DIR is created; the demo is loaded)
#        scripts/deploy-local.sh stop DIR       stops it all (DIR is left for the caller to remove)
#        scripts/deploy-local.sh status DIR     one line per component; exit 0 when all are up
#        scripts/deploy-local.sh restart-db DIR [fast|immediate]   pg_ctl restart of the primary
# After start, DIR/deploy.env (shell assignments) names the ports and URLs: BASE (through nginx), GK1,
# GK2 (host:port of each instance), DB_URL, REPLICA_URL, PG_PORT, REPLICA_PORT, NGINX_PORT, and
# DIR/run/gkN.pid holds the current process id of instance N (kill -9 it: its supervisor restarts it).
# Environment: GONGKAI (binary; default build/gongkai), PG_BIN (default /usr/lib/postgresql/15/bin),
# PG_USER (default nobody), GK_THREADS (HTTP threads per instance, default 2; 0 = serve's own default), INIT_ARGS (arguments
# of `gongkai init`, default --demo; init.txt keeps its output, e.g. the demo passwords),
# NGINX_ACCESS_LOG (default on: DIR/logs/nginx-access.log with the upstream of each request; off for
# benchmarks), GK_SET (extra "--set key=value" arguments for both instances).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=${PG_USER:-nobody}
GONGKAI=${GONGKAI:-$here/build/gongkai}
case $GONGKAI in /*) ;; *) GONGKAI=$(pwd)/$GONGKAI ;; esac

die() {
	echo "deploy-local: $*" >&2
	exit 1
}

# Runs a PostgreSQL binary as the cluster's user (directly when not root).
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_USER" -- "$@"
	else
		"$@"
	fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

# Appends the settings of a cluster to its postgresql.conf (the later line wins).
pg_settings() { # DATA PORT
	as_pg tee -a "$1/postgresql.conf" >/dev/null <<CONF
# --- scripts/deploy-local.sh
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$dir/pg'
max_connections = 200
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
fsync = on
synchronous_commit = on
CONF
}

start_primary() {
	mkdir -p "$dir/pg" "$dir/logs" "$dir/run"
	chmod 755 "$dir" "$dir/pg"
	[ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$dir/pg" "$dir/logs"
	as_pg test -w "$dir/pg" || die "$PG_USER cannot write to $dir/pg (the folders above it must be searchable: chmod o+x)"
	as_pg "$PG_BIN/initdb" -D "$dir/pg/primary" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/logs/initdb.log" 2>&1 || { cat "$dir/logs/initdb.log"; die "initdb failed"; }
	PG_PORT=$(free_port)
	pg_settings "$dir/pg/primary" "$PG_PORT"
	as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/primary" -l "$dir/logs/primary.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/logs/primary.log"; die "the primary did not start"; }
	"$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U gongkai -d postgres \
		-c "CREATE ROLE replicator WITH REPLICATION LOGIN" -c "CREATE DATABASE gongkai" >/dev/null
}

start_replica() {
	as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U replicator -D "$dir/pg/replica" \
		-R -X stream -C -S replica1 --checkpoint=fast >"$dir/logs/basebackup.log" 2>&1 ||
		{ cat "$dir/logs/basebackup.log"; die "pg_basebackup failed"; }
	REPLICA_PORT=$(free_port)
	as_pg tee -a "$dir/pg/replica/postgresql.conf" >/dev/null <<<"port = $REPLICA_PORT"
	as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/replica" -l "$dir/logs/replica.log" -w -t 60 start >/dev/null ||
		{ cat "$dir/logs/replica.log"; die "the replica did not start"; }
}

# The configuration both instances read; each adds its own --listen.
write_config() {
	mkdir -p "$dir/app"
	cat >"$dir/app/gongkai.conf" <<CONF
# gongkai.conf — shared by both instances (scripts/deploy-local.sh)
db = $DB_URL
base_url = http://127.0.0.1:$NGINX_PORT
trust_proxy = true
trusted_proxies = 127.0.0.1,::1
threads = ${GK_THREADS:-2}
log_level = warn
CONF
}

# The hidden command the supervisors run: starts instance N on PORT again whenever it exits, until
# DIR/run/stopping exists.
supervise() { # N PORT
	local n=$1 port=$2 rc
	cd "$dir/app"
	while [ ! -e "$dir/run/stopping" ]; do
		# shellcheck disable=SC2086
		"$GONGKAI" serve --config "$dir/app/gongkai.conf" --listen "127.0.0.1:$port" ${GK_SET:-} \
			</dev/null >>"$dir/logs/gk$n.log" 2>&1 &
		echo $! >"$dir/run/gk$n.pid"
		rc=0
		wait $! || rc=$?
		echo "$(date -u +%FT%TZ) instance $n (127.0.0.1:$port) exited with status $rc" >>"$dir/logs/supervisor.log"
		[ -e "$dir/run/stopping" ] || sleep 0.3
	done
}

wait_health() { # HOST:PORT
	for _ in $(seq 300); do
		curl -sf -o /dev/null "http://$1/api/v1/health" && return 0
		sleep 0.1
	done
	return 1
}

start_instances() {
	# shellcheck disable=SC2086 # INIT_ARGS holds several arguments
	(cd "$dir/app" && "$GONGKAI" init --db "$DB_URL" ${INIT_ARGS:---demo} >"$dir/app/init.txt" 2>"$dir/logs/init.log") ||
		{ cat "$dir/logs/init.log"; die "gongkai init failed"; }
	local n port
	for n in 1 2; do
		port=$(free_port)
		eval "GK$n=127.0.0.1:$port"
		setsid "$0" supervise "$dir" "$n" "$port" </dev/null >>"$dir/logs/supervisor.log" 2>&1 &
		echo $! >"$dir/run/supervisor$n.pid"
	done
	wait_health "$GK1" || { cat "$dir/logs/gk1.log"; die "instance 1 did not answer"; }
	wait_health "$GK2" || { cat "$dir/logs/gk2.log"; die "instance 2 did not answer"; }
}

write_nginx_config() {
	mkdir -p "$dir/nginx/temp"
	[ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$dir/nginx/temp" # nginx's workers run as nobody
	local log="access_log $dir/logs/nginx-access.log upstreams;"
	[ "${NGINX_ACCESS_LOG:-on}" = off ] && log="access_log off;"
	cat >"$dir/nginx/nginx.conf" <<CONF
# nginx.conf — two gongkai instances behind one address (docs/deploy.md, "Several instances behind nginx")
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 1024; }
http {
	log_format upstreams '\$remote_addr "\$request" \$status upstream=\$upstream_addr upstream_status=\$upstream_status';
	$log
	client_body_temp_path $dir/nginx/temp/body;
	proxy_temp_path $dir/nginx/temp/proxy;
	fastcgi_temp_path $dir/nginx/temp/fastcgi;
	uwsgi_temp_path $dir/nginx/temp/uwsgi;
	scgi_temp_path $dir/nginx/temp/scgi;
	upstream gongkai {
		# An instance that refuses a connection or times out is skipped for fail_timeout.
		server $GK1 max_fails=1 fail_timeout=5s;
		server $GK2 max_fails=1 fail_timeout=5s;
		keepalive 32;
		# Shorter than gongkai keeps an idle connection (request_head_seconds, 10 s, from the end of the
		# last response; connection_timeout, 30 s): nginx must drop it first, or it may send a request
		# on one gongkai is closing, and a POST then gets 502.
		keepalive_timeout 5s;
	}
	server {
		listen 127.0.0.1:$NGINX_PORT;
		client_max_body_size 21m; # gongkai's max_upload_bytes (20 MiB) plus the form around it
		location / {
			proxy_pass http://gongkai;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$http_host; # the Origin check of state-changing requests compares with it
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_connect_timeout 2s;
			# Another instance is tried when this one refuses the connection, drops it or times out —
			# for a POST only when the request had not been sent yet (no "non_idempotent" here): a
			# submission is never sent twice by nginx; the client retries it with its idempotency key.
			proxy_next_upstream error timeout;
			proxy_next_upstream_tries 2;
		}
	}
}
CONF
}

start_nginx() {
	"$(nginx_bin)" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/logs/nginx-error.log" \
		>"$dir/logs/nginx.out" 2>&1 || { cat "$dir/logs/nginx.out"; die "nginx did not start"; }
	wait_health "127.0.0.1:$NGINX_PORT" || { cat "$dir/logs/nginx-error.log"; die "nginx does not answer"; }
}

write_env() {
	cat >"$dir/deploy.env" <<ENV
PG_PORT=$PG_PORT
REPLICA_PORT=$REPLICA_PORT
DB_URL=$DB_URL
REPLICA_URL=postgresql://gongkai@127.0.0.1:$REPLICA_PORT/gongkai
GK1=$GK1
GK2=$GK2
NGINX_PORT=$NGINX_PORT
BASE=http://127.0.0.1:$NGINX_PORT
APP_DIR=$dir/app
PRIMARY_DATA=$dir/pg/primary
REPLICA_DATA=$dir/pg/replica
ENV
}

start() {
	[ -x "$GONGKAI" ] || die "no gongkai binary at $GONGKAI (make build, or set GONGKAI)"
	[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (scripts/deps.sh test)"
	[ -x "$(nginx_bin)" ] || die "nginx not found (scripts/deps.sh test)"
	[ ! -e "$dir/deploy.env" ] || die "$dir already holds a deployment (stop it and remove the folder)"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	start_primary
	DB_URL=postgresql://gongkai@127.0.0.1:$PG_PORT/gongkai
	start_replica
	NGINX_PORT=$(free_port)
	write_config
	GK1='' GK2=''
	start_instances
	write_nginx_config
	start_nginx
	write_env
	echo "deployment up: http://127.0.0.1:$NGINX_PORT (instances $GK1 $GK2, primary :$PG_PORT, replica :$REPLICA_PORT)"
}

# Sends SIGTERM to the process whose id is in FILE and waits up to 10 s for it to go.
stop_pidfile() { # FILE
	local pid
	pid=$(cat "$1" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null || return 0
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

stop() {
	[ -d "$dir" ] || return 0
	mkdir -p "$dir/run"
	touch "$dir/run/stopping"
	stop_pidfile "$dir/nginx/nginx.pid"
	local n
	for n in 1 2; do stop_pidfile "$dir/run/gk$n.pid"; done
	for n in 1 2; do stop_pidfile "$dir/run/supervisor$n.pid"; done
	for data in "$dir/pg/replica" "$dir/pg/primary"; do
		[ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1
	done
	return 0
}

status() {
	[ -f "$dir/deploy.env" ] || die "no deployment in $dir"
	# shellcheck disable=SC1091
	. "$dir/deploy.env"
	local bad=0
	line() { # LABEL COMMAND…
		if "${@:2}" >/dev/null 2>&1; then echo "up    $1"; else echo "DOWN  $1"; bad=1; fi
	}
	line "primary   127.0.0.1:$PG_PORT" "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -U gongkai
	line "replica   127.0.0.1:$REPLICA_PORT" "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$REPLICA_PORT" -U gongkai
	line "instance1 $GK1" curl -sf "http://$GK1/api/v1/health"
	line "instance2 $GK2" curl -sf "http://$GK2/api/v1/health"
	line "nginx     $BASE" curl -sf "$BASE/api/v1/health"
	return $bad
}

restart_db() { # [MODE]
	# shellcheck disable=SC1091
	. "$dir/deploy.env"
	as_pg "$PG_BIN/pg_ctl" -D "$PRIMARY_DATA" -l "$dir/logs/primary.log" -m "${1:-fast}" -w -t 60 restart >/dev/null
}

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	sed -n 's/^# Usage: /usage: /p; s/^#        scripts/       scripts/p' "$0" >&2
	exit 2
fi
case $cmd in
start) start ;;
stop) stop ;;
status) status ;;
restart-db) restart_db "${3:-fast}" ;;
supervise) supervise "$3" "$4" ;;
*) die "unknown command $cmd (start, stop, status, restart-db)" ;;
esac
