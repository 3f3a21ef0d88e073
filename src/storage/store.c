/* store.c — the process-wide database handle: one mutex-guarded writer connection (BEGIN IMMEDIATE),
 * one reader connection per thread (pthread key), opening/closing and the online backup. See db.h.
 * On PostgreSQL the same: the writer's batch is a READ COMMITTED transaction (each job in a SAVEPOINT),
 * a job that hit a serialization failure or deadlock is run again (store_write), and a connection the
 * server dropped is reconnected before the next write or request. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/store_internal.h"
#include "util/buf.h"

const char *store_path(const struct store *store)
{
	return store->path;
}

const char *store_backend(const struct store *store)
{
	return store->pg_url ? "postgresql" : "sqlite";
}

/* mkdir -p of the directory part of path. */
static int make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0750) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Makes path (created when missing and create is set) readable by its owner only: 0600, an existing
 * looser file is tightened. SQLite gives the WAL and shared-memory files the mode of the database
 * file, so they follow. Returns 0, or -1 with errno set. */
static int private_file(const char *path, bool create)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
	if (fd < 0)
		return errno == ENOENT && !create ? 0 : -1;
	struct stat st;
	int rc = fstat(fd, &st) == 0 && ((st.st_mode & 077) == 0 || fchmod(fd, st.st_mode & 0700) == 0) ? 0 : -1;
	close(fd);
	return rc;
}

/* private_file for the database and any WAL / shared-memory file left beside it. */
static int private_database(const char *path, bool create)
{
	struct buf side = {0};
	int rc = private_file(path, create);
	for (int i = 0; i < 2 && rc == 0; i++) {
		buf_reset(&side);
		buf_printf(&side, "%s%s", path, i == 0 ? "-wal" : "-shm");
		rc = private_file(side.data, false);
	}
	buf_free(&side);
	return rc;
}

static void store_free(struct store *store)
{
	store_sync_destroy(store);
	pthread_mutex_destroy(&store->write_lock);
	pthread_mutex_destroy(&store->readers_lock);
	free(store->path);
	free(store->pg_url);
	free(store);
}

/* Called by pthreads when a thread that had a reader exits. */
static void reader_thread_exit(void *value)
{
	struct db *db = value;
	struct store *store = db->store;
	pthread_mutex_lock(&store->readers_lock);
	if (db->prev)
		db->prev->next = db->next;
	else
		store->readers = db->next;
	if (db->next)
		db->next->prev = db->prev;
	pthread_mutex_unlock(&store->readers_lock);
	db_disconnect(db);
}

/* target is a file path, "sqlite:PATH" or a postgresql:// URL. */
static struct store *store_new(const char *target)
{
	struct store *store = xcalloc(1, sizeof *store);
	if (dbpg_is_url(target)) {
		store->pg_url = xstrdup(target);
		store->path = dbpg_files_base(target);
	} else {
		store->path = xstrdup(strncmp(target, "sqlite:", 7) == 0 ? target + 7 : target);
	}
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&store->write_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	pthread_mutex_init(&store->readers_lock, NULL);
	store_sync_init(store);
	return store;
}

/* Refuses a database whose schema is newer than the migrations this binary carries. */
static int check_version(struct store *store, char *err, size_t errlen)
{
	int have = store_schema_version(store);
	if (have < 0) {
		snprintf(err, errlen, "无法读取数据库结构版本：%s", store->writer->errmsg);
		return -1;
	}
	if (have > store_latest_version()) {
		snprintf(err, errlen, "数据库结构版本 %d 比本程序支持的版本 %d 新，请升级 gongkai", have,
			 store_latest_version());
		return -1;
	}
	return 0;
}

/* The file checks of a SQLite database before opening: it exists (or is created with its folder) and
 * is private. Returns 0 or -1 with a message. */
