/* db.h — the storage layer: the one door to the database, SQLite (the default) or PostgreSQL.
 *
 * Only files in src/storage/ include sqlite3.h or libpq-fe.h. Everyone else talks to the database
 * through this API, with portable SQL (named parameters ":name", INTEGER/TEXT columns, "RETURNING id"
 * for new rows, WITH RECURSIVE for trees, an alias on every subquery in FROM; no SQLite-only functions
 * or pragmas). On PostgreSQL (db_pg.c) instr() and last_insert_rowid() and INSERT OR IGNORE are
 * rewritten, integers are bound as int8 and every column can be read with the same getters (booleans
 * read as 0/1).
 *
 * Concurrency model (one process, many threads):
 *   - struct store is opened once per process (store_open) and shared by all threads.
 *   - There is exactly one writer connection, guarded by a mutex, and one writer thread that uses it:
 *     store_write(store, job, ctx, out) queues the job for the writer thread and sleeps until it is
 *     committed durably or rolled back — the one owner of every write (store_write.c). Keep jobs
 *     short: never hash a password or wait on the network inside one.
 *   - Group commit: the writer thread runs the queued jobs back to back in one transaction (BEGIN
 *     IMMEDIATE; each job in its own SAVEPOINT, so a rolled-back job undoes only itself) and one
 *     COMMIT makes the batch. On SQLite that COMMIT does not wait for the disk: the WAL is
 *     fdatasync'ed by a sync thread — one fdatasync for every batch committed before it began, while
 *     the next batch runs (store_sync.c). store_write returns OUTCOME_OK only once the batch holding
 *     the job is on disk, so whatever a caller acknowledges is durable.
 *   - Each thread that reads gets its own reader connection from store_reader() (created on first
 *     use in that thread, closed when the thread exits or at store_close). A reader has an
 *     authorizer that refuses every write, so a read-only route cannot change data even by mistake.
 *   - Journal mode WAL, foreign_keys=ON, busy_timeout 5 s on every connection; the writer commits
 *     with synchronous=NORMAL and the sync thread syncs the WAL before any job is told (above).
 *   - Several processes on one database: their writers take turns, a transaction at a time (SQLite's
 *     IMMEDIATE lock; on PostgreSQL a database-wide writer lock taken first in every write
 *     transaction), so a job's read-then-write sees every commit of every process before it.
 *   - PostgreSQL: the same shape, each a connection of its own (the writer, one per reader thread); the
 *     batch is a READ COMMITTED transaction, lock_timeout 5 s plays the busy timeout, a job that hit a
 *     serialization failure or deadlock is run again inside store_write (up to 5 times), readers'
 *     transactions are read-only and db_read_begin takes a REPEATABLE READ snapshot. A connection the
 *     server dropped is reopened before the next write or the next store_reader().
 *
 * Statements: db_prepare(db, "literal SQL") returns a statement cached on that connection
 * (SQLITE_PREPARE_PERSISTENT). It is owned by the connection — never free it. Bind by name, step,
 * read columns, and call db_reset() when you stop before db_step() returned 0 (done) or -1 (error);
 * db_step() resets the statement itself on done/error. A statement must be reset before the same SQL
 * is prepared again on the same connection (db_prepare resets it anyway).
 *
 * Errors: a failed bind (unknown parameter name, out of memory) is remembered by the statement and
 * makes the next db_step() return -1 without running it, so callers may check db_step() only.
 * db_errmsg()/db_last_error() describe the last failure on a connection.
 *
 * Times stored in the database are Unix seconds (int64). Text is UTF-8. */
#ifndef GONGKAI_STORAGE_DB_H
#define GONGKAI_STORAGE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/outcome.h"

struct store;
struct db;
struct db_stmt;

/* ---- opening, migrations, backup ---- */

enum store_flags {
	STORE_CREATE = 1 << 0,	/* create the database file if it does not exist (else: error) */
	STORE_MIGRATE = 1 << 1, /* apply pending embedded migrations (migrations/NNN_*.sql) */
};

