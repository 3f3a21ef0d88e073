#!/usr/bin/env bash
# run.sh BUILD-DIR [CTEST-ARGS…] — runs the registered tests (unit, end-to-end, browser) of a build
# directory through ctest and ends with the line "N passed, N failed". With PostgreSQL 15 installed
# the run includes the PostgreSQL pass: each test that uses a database also runs as NAME:pg on a
# throw-away cluster (the ctest fixture pg/cluster, CMakeLists.txt); a line before the summary gives
# the count of each pass. CTEST-ARGS select tests (make test-pg passes -L pg).
set -uo pipefail
dir=${1:-build-asan}
shift || true
log=$(mktemp)
# an interrupted run must not leave the cluster behind (ctest's cleanup fixture runs only at its end)
trap 'rm -f "$log"; bash "$(dirname "$0")/lib/pg_cluster.sh" stop "$dir/pg-cluster/url" >/dev/null 2>&1' EXIT
ctest --test-dir "$dir" --output-on-failure -j 2 --timeout 900 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
if [ -z "$summary" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
failed=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
# A test that cannot run here (exit 77) is named, not counted as passed.
skipped=$(grep -E '\*\*\*Skipped' "$log" | sed -E 's/.*Test +#[0-9]+: ([^ ]+).*/\1/' | sort -u)
nskipped=$(grep -c . <<<"$skipped")
[ "$nskipped" -gt 0 ] && echo "skipped: $(tr '\n' ' ' <<<"$skipped")"
# The two passes: tests named NAME:pg ran on PostgreSQL, the others on SQLite (or need no database).
results=$(grep -E '^ *[0-9]+/[0-9]+ Test +#[0-9]+: ' "$log")
pg_passed=$(grep -cE ':pg \.+ +Passed' <<<"$results")
pg_failed=$(grep -E ':pg \.+' <<<"$results" | grep -vcE 'Passed|Skipped')
if ctest --test-dir "$dir" -N -L pg 2>/dev/null | grep -q 'Total Tests: [1-9]'; then
  sqlite_passed=$(grep -vE ':pg \.|pg/cluster_' <<<"$results" | grep -cE '\.+ +Passed')
  echo "SQLite pass: $sqlite_passed passed; PostgreSQL pass: $pg_passed passed, $pg_failed failed (the cluster's start and stop not counted in either)"
else
  echo "PostgreSQL pass: not run (PostgreSQL 15 was not installed when $dir was configured; scripts/deps.sh test)"
fi
echo "$((total - failed - nskipped)) passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
