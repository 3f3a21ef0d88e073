/* store_testutil.h — the database of a unit test, on either backend (header-only, for test_*.c files).
 * On SQLite a fresh file in the test's temporary folder; when GONGKAI_TEST_DB names PostgreSQL (the
 * :pg copies of the unit tests that ctest runs through tests/lib/pg_unit.sh, each on a database of its
 * own) that database, emptied first, so that every test case starts from nothing on both backends. */
#ifndef GONGKAI_STORE_TESTUTIL_H
#define GONGKAI_STORE_TESTUTIL_H

#include "storage/pq_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/db.h"
#include "util/test_dir.h"

/* The PostgreSQL URL of GONGKAI_TEST_DB, or NULL (SQLite). */
static inline const char *test_store_pg_url(void)
{
	const char *url = getenv("GONGKAI_TEST_DB");
	return url && strncmp(url, "postgresql://", 13) == 0 ? url : NULL;
}

/* Empties the PostgreSQL database URL (drops and recreates its public schema). Returns 0 or -1. */
static inline int test_store_pg_empty(const char *url, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	PGresult *res =
	    PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc < 0)
		snprintf(err, errlen, "%s", PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return rc;
}

/* Opens a new, migrated store for one test case. DIR is the case's temporary folder (made by the
 * caller, removed by it afterwards): the SQLite database is DIR/t.db; on PostgreSQL the working
 * directory moves to DIR, where the files kept beside the database (var/…) then go. Returns the store,
 * or NULL with the reason in ERR. */
static inline struct store *test_store_open(const char *dir, char *err, size_t errlen)
{
	const char *url = test_store_pg_url();
	char path[256];
	if (url) {
		if (test_store_pg_empty(url, err, errlen) < 0)
			return NULL;
		if (chdir(dir) < 0) {
			snprintf(err, errlen, "chdir %s failed", dir);
			return NULL;
		}
		snprintf(path, sizeof path, "%s", url);
	} else {
		snprintf(path, sizeof path, "%s/t.db", dir);
	}
	return store_open(path, STORE_CREATE | STORE_MIGRATE, err, errlen);
}

#endif
