/* store_internal.h — the structures behind struct store / struct db / struct db_stmt, shared by the
 * files of src/storage/ only (the one place that includes sqlite3.h and libpq-fe.h). A store is on one
 * backend: SQLite (db.c, the default) or PostgreSQL (db_pg.c); the public functions of db.c switch on
 * db->pg / store->pg_url and the PostgreSQL half lives in db_pg.c behind the dbpg_* functions below. */
#ifndef GONGKAI_STORAGE_STORE_INTERNAL_H
#define GONGKAI_STORAGE_STORE_INTERNAL_H

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include "storage/pq_lib.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "storage/db.h"

#define STMT_BUCKETS	   256
#define DB_ERRMSG_MAX	   512
#define DB_BUSY_TIMEOUT_MS 5000

struct db_stmt {
	sqlite3_stmt *stmt;
	struct db *db;
	const char *sql; /* the string literal given to db_prepare (static storage): the cache's key */
	uint64_t bound;	 /* bit i set when parameter i+1 is bound (statements with <= 64 parameters) */
	int nparams;
	bool bind_failed;
	struct db_stmt *next; /* bucket chain */
	struct pg_stmt *pg;   /* PostgreSQL: translated SQL, bound values, prepared variants, result */
};

struct db {
	sqlite3 *conn;		  /* SQLite connection, or NULL on PostgreSQL */
	PGconn *pg;		  /* PostgreSQL connection, or NULL on SQLite */
	int64_t changes;	  /* PostgreSQL: rows changed by the last statement */
	int64_t total_changes;	  /* PostgreSQL: rows changed since the connection opened */
	unsigned prepared_serial; /* PostgreSQL: names of prepared statements on this connection */
	bool retryable;		  /* PostgreSQL: the last error was a serialization failure or deadlock */
	int pg_pending;		  /* PostgreSQL: statements sent by db_step_later whose results are unread */
	struct store *store;
	bool readonly;
	int read_depth; /* nesting of db_read_begin on this connection (only the outermost one is real) */
	enum db_error last_error;
	char errmsg[DB_ERRMSG_MAX];
	struct db_stmt *buckets[STMT_BUCKETS];
	struct db *prev, *next; /* the store's list of reader connections */
};

struct store {
	char *path;		/* SQLite: the database file; PostgreSQL: the local base path of files kept beside it */
	char *pg_url;		/* PostgreSQL: the postgresql:// URL; NULL on SQLite */
	bool fail_commits;	/* PostgreSQL: store_fail_commits (SQLite uses a commit hook) */
	bool pg_change_counter; /* PostgreSQL: the database has store_change (migration 075); writer only */
	pthread_mutex_t write_lock; /* guards writer; error-checking mutex */
	struct db *writer;
	pthread_key_t reader_key;     /* this thread's reader connection */
	pthread_mutex_t readers_lock; /* guards readers */
	struct db *readers;
	_Atomic uint64_t generation; /* commits of this process, and those of others the watcher saw */
	struct store_watch *watch;   /* store_watch_start's thread, or NULL */

	/* The write path (store_write.c): store_write queues its job for the writer thread, which runs the
	 * queued jobs in one batch — each in its own SAVEPOINT — and commits it when the queue is empty
	 * and no fdatasync runs; every caller returns only once the commit holding its job is durable
	 * (store_sync.c). Lock order: write_lock, then sync_lock; queue_lock is never held with another. */
	pthread_mutex_t queue_lock;	  /* guards the queue, settle_wanted and writer_stop */
	pthread_cond_t queue_wake;	  /* wakes the writer thread */
	struct write_request *queue_head; /* jobs waiting for the writer thread, oldest first */
	struct write_request *queue_tail;
	bool settle_wanted; /* the sync thread asks the writer thread to settle the batch */
	bool writer_stop;
	bool writer_started;
	pthread_t writer_thread;
	_Atomic int writers_waiting;	/* threads between "want the writer lock" and holding it */
	bool batch_open;		/* BEGIN IMMEDIATE was run and the batch is not committed yet */
	int batch_jobs;			/* jobs kept in the open batch */
	int64_t batch_changes_at;	/* the writer's changed-row total when the open batch began */
	struct batch_waiter *waiters;	/* jobs kept in the open batch that wait for its end (write_lock) */
	struct store_write_stats stats; /* committed batches (guarded by write_lock) */

