/* test_db.c — unit tests of the storage layer: migrations, named binding errors, the read-only
 * authorizer, WAL, readers that keep reading while the writer writes, concurrent writers, backup.
 * With GONGKAI_TEST_DB=postgresql://… in the environment the same scenarios run on that PostgreSQL
 * database (its public schema is emptied before each test; e2e/pg_backend starts a throw-away cluster
 * and does so). A few scenarios belong to one backend (SQLite's files and pragmas, PostgreSQL's retry
 * of serialization failures) and run only there; where the backends differ by design the test says so. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/db.h"
#include "storage/store_internal.h"
#include "util/buf.h"
#include "storage/store_testutil.h"

struct fixture {
	char dir[64];
	char path[256];
	struct store *store;
};

/* GONGKAI_TEST_DB when it names PostgreSQL, else NULL (SQLite in a temporary folder). */
static const char *pg_url;

/* Empties the PostgreSQL test database (its public schema). Returns 0 or -1. */
static int pg_empty(void)
{
	PGconn *c = PQconnectdb(pg_url);
	PGresult *res =
	    PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc < 0)
		fprintf(stderr, "%s\n", PQerrorMessage(c));
	PQclear(res);
	PQfinish(c);
	return rc;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-db-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/sub/test.db", f->dir);
	if (pg_url) { /* files beside the database (var/…) go into the temporary folder */
		snprintf(f->path, sizeof f->path, "%s", pg_url);
		if (pg_empty() < 0 || chdir(f->dir) < 0)
			return -1;
	}
	char err[256];
	f->store = store_open(f->path, STORE_CREATE | STORE_MIGRATE, err, sizeof err);
	if (!f->store) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	if (pg_url && chdir("/") < 0)
		return -1;
	if (test_dir_remove(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

static int64_t count_settings(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_step_int(db_prepare(db, "SELECT count(*) FROM settings"), &n), 1);
	return n;
}

static void insert_setting(struct db *w, const char *name)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, :v, :t)");
	assert_non_null(st);
	assert_int_equal(db_bind_text(st, ":n", name), 0);
	assert_int_equal(db_bind_text(st, ":v", "x"), 0);
	assert_int_equal(db_bind_int(st, ":t", 1), 0);
	assert_int_equal(db_step(st), 0);
}

/* ---- store_write: the one owner of writes ---- */

struct insert_job {
	const char *name;
	enum outcome_code answer; /* what the job returns after inserting */
	int runs;
};

static enum outcome_code insert_job(struct db *w, void *ctx, struct outcome *out)
{
	struct insert_job *j = ctx;
	j->runs++;
	insert_setting(w, j->name);
	if (j->answer != OUTCOME_OK)
		return outcome_fail(out, j->answer, "name", "名称不可用");
	return OUTCOME_OK;
}

/* Inserts like insert_job but reports a failed insert as OUTCOME_CONFLICT. */
static enum outcome_code insert_job_checked(struct db *w, void *ctx, struct outcome *out)
{
	struct insert_job *j = ctx;
	j->runs++;
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, 'x', 1)");
	db_bind_text(st, ":n", j->name);
	if (db_step(st) < 0)
		return outcome_fail(out, OUTCOME_CONFLICT, "name", "已存在");
	return OUTCOME_OK;
}

