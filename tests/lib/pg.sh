# tests/lib/pg.sh — sourced by tests that need PostgreSQL: a throw-away cluster of their own (initdb
# into a temporary folder, run as an unprivileged user, listening only on 127.0.0.1 at a random port,
# stopped and removed by pg_stop). Tests run as root, and PostgreSQL refuses to run as root: the
# cluster runs as $PG_USER (default nobody) through runuser.
#   pg_available         true when the PostgreSQL 15 binaries are installed (else the test skips)
#   pg_start             starts the cluster; sets PG_URL_BASE (postgresql://gongkai@127.0.0.1:PORT)
#   pg_createdb NAME     creates database NAME owned by the role gongkai; prints its URL
#   pg_stop              stops the cluster and removes its folder (call it from the test's EXIT trap)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=${PG_USER:-nobody}
pg_dir=
pg_port=

pg_available() {
	[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/postgres" ]
}

# Runs a PostgreSQL binary as the cluster's user (directly when not root).
pg_as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PG_USER" -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	pg_dir=$(mktemp -d /tmp/gongkai-pg-XXXXXX)
	chmod 755 "$pg_dir"
	[ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$pg_dir"
	pg_as_user "$PG_BIN/initdb" -D "$pg_dir/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 \
		>"$pg_dir/initdb.log" 2>&1 || {
		cat "$pg_dir/initdb.log"
		return 1
	}
	local try
	for try in 1 2 3 4 5; do
		pg_port=$((20000 + RANDOM % 30000))
		if pg_as_user "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
			-o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" \
			start >/dev/null 2>&1; then
			PG_URL_BASE="postgresql://gongkai@127.0.0.1:$pg_port"
			return 0
		fi
	done
	cat "$pg_dir/server.log"
	return 1
}

pg_createdb() {
	"$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U gongkai "$1" && echo "$PG_URL_BASE/$1"
}

pg_stop() {
	[ -n "$pg_dir" ] || return 0
	[ -f "$pg_dir/data/postmaster.pid" ] && pg_as_user "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$pg_dir"
	pg_dir=
}

# pg_require: ends the test with 77 (ctest's SKIP, never a pass) when the PostgreSQL binaries are absent.
pg_require() {
	pg_available && return 0
	echo "SKIPPED: PostgreSQL 15 binaries not found in $PG_BIN (scripts/deps.sh test installs postgresql-15)"
	exit 77
}

# pg_own_cluster: for a test with a cluster of its own — pg_require, then pg_start (or exit 1), the
# cluster stopped and removed at exit together with the test's scratch directory (e2e_cleanup).
pg_own_cluster() {
	pg_require
	trap 'pg_stop; e2e_cleanup' EXIT
	pg_start || {
		echo "could not start the PostgreSQL cluster"
		exit 1
	}
}

# psql_at DB [psql arguments…]: psql on the test's cluster, tuples only and unaligned, stopping at the
# first error.
psql_at() { "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U gongkai "$@"; }
