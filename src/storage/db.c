/* db.c — connections and statements: opening a connection with gongkai's pragmas, the per-connection
 * cache of prepared statements, named-parameter binding that refuses unknown or forgotten parameters,
 * stepping, column access and error reporting. See db.h for the contracts. This is the SQLite backend
 * and the switch to the PostgreSQL one (db_pg.c) where a connection is on PostgreSQL (db->pg). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/fts_bigram.h"
#include "storage/store_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- errors ---- */

static enum db_error classify(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_OK;
	case SQLITE_CONSTRAINT:
		return DB_ERR_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_ERR_BUSY;
	case SQLITE_AUTH:
	case SQLITE_READONLY:
		return DB_ERR_READONLY;
	default:
		return DB_ERR_OTHER;
	}
}

/* The latest database error of this thread (db_thread_error): a diagnostic like errno, copied when the
 * error happens, so it survives the release of the shared writer to another thread. */
static _Thread_local char thread_error[DB_ERRMSG_MAX];

void db_set_error(struct db *db, int rc)
{
	db->last_error = classify(rc);
	snprintf(db->errmsg, sizeof db->errmsg, "%s", sqlite3_errmsg(db->conn));
	memcpy(thread_error, db->errmsg, sizeof thread_error);
}

void db_set_error_text(struct db *db, enum db_error kind, const char *text)
{
	db->last_error = kind;
	snprintf(db->errmsg, sizeof db->errmsg, "%s", text);
	memcpy(thread_error, db->errmsg, sizeof thread_error);
}

const char *db_thread_error(void)
{
	return thread_error;
}

void db_thread_error_set(const char *text)
{
	snprintf(thread_error, sizeof thread_error, "%s", text);
}

void db_thread_error_clear(void)
{
	thread_error[0] = '\0';
}

enum db_error db_last_error(struct db *db)
{
	return db ? db->last_error : DB_ERR_OTHER;
}

const char *db_errmsg(struct db *db)
{
	return db ? db->errmsg : "no connection";
}

/* ---- connections ---- */

/* The authorizer of reader connections: reading, functions, read transactions and pragma queries are
 * allowed; anything that could change the database is refused at prepare time. */
static int refuse_writes(void *unused, int action, const char *arg1, const char *arg2, const char *db_name,
			 const char *trigger)
{
	(void)unused, (void)db_name, (void)trigger;
	switch (action) {
	case SQLITE_UPDATE:
		/* FTS5 asks for this when it opens a virtual table; SQLite never lets a statement write
		 * sqlite_master directly, so allowing the request does not allow a change. */
		return arg1 && strcmp(arg1, "sqlite_master") == 0 ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
	case SQLITE_TRANSACTION:
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		return arg2 == NULL ? SQLITE_OK : SQLITE_DENY; /* reading a pragma only */
	default:
		return SQLITE_DENY;
	}
}

static int apply_pragmas(struct db *db, bool readonly)
{
	sqlite3_busy_timeout(db->conn, DB_BUSY_TIMEOUT_MS);
	if (db_exec_script(db, "PRAGMA foreign_keys = ON;") < 0)
		return -1;
	if (readonly)
		return sqlite3_set_authorizer(db->conn, refuse_writes, NULL) == SQLITE_OK ? 0 : -1;
	/* journal_mode answers with a row: check that WAL was really chosen. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->conn, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	bool wal = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
		   strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal) {
		db_set_error_text(db, DB_ERR_OTHER, "cannot switch the database to WAL mode");
		return -1;
	}
	/* COMMIT hands the WAL frames to the kernel; store_write_end makes them durable with an
	 * fdatasync outside the writer lock before any job of the batch returns (store_sync.c). Each job's
	 * SAVEPOINT keeps the pages it changes in a statement journal, which SQLite spills to a file in
	 * /var/tmp past 64 KiB unless temporary storage is in memory. */
	return db_exec_script(db, "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;");
}

/* Process-wide SQLite settings, made once before the library is first used. Memory statistics off:
 * with them SQLite takes one process-wide mutex around every allocation (about 200 per acknowledged
 * submission, from 64 threads), and gongkai never reads them (docs/performance.md). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* fails harmlessly if SQLite was already initialized */
}