static void test_store_write_commits_rolls_back_and_reports(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	int64_t before = count_settings(r);
	uint64_t generation = store_generation(f->store);
	struct outcome out;

	/* OK: committed, visible to readers, generation moves */
	struct insert_job ok = {"w1", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job, &ok, &out), OUTCOME_OK);
	assert_int_equal(out.code, OUTCOME_OK);
	assert_string_equal(out.message, "");
	assert_int_equal(count_settings(r), before + 1);
	assert_true(store_generation(f->store) > generation);

	/* the job refuses: rolled back, its outcome returned as given */
	struct insert_job refused = {"w2", OUTCOME_INVALID, 0};
	assert_int_equal(store_write(f->store, insert_job, &refused, &out), OUTCOME_INVALID);
	assert_int_equal(out.code, OUTCOME_INVALID);
	assert_string_equal(out.field, "name");
	assert_string_equal(out.message, "名称不可用");
	assert_int_equal(count_settings(r), before + 1);

	/* the commit fails: OUTCOME_STORAGE with a Chinese message, nothing saved */
	generation = store_generation(f->store);
	struct store_write_stats stats_before, stats_after;
	store_write_stats(f->store, &stats_before);
	store_fail_commits(f->store, true);
	struct insert_job lost = {"w3", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job, &lost, &out), OUTCOME_STORAGE);
	assert_int_equal(out.code, OUTCOME_STORAGE);
	assert_non_null(strstr(out.message, "未保存任何更改"));
	assert_int_equal(lost.runs, 1);
	assert_int_equal(count_settings(r), before + 1);
	assert_int_equal(store_generation(f->store), generation);
	store_write_stats(f->store, &stats_after); /* a failed batch is not counted as committed */
	assert_int_equal(stats_after.batches, stats_before.batches);
	assert_int_equal(stats_after.jobs, stats_before.jobs);
	/* a NULL out is allowed and the result is the same */
	assert_int_equal(store_write(f->store, insert_job, &lost, NULL), OUTCOME_STORAGE);

	/* disarmed: the writer works again (the failed batch left nothing open) */
	store_fail_commits(f->store, false);
	assert_int_equal(store_write(f->store, insert_job, &lost, &out), OUTCOME_OK);
	assert_int_equal(count_settings(r), before + 2);
	db_release(r);
}

static void test_migrations(void **state)
{
	struct fixture *f = *state;
	assert_true(store_latest_version() >= 1);
	assert_int_equal(store_schema_version(f->store), store_latest_version());
	char err[256];
	assert_int_equal(store_migrate(f->store, err, sizeof err), 0); /* nothing left to apply */
	struct db *r = store_reader(f->store);
	assert_non_null(r);
	int64_t n = -1;
	assert_int_equal(db_step_int(db_prepare(r, "SELECT count(*) FROM users"), &n), 1);
	assert_int_equal(n, 0);
	/* Re-opening an existing database applies nothing and keeps the version. */
	struct store *again = store_open(f->path, STORE_MIGRATE, err, sizeof err);
	assert_non_null(again);
	assert_int_equal(store_schema_version(again), store_latest_version());
	store_close(again);
}

static void test_open_missing_database(void **state)
{
	struct fixture *f = *state;
	char path[300], err[256] = "";
	snprintf(path, sizeof path, "%s/nope.db", f->dir);
	assert_null(store_open(path, STORE_MIGRATE, err, sizeof err));
	assert_non_null(strstr(err, "不存在"));
	assert_int_not_equal(access(path, F_OK), 0);
}

static void test_named_binding_errors(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	struct db_stmt *st = db_prepare(r, "SELECT :a + :b");
	assert_non_null(st);
	assert_int_equal(db_bind_int(st, ":a", 2), 0);
	assert_int_equal(db_bind_int(st, ":nosuch", 3), -1); /* unknown name */
	assert_int_equal(db_step(st), -1);
	assert_int_equal(db_last_error(r), DB_ERR_BIND);
	assert_non_null(strstr(db_errmsg(r), ":nosuch"));

	st = db_prepare(r, "SELECT :a + :b");
	assert_int_equal(db_bind_int(st, ":a", 2), 0); /* :b forgotten */
	assert_int_equal(db_step(st), -1);
	assert_int_equal(db_last_error(r), DB_ERR_BIND);
	assert_non_null(strstr(db_errmsg(r), ":b"));

	st = db_prepare(r, "SELECT :a + :b");
	db_bind_int(st, ":a", 2);
	db_bind_int(st, ":b", 40);
	int64_t sum = 0;
	assert_int_equal(db_step_int(st, &sum), 1);
	assert_int_equal(sum, 42);

	/* A statement that fails to prepare yields NULL, and the chain of calls on it fails safely
	 * (PostgreSQL prepares at the first step: the error shows there). */
	st = db_prepare(r, "SELEKT nonsense");
	if (!pg_url)
		assert_null(st);
	assert_int_equal(db_bind_int(st, ":a", 1), -1);
	assert_int_equal(db_step(st), -1);
	assert_int_not_equal(db_last_error(r), DB_OK);
	/* Values with SQL in them are data, not SQL. */
	st = db_prepare(r, "SELECT :v");
	db_bind_text(st, ":v", "'); DROP TABLE users; --");
	assert_int_equal(db_step(st), 1);
	assert_string_equal(db_column_text(st, 0), "'); DROP TABLE users; --");
	db_reset(st);
}