/* Opens the database target: a SQLite file path or "sqlite:PATH" (its directory is created when
 * STORE_CREATE is given), or a "postgresql://user@host:port/dbname" URL (the database must exist; files
 * kept beside it — audit key, attachments — go under var/DBNAME, see store_path). Refuses a database
 * whose schema is newer than this binary knows. Returns a store the caller must release with
 * store_close(), or NULL with a Chinese message in err (err may be NULL). */
struct store *store_open(const char *target, unsigned flags, char *err, size_t errlen);

/* Closes every connection and frees the store. Call only after all threads that used it stopped
 * using it (worker threads joined). NULL is allowed. */
void store_close(struct store *store);

/* The database file (SQLite, without "sqlite:"), or for PostgreSQL the local path "var/DBNAME" beside
 * which the files of the database are kept (DBNAME.audit-key, files/). Owned by the store. */
const char *store_path(const struct store *store);

/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *store);

/* Applies the embedded migrations that are not yet applied, each in its own transaction, in
 * version order (never call it, or store_schema_version, while holding the writer). Returns the number applied (>= 0)
 * or -1 with a message in err. */
int store_migrate(struct store *store, char *err, size_t errlen);

/* Schema version of the database (highest applied migration number; 0 for an empty database), or -1
 * on error. */
int store_schema_version(struct store *store);

/* Highest migration number embedded in this binary. */
int store_latest_version(void);

/* Writes a consistent copy of the database to dest_path (overwritten if it exists) with the SQLite
 * online backup API, while other threads or processes keep writing. Returns 0 or -1 with a message
 * (always -1 on PostgreSQL: pg_dump / pg_basebackup do that, see docs/deploy.md). */
int store_backup(struct store *store, const char *dest_path, char *err, size_t errlen);

/* ---- connections ---- */

/* This thread's read-only connection (created on first call in the thread). Never NULL unless the
 * database cannot be opened (then NULL). Owned by the store — do not close it. Any attempt to write
 * through it fails: db_prepare returns NULL (and db_step(NULL) -1) with db_last_error() ==
 * DB_ERR_READONLY. It does not see the uncommitted changes of a write transaction, even on the same
 * thread. */
struct db *store_reader(struct store *store);

/* ---- writes: one owner ----
 *
 * Every change to the database goes through store_write(): the caller hands over a job (a domain
 * function with its context) and the store owns the transaction around it. Handlers and CLI commands
 * never begin or commit transactions; they look at the returned outcome. The interface names no
 * backend: with PostgreSQL a job runs in a SERIALIZABLE/READ COMMITTED transaction, and a
 * serialization failure is retried inside store_write (so a job must be repeatable: it may run more
 * than once, and must reset whatever it reports through ctx before writing it). */

/* A unit of work on the writer connection w. It returns OUTCOME_OK to have its changes committed, or
 * any other code (with out filled: field and Chinese message) to have them rolled back. It must not
 * call store_write itself, wait on the network, or hash passwords (the writer is held meanwhile). */
typedef enum outcome_code (*store_job)(struct db *w, void *ctx, struct outcome *out);

/* Runs job(w, ctx, out) in one write transaction and commits it when the job returns OUTCOME_OK, else
 * rolls it back. Returns the final code, also left in out->code (out may be NULL):
 *   - the job's code when it did not return OUTCOME_OK (nothing changed);
 *   - OUTCOME_OK only when the commit is durable (possibly in one group commit with other threads);
 *   - OUTCOME_STORAGE when the transaction could not begin or the commit failed: then nothing the job
 *     did is saved, and out->message says so in Chinese — the caller must not acknowledge anything.
 * out is cleared before the job runs. */
enum outcome_code store_write(struct store *store, store_job job, void *ctx, struct outcome *out);

/* Fault injection for tests (the fault-injection test and GONGKAI_TEST_FAIL_COMMIT=1 in the
 * environment of the CLI): while on, every COMMIT of the writer fails and is rolled back, exactly as a
 * full disk or an I/O error at commit would behave. */
void store_fail_commits(struct store *store, bool on);

/* Fault injection for tests (GONGKAI_TEST_FAIL_SYNC=1 in the environment, or this call): while on,
 * every fdatasync of the SQLite WAL fails as a failing disk would. The batches it should have made
 * durable are reported failed, and the process then refuses every write (store_sync.c). */