struct db *db_connect(struct store *store, bool readonly, bool create, char *err, size_t errlen)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, configure_sqlite);
	if (store->pg_url)
		return dbpg_connect(store, readonly, err, errlen);
	struct db *db = xcalloc(1, sizeof *db);
	db->store = store;
	db->readonly = readonly;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(store->path, &db->conn, flags, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->conn, 1);
		if (fts_bigram_register(db) == 0 && apply_pragmas(db, readonly) == 0)
			return db;
	} else if (db->conn) {
		db_set_error(db, rc);
	}
	if (err)
		snprintf(err, errlen, "无法打开数据库 %s：%s", store->path, db->conn ? db->errmsg : sqlite3_errstr(rc));
	db_disconnect(db);
	return NULL;
}

void db_disconnect(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < STMT_BUCKETS; i++) {
		struct db_stmt *st = db->buckets[i];
		while (st) {
			struct db_stmt *next = st->next;
			if (st->pg) {
				dbpg_stmt_free(st);
			} else {
				sqlite3_finalize(st->stmt);
				free(st);
			}
			st = next;
		}
	}
	if (db->pg) {
		dbpg_disconnect(db);
		return;
	}
	sqlite3_close(db->conn);
	free(db);
}

int db_exec_script(struct db *db, const char *sql)
{
	if (db->pg)
		return dbpg_exec_script(db, sql);
	int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_set_error(db, rc);
		return -1;
	}
	return 0;
}