/* One call site: the statement cache is keyed by the address of the SQL literal. */
static struct db_stmt *prepare_select_one(struct db *db)
{
	return db_prepare(db, "SELECT 1");
}

static void test_statement_cache(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	struct db_stmt *a = prepare_select_one(r);
	struct db_stmt *b = prepare_select_one(r);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, db_prepare(r, "SELECT 2"));
	struct db_stmt *two = db_prepare(r, "SELECT 1; SELECT 2"); /* one statement only */
	if (!pg_url)
		assert_null(two);
	assert_int_equal(db_step(two), -1);
}

static void test_reader_refuses_writes(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	assert_null(db_prepare(r, "INSERT INTO settings (name, value, updated_at) VALUES ('a', 'b', 1)"));
	assert_int_equal(db_last_error(r), DB_ERR_READONLY);
	assert_null(db_prepare(r, "UPDATE settings SET value = 'x'"));
	assert_int_equal(db_last_error(r), DB_ERR_READONLY);
	assert_null(db_prepare(r, "DELETE FROM settings"));
	assert_null(db_prepare(r, "CREATE TABLE evil (x INTEGER)"));
	assert_null(db_prepare(r, "DROP TABLE settings"));
	assert_null(db_prepare(r, "PRAGMA user_version = 7"));
	assert_null(db_prepare(r, "ATTACH DATABASE '/tmp/x.db' AS x"));
	assert_int_equal(count_settings(r), 0);
	/* The same statements work on the writer. */
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	insert_setting(w, "a");
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(count_settings(r), 1);
}

static void test_wal_and_pragmas(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	struct db_stmt *st = db_prepare(r, "PRAGMA journal_mode");
	assert_int_equal(db_step(st), 1);
	assert_string_equal(db_column_text(st, 0), "wal");
	db_reset(st);
	int64_t fk = 0;
	assert_int_equal(db_step_int(db_prepare(r, "PRAGMA foreign_keys"), &fk), 1);
	assert_int_equal(fk, 1);
	struct db *w = store_write_begin(f->store);
	int64_t sync = 0;
	assert_int_equal(db_step_int(db_prepare(w, "PRAGMA synchronous"), &sync), 1);
	assert_int_equal(sync, 1); /* NORMAL: store_write_end syncs the WAL itself */
	insert_setting(w, "wal");
	struct store_write_stats before, after;
	store_write_stats(f->store, &before);
	/* read inside the write: the writer stays this thread's (unlocking it would hand the open batch
	 * to the writer thread, which could roll it back under the job) */
	assert_int_equal(pthread_mutex_trylock(&f->store->write_lock), EBUSY);
	assert_int_equal(store_write_end(f->store, true), 0);
	store_write_stats(f->store, &after);
	assert_int_equal(after.syncs, before.syncs + 1); /* the commit was made durable before returning */
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	assert_int_equal(access(wal, F_OK), 0);
}

/* A failed fdatasync of the WAL: the batches it should have made durable are reported failed, and the
 * process refuses every later write (the kernel may have dropped what it could not write); a new
 * process opens the database and writes again. */
static void test_failed_sync_refuses_writes(void **state)
{
	struct fixture *f = *state;
	struct insert_job kept = {"before", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job, &kept, NULL), OUTCOME_OK);
	store_fail_syncs(f->store, true);
	struct outcome out;
	struct insert_job lost = {"unsynced", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job, &lost, &out), OUTCOME_STORAGE);
	assert_non_null(strstr(out.message, "数据库写入失败"));
	store_fail_syncs(f->store, false); /* the disk is back, but this process stays refused */
	struct insert_job later = {"later", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job, &later, &out), OUTCOME_STORAGE);
	assert_int_equal(later.runs, 0);
	assert_null(store_write_begin(f->store));
	store_close(f->store);
	char err[256];
	f->store = store_open(f->path, STORE_MIGRATE, err, sizeof err);
	assert_non_null(f->store);
	assert_int_equal(store_write(f->store, insert_job, &later, NULL), OUTCOME_OK);
	struct db *r = store_reader(f->store);
	int64_t n = 0;
	assert_int_equal(
	    db_step_int(db_prepare(r, "SELECT count(*) FROM settings WHERE name IN ('before', 'later')"), &n), 1);
	assert_int_equal(n, 2);
}

