#!/usr/bin/env bash
# pg_unit.sh EXE — runs a unit-test executable on PostgreSQL (the :pg copy of a unit test that opens a
# database, see UNIT_TESTS_WITH_DB in CMakeLists.txt): creates a database of its own on the suite's
# throw-away cluster (GONGKAI_TEST_PG, tests/lib/db.sh), runs EXE with GONGKAI_TEST_DB=its URL in a
# folder of the cluster's (files beside the database go there), and exits with EXE's status.
set -uo pipefail
exe=$(realpath "${1:?unit-test executable}")
GONGKAI_TEST_BACKEND=postgresql
E2E_NAME=$(basename "$exe")
. "$(dirname "$0")/db.sh"
url=$(e2e_db unit) || exit 1
GONGKAI_TEST_DB=$url exec "$exe"
