/* test_audit.c — unit tests of the audit log: the keyed hash chain verifies; a changed, deleted or
 * inserted row is found; deleting the newest rows or all rows, and rewriting a row and recomputing the
 * chain without the key, are found against the signed checkpoints and the key file; a forged
 * checkpoint is found; an old database's unkeyed entries verify and are sealed by the keyed chain; the
 * table refuses UPDATE and DELETE; a key file replaced while the process runs is the one used next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "domain/audit.h"
#include "storage/db.h"
#include "util/buf.h"
#include "storage/store_testutil.h"

struct fixture {
	char dir[64];
	char db[128];
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
	snprintf(f->db, sizeof f->db, "%s", path);
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
	int rc = test_dir_remove(f->dir);
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

/* ---- truncation, recomputation, checkpoints, old databases ---- */

/* An attacker with the database file: the append-only triggers dropped, then their SQL. */
static struct db *attack_begin(struct fixture *f)
{
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	db_step(db_prepare(w, "DROP TRIGGER IF EXISTS audit_log_no_update"));
	db_step(db_prepare(w, "DROP TRIGGER IF EXISTS audit_log_no_delete"));
	return w;
}

#define attack(f, sql)                                                                                                 \
	do {                                                                                                           \
		assert_int_equal(db_step(db_prepare(attack_begin(f), sql)), 0);                                        \
		assert_int_equal(store_write_end((f)->store, true), 0);                                                \
	} while (0)

/* The attacker rewrites entry 3's detail and recomputes the chain from there on: with key (a key of
 * their own) or, with key NULL, as unkeyed entries of an "old database". */