static void test_rollback_and_reentry(void **state)
{
	struct fixture *f = *state;
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_null(store_write_begin(f->store)); /* the same thread may not take the writer twice */
	insert_setting(w, "gone");
	assert_int_equal(store_write_end(f->store, false), 0);
	assert_int_equal(count_settings(store_reader(f->store)), 0);
	/* A constraint violation is reported as such. */
	w = store_write_begin(f->store);
	insert_setting(w, "dup");
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, 'y', 1)");
	db_bind_text(st, ":n", "dup");
	assert_int_equal(db_step(st), -1);
	assert_int_equal(db_last_error(w), DB_ERR_CONSTRAINT);
	assert_non_null(strstr(db_errmsg(w), "UNIQUE"));
	if (pg_url) {
		/* PostgreSQL: the failed statement leaves the job uncommittable; it is undone alone */
		assert_int_equal(store_write_end(f->store, true), -1);
		assert_int_equal(count_settings(store_reader(f->store)), 0);
		w = store_write_begin(f->store); /* and the writer works on */
		insert_setting(w, "dup");
	}
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(count_settings(store_reader(f->store)), 1);
}

/* ---- db_step_later: statements whose results are read with the next one (PostgreSQL's pipeline) ---- */

/* Inserts setting name with db_step_later. Returns its result. */
static int insert_setting_later(struct db *w, const char *name)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, 'x', 1)");
	db_bind_text(st, ":n", name);
	return db_step_later(st);
}

struct later_job {
	const char *names[3]; /* inserted in this order with db_step_later; NULL ends */
	int64_t seen;	      /* count(*) of settings read after the inserts, inside the job */
	enum db_error error;  /* the writer's error when a statement failed */
};

static enum outcome_code later_job(struct db *w, void *ctx, struct outcome *out)
{
	struct later_job *j = ctx;
	for (int i = 0; i < 3 && j->names[i]; i++)
		if (insert_setting_later(w, j->names[i]) < 0) {
			j->error = db_last_error(w);
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "插入失败");
		}
	j->seen = -1;
	if (db_step_int(db_prepare(w, "SELECT count(*) FROM settings WHERE name LIKE 'later%'"), &j->seen) < 0) {
		j->error = db_last_error(w);
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取失败");
	}
	return OUTCOME_OK;
}

/* A failing statement sent last in a job whose function then returns OK. */
static enum outcome_code later_last_fails_job(struct db *w, void *ctx, struct outcome *out)
{
	(void)ctx;
	if (insert_setting_later(w, "later-tail") < 0 || insert_setting_later(w, "later-a") < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "插入失败");
	return OUTCOME_OK;
}

static int64_t count_later(struct db *r)
{
	int64_t n = -1;
	assert_int_equal(db_step_int(db_prepare(r, "SELECT count(*) FROM settings WHERE name LIKE 'later%'"), &n), 1);
	return n;
}

