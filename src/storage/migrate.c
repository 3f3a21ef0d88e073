/* migrate.c — numbered schema migrations. The files migrations/NNN_name.sql are embedded in the binary;
 * each is applied once, in number order, in its own write transaction, and recorded in the table
 * schema_migrations (version, name, applied_at), whose highest version is the schema version.
 * One sequence serves both backends: on PostgreSQL a migration is translated (db_pg_schema.c) and then
 * migrations/pg/NNN_*.sql of the same number, if there is one, is applied after it in the same
 * transaction: it holds what cannot be translated (FTS5's counterpart). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storage/store_internal.h"
#include "util/embedded.h"

#define MIGRATION_DIR	 "migrations/"
#define PG_MIGRATION_DIR "migrations/pg/"

struct migration {
	int version;
	const struct embedded_file *file;
};

/* The version number of an embedded migration path, or -1 if the path is not a migration. */
static int migration_version(const char *path)
{
	size_t dir_len = strlen(MIGRATION_DIR);
	if (strncmp(path, MIGRATION_DIR, dir_len) != 0)
		return -1;
	const char *name = path + dir_len;
	size_t len = strlen(name);
	if (len < 5 || strcmp(name + len - 4, ".sql") != 0 || name[0] < '0' || name[0] > '9')
		return -1;
	return atoi(name);
}

static int by_version(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* Collects the embedded migrations sorted by version into list (capacity cap). Returns the count. */
static size_t migrations_collect(struct migration *list, size_t cap)
{
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->path && n < cap; f++) {
		int v = migration_version(f->path);
		if (v > 0)
			list[n++] = (struct migration){v, f};
	}
	qsort(list, n, sizeof *list, by_version);
	return n;
}

#define MIGRATIONS_MAX 256

int store_latest_version(void)
{
	struct migration list[MIGRATIONS_MAX] = {0};
	size_t n = migrations_collect(list, MIGRATIONS_MAX);
	return n ? list[n - 1].version : 0;
}

static int ensure_table(struct db *w)
{
	return db_exec_script(w,
			      w->pg ? "CREATE TABLE IF NOT EXISTS schema_migrations ("
				      "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);"
				    : "CREATE TABLE IF NOT EXISTS schema_migrations ("
				      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);");
}

/* The PostgreSQL supplement of migration version, or NULL. */
static const struct embedded_file *pg_supplement(int version)
{
	size_t dir_len = strlen(PG_MIGRATION_DIR);
	for (const struct embedded_file *f = embedded_files; f->path; f++)
		if (strncmp(f->path, PG_MIGRATION_DIR, dir_len) == 0 && f->path[dir_len] >= '0' &&
		    f->path[dir_len] <= '9' && atoi(f->path + dir_len) == version)
			return f;
	return NULL;
}

/* Runs migration m's SQL on w: as written on SQLite; translated, then its pg/ supplement, on
 * PostgreSQL. Returns 0 or -1 with a message in err. */
static int run_migration(struct db *w, const struct migration *m, char *err, size_t errlen)
{
	const char *sql = (const char *)m->file->data;
	if (!w->pg) {
		if (db_exec_script(w, sql) == 0)
			return 0;
		snprintf(err, errlen, "迁移 %s 失败：%s", m->file->path, w->errmsg);
		return -1;
	}
	char *pg = dbpg_translate_schema(sql, err, errlen);
	if (!pg)
		return -1;
	const struct embedded_file *extra = pg_supplement(m->version);
	int rc = db_exec_script(w, pg);
	if (rc == 0 && extra)
		rc = db_exec_script(w, (const char *)extra->data);
	if (rc < 0)
		snprintf(err, errlen, "迁移 %s%s%s 失败：%s", m->file->path, extra ? " 或 " : "",
			 extra ? extra->path : "", w->errmsg);
	free(pg);
	return rc;
}