void store_fail_syncs(struct store *store, bool on);

/* The two halves of store_write, for storage-level tests and migrations only: nothing outside
 * src/storage/ and its tests may call them (one owner for every write).
 * store_write_begin locks the writer connection and begins an IMMEDIATE transaction. Returns the
 * writer connection, or NULL (lock released) if BEGIN failed. Every successful call must be paired
 * with store_write_end() on the same thread. Not re-entrant. Refused (NULL) for good once an
 * fdatasync of the WAL failed in this process (store_fail_syncs).
 * store_write_end commits (commit == true) or rolls back the work done since store_write_begin and
 * unlocks the writer. A committed job is durable when this returns 0 (possibly in one batch with other
 * threads' jobs); -1 means the commit failed and the job was rolled back. Rolling back returns 0.
 * On PostgreSQL a statement that failed inside the job (e.g. a constraint violation) leaves it
 * uncommittable: committing it then undoes the job alone and returns -1, where SQLite would keep the
 * job's other changes. Jobs therefore return an error after any failed statement (they all do). */
struct db *store_write_begin(struct store *store);
int store_write_end(struct store *store, bool commit) __attribute__((warn_unused_result));

/* Ends whatever a request left open on a connection: resets every statement still running and ends an
 * open read transaction, so the next request on this thread sees fresh data (a forgotten db_reset would
 * otherwise pin an old snapshot). Call it on the reader at the end of every request. NULL allowed.
 * Never call it on the writer inside a write transaction. */
void db_release(struct db *db);

/* A counter that grows with every write transaction this process commits that changed rows and, once
 * store_watch_start runs, whenever another process's commit was seen: caches of data read from the
 * database compare it to know whether they may still be used. One atomic load. */
uint64_t store_generation(struct store *store);

/* What the group commit achieved since the store was opened: write transactions committed, jobs they
 * held, and the most jobs one of them held (jobs / batches is the mean batch size). */
struct store_write_stats {
	uint64_t batches;
	uint64_t jobs;
	int largest;
	uint64_t syncs; /* SQLite: fdatasyncs of the WAL that made batches durable (0 on PostgreSQL) */
};
void store_write_stats(struct store *store, struct store_write_stats *out);

/* How often the watcher of store_watch_start looks for other processes' commits (ms). */
#define STORE_WATCH_MS 100

/* Starts a thread that, every interval_ms (<= 0: STORE_WATCH_MS), looks whether another process
 * committed to the database (PostgreSQL: the change counter every write transaction increments;
 * SQLite: PRAGMA data_version) and then moves store_generation, so caches keyed on it see another
 * instance's commit within interval_ms plus one round trip. A long-running server calls it once after
 * store_open; store_close stops it. Returns 0, or -1 with a message in err (err may be NULL). */
int store_watch_start(struct store *store, int interval_ms, char *err, size_t errlen);

/* Opens / ends a read transaction on a reader so several SELECTs see one snapshot. Return 0 or -1.
 * They nest: inside an open read transaction (e.g. the request's) begin and end only count. */
int db_read_begin(struct db *db);
int db_read_end(struct db *db);

/* ---- statements ---- */

/* Returns the cached statement for this SQL on this connection, reset and with bindings cleared, or
 * NULL on a syntax error (message in db_errmsg; on PostgreSQL statements are prepared at their first
 * db_step, so a syntax error shows there as -1). The SQL must be a string literal: the macro makes
 * anything else a compile error, so values can only enter SQL through bindings. */
#define db_prepare(db, sql_literal) db_prepare_((db), "" sql_literal "")
struct db_stmt *db_prepare_(struct db *db, const char *sql);

/* Bind by parameter name, including the colon (":name"). text == NULL binds NULL. The text is copied.
 * Return 0, or -1 when the statement has no such parameter (also makes the next db_step fail). Every
 * parameter of a statement must be bound before db_step (a forgotten one is an error, not NULL).
 * st may be NULL (a failed db_prepare): then they return -1, as does db_step(NULL). */