static void test_step_later(void **state)
{
	struct fixture *f = *state;
	struct outcome out;
	/* in order, and seen by the job's next statement */
	struct later_job two = {{"later-a", "later-b", NULL}, 0, DB_OK};
	assert_int_equal(store_write(f->store, later_job, &two, &out), OUTCOME_OK);
	assert_int_equal(two.seen, 2);
	assert_int_equal(count_later(store_reader(f->store)), 2);

	/* a duplicate fails the job (at once on SQLite, with the next statement on PostgreSQL, whose
	 * error is the duplicate's): nothing of the job is kept, the earlier commit is */
	struct later_job dup = {{"later-c", "later-a", NULL}, 0, DB_OK};
	assert_int_equal(store_write(f->store, later_job, &dup, &out), OUTCOME_STORAGE);
	assert_int_equal(dup.error, DB_ERR_CONSTRAINT);
	assert_int_equal(count_later(store_reader(f->store)), 2);

	/* the failing statement is the job's last and the job says OK: on PostgreSQL the end of the job
	 * reads it, undoes the job and reports the write failed — never acknowledged */
	assert_int_equal(store_write(f->store, later_last_fails_job, NULL, &out), OUTCOME_STORAGE);
	assert_int_equal(count_later(store_reader(f->store)), 2);

	/* the writer works on, and a batch of two jobs keeps both */
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_int_equal(insert_setting_later(w, "later-d"), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(count_later(store_reader(f->store)), 3);
}

struct reader_job {
	struct store *store;
	int64_t seen;
	int ok;
};

static void *read_count(void *arg)
{
	struct reader_job *job = arg;
	struct db *r = store_reader(job->store);
	job->seen = -1;
	if (r && db_step_int(db_prepare(r, "SELECT count(*) FROM settings"), &job->seen) == 1)
		job->ok = 1;
	return NULL;
}

static void test_reader_while_writing(void **state)
{
	struct fixture *f = *state;
	struct db *w = store_write_begin(f->store);
	insert_setting(w, "pending");
	/* While the write transaction is open, a reader on another thread is not blocked and sees the last
	 * committed state. */
	struct reader_job job = {f->store, 0, 0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, read_count, &job), 0);
	pthread_join(t, NULL);
	assert_int_equal(job.ok, 1);
	assert_int_equal(job.seen, 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	job.ok = 0;
	assert_int_equal(pthread_create(&t, NULL, read_count, &job), 0);
	pthread_join(t, NULL);
	assert_int_equal(job.ok, 1);
	assert_int_equal(job.seen, 1);
}

static void test_release_ends_stale_snapshot(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	/* A statement left on its first row pins the reader's snapshot (SQLite; PostgreSQL fetched the
	 * whole result, so only a read transaction pins one) … */
	struct db_stmt *open = db_prepare(r, "SELECT version FROM schema_migrations");
	assert_int_equal(db_step(open), 1);
	assert_int_equal(count_settings(r), 0);
	struct db *w = store_write_begin(f->store);
	insert_setting(w, "new");
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(count_settings(r), pg_url ? 1 : 0); /* stale on SQLite */
	/* … until the request's end releases it. */
	db_release(r);
	assert_int_equal(count_settings(r), 1);
	/* An open read transaction is ended too. */
	assert_int_equal(db_read_begin(r), 0);
	assert_int_equal(count_settings(r), 1);
	w = store_write_begin(f->store);
	insert_setting(w, "newer");
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(count_settings(r), 1);
	db_release(r);
	assert_int_equal(count_settings(r), 2);
	/* Read transactions nest: an inner begin/end (a domain function's) keeps the outer snapshot. */
	assert_int_equal(db_read_begin(r), 0);
	assert_int_equal(count_settings(r), 2);
	assert_int_equal(db_read_begin(r), 0);
	w = store_write_begin(f->store);
	insert_setting(w, "newest");
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(db_read_end(r), 0);
	assert_int_equal(count_settings(r), 2); /* still the outer snapshot */
	assert_int_equal(db_read_end(r), 0);
	assert_int_equal(count_settings(r), 3);
	db_release(NULL);
}

#define WRITERS	    4
#define WRITES_EACH 25

struct writer_job {
	struct store *store;
	int index;
	int failures;
};

static void *write_many(void *arg)
{
	struct writer_job *job = arg;
	for (int i = 0; i < WRITES_EACH; i++) {
		struct db *w = store_write_begin(job->store);
		if (!w) {
			job->failures++;
			continue;
		}
		char name[32];
		snprintf(name, sizeof name, "t%d-%d", job->index, i);
		struct db_stmt *st =
		    db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, 'v', 1)");
		db_bind_text(st, ":n", name);
		bool ok = db_step(st) == 0;
		int64_t n;
		/* each thread also reads through its own reader meanwhile */
		ok = ok && db_step_int(db_prepare(store_reader(job->store), "SELECT count(*) FROM settings"), &n) == 1;
		if (store_write_end(job->store, ok) < 0 || !ok)
			job->failures++;
	}
	return NULL;
}

/* Runs fn in WRITERS threads at once (each with its own writer_job of WRITES_EACH writes) and checks
 * that none failed and that every write is there and counted once, in at most as many batches as
 * writes and none larger than the cap. *before and *after receive the store's figures. */