int store_schema_version(struct store *store)
{
	struct db *w = store->writer;
	if (pthread_mutex_lock(&store->write_lock) != 0)
		return -1; /* this thread holds the writer: not from inside a write transaction */
	int64_t tables = 0, version = 0;
	int rc =
	    db_step_int(w->pg ? db_prepare(w, "SELECT count(*) FROM information_schema.tables WHERE "
					      "table_schema = current_schema() AND table_name = 'schema_migrations'")
			      : db_prepare(w, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
					      "AND name = 'schema_migrations'"),
			&tables);
	if (rc >= 0 && tables > 0)
		rc = db_step_int(db_prepare(w, "SELECT coalesce(max(version), 0) FROM schema_migrations"), &version);
	pthread_mutex_unlock(&store->write_lock);
	return rc < 0 ? -1 : (int)version;
}

/* Rolls back the migration's transaction after an error (a rollback cannot fail): returns -1. */
static int abandon(struct store *store)
{
	int rolled_back = store_write_end(store, false);
	(void)rolled_back;
	return -1;
}

/* Applies one migration inside a write transaction, unless another process applied it meanwhile.
 * Returns 1 applied, 0 already there, -1 error. */
static int apply_one(struct store *store, const struct migration *m, char *err, size_t errlen)
{
	struct db *w = store_write_begin(store);
	if (!w) {
		snprintf(err, errlen, "无法开始写事务：%s", store->writer->errmsg);
		return -1;
	}
	/* PostgreSQL: several servers may start at once; the lock makes them migrate one after the other */
	if (w->pg && db_exec_script(w, "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE") < 0) {
		snprintf(err, errlen, "无法锁定 schema_migrations：%s", w->errmsg);
		return abandon(store);
	}
	struct db_stmt *seen = db_prepare(w, "SELECT count(*) FROM schema_migrations WHERE version = :version");
	db_bind_int(seen, ":version", m->version);
	int64_t already = 0;
	int rc = db_step_int(seen, &already) < 0 ? -1 : 0;
	if (rc == 0 && already) {
		return store_write_end(store, false) == 0 ? 0 : -1; /* a rollback: nothing to fail */
	}
	if (rc == 0 && run_migration(w, m, err, errlen) < 0)
		return abandon(store);
	if (rc == 0) {
		struct db_stmt *st = db_prepare(w, "INSERT INTO schema_migrations (version, name, applied_at) "
						   "VALUES (:version, :name, :at)");
		db_bind_int(st, ":version", m->version);
		db_bind_text(st, ":name", m->file->path + strlen(MIGRATION_DIR));
		db_bind_int(st, ":at", (int64_t)time(NULL));
		rc = db_step(st) < 0 ? -1 : 0;
	}
	if (rc < 0)
		snprintf(err, errlen, "迁移 %s 失败：%s", m->file->path, w->errmsg);
	if (store_write_end(store, rc == 0) < 0 && rc == 0) {
		snprintf(err, errlen, "迁移 %s 提交失败：%s", m->file->path, w->errmsg);
		rc = -1;
	}
	return rc < 0 ? -1 : 1;
}

int store_migrate(struct store *store, char *err, size_t errlen)
{
	char scratch[8];
	if (!err) {
		err = scratch;
		errlen = sizeof scratch;
	}
	if (pthread_mutex_lock(&store->write_lock) != 0) {
		snprintf(err, errlen, "不能在写事务中迁移数据库");
		return -1;
	}
	int rc = ensure_table(store->writer);
	pthread_mutex_unlock(&store->write_lock);
	if (rc < 0) {
		snprintf(err, errlen, "无法创建 schema_migrations 表：%s", store->writer->errmsg);
		return -1;
	}
	struct migration list[MIGRATIONS_MAX] = {0};
	size_t n = migrations_collect(list, MIGRATIONS_MAX);
	int applied = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && list[i].version == list[i - 1].version) {
			snprintf(err, errlen, "迁移编号重复：%s 与 %s", list[i - 1].file->path, list[i].file->path);
			return -1;
		}
		/* every migration not recorded yet is applied, also one numbered below the highest applied
		 * (modules number their migrations in their own ranges, e.g. 011 after 030) */
		int done = apply_one(store, &list[i], err, errlen);
		if (done < 0)
			return -1;
		applied += done;
	}
	return applied;
}