static void rewrite_and_recompute(struct fixture *f, const unsigned char *key)
{
	attack(f, "UPDATE audit_log SET detail = 'harmless' WHERE id = 3");
	struct db *w = store_write_begin(f->store);
	char prev[AUDIT_HASH_LEN + 1] = AUDIT_GENESIS;
	for (int64_t id = 1; id <= 5; id++) {
		struct db_stmt *st = db_prepare(w, "SELECT at, user_id, agency_id, action, record_type, record_id, "
						   "detail, ip FROM audit_log WHERE id = :id");
		db_bind_int(st, ":id", id);
		assert_int_equal(db_step(st), 1);
		char action[64], type[32], ip[64], detail[128] = "";
		db_column_copy(st, 3, action, sizeof action);
		db_column_copy(st, 4, type, sizeof type);
		bool null_detail = db_column_is_null(st, 6);
		db_column_copy(st, 6, detail, sizeof detail);
		db_column_copy(st, 7, ip, sizeof ip);
		struct audit_fields fl = {id,
					  db_column_int(st, 0),
					  db_column_int(st, 1),
					  db_column_int(st, 2),
					  db_column_int(st, 5),
					  action,
					  type,
					  null_detail ? NULL : detail,
					  ip};
		db_reset(st);
		char hash[AUDIT_HASH_LEN + 1];
		audit_hash(key, prev, &fl, hash);
		st = db_prepare(w,
				"UPDATE audit_log SET prev_hash = :prev, hash = :hash, keyed = :keyed WHERE id = :id");
		db_bind_text(st, ":prev", prev);
		db_bind_text(st, ":hash", hash);
		db_bind_int(st, ":keyed", key != NULL);
		db_bind_int(st, ":id", id);
		assert_int_equal(db_step(st), 0);
		memcpy(prev, hash, sizeof prev);
	}
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void checkpoint(struct fixture *f)
{
	struct audit_verify_result r;
	char err[256];
	assert_int_equal(audit_checkpoint(store_reader(f->store), 1700000500, &r, err, sizeof err), 1);
	assert_int_equal(r.entries, 5);
	/* nothing new: no second checkpoint */
	assert_int_equal(audit_checkpoint(store_reader(f->store), 1700000600, &r, err, sizeof err), 0);
}

static void assert_tampered(struct fixture *f, const char *words)
{
	struct audit_verify_result r;
	assert_int_equal(audit_verify(store_reader(f->store), &r), 1);
	if (!strstr(r.problem, words))
		fail_msg("problem \"%s\" lacks \"%s\"", r.problem, words);
}

static void test_truncation_detected(void **state)
{
	struct fixture *f = *state;
	checkpoint(f);
	attack(f, "DELETE FROM audit_log WHERE id > 3");
	assert_tampered(f, "截断");
}

static void test_emptied_detected(void **state)
{
	struct fixture *f = *state;
	checkpoint(f);
	attack(f, "DELETE FROM audit_log");
	assert_tampered(f, "清空");
	struct audit_verify_result r;
	char err[256];
	assert_int_equal(audit_checkpoint(store_reader(f->store), 1700000700, &r, err, sizeof err), 2); /* not signed */
}

static void test_recomputed_with_other_key_detected(void **state)
{
	struct fixture *f = *state;
	unsigned char other[AUDIT_KEY_LEN];
	randombytes_buf(other, sizeof other);
	rewrite_and_recompute(f, other);
	assert_tampered(f, "第 1 条"); /* the chain is keyed: nothing verifies under the real key */
}

static void test_recomputed_unkeyed_detected(void **state)
{
	struct fixture *f = *state;
	checkpoint(f);
	rewrite_and_recompute(f, NULL);
	char *cps = audit_checkpoint_path(f->db);
	assert_tampered(f, "不带密钥"); /* the key file says the keyed chain starts at entry 1 */
	/* even without the key file's record, the checkpoint's keyed_from and head hash say so */
	FILE *file = fopen(cps, "r");
	assert_non_null(file);
	char line[512];
	assert_non_null(fgets(line, sizeof line, file));
	fclose(file);
	assert_non_null(strstr(line, " 5 5 1 ")); /* entry 5, 5 entries, keyed from entry 1 */
	free(cps);
}

static void test_forged_checkpoint_detected(void **state)
{
	struct fixture *f = *state;
	checkpoint(f);
	attack(f, "DELETE FROM audit_log WHERE id > 3");
	/* the attacker also rewrites the checkpoint to match the shortened log, without the key */
	char *cps = audit_checkpoint_path(f->db);
	FILE *file = fopen(cps, "w");
	assert_non_null(file);
	fprintf(file, "v1 1700000500 3 3 1 %064d %064d\n", 0, 0);
	fclose(file);
	free(cps);
	assert_tampered(f, "签名不符");
}

static void test_missing_key_detected(void **state)
{
	struct fixture *f = *state;
	char *key = audit_key_path(f->db);
	assert_int_equal(unlink(key), 0);
	assert_tampered(f, "缺少审计密钥");
	/* and the log refuses to grow rather than start a new key */
	struct db *w = store_write_begin(f->store);
	assert_int_equal(audit_append(w, 0, 0, "backup", NULL, 0, NULL, NULL, 1700000100), -1);
	assert_int_equal(store_write_end(f->store, false), 0);
	free(key);
}

/* The process keeps the key between appends (audit.c), but only while the key file is the one it read:
 * a key file put in its place (restored from elsewhere) is the one the next entry is hashed with. */
static void test_replaced_key_used(void **state)
{
	struct fixture *f = *state;
	char *key = audit_key_path(f->db), tmp[160];
	snprintf(tmp, sizeof tmp, "%s.new", key);
	unsigned char other[AUDIT_KEY_LEN];
	randombytes_buf(other, sizeof other);
	char hex[2 * AUDIT_KEY_LEN + 1];
	sodium_bin2hex(hex, sizeof hex, other, sizeof other);
	FILE *file = fopen(tmp, "w");
	assert_non_null(file);
	fprintf(file, "%s\nkeyed_from 1\n", hex);
	assert_int_equal(fclose(file), 0);
	assert_int_equal(rename(tmp, key), 0);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(audit_append(w, 7, 1, "backup", "", 0, "x", "10.0.0.9", 1700000200), 6);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT prev_hash, hash FROM audit_log WHERE id = 6");
	assert_int_equal(db_step(st), 1);
	char prev[AUDIT_HASH_LEN + 1], stored[AUDIT_HASH_LEN + 1], want[AUDIT_HASH_LEN + 1];
	db_column_copy(st, 0, prev, sizeof prev);
	db_column_copy(st, 1, stored, sizeof stored);
	db_reset(st);
	struct audit_fields fl = {6, 1700000200, 7, 1, 0, "backup", "", "x", "10.0.0.9"};
	audit_hash(other, prev, &fl, want);
	assert_string_equal(stored, want);
	free(key);
}

/* An old database: three unkeyed entries written before the keyed chain, then new keyed ones. */
static void test_old_database_migrates(void **state)
{
	struct fixture *f = *state;
	char *key = audit_key_path(f->db);
	attack(f, "DELETE FROM audit_log");
	assert_int_equal(unlink(key), 0);
	struct db *w = store_write_begin(f->store);
	char prev[AUDIT_HASH_LEN + 1] = AUDIT_GENESIS;
	for (int64_t id = 1; id <= 3; id++) {
		struct audit_fields fl = {id, 1600000000 + id, 1, 1, 0, "login", "", NULL, "10.0.0.1"};
		char hash[AUDIT_HASH_LEN + 1];
		audit_hash(NULL, prev, &fl, hash);
		struct db_stmt *st =
		    db_prepare(w, "INSERT INTO audit_log (id, at, user_id, agency_id, action, ip, "
				  "prev_hash, hash) VALUES (:id, :at, 1, 1, 'login', '10.0.0.1', :prev, "
				  ":hash)");
		db_bind_int(st, ":id", id);
		db_bind_int(st, ":at", fl.at);
		db_bind_text(st, ":prev", prev);
		db_bind_text(st, ":hash", hash);
		assert_int_equal(db_step(st), 0);
		memcpy(prev, hash, sizeof prev);
	}
	assert_int_equal(store_write_end(f->store, true), 0);
	struct audit_verify_result r;
	assert_int_equal(audit_verify(store_reader(f->store), &r), 0); /* an old log, as it was */
	assert_int_equal(r.legacy_entries, 3);
	w = store_write_begin(f->store);
	assert_int_equal(audit_append(w, 0, 0, "backup", NULL, 0, NULL, NULL, 1700000100), 4); /* makes the key */
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(audit_verify(store_reader(f->store), &r), 0);
	assert_int_equal(r.entries, 4);
	assert_int_equal(r.legacy_entries, 3);
	/* the old entries are sealed: rewriting one and recomputing the unkeyed part breaks entry 4 */
	attack(f, "UPDATE audit_log SET detail = 'x' WHERE id = 2");
	assert_tampered(f, "第 2 条");
	free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain_verifies, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_detail_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_time_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_row_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncation_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_emptied_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recomputed_with_other_key_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recomputed_unkeyed_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_checkpoint_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_key_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replaced_key_used, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_old_database_migrates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