static void run_writers(struct fixture *f, void *(*fn)(void *), struct store_write_stats *before,
			struct store_write_stats *after)
{
	pthread_t threads[WRITERS];
	struct writer_job jobs[WRITERS];
	store_write_stats(f->store, before);
	for (int i = 0; i < WRITERS; i++) {
		jobs[i] = (struct writer_job){f->store, i, 0};
		assert_int_equal(pthread_create(&threads[i], NULL, fn, &jobs[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	assert_int_equal(count_settings(store_reader(f->store)), WRITERS * WRITES_EACH);
	store_write_stats(f->store, after);
	assert_int_equal(after->jobs - before->jobs, WRITERS * WRITES_EACH);
	assert_true(after->batches > before->batches);
	assert_true(after->batches - before->batches <= WRITERS * WRITES_EACH);
	assert_in_range(after->largest, 1, 64);
}

static void test_concurrent_writers(void **state)
{
	struct store_write_stats before, after;
	run_writers(*state, write_many, &before, &after);
	/* SQLite: each batch made durable by an fdatasync, one fdatasync serving every batch committed
	 * before it began (PostgreSQL's COMMIT waits for the server's flush: none here) */
	if (pg_url)
		assert_int_equal(after.syncs, before.syncs);
	else
		assert_in_range(after.syncs - before.syncs, 1, after.batches - before.batches);
}

/* store_write from many threads at once: each job runs once on the writer thread and is committed
 * once, whatever batch it lands in; none is lost or run twice, and every caller is told OK. */
static void *store_write_many(void *arg)
{
	struct writer_job *job = arg;
	for (int i = 0; i < WRITES_EACH; i++) {
		char name[32];
		snprintf(name, sizeof name, "q%d-%d", job->index, i);
		struct insert_job insert = {name, OUTCOME_OK, 0};
		struct outcome out;
		if (store_write(job->store, insert_job_checked, &insert, &out) != OUTCOME_OK || insert.runs != 1 ||
		    out.code != OUTCOME_OK)
			job->failures++;
	}
	return NULL;
}

static void test_store_write_from_threads(void **state)
{
	struct store_write_stats before, after;
	run_writers(*state, store_write_many, &before, &after);
}

struct nested_job {
	struct store *store;
	enum outcome_code inner;
	int inner_runs;
};

/* Calls store_write from inside a job (which db.h forbids), then inserts "outer". */
static enum outcome_code nested_write_job(struct db *w, void *ctx, struct outcome *out)
{
	struct nested_job *j = ctx;
	struct insert_job inner = {"inner", OUTCOME_OK, 0};
	j->inner = store_write(j->store, insert_job_checked, &inner, NULL);
	j->inner_runs = inner.runs;
	struct insert_job outer = {"outer", OUTCOME_OK, 0};
	return insert_job_checked(w, &outer, out);
}

/* A job that calls store_write is refused at once (it would wait for the writer, which runs it) and
 * the outer job goes on; nothing hangs. */
static void test_nested_store_write_refused(void **state)
{
	struct fixture *f = *state;
	struct nested_job j = {f->store, OUTCOME_OK, -1};
	assert_int_equal(store_write(f->store, nested_write_job, &j, NULL), OUTCOME_OK);
	assert_int_equal(j.inner, OUTCOME_STORAGE);
	assert_int_equal(j.inner_runs, 0);
	assert_int_equal(count_settings(store_reader(f->store)), 1); /* "outer" only */
}

/* The database error a job met on the writer thread is the caller's db_thread_error, as when jobs ran on
 * the caller's thread: the request's log names it. */
static void test_job_error_reaches_caller(void **state)
{
	struct fixture *f = *state;
	struct insert_job first = {"dup", OUTCOME_OK, 0}, again = {"dup", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, insert_job_checked, &first, NULL), OUTCOME_OK);
	db_thread_error_clear();
	assert_int_equal(store_write(f->store, insert_job_checked, &again, NULL), OUTCOME_CONFLICT);
	assert_non_null(strcasestr(db_thread_error(), "unique"));
}

static void test_backup(void **state)
{
	struct fixture *f = *state;
	if (pg_url) { /* pg_dump's job: refused with a message naming it */
		char msg[256] = "";
		assert_int_equal(store_backup(f->store, "/tmp/never.db", msg, sizeof msg), -1);
		assert_non_null(strstr(msg, "pg_dump"));
		return;
	}
	struct db *w = store_write_begin(f->store);
	insert_setting(w, "one");
	insert_setting(w, "two");
	assert_int_equal(store_write_end(f->store, true), 0);
	char copy[300], err[256];
	snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
	assert_int_equal(store_backup(f->store, copy, err, sizeof err), 0);
	struct store *b = store_open(copy, 0, err, sizeof err);
	assert_non_null(b);
	assert_int_equal(count_settings(store_reader(b)), 2);
	assert_int_equal(store_schema_version(b), store_latest_version());
	store_close(b);
	snprintf(copy, sizeof copy, "%s/no/such/dir/copy.db", f->dir);
	assert_int_equal(store_backup(f->store, copy, err, sizeof err), -1);
}

static void test_column_copy_utf8(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	struct db_stmt *st = db_prepare(r, "SELECT :t, NULL");
	db_bind_text(st, ":t", "钟楼街道");
	assert_int_equal(db_step(st), 1);
	char small[8]; /* room for two 3-byte characters, not three */
	assert_false(db_column_copy(st, 0, small, sizeof small));
	assert_string_equal(small, "钟楼");
	char big[32];
	assert_true(db_column_copy(st, 0, big, sizeof big));
	assert_string_equal(big, "钟楼街道");
	assert_true(db_column_is_null(st, 1));
	assert_null(db_column_text(st, 1));
	assert_null(db_column_dup(st, 1));
	char *dup = db_column_dup(st, 0);
	assert_string_equal(dup, "钟楼街道");
	free(dup);
	db_reset(st);
}

/* A job whose first run meets a serialization failure (SQLSTATE 40001, raised on purpose). */
static enum outcome_code conflict_once_job(struct db *w, void *ctx, struct outcome *out)
{
	struct insert_job *j = ctx;
	if (j->runs++ == 0) {
		int rc = db_step(db_prepare(w, "DO $$BEGIN RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'test "
					       "conflict'; END$$"));
		assert_int_equal(rc, -1);
		assert_int_equal(db_last_error(w), DB_ERR_BUSY);
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "冲突");
	}
	insert_setting(w, j->name);
	return OUTCOME_OK;
}

/* PostgreSQL: store_write runs a job again after a serialization failure (its first run undone), and
 * not after any other failure. */
static void test_serialization_failure_retried(void **state)
{
	struct fixture *f = *state;
	struct outcome out;
	struct insert_job again = {"retried", OUTCOME_OK, 0};
	assert_int_equal(store_write(f->store, conflict_once_job, &again, &out), OUTCOME_OK);
	assert_int_equal(again.runs, 2);
	assert_string_equal(out.message, "");
	assert_int_equal(count_settings(store_reader(f->store)), 1);
	struct insert_job refused = {"retried", OUTCOME_OK, 0}; /* a duplicate: a constraint error */
	assert_int_equal(store_write(f->store, insert_job_checked, &refused, &out), OUTCOME_CONFLICT);
	assert_int_equal(refused.runs, 1);
	assert_int_equal(count_settings(store_reader(f->store)), 1);
}

/* The backend the tests ran on, and where its files go: beside the SQLite file, which may also be
 * named "sqlite:PATH"; under var/DBNAME for PostgreSQL. */
static void test_backend_name(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(store_backend(f->store), pg_url ? "postgresql" : "sqlite");
	char want[300], err[256];
	if (pg_url) {
		snprintf(want, sizeof want, "var/%s", strrchr(pg_url, '/') + 1);
		assert_string_equal(store_path(f->store), want);
		return;
	}
	assert_string_equal(store_path(f->store), f->path);
	struct db *w = store_write_begin(f->store);
	insert_setting(w, "seen");
	assert_int_equal(store_write_end(f->store, true), 0);
	snprintf(want, sizeof want, "sqlite:%s", f->path);
	struct store *again = store_open(want, 0, err, sizeof err);
	assert_non_null(again);
	assert_string_equal(store_path(again), f->path);
	assert_int_equal(count_settings(store_reader(again)), 1);
	store_close(again);
}

/* ---- several processes on one database (docs/deploy.md "Several instances on one database") ---- */

/* The watcher's bookkeeping: the first reading, a changed reading and the first failure drop caches;
 * the same reading, and failures after the first, do not. */
static void test_watch_observe(void **state)
{
	(void)state;
	struct store_watch_state s = {0};
	assert_true(store_watch_observe(&s, true, 7)); /* first reading: nothing known before */
	assert_false(store_watch_observe(&s, true, 7));
	assert_true(store_watch_observe(&s, true, 8));
	assert_false(store_watch_observe(&s, true, 8));
	assert_true(store_watch_observe(&s, false, 0)); /* blind from now on */
	assert_false(store_watch_observe(&s, false, 0));
	assert_true(
	    store_watch_observe(&s, true, 8)); /* back: the same value still counts, something may have changed */
	assert_false(store_watch_observe(&s, true, 8));
	assert_true(store_watch_observe(&s, true, 3)); /* any difference, also downwards (a restored copy) */
}

/* Waits up to 10 s for store's generation to move away from before. */
static bool generation_moves(struct store *store, uint64_t before)
{
	for (int i = 0; i < 1000 && store_generation(store) == before; i++)
		usleep(10000);
	return store_generation(store) != before;
}

/* A second store on the same database stands for another process: its watcher sees the first one's
 * commit (its own generation moves without it writing), and a rolled-back transaction moves nothing
 * on PostgreSQL's counter. */
static void test_watch_sees_other_process(void **state)
{
	struct fixture *f = *state;
	char err[256];
	struct store *other = store_open(f->path, 0, err, sizeof err);
	assert_non_null(other);
	assert_int_equal(store_watch_start(other, 5, err, sizeof err), 0);
	assert_int_equal(store_watch_start(other, 5, err, sizeof err), -1); /* once */
	usleep(50000);							    /* the first readings are taken */
	uint64_t before = store_generation(other);
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	insert_setting(w, "from-the-first");
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_true(generation_moves(other, before));
	assert_int_equal(count_settings(store_reader(other)), 1); /* and what it then reads is the commit */
	store_close(other);
}

struct turn_job {
	struct store *store;
	enum outcome_code code;
	char name[16];
};

/* Read-then-write: names the new setting after the number of settings there are. */
static enum outcome_code next_name_job(struct db *w, void *ctx, struct outcome *out)
{
	(void)out;
	struct turn_job *j = ctx;
	int64_t n = -1;
	if (db_step_int(db_prepare(w, "SELECT count(*) FROM settings"), &n) != 1)
		return OUTCOME_STORAGE;
	snprintf(j->name, sizeof j->name, "turn%d", (int)n);
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, 'x', 1)");
	db_bind_text(st, ":n", j->name);
	return db_step(st) == 0 ? OUTCOME_OK : OUTCOME_STORAGE;
}

static void *run_turn_job(void *arg)
{
	struct turn_job *j = arg;
	j->code = store_write(j->store, next_name_job, j, NULL);
	return NULL;
}

/* The writers of two processes take turns: while one holds a write transaction, the other's job waits
 * for its commit and then reads it, so a read-then-write (the tracking-number sequence, the audit
 * chain) continues from it. Without the writer lock, on PostgreSQL's READ COMMITTED, the second job
 * would read the count before the first's commit and collide with it ("turn0" twice). */
static void test_writers_of_two_processes_take_turns(void **state)
{
	struct fixture *f = *state;
	char err[256];
	struct store *other = store_open(f->path, 0, err, sizeof err);
	assert_non_null(other);
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	insert_setting(w, "turn0");
	struct turn_job second = {other, OUTCOME_OK, ""};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, run_turn_job, &second), 0);
	usleep(200000); /* the second writer is waiting now (or not started yet: the result is the same) */
	assert_int_equal(store_write_end(f->store, true), 0);
	pthread_join(t, NULL);
	assert_int_equal(second.code, OUTCOME_OK);
	assert_string_equal(second.name, "turn1");
	assert_int_equal(count_settings(store_reader(f->store)), 2);
	store_close(other);
}

