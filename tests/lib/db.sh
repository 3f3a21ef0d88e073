# tests/lib/db.sh — the database of an end-to-end test, on either backend (sourced by tests/lib/e2e.sh,
# or directly by tests that keep their own scratch folder). ctest runs every backend-dependent test
# twice: on SQLite (the default) and, as pg:NAME, with GONGKAI_TEST_BACKEND=postgresql and
# GONGKAI_TEST_PG=FILE naming the throw-away cluster that the fixture pg/cluster started for the run
# (tests/lib/pg_cluster.sh; FILE holds its base URL postgresql://gongkai@127.0.0.1:PORT).
#   e2e_db NAME [DIR]   prints the database to use: DIR/NAME.db (DIR defaults to $work) on SQLite; on
#                       PostgreSQL a new, empty database of the cluster (unique per test process) and
#                       its URL. Call it once per database; every call on PostgreSQL creates one.
#   db_sql DB SQL       runs SQL on DB (a path or a URL) and prints the result the way the sqlite3
#                       shell does: one row a line, columns separated by '|', NULL as the empty
#                       string, no headers. SQL must be portable; where it cannot be (SQLite's
#                       sqlite_master, group_concat) the test branches on db_is_pg with a comment.
#                       Waits up to 10 s for a lock (the server may be writing).
#   db_is_pg DB         true when DB is a PostgreSQL URL.
#   db_files_dir DB     the content store of attachments that gongkai keeps beside DB: DIR/files
#                       beside a SQLite file, var/files (in the working directory) on PostgreSQL.
# On PostgreSQL the working directory moves to a folder of the cluster's (files beside the database —
# the audit key, attachments — go to ./var there, as docs/deploy.md says).
E2E_BACKEND=${GONGKAI_TEST_BACKEND:-sqlite}
case $E2E_BACKEND in
sqlite) ;;
postgresql)
	: "${GONGKAI_TEST_PG:?file with the URL of the test cluster (set by ctest for pg: tests)}"
	E2E_PG_BASE=$(cat "$GONGKAI_TEST_PG") || {
		echo "the PostgreSQL test cluster is not running ($GONGKAI_TEST_PG)"
		exit 1
	}
	E2E_PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
	mkdir -p "$(dirname "$GONGKAI_TEST_PG")/work"
	cd "$(mktemp -d "$(dirname "$GONGKAI_TEST_PG")/work/${E2E_NAME:-$(basename "$0" .sh)}-XXXXXX")" || exit 1
	;;
*)
	echo "GONGKAI_TEST_BACKEND must be sqlite or postgresql, not $E2E_BACKEND"
	exit 1
	;;
esac

e2e_db() { # NAME [DIR]
	if [ "$E2E_BACKEND" = sqlite ]; then
		echo "${2:-$work}/$1.db"
		return
	fi
	local name
	name=$(echo "${E2E_NAME:-$(basename "$0" .sh)}" | tr -c 'a-z0-9_\n' _)_$1_$$_$RANDOM
	"$E2E_PG_BIN/psql" -X -q -d "$E2E_PG_BASE/postgres" -c "CREATE DATABASE \"$name\"" >&2 || return 1
	echo "$E2E_PG_BASE/$name"
}

db_is_pg() { [ "${1#postgresql://}" != "$1" ]; }

db_sql() { # DB SQL
	if db_is_pg "$1"; then
		PGOPTIONS='-c lock_timeout=10s -c client_min_messages=warning' "$E2E_PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
	else
		sqlite3 -cmd '.timeout 10000' "$1" "$2"
	fi
}

db_files_dir() { # DB
	if db_is_pg "$1"; then
		echo "$PWD/var/files"
	else
		echo "$(dirname "$1")/files"
	fi
}
