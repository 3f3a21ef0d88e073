/* store_internal.h — the structures behind struct store / struct db / struct db_stmt, shared by the
 * files of src/storage/ only (the one place that includes sqlite3.h). */
#ifndef GONGKAI_STORAGE_STORE_INTERNAL_H
#define GONGKAI_STORAGE_STORE_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "storage/db.h"

#define STMT_BUCKETS	   64
#define DB_ERRMSG_MAX	   512
#define DB_BUSY_TIMEOUT_MS 5000

struct db_stmt {
	sqlite3_stmt *stmt;
	struct db *db;
	const char *sql; /* the string literal given to db_prepare (static storage) */
	uint32_t hash;
	uint64_t bound; /* bit i set when parameter i+1 is bound (statements with <= 64 parameters) */
	int nparams;
	bool bind_failed;
	struct db_stmt *next; /* bucket chain */
};

struct db {
	sqlite3 *conn;
	struct store *store;
	bool readonly;
	int read_depth; /* nesting of db_read_begin on this connection (only the outermost one is real) */
	enum db_error last_error;
	char errmsg[DB_ERRMSG_MAX];
	struct db_stmt *buckets[STMT_BUCKETS];
	struct db *prev, *next; /* the store's list of reader connections */
};

struct store {
	char *path;
	pthread_mutex_t write_lock; /* guards writer; error-checking mutex */
	struct db *writer;
	pthread_key_t reader_key;     /* this thread's reader connection */
	pthread_mutex_t readers_lock; /* guards readers */
	struct db *readers;
	_Atomic uint64_t generation; /* committed write transactions of this process (store_generation) */

	/* Group commit (store.c): a write transaction ended while other threads wait for the writer stays
	 * open for them, each caller's work in its own SAVEPOINT, and one COMMIT (one fsync) makes the
	 * whole batch durable; every caller returns from store_write_end only after that commit. */
	_Atomic int writers_waiting; /* threads between "want the writer" and holding it */
	bool batch_open;	     /* BEGIN IMMEDIATE was run and the batch is not committed yet */
	int batch_jobs;		     /* jobs kept in the open batch */
	uint64_t batch_id;	     /* id of the open (or last) batch */
	uint64_t batch_committed;    /* id of the last batch that ended (committed or failed) */
	int batch_rc;		     /* result of that batch's COMMIT: 0 or -1 */
	pthread_cond_t batch_done;   /* signalled when a batch ends */
};

/* Opens a connection with the common pragmas (busy timeout, foreign keys; for the writer also WAL and
 * synchronous=FULL; for readers the write-refusing authorizer). Returns NULL with a message. */
struct db *db_connect(struct store *store, bool readonly, bool create, char *err, size_t errlen);

/* Finalizes every cached statement and closes the connection. NULL allowed. */
void db_disconnect(struct db *db);

/* Records the connection's current SQLite error (code rc) as last_error/errmsg. */
void db_set_error(struct db *db, int rc);

/* Runs SQL that may hold several statements (migrations only). Returns 0 or -1 (message recorded). */
int db_exec_script(struct db *db, const char *sql);

/* Resets every statement of the connection that is still running. */
void db_reset_busy(struct db *db);

#endif