void db_reset_busy(struct db *db)
{
	if (db->pg) {
		for (size_t i = 0; i < STMT_BUCKETS; i++)
			for (struct db_stmt *st = db->buckets[i]; st; st = st->next)
				dbpg_finish(st);
		return;
	}
	for (sqlite3_stmt *st = sqlite3_next_stmt(db->conn, NULL); st; st = sqlite3_next_stmt(db->conn, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
}

void db_release(struct db *db)
{
	if (!db)
		return;
	db_reset_busy(db);
	db->read_depth = 0;
	if (db->readonly && db_in_transaction(db))
		db_step(db_prepare(db, "COMMIT"));
}

bool db_in_transaction(struct db *db)
{
	return db->pg ? dbpg_in_transaction(db) : sqlite3_get_autocommit(db->conn) == 0;
}

int db_read_begin(struct db *db)
{
	if (db->read_depth++ > 0)
		return 0; /* already inside the request's (or a caller's) read transaction */
	/* PostgreSQL: one snapshot for the whole read transaction, as a SQLite read transaction has */
	struct db_stmt *st = db->pg ? db_prepare(db, "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
				    : db_prepare(db, "BEGIN");
	if (db_step(st) < 0) {
		db->read_depth = 0;
		return -1;
	}
	return 0;
}

int db_read_end(struct db *db)
{
	if (db->read_depth > 1) {
		db->read_depth--;
		return 0;
	}
	db->read_depth = 0;
	db_reset_busy(db);
	struct db_stmt *st = db_prepare(db, "COMMIT");
	return db_step(st) < 0 ? -1 : 0;
}

int64_t db_changes(struct db *db)
{
	return db->pg ? db->changes : sqlite3_changes64(db->conn);
}

const char *db_file(const struct db *db)
{
	return store_path(db->store);
}

bool db_is_postgresql(const struct db *db)
{
	return db && db->pg != NULL; /* NULL: no connection (the database is unreachable) */
}

/* ---- statements ---- */

/* Statements are cached by the address of their SQL: db_prepare accepts only string literals, whose
 * storage is static, so an address names one text for the life of the process (the same text written
 * in two places may get two entries, which costs one more prepared statement and nothing else). */
static size_t sql_bucket(const char *s)
{
	uintptr_t p = (uintptr_t)s;
	return ((p >> 3) ^ (p >> 13)) % STMT_BUCKETS;
}

static bool only_space(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ';')
			return false;
	return true;
}

/* A new SQLite statement (not yet in the cache), or NULL with the error recorded. */
static struct db_stmt *sqlite_stmt_new(struct db *db, const char *sql)
{
	sqlite3_stmt *raw = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, &tail);
	if (rc != SQLITE_OK) {
		db_set_error(db, rc);
		return NULL;
	}
	if (!raw || !only_space(tail)) {
		sqlite3_finalize(raw);
		db_set_error_text(db, DB_ERR_OTHER, "db_prepare takes exactly one SQL statement");
		return NULL;
	}
	struct db_stmt *st = xcalloc(1, sizeof *st);
	st->stmt = raw;
	st->db = db;
	st->sql = sql;
	st->nparams = sqlite3_bind_parameter_count(raw);
	return st;
}

struct db_stmt *db_prepare_(struct db *db, const char *sql)
{
	if (!db)
		return NULL;
	struct db_stmt **bucket = &db->buckets[sql_bucket(sql)];
	for (struct db_stmt *st = *bucket; st; st = st->next)
		if (st->sql == sql) {
			db_reset(st);
			return st;
		}
	struct db_stmt *st = db->pg ? dbpg_stmt_new(db, sql) : sqlite_stmt_new(db, sql);
	if (st) {
		st->next = *bucket;
		*bucket = st;
	}
	return st;
}

void db_reset(struct db_stmt *st)
{
	if (!st)
		return;
	if (st->pg) {
		dbpg_reset(st);
	} else {
		sqlite3_reset(st->stmt);
		sqlite3_clear_bindings(st->stmt);
	}
	st->bound = 0;
	st->bind_failed = false;
}

/* Index of a named parameter, or 0 (and the statement marked failed) when it does not exist. */
static int param_index(struct db_stmt *st, const char *name)
{
	int idx = sqlite3_bind_parameter_index(st->stmt, name);
	if (idx == 0) {
		st->bind_failed = true;
		char msg[DB_ERRMSG_MAX];
		snprintf(msg, sizeof msg, "no SQL parameter named %s", name);
		db_set_error_text(st->db, DB_ERR_BIND, msg);
	}
	return idx;
}

static int bind_done(struct db_stmt *st, int idx, int rc)
{
	if (rc != SQLITE_OK) {
		st->bind_failed = true;
		db_set_error(st->db, rc);
		st->db->last_error = DB_ERR_BIND;
		return -1;
	}
	if (idx <= 64)
		st->bound |= UINT64_C(1) << (idx - 1);
	return 0;
}

int db_bind_text(struct db_stmt *st, const char *name, const char *text)
{
	if (!st)
		return -1;
	if (st->pg)
		return dbpg_bind(st, name, text, false);
	int idx = param_index(st, name);
	if (idx == 0)
		return -1;
	if (!text)
		return bind_done(st, idx, sqlite3_bind_null(st->stmt, idx));
	return bind_done(st, idx, sqlite3_bind_text(st->stmt, idx, text, -1, SQLITE_TRANSIENT));
}

int db_bind_int(struct db_stmt *st, const char *name, int64_t value)
{
	if (!st)
		return -1;
	if (st->pg) {
		char text[24];
		snprintf(text, sizeof text, "%" PRId64, value);
		return dbpg_bind(st, name, text, true);
	}
	int idx = param_index(st, name);
	if (idx == 0)
		return -1;
	return bind_done(st, idx, sqlite3_bind_int64(st->stmt, idx, value));
}

int db_bind_null(struct db_stmt *st, const char *name)
{
	if (!st)
		return -1;
	if (st->pg)
		return dbpg_bind(st, name, NULL, false);
	int idx = param_index(st, name);
	if (idx == 0)
		return -1;
	return bind_done(st, idx, sqlite3_bind_null(st->stmt, idx));
}

int db_bind_bool(struct db_stmt *st, const char *name, bool value)
{
	return db_bind_int(st, name, value ? 1 : 0);
}

int db_bind_agency_year(struct db_stmt *st, int64_t agency_id, int year)
{
	char start[16], end[16];
	snprintf(start, sizeof start, "%04d-01-01", year);
	snprintf(end, sizeof end, "%04d-12-31", year);
	return db_bind_int(st, ":agency", agency_id) < 0 || db_bind_text(st, ":start", start) < 0 ||
		       db_bind_text(st, ":end", end) < 0
		   ? -1
		   : 0;
}

/* Every parameter must have been bound: a forgotten binding is a bug, not a NULL. */
static bool all_bound(struct db_stmt *st)
{
	if (st->nparams == 0 || st->nparams > 64)
		return true;
	uint64_t want = st->nparams == 64 ? UINT64_MAX : (UINT64_C(1) << st->nparams) - 1;
	if ((st->bound & want) == want)
		return true;
	for (int i = 1; i <= st->nparams; i++) {
		if (!(st->bound & (UINT64_C(1) << (i - 1)))) {
			const char *name = st->pg ? dbpg_param_name(st, i) : sqlite3_bind_parameter_name(st->stmt, i);
			char msg[DB_ERRMSG_MAX];
			snprintf(msg, sizeof msg, "SQL parameter %s was not bound", name ? name : "?");
			db_set_error_text(st->db, DB_ERR_BIND, msg);
			break;
		}
	}
	return false;
}

int db_step(struct db_stmt *st)
{
	if (!st)
		return -1;
	if (st->bind_failed) {
		st->db->last_error = DB_ERR_BIND;
		if (st->pg)
			dbpg_finish(st);
		else
			sqlite3_reset(st->stmt);
		return -1;
	}
	if (!all_bound(st))
		return -1;
	if (st->pg)
		return dbpg_step(st);
	int rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st->stmt);
		st->db->last_error = DB_OK;
		return 0;
	}
	db_set_error(st->db, rc);
	sqlite3_reset(st->stmt);
	return -1;
}