	/* Durability of SQLite batches (store_sync.c): the writer commits without fsync; the sync thread
	 * fdatasyncs the WAL and only then tells the batch's jobs. While it runs, jobs that end stay in the
	 * open batch, which it commits when the fdatasync returns. Lock order: write_lock, then sync_lock. */
	pthread_mutex_t sync_lock;     /* guards unsynced, sync_stop and sync_busy's change to false */
	pthread_cond_t sync_wake;      /* wakes the sync thread: batches to sync, or stop */
	struct batch_waiter *unsynced; /* jobs of committed batches waiting for the next fdatasync */
	_Atomic bool sync_busy;	       /* an fdatasync is running or owed (store_write_end keeps batches open) */
	bool sync_stop;
	bool sync_started;
	pthread_t sync_thread;
	int wal_fd;		  /* the WAL file, opened at the first sync; -1 before (sync thread only) */
	_Atomic bool sync_failed; /* an fdatasync failed: this process refuses every write */
	_Atomic bool fail_syncs;  /* fault injection: every fdatasync fails (store_fail_syncs) */
	_Atomic uint64_t syncs;	  /* successful fdatasyncs (store_write_stats) */
};

struct write_request;

/* A job kept in an open batch, waiting on its own stack until the batch is durable or failed: it is on
 * store->waiters while the batch is open, then on store->unsynced until the fdatasync; whoever finishes
 * it sets rc and posts ready, and touches it no more (the waiter returns and its stack is reused). */
struct batch_waiter {
	sem_t ready;
	int rc; /* 0 durable, -1 the COMMIT or the fdatasync failed */
	struct batch_waiter *next;
};

/* store_sync.c: set up the fields above; start and stop the sync thread (SQLite only); release. */
void store_sync_init(struct store *store);
int store_sync_start(struct store *store);
void store_sync_stop(struct store *store);
void store_sync_destroy(struct store *store);

/* Called by end_batch (write lock held) with the jobs of the batch that just ended and its result: on
 * SQLite a committed batch's jobs wait for the sync thread's next fdatasync; otherwise (PostgreSQL,
 * whose COMMIT waits for the server's flush, or a failed batch) they are told rc at once. */
void store_batch_ended(struct store *store, struct batch_waiter *jobs, int rc);

/* Waits until the batch holding me is durable or failed. Returns me->rc. Call without the write lock. */
int store_batch_wait(struct batch_waiter *me);

/* store_write.c: start and stop the writer thread (store_open, store_close; stopped once every
 * store_write has returned). */
int store_writer_start(struct store *store);
void store_writer_stop(struct store *store);

/* Wakes the writer thread to settle the open batch (the sync thread, when an fdatasync returned and no
 * committed batch waits for the next one): it commits the jobs gathered meanwhile, or rolls them back
 * after a failed fdatasync. */
void store_writer_wake(struct store *store);

/* Sets this thread's db_thread_error to text (store_write: the error its job met on the writer thread). */
void db_thread_error_set(const char *text);

/* Opens a connection with the common pragmas (busy timeout, foreign keys; for the writer also WAL,
 * synchronous=NORMAL — durability comes from the sync thread, store_sync.c — and temp_store=MEMORY;
 * for readers the write-refusing authorizer). Returns NULL with a message. */
struct db *db_connect(struct store *store, bool readonly, bool create, char *err, size_t errlen);

/* Finalizes every cached statement and closes the connection. NULL allowed. */
void db_disconnect(struct db *db);

/* Records the connection's current SQLite error (code rc) as last_error/errmsg. */
void db_set_error(struct db *db, int rc);
/* Records an error of the given kind with text (also as this thread's db_thread_error). */
void db_set_error_text(struct db *db, enum db_error kind, const char *text);

/* Runs SQL that may hold several statements (migrations only). Returns 0 or -1 (message recorded). */
int db_exec_script(struct db *db, const char *sql);

/* Resets every statement of the connection that is still running. */
void db_reset_busy(struct db *db);

/* True when the connection is inside a transaction (SQLite: not in autocommit mode). */
bool db_in_transaction(struct db *db);

/* ---- the change watcher (store_watch.c) ---- */

/* What the watcher knows of the change counter: the last reading, when it could read one. */
struct store_watch_state {
	bool known;
	int64_t last;
};
/* Records a reading of the counter (read_ok false: it could not be read). Returns true when the caches
 * must be dropped: the first reading, a reading that differs from the last, or the first failure after
 * a good reading (from then on the watcher is blind until a reading succeeds again). Pure. */