int main(void)
{
	const char *target = getenv("GONGKAI_TEST_DB");
	if (target && strncmp(target, "postgresql://", 13) == 0)
		pg_url = target;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_write_commits_rolls_back_and_reports, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_named_binding_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reader_refuses_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rollback_and_reentry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_step_later, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reader_while_writing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_release_ends_stale_snapshot, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_write_from_threads, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_nested_store_write_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_job_error_reaches_caller, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_column_copy_utf8, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backend_name, setup, teardown),
	    cmocka_unit_test(test_watch_observe),
	    cmocka_unit_test_setup_teardown(test_watch_sees_other_process, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writers_of_two_processes_take_turns, setup, teardown),
	};
	/* scenarios of one backend: SQLite's files and pragmas; PostgreSQL's retries */
	const struct CMUnitTest sqlite_only[] = {
	    cmocka_unit_test_setup_teardown(test_open_missing_database, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wal_and_pragmas, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_sync_refuses_writes, setup, teardown),
	};
	const struct CMUnitTest pg_only[] = {
	    cmocka_unit_test_setup_teardown(test_serialization_failure_retried, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("both backends", tests, NULL, NULL);
	if (pg_url)
		return failed + cmocka_run_group_tests_name("PostgreSQL only", pg_only, NULL, NULL);
	return failed + cmocka_run_group_tests_name("SQLite only", sqlite_only, NULL, NULL);
}
