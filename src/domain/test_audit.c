/* test_audit.c — unit tests of the audit log: the hash chain verifies; a changed, deleted or inserted row
 * is found; the table refuses UPDATE and DELETE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "storage/db.h"
#include "util/buf.h"

struct fixture {
	char dir[64];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-audit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/t.db", f->dir);
	f->store = store_open(path, STORE_CREATE | STORE_MIGRATE, err, sizeof err);
	if (!f->store)
		return -1;
	/* Five entries, with awkward text in them. */
	struct db *w = store_write_begin(f->store);
	static const char *const details[] = {"首条", NULL, "'; DROP TABLE audit_log; --", "a:b\n1:c", ""};
	for (int i = 0; i < 5; i++)
		if (audit_append(w, i, 1, "info.publish", "info", 100 + i, details[i], i % 2 ? "2001:db8::1" : NULL,
				 1700000000 + i) != i + 1)
			return -1;
	*state = f;
	return store_write_end(f->store, true);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* Runs one tampering statement on the writer after dropping the append-only triggers, as an attacker
 * with access to the database file would. */
static void tamper(struct fixture *f, const char *what)
{
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_int_equal(db_step(db_prepare(w, "DROP TRIGGER audit_log_no_update")), 0);
	assert_int_equal(db_step(db_prepare(w, "DROP TRIGGER audit_log_no_delete")), 0);
	struct db_stmt *st = NULL;
	if (strcmp(what, "detail") == 0)
		st = db_prepare(w, "UPDATE audit_log SET detail = 'harmless' WHERE id = 3");
	else if (strcmp(what, "delete") == 0)
		st = db_prepare(w, "DELETE FROM audit_log WHERE id = 2");
	else if (strcmp(what, "time") == 0)
		st = db_prepare(w, "UPDATE audit_log SET at = at + 1 WHERE id = 4");
	assert_int_equal(db_step(st), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void test_chain_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_verify_result result;
	assert_int_equal(audit_verify(store_reader(f->store), &result), 0);
	assert_int_equal(result.entries, 5);
	assert_int_equal(result.first_bad_id, 0);
	assert_int_equal(strlen(result.last_hash), AUDIT_HASH_LEN);
	/* Appending keeps it intact and moves the head. */
	char before[AUDIT_HASH_LEN + 1];
	memcpy(before, result.last_hash, sizeof before);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(audit_append(w, 0, 0, "backup", NULL, 0, NULL, NULL, 1700000100), 6);
	assert_int_equal(audit_append(w, 0, 0, "", NULL, 0, NULL, NULL, 1700000100), -1); /* action required */
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(audit_verify(store_reader(f->store), &result), 0);
	assert_int_equal(result.entries, 6);
	assert_string_not_equal(result.last_hash, before);
}

static void test_tampered_detail_detected(void **state)
{
	struct fixture *f = *state;
	tamper(f, "detail");
	struct audit_verify_result result;
	assert_int_equal(audit_verify(store_reader(f->store), &result), 1);
	assert_int_equal(result.first_bad_id, 3);
}

static void test_tampered_time_detected(void **state)
{
	struct fixture *f = *state;
	tamper(f, "time");
	struct audit_verify_result result;
	assert_int_equal(audit_verify(store_reader(f->store), &result), 1);
	assert_int_equal(result.first_bad_id, 4);
}

static void test_deleted_row_detected(void **state)
{
	struct fixture *f = *state;
	tamper(f, "delete");
	struct audit_verify_result result;
	assert_int_equal(audit_verify(store_reader(f->store), &result), 1);
	assert_int_equal(result.first_bad_id, 3); /* its successor no longer links */
}

static void test_append_only(void **state)
{
	struct fixture *f = *state;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(db_step(db_prepare(w, "UPDATE audit_log SET detail = 'x' WHERE id = 1")), -1);
	assert_int_equal(db_step(db_prepare(w, "DELETE FROM audit_log WHERE id = 5")), -1);
	assert_int_equal(store_write_end(f->store, false), 0);
	struct audit_entry *entries;
	size_t n;
	assert_int_equal(audit_list(store_reader(f->store), 1, 10, &entries, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(entries[0].id, 5); /* newest first */
	assert_string_equal(entries[2].detail, "'; DROP TABLE audit_log; --");
	assert_null(entries[3].detail);
	assert_string_equal(entries[3].ip, "2001:db8::1");
	audit_entries_free(entries, n);
	assert_int_equal(audit_list(store_reader(f->store), 2, 10, &entries, &n), 0);
	assert_int_equal(n, 0);
	audit_entries_free(entries, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain_verifies, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_detail_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_time_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_row_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