static int prepare_file(const char *path, bool create, char *err, size_t errlen)
{
	if (!create && access(path, F_OK) != 0) {
		snprintf(err, errlen, "数据库文件 %s 不存在，请先运行 gongkai init", path);
		return -1;
	}
	if (create && make_parent_dirs(path) < 0) {
		snprintf(err, errlen, "无法创建数据库目录（%s）：%s", path, strerror(errno));
		return -1;
	}
	if (private_database(path, create) < 0 && errno != EACCES && errno != EROFS) {
		snprintf(err, errlen, "无法设置数据库文件 %s 的权限：%s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* True when the environment variable name is "1" (the fault-injection switches of tests). */
static bool env_is_one(const char *name)
{
	const char *value = getenv(name);
	return value && strcmp(value, "1") == 0;
}

struct store *store_open(const char *target, unsigned flags, char *err, size_t errlen)
{
	char scratch[8];
	if (!err) {
		err = scratch;
		errlen = sizeof scratch;
	}
	bool create = flags & STORE_CREATE;
	struct store *store = store_new(target);
	/* PostgreSQL: the database exists on the server; files kept beside it (audit key, attachments) go
	 * under store->path's folder, created here like a SQLite database's */
	int ready = store->pg_url ? 0 : prepare_file(store->path, create, err, errlen);
	if (ready == 0 && store->pg_url && create && make_parent_dirs(store->path) < 0) {
		snprintf(err, errlen, "无法创建目录（%s）：%s", store->path, strerror(errno));
		ready = -1;
	}
	if (ready < 0) {
		store_free(store);
		return NULL;
	}
	store->writer = db_connect(store, false, create, err, errlen);
	if (!store->writer) {
		store_free(store);
		return NULL;
	}
	if (pthread_key_create(&store->reader_key, reader_thread_exit) != 0) {
		snprintf(err, errlen, "pthread_key_create 失败");
		db_disconnect(store->writer);
		store_free(store);
		return NULL;
	}
	if (!store->pg_url && store_sync_start(store) != 0) {
		snprintf(err, errlen, "无法启动数据库日志同步线程");
		pthread_key_delete(store->reader_key);
		db_disconnect(store->writer);
		store_free(store);
		return NULL;
	}
	if (((flags & STORE_MIGRATE) && store_migrate(store, err, errlen) < 0) ||
	    check_version(store, err, errlen) < 0) {
		store_close(store);
		return NULL;
	}
	if (env_is_one("GONGKAI_TEST_FAIL_COMMIT"))
		store_fail_commits(store, true);
	if (env_is_one("GONGKAI_TEST_FAIL_SYNC"))
		store_fail_syncs(store, true);
	return store;
}

void store_close(struct store *store)
{
	if (!store)
		return;
	store_watch_stop(store);
	store_sync_stop(store); /* every write has returned: nothing waits for a sync */
	pthread_key_delete(store->reader_key);
	pthread_mutex_lock(&store->readers_lock);
	struct db *db = store->readers;
	while (db) {
		struct db *next = db->next;
		db_disconnect(db);
		db = next;
	}
	store->readers = NULL;
	pthread_mutex_unlock(&store->readers_lock);
	db_disconnect(store->writer);
	store_free(store);
}

struct db *store_reader(struct store *store)
{
	struct db *db = pthread_getspecific(store->reader_key);
	if (db)
		return db->pg && dbpg_reconnect_if_lost(db) < 0 ? NULL : db;
	db = db_connect(store, true, false, NULL, 0);
	if (!db)
		return NULL;
	pthread_mutex_lock(&store->readers_lock);
	db->next = store->readers;
	if (db->next)
		db->next->prev = db;
	store->readers = db;
	pthread_mutex_unlock(&store->readers_lock);
	pthread_setspecific(store->reader_key, db);
	return db;
}

static int end_batch(struct store *store, bool commit);

/* Rows the writer changed since it was opened (a batch that changed none moves no cache generation). */
static int64_t rows_changed(struct db *w)
{
	return w->pg ? w->total_changes : sqlite3_total_changes64(w->conn);
}

/* How many times store_write runs a job again after a serialization failure or deadlock. */
#define STORE_RETRIES 5

/* Most jobs one batch may hold before it is committed even though writers are waiting. */
#define BATCH_MAX_JOBS 64

struct db *store_write_begin(struct store *store)
{
	atomic_fetch_add(&store->writers_waiting, 1);
	int locked = pthread_mutex_lock(&store->write_lock);
	atomic_fetch_sub(&store->writers_waiting, 1);
	if (locked != 0)
		return NULL;			/* EDEADLK: this thread already holds the writer */
	if (atomic_load(&store->sync_failed)) { /* the disk lost writes this process acknowledged: stop */
		db_set_error_text(store->writer, DB_ERR_OTHER, "an fdatasync of the WAL failed: writes are refused");
		pthread_mutex_unlock(&store->write_lock);
		return NULL;
	}
	struct db *w = store->writer;
	if (!store->batch_open) {
		if (w->pg && dbpg_reconnect_if_lost(w) < 0) {
			pthread_mutex_unlock(&store->write_lock);
			return NULL;
		}
		/* one writer at a time across every process on the database: SQLite's IMMEDIATE lock, or
		 * PostgreSQL's writer lock (READ COMMITTED inside it, see dbpg_begin_write) */
		if (w->pg ? dbpg_begin_write(w) < 0 : db_step(db_prepare(w, "BEGIN IMMEDIATE")) < 0) {
			pthread_mutex_unlock(&store->write_lock);
			return NULL;
		}
		store->batch_open = true;
		store->batch_jobs = 0;
		store->batch_changes_at = rows_changed(w);
	}
	if (db_step_later(db_prepare(w, "SAVEPOINT job")) < 0) { /* PostgreSQL: sent with the job's first statement */
		end_batch(store, false);
		pthread_mutex_unlock(&store->write_lock);
		return NULL;
	}
	return w;
}

/* Ends the open batch: COMMIT (commit true) or ROLLBACK, records the result for the jobs waiting on it
 * and wakes them. Called with the write lock held. Returns 0 or -1. */
static int end_batch(struct store *store, bool commit)
{
	struct db *w = store->writer;
	db_reset_busy(w);
	int rc = 0;
	bool changed = rows_changed(w) != store->batch_changes_at;
	if (commit && w->pg && changed && dbpg_count_change(w) < 0) { /* seen by the other instances' watchers */
		rc = -1;
	} else if (commit && w->pg && store->fail_commits) {
		db_set_error_text(w, DB_ERR_OTHER, "COMMIT refused (fault injection)");
		rc = -1;
	} else if (commit && db_step(db_prepare(w, "COMMIT")) < 0) {
		rc = -1;
	}
	if (!commit || rc < 0) {
		/* Keep the error of a failed COMMIT for db_errmsg(); ROLLBACK's own failure matters less. */
		enum db_error kind = w->last_error;
		char msg[DB_ERRMSG_MAX];
		memcpy(msg, w->errmsg, sizeof msg);
		if (db_in_transaction(w))
			db_step(db_prepare(w, "ROLLBACK"));
		if (rc < 0) {
			w->last_error = kind;
			memcpy(w->errmsg, msg, sizeof msg);
		}
	}
	if (commit && rc == 0) {
		if (changed)
			atomic_fetch_add(&store->generation, 1);
		store->stats.batches++;
		store->stats.jobs += (uint64_t)store->batch_jobs;
		if (store->batch_jobs > store->stats.largest)
			store->stats.largest = store->batch_jobs;
	}
	store->batch_open = false;
	struct batch_waiter *jobs = store->waiters;
	store->waiters = NULL;
	store_batch_ended(store, jobs, commit ? rc : -1); /* told now, or once the WAL is synced */
	return rc;
}

int store_write_end(struct store *store, bool commit)
{
	struct db *w = store->writer;
	db_reset_busy(w);
	/* PostgreSQL: the job's last statements may still be in the pipeline (db_step_later); its RELEASE
	 * goes behind them, and the one round trip that reads them all (db_in_transaction) tells whether
	 * the job succeeded. A failed one leaves RELEASE undone and the transaction failed: rolled back to
	 * the savepoint below. */
	bool released = commit && w->pg && db_step_later(db_prepare(w, "RELEASE job")) == 0;
	if (!db_in_transaction(w)) {
		/* SQLite rolled the whole transaction back (an I/O error, a full disk), or PostgreSQL's
		 * connection was lost: the batch failed for everyone in it */
		end_batch(store, false);
		pthread_mutex_unlock(&store->write_lock);
		return commit ? -1 : 0;
	}
	bool kept = false;
	int failed = 0;
	if (commit && w->pg && dbpg_in_failed_statement(w)) {
		/* PostgreSQL: a statement of the job failed, which (unlike SQLite) poisons the transaction:
		 * the job cannot be committed, so it is undone alone and reported as a failed commit */
		commit = false;
		failed = -1;
	}
	if (commit) {
		if (!released && db_step(db_prepare(w, "RELEASE job")) < 0) {
			end_batch(store, false);
			pthread_mutex_unlock(&store->write_lock);
			return -1;
		}
		store->batch_jobs++;
		kept = true;
	} else { /* undo this job only: the batch keeps the jobs before it */
		db_step(db_prepare(w, "ROLLBACK TO job"));
		db_step(db_prepare(w, "RELEASE job"));
	}
	/* others are about to write, or an fdatasync is running (the sync thread commits this batch when
	 * it returns, store_commit_gathered): keep the transaction open for them */
	bool gather = atomic_load(&store->writers_waiting) > 0 || atomic_load(&store->sync_busy);
	if (!kept) {
		if (!gather)
			end_batch(store, store->batch_jobs > 0); /* the jobs kept before this one, or nothing */
		pthread_mutex_unlock(&store->write_lock);
		return failed;
	}
	struct batch_waiter me = {.next = store->waiters};
	sem_init(&me.ready, 0, 0);
	/* on the list only until its batch ends, which is before store_batch_wait returns below */
	// cppcheck-suppress autoVariables
	store->waiters = &me;
	if (!gather || store->batch_jobs >= BATCH_MAX_JOBS)
		end_batch(store, true);
	pthread_mutex_unlock(&store->write_lock);
	int rc = store_batch_wait(&me); /* the batch holding this job is durable, or failed */
	sem_destroy(&me.ready);
	return rc;
}

void store_commit_gathered(struct store *store, bool synced)
{
	pthread_mutex_lock(&store->write_lock);
	if (store->batch_open && store->batch_jobs > 0) /* no job runs: we hold the lock */
		end_batch(store, synced);
	pthread_mutex_lock(&store->sync_lock);
	if (!store->unsynced) /* nothing committed waits for a sync: job ends commit their own batches */
		atomic_store(&store->sync_busy, false);
	pthread_mutex_unlock(&store->sync_lock);
	pthread_mutex_unlock(&store->write_lock);
}

/* Copies src into the file dest in one backup step (a single read snapshot of src). */
static int backup_copy(sqlite3 *src, const char *dest, char *err, size_t errlen)
{
	sqlite3 *out = NULL;
	int rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(out, "main", src, "main");
		if (b) {
			/* WAL readers are rarely busy (only during recovery); retry for about 5 s. */
			for (int tries = 0; tries < 250; tries++) {
				rc = sqlite3_backup_step(b, -1);
				if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
					break;
				sqlite3_sleep(20);
			}
			sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		} else {
			rc = sqlite3_errcode(out);
		}
	}
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "备份失败：%s", out ? sqlite3_errmsg(out) : sqlite3_errstr(rc));
	sqlite3_close(out);
	return rc == SQLITE_OK ? 0 : -1;
}

int store_backup(struct store *store, const char *dest_path, char *err, size_t errlen)
{
	char scratch[8];
	if (!err) {
		err = scratch;
		errlen = sizeof scratch;
	}
	/* A connection of its own, so the writer is never blocked; written to a temporary file that is
	 * renamed into place, so dest_path is either the old file or a complete copy. */
	if (store->pg_url) {
		snprintf(err, errlen, "PostgreSQL 数据库请用 pg_dump 或 pg_basebackup 备份（见 docs/deploy.md）");
		return -1;
	}
	struct db *src = db_connect(store, true, false, err, errlen);
	if (!src)
		return -1;
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp-%ld", dest_path, (long)getpid());
	unlink(tmp.data);
	int rc = -1;
	if (private_file(tmp.data, true) < 0) /* the copy is as private as the database: 0600 */
		snprintf(err, errlen, "无法创建备份文件 %s：%s", tmp.data, strerror(errno));
	else
		rc = backup_copy(src->conn, tmp.data, err, errlen);
	db_disconnect(src);
	if (rc == 0 && rename(tmp.data, dest_path) < 0) {
		snprintf(err, errlen, "无法写入备份文件 %s：%s", dest_path, strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		unlink(tmp.data);
	buf_free(&tmp);
	return rc;
}

uint64_t store_generation(struct store *store)
{
	return atomic_load(&store->generation);
}

void store_write_stats(struct store *store, struct store_write_stats *out)
{
	pthread_mutex_lock(&store->write_lock);
	*out = store->stats;
	pthread_mutex_unlock(&store->write_lock);
	out->syncs = atomic_load(&store->syncs);
}

enum outcome_code store_write(struct store *store, store_job job, void *ctx, struct outcome *out)
{
	struct outcome scratch;
	if (!out)
		out = &scratch;
	outcome_clear(out);
	struct db *w = store_write_begin(store);
	if (!w)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库暂时无法写入，未作任何更改，请稍后重试。");
	w->retryable = false;
	enum outcome_code code = job(w, ctx, out);
	/* PostgreSQL: a serialization failure or deadlock undoes the job's savepoint; jobs are repeatable */
	for (int again = 0; code != OUTCOME_OK && w->retryable && again < STORE_RETRIES; again++) {
		db_reset_busy(w);
		if (db_step(db_prepare(w, "ROLLBACK TO job")) < 0)
			break;
		outcome_clear(out);
		w->retryable = false;
		code = job(w, ctx, out);
	}
	out->code = code;
	bool commit = code == OUTCOME_OK;
	if (store_write_end(store, commit) != 0 && commit) {
		outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库写入失败，未保存任何更改，请稍后重试。");
		out->warning[0] = '\0';
		return OUTCOME_STORAGE;
	}
	return code;
}

/* The commit hook of an armed store: a non-zero answer turns the COMMIT into a ROLLBACK. */
static int refuse_commit(void *arg)
{
	(void)arg;
	return 1;
}

void store_fail_commits(struct store *store, bool on)
{
	pthread_mutex_lock(&store->write_lock);
	store->fail_commits = on;
	if (!store->pg_url)
		sqlite3_commit_hook(store->writer->conn, on ? refuse_commit : NULL, NULL);
	pthread_mutex_unlock(&store->write_lock);
}