int db_step_later(struct db_stmt *st)
{
	if (st && st->pg && !st->bind_failed && all_bound(st))
		return dbpg_step_later(st);
	int rc = db_step(st); /* SQLite, or a statement that fails before it is sent */
	if (rc == 1)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

int db_step_int(struct db_stmt *st, int64_t *value)
{
	int rc = db_step(st);
	if (rc == 1) {
		if (value)
			*value = db_column_int(st, 0);
		/* Finish the statement (e.g. INSERT … RETURNING completes its work on the final step). */
		while ((rc = db_step(st)) == 1)
			;
		return rc < 0 ? -1 : 1;
	}
	return rc;
}

int db_column_count(struct db_stmt *st)
{
	return st->pg ? dbpg_column_count(st) : sqlite3_column_count(st->stmt);
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	return st->pg ? dbpg_column_is_null(st, col) : sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

/* PostgreSQL sends every value as text: an integer, a numeric ("12.50" of sum()) or a boolean (t/f). */
static int64_t text_int(const char *text)
{
	if (!text)
		return 0;
	if (text[0] == 't' || text[0] == 'f')
		return text[0] == 't';
	return strtoll(text, NULL, 10);
}

int64_t db_column_int(struct db_stmt *st, int col)
{
	return st->pg ? text_int(dbpg_column_text(st, col)) : sqlite3_column_int64(st->stmt, col);
}

bool db_column_bool(struct db_stmt *st, int col)
{
	return db_column_int(st, col) != 0;
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return st->pg ? dbpg_column_text(st, col) : (const char *)sqlite3_column_text(st->stmt, col);
}

/* Bytes of the column text (without the terminating NUL). */
static size_t column_bytes(struct db_stmt *st, int col)
{
	return st->pg ? dbpg_column_bytes(st, col) : (size_t)sqlite3_column_bytes(st->stmt, col);
}

bool db_column_copy(struct db_stmt *st, int col, char *dst, size_t size)
{
	const char *text = db_column_text(st, col);
	size_t len = text ? column_bytes(st, col) : 0;
	bool fits = len < size;
	if (!fits)
		len = utf8_cut(text, len, size - 1); /* do not cut a UTF-8 sequence */
	if (len)
		memcpy(dst, text, len);
	dst[len] = '\0';
	return fits;
}

char *db_column_dup(struct db_stmt *st, int col)
{
	const char *text = db_column_text(st, col);
	return text ? xstrndup(text, column_bytes(st, col)) : NULL;
}
