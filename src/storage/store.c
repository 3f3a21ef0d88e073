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
	pthread_mutex_destroy(&store->queue_lock);
	pthread_cond_destroy(&store->queue_wake);
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
	pthread_mutex_init(&store->queue_lock, NULL);
	pthread_cond_init(&store->queue_wake, NULL);
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
	if ((!store->pg_url && store_sync_start(store) != 0) || store_writer_start(store) != 0) {
		snprintf(err, errlen, "无法启动数据库写入线程");
		store_sync_stop(store);
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
	store_writer_stop(store); /* every write has returned: nothing is queued */
	store_sync_stop(store);	  /* nor waits for a sync */
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
