#!/usr/bin/env bash
# pg_cluster.sh start|stop FILE — the throw-away PostgreSQL cluster that the pg: pass of the suite
# shares (registered in CMakeLists.txt as the ctest fixture pg/cluster: pg/cluster_start runs before
# the first pg: test, pg/cluster_stop after the last, whatever their results). start: initdb into a
# temporary folder, run as an unprivileged user on a random loopback port (tests/lib/pg.sh), and
# write its base URL to FILE (the folder beside FILE holds the tests' working folders; FILE.dir names
# the cluster's folder). A cluster left by an interrupted run is stopped first. stop: stops the
# cluster, removes its folder and FILE. Every test then creates its own databases (tests/lib/db.sh).
set -uo pipefail
. "$(dirname "$0")/pg.sh"
action=${1:?start or stop} file=${2:?state file}

stop_recorded() {
	if [ -f "$file.dir" ]; then
		pg_dir=$(cat "$file.dir")
		case $pg_dir in /tmp/gongkai-pg-*) pg_stop ;; esac
	fi
	rm -rf "$file" "$file.dir" "$(dirname "$file")/work"
}

case $action in
start)
	pg_available || {
		echo "PostgreSQL 15 binaries not found in $PG_BIN (scripts/deps.sh test installs postgresql-15)"
		exit 1
	}
	mkdir -p "$(dirname "$file")"
	stop_recorded
	pg_start || exit 1
	echo "$pg_dir" >"$file.dir"
	echo "$PG_URL_BASE" >"$file"
	echo "PostgreSQL test cluster: $PG_URL_BASE (folder $pg_dir)"
	;;
stop) stop_recorded ;;
*)
	echo "usage: pg_cluster.sh start|stop FILE"
	exit 2
	;;
esac