bool store_watch_observe(struct store_watch_state *s, bool read_ok, int64_t value);
/* Stops the watcher thread and closes its connection (store_close calls it). No-op without one. */
void store_watch_stop(struct store *store);

/* ---- PostgreSQL (db_pg.c): the counterparts of the functions above and of db.h's statement API ---- */

/* Whether a --db value names PostgreSQL ("postgresql://…" or "postgres://…"). */
bool dbpg_is_url(const char *target);
/* The local base path for files kept beside a PostgreSQL database (audit key, attachments):
 * "var/DBNAME" for the URL's database name. Malloc'd. */
char *dbpg_files_base(const char *url);
struct db *dbpg_connect(struct store *store, bool readonly, char *err, size_t errlen);
void dbpg_disconnect(struct db *db);
/* Reconnects a connection the server dropped (restart, failover); 0 when usable. */
int dbpg_reconnect_if_lost(struct db *db);
/* Name of parameter i (from 1), or NULL. */
const char *dbpg_param_name(struct db_stmt *st, int i);
int dbpg_exec_script(struct db *db, const char *sql);
bool dbpg_in_transaction(struct db *db);
/* Begins the writer's transaction: BEGIN (READ COMMITTED), then the database-wide writer lock, so the
 * write transactions of every process on the database take turns as on SQLite (BEGIN IMMEDIATE). Waits
 * at most lock_timeout (5 s) for another process's transaction. 0, or -1 with no transaction left open. */
int dbpg_begin_write(struct db *w);
/* Adds one to the change counter other processes poll (store_change, once the database has it), in the
 * open write transaction: store.c calls it before the COMMIT of a batch that changed rows. 0 or -1. */
int dbpg_count_change(struct db *w);
/* True when a statement failed inside the open transaction (only a rollback can follow). */
bool dbpg_in_failed_statement(struct db *db);
struct db_stmt *dbpg_stmt_new(struct db *db, const char *sql);
void dbpg_stmt_free(struct db_stmt *st);
/* dbpg_finish ends the walk of a statement's result and keeps its bindings (sqlite3_reset);
 * dbpg_reset also clears the bindings (db_reset). */
void dbpg_finish(struct db_stmt *st);
void dbpg_reset(struct db_stmt *st);
int dbpg_bind(struct db_stmt *st, const char *name, const char *text, bool is_int);
int dbpg_step(struct db_stmt *st);
/* db_step_later on PostgreSQL (pipeline mode, see db_pg.c). */
int dbpg_step_later(struct db_stmt *st);
/* Reads the results of the statements db_step_later sent and leaves pipeline mode (nothing to do when
 * none are pending). Returns 0, or -1 with the first failure as the connection's error. */
int dbpg_flush(struct db *db);
int dbpg_column_count(struct db_stmt *st);
bool dbpg_column_is_null(struct db_stmt *st, int col);
const char *dbpg_column_text(struct db_stmt *st, int col);
size_t dbpg_column_bytes(struct db_stmt *st, int col);
/* SQL lexing shared by the statement and schema translations (db_pg_schema.c): whether c can be part
 * of an identifier; the length of the quoted text (' or ") or comment (-- to end of line) at s, or 0. */
bool dbpg_ident_char(char c);
size_t dbpg_quoted_len(const char *s);
/* Does the SQL in [s, end) create an FTS5 table or name one ("…_fts", gongkai's convention)? Such
 * tables exist on SQLite only. */
bool dbpg_names_fts(const char *s, const char *end);
/* Translates a statement of gongkai's SQL for PostgreSQL: ":name" → $n (a name used twice is one
 * parameter), instr → strpos, last_insert_rowid → lastval, "INSERT OR IGNORE INTO …" → "INSERT INTO …
 * ON CONFLICT DO NOTHING" (before a RETURNING); quoted text and "::" casts untouched. Returns the
 * malloc'd SQL; *names (malloc'd array of malloc'd names with their colon, *names NULL on entry) and
 * *nparams receive the parameters in $n order. */
char *dbpg_translate_sql(const char *sql, char ***names, int *nparams);
/* Translates a migration written for SQLite into PostgreSQL's dialect (types, identity keys); see
 * db_pg.c for the rules. Malloc'd. */
char *dbpg_translate_schema(const char *sql, char *err, size_t errlen);

#endif