int db_bind_text(struct db_stmt *st, const char *name, const char *text);
int db_bind_int(struct db_stmt *st, const char *name, int64_t value);
int db_bind_null(struct db_stmt *st, const char *name);
/* Binds a bool as 0/1. */
int db_bind_bool(struct db_stmt *st, const char *name, bool value);
/* Binds the statistics-year convention the features share: ":agency" to agency_id, ":start" and ":end"
 * to the ISO dates of 1 January and 31 December of year. Returns 0 or -1 as the binds above. */
int db_bind_agency_year(struct db_stmt *st, int64_t agency_id, int year);

/* Runs the statement one step: 1 = a row is available, 0 = done, -1 = error (message in db_errmsg).
 * On 0 and -1 the statement is reset (bindings kept). */
int db_step(struct db_stmt *st);
/* Runs a statement that returns no rows, for a caller that needs nothing of its result before its next
 * statement (no rows, no db_changes, no error kind to act on): an INSERT whose failure simply fails the
 * job, SAVEPOINT, RELEASE. On SQLite it is db_step. On PostgreSQL the statement is sent in libpq's
 * pipeline mode and its result is read with the next statement's (one network round trip for both),
 * or at the end of the job: store_write_end sees a failure there, and the job is undone and reported
 * failed like any other failed statement. So a 0 here means "sent", not "done"; -1 is an error known
 * now (the connection, or a statement before it that already failed). Writer connections only. */
int db_step_later(struct db_stmt *st);

/* Resets the statement and clears its bindings. NULL is allowed. */
void db_reset(struct db_stmt *st);

/* Column getters for the current row (columns count from 0). db_column_text returns NULL for SQL NULL;
 * the pointer is valid until the next db_step/db_reset on this statement. */
int db_column_count(struct db_stmt *st);
bool db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
bool db_column_bool(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
/* Copies column text into dst (size > 0), "" for NULL. Returns false if it had to be truncated
 * (truncation never splits a UTF-8 character). */
bool db_column_copy(struct db_stmt *st, int col, char *dst, size_t size);
/* Returns a malloc'd copy of the column text (NULL for SQL NULL); caller frees. */
char *db_column_dup(struct db_stmt *st, int col);

/* Convenience for statements that return one integer (e.g. "SELECT count(*) …" or
 * "INSERT … RETURNING id"): steps once, stores the first column in *value, resets. Returns 1 if a row
 * came back, 0 if none, -1 on error. */
int db_step_int(struct db_stmt *st, int64_t *value);

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t db_changes(struct db *db);

/* The database file this connection belongs to (the store's path). */
const char *db_file(const struct db *db);

/* True on PostgreSQL: for the few features whose SQL differs by backend (full-text search, whose index
 * is FTS5 on SQLite and a tsvector table on PostgreSQL — see info/search_index.c). False for NULL (no
 * connection: the caller's next statement reports the error). */
bool db_is_postgresql(const struct db *db);

/* ---- errors ---- */

enum db_error {
	DB_OK = 0,
	DB_ERR_CONSTRAINT, /* UNIQUE / FOREIGN KEY / CHECK / NOT NULL violated */
	DB_ERR_BUSY,	   /* locked beyond the busy timeout */
	DB_ERR_READONLY,   /* a write attempted on a reader connection (refused by the authorizer) */
	DB_ERR_BIND,	   /* unknown parameter name or bad binding */
	DB_ERR_OTHER,
};

/* Kind and English text (from SQLite or PostgreSQL; PostgreSQL's constraint errors start with SQLite's
 * words, e.g. "FOREIGN KEY constraint failed: …") of the last error on this connection. The message is owned by
 * the connection and valid until its next call. */
enum db_error db_last_error(struct db *db);
const char *db_errmsg(struct db *db);

/* The text of the latest database error on the calling thread since db_thread_error_clear(), on any
 * connection (this thread's reader or the shared writer), or "" when there was none. A server thread
 * clears it when a request starts, so when the request ends in a 500 the log can name the database
 * failure behind it even after the writer went on to serve another thread. */
const char *db_thread_error(void);
void db_thread_error_clear(void);

#endif
