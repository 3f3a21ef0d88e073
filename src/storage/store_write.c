/* store_write.c — the write path: every change to the database, one owner (db.h, "writes: one owner").
 *
 * store_write hands its job to the writer thread and sleeps until the job is durable, rolled back or
 * failed. The writer thread takes the queued jobs in arrival order and runs them back to back on the
 * one writer connection, each in its own SAVEPOINT inside the open batch (a job that fails undoes only
 * itself), and commits the batch after each such run — unless an fdatasync is running: then the batch
 * gathers the next runs until the sync thread, its disk done, wakes the writer thread to commit it
 * (store_writer_wake, store_sync.c). Why a thread of its own: when
 * every caller ran its job itself, the lock passed from thread to thread, and each pass left the
 * writer idle while the next owner was woken and scheduled (about 30 µs a job at 64 connections, a
 * fifth of the writer's time). The writer thread runs the next job at once, and each caller sleeps
 * once and is woken once — by whoever knows its result.
 *
 * store_write_begin / store_write_end are the same batch entered from the caller's own thread (tests
 * and migrations): they take the writer lock directly, as the writer thread does for each run of
 * jobs, and a batch stays open while another thread waits for the lock. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "storage/store_internal.h"

/* How many times a job is run again after a serialization failure or deadlock (PostgreSQL). */
#define STORE_RETRIES 5

/* Most jobs one batch may hold before it is committed even though jobs are waiting. */
#define BATCH_MAX_JOBS 64

/* One store_write call, queued for the writer thread. It lives on the caller's stack: the caller
 * sleeps on wait.ready until the writer thread (job rolled back or refused), end_batch (batch failed;
 * PostgreSQL) or the sync thread (batch durable, or fdatasync failed) posts it, and after that post
 * nobody touches it. */
struct write_request {
	store_job job;
	void *ctx;
	struct outcome *out;
	enum outcome_code code;	    /* what the job returned, or OUTCOME_STORAGE when it could not run */
	char errmsg[DB_ERRMSG_MAX]; /* the database error of a failed run, for the caller's db_thread_error */
	struct batch_waiter wait;
	struct write_request *next; /* the queue */
};

/* The job whose function is running on this thread, or NULL: a job must not call store_write (it would
 * wait for the writer thread, which is waiting for it). */
static _Thread_local const struct store *running_job_of;

/* Rows the writer changed since it was opened (a batch that changed none moves no cache generation). */
static int64_t rows_changed(struct db *w)
{
	return w->pg ? w->total_changes : sqlite3_total_changes64(w->conn);
}

/* Ends the open batch: COMMIT (commit true) or ROLLBACK, records the result for the jobs waiting on it
 * and wakes them (store_batch_ended). Called with the write lock held. Returns 0 or -1. */
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

/* Enters the next job into the batch, opening the batch first when none is open: the job's SAVEPOINT.
 * Write lock held. Returns the writer connection, or NULL (error recorded on it) when the batch could
 * not begin or the process refuses writes after a failed fdatasync. */
static struct db *job_begin(struct store *store)
{
	struct db *w = store->writer;
	if (atomic_load(&store->sync_failed)) { /* the disk lost writes this process acknowledged: stop */
		db_set_error_text(w, DB_ERR_OTHER, "an fdatasync of the WAL failed: writes are refused");
		return NULL;
	}
	if (!store->batch_open) {
		if (w->pg && dbpg_reconnect_if_lost(w) < 0)
			return NULL;
		/* one writer at a time across every process on the database: SQLite's IMMEDIATE lock, or
		 * PostgreSQL's writer lock (READ COMMITTED inside it, see dbpg_begin_write) */
		if (w->pg ? dbpg_begin_write(w) < 0 : db_step(db_prepare(w, "BEGIN IMMEDIATE")) < 0)
			return NULL;
		store->batch_open = true;
		store->batch_jobs = 0;
		store->batch_changes_at = rows_changed(w);
	}
	if (db_step_later(db_prepare(w, "SAVEPOINT job")) < 0) { /* PostgreSQL: sent with the job's first statement */
		end_batch(store, false);
		return NULL;
	}
	return w;
}

/* Ends the running job's savepoint: keeps the job in the batch (commit, when it can be kept; *kept set)
 * or undoes it alone. Write lock held. Returns -1 when a job to be committed cannot be (its statements
 * or the whole batch failed; a failed batch is ended here), else 0. */
static int job_end(struct store *store, bool commit, bool *kept)
{
	struct db *w = store->writer;
	*kept = false;
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
		return commit ? -1 : 0;
	}
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
			return -1;
		}
		store->batch_jobs++;
		*kept = true;
		return 0;
	}
	db_step(db_prepare(w, "ROLLBACK TO job")); /* undo this job only: the batch keeps the jobs before it */
	db_step(db_prepare(w, "RELEASE job"));
	return failed;
}

/* Puts a kept job's waiter on the open batch; commits the batch once it holds BATCH_MAX_JOBS. */
static void batch_add_waiter(struct store *store, struct batch_waiter *waiter)
{
	waiter->next = store->waiters;
	store->waiters = waiter;
	if (store->batch_jobs >= BATCH_MAX_JOBS)
		end_batch(store, true);
}

/* After a run of jobs: commits the open batch (rolls back one that kept no job, or any after a failed
 * fdatasync), unless an fdatasync is running — the batch then gathers the next jobs, and the sync thread
 * wakes the writer thread to settle it when the disk is done (store_writer_wake) — or a thread waits
 * for the writer lock and will add to it. Write lock held. */
static void batch_settle(struct store *store)
{
	if (store->batch_open && !atomic_load(&store->sync_busy) && atomic_load(&store->writers_waiting) == 0)
		end_batch(store, store->batch_jobs > 0 && !atomic_load(&store->sync_failed));
}

/* Takes the writer lock, counted in writers_waiting meanwhile (a batch stays open for a waiting thread).
 * 0, or the pthread error (EDEADLK: this thread holds it already). */
static int writer_lock(struct store *store)
{
	atomic_fetch_add(&store->writers_waiting, 1);
	int locked = pthread_mutex_lock(&store->write_lock);
	atomic_fetch_sub(&store->writers_waiting, 1);
	return locked;
}

struct db *store_write_begin(struct store *store)
{
	if (writer_lock(store) != 0)
		return NULL;
	struct db *w = job_begin(store);
	if (!w) {
		batch_settle(store);
		pthread_mutex_unlock(&store->write_lock);
		return NULL;
	}
	running_job_of = store;
	return w;
}

int store_write_end(struct store *store, bool commit)
{
	running_job_of = NULL;
	bool kept;
	int rc = job_end(store, commit, &kept);
	struct batch_waiter me = {.rc = rc};
	if (kept) {
		sem_init(&me.ready, 0, 0);
		batch_add_waiter(store, &me); /* on the batch only until it ends, before store_batch_wait returns */
	}
	batch_settle(store);
	pthread_mutex_unlock(&store->write_lock);
	if (kept) {
		rc = store_batch_wait(&me); /* the batch holding this job is durable, or failed */
		sem_destroy(&me.ready);
	}
	return rc;
}

/* Tells a request that is not in a batch its result: it may return at once. */
static void request_done(struct write_request *r, int rc)
{
	r->wait.rc = rc;
	sem_post(&r->wait.ready);
}

/* Runs one queued job in the open batch (the writer thread, write lock held): the job, again after a
 * serialization failure or deadlock, then its savepoint's end. A kept job waits for its batch; any
 * other is told now. */
static void run_request(struct store *store, struct write_request *r)
{
	db_thread_error_clear();
	struct db *w = job_begin(store);
	if (!w) {
		snprintf(r->errmsg, sizeof r->errmsg, "%s", store->writer->errmsg);
		r->code = outcome_fail(r->out, OUTCOME_STORAGE, NULL, "数据库暂时无法写入，未作任何更改，请稍后重试。");
		request_done(r, 0);
		return;
	}
	w->retryable = false;
	running_job_of = store;
	enum outcome_code code = r->job(w, r->ctx, r->out);
	/* PostgreSQL: a serialization failure or deadlock undoes the job's savepoint; jobs are repeatable */
	for (int again = 0; code != OUTCOME_OK && w->retryable && again < STORE_RETRIES; again++) {
		db_reset_busy(w);
		if (db_step(db_prepare(w, "ROLLBACK TO job")) < 0)
			break;
		outcome_clear(r->out);
		w->retryable = false;
		code = r->job(w, r->ctx, r->out);
	}
	running_job_of = NULL;
	r->out->code = r->code = code;
	bool kept;
	int rc = job_end(store, code == OUTCOME_OK, &kept);
	snprintf(r->errmsg, sizeof r->errmsg, "%s", db_thread_error());
	if (kept)
		batch_add_waiter(store, &r->wait);
	else
		request_done(r, rc);
}

/* Takes every queued request, oldest first (the queue lock held). */
static struct write_request *take_queue(struct store *store)
{
	struct write_request *first = store->queue_head;
	store->queue_head = NULL;
	store->queue_tail = NULL;
	return first;
}

/* The writer thread: each time, takes every queued job, runs them in the open batch and settles it
 * (batch_settle); woken by store_write, and by the sync thread when an fdatasync is done. */
static void *writer_run(void *arg)
{
	struct store *store = arg;
	pthread_mutex_lock(&store->queue_lock);
	for (;;) {
		while (!store->queue_head && !store->settle_wanted && !store->writer_stop)
			pthread_cond_wait(&store->queue_wake, &store->queue_lock);
		if (!store->queue_head && !store->settle_wanted)
			break; /* stopping, and nothing is queued */
		store->settle_wanted = false;
		struct write_request *r = take_queue(store);
		pthread_mutex_unlock(&store->queue_lock);
		writer_lock(store);
		while (r) {
			struct write_request *next = r->next; /* r may be gone once it is told */
			run_request(store, r);
			r = next;
		}
		batch_settle(store);
		pthread_mutex_unlock(&store->write_lock);
		pthread_mutex_lock(&store->queue_lock);
	}
	pthread_mutex_unlock(&store->queue_lock);
	return NULL;
}

void store_writer_wake(struct store *store)
{
	pthread_mutex_lock(&store->queue_lock);
	store->settle_wanted = true;
	pthread_cond_signal(&store->queue_wake);
	pthread_mutex_unlock(&store->queue_lock);
}

int store_writer_start(struct store *store)
{
	if (pthread_create(&store->writer_thread, NULL, writer_run, store) != 0)
		return -1;
	pthread_setname_np(store->writer_thread, "gk-writer"); /* in top -H and gdb; a diagnostic only */
	store->writer_started = true;
	return 0;
}

void store_writer_stop(struct store *store)
{
	if (!store->writer_started)
		return;
	pthread_mutex_lock(&store->queue_lock);
	store->writer_stop = true;
	pthread_cond_signal(&store->queue_wake);
	pthread_mutex_unlock(&store->queue_lock);
	pthread_join(store->writer_thread, NULL);
	store->writer_started = false;
}

enum outcome_code store_write(struct store *store, store_job job, void *ctx, struct outcome *out)
{
	struct outcome scratch;
	if (!out)
		out = &scratch;
	outcome_clear(out);
	if (running_job_of == store) /* called from inside a job: the writer is busy with this very job */
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库暂时无法写入，未作任何更改，请稍后重试。");
	struct write_request r = {.job = job, .ctx = ctx, .out = out};
	sem_init(&r.wait.ready, 0, 0);
	pthread_mutex_lock(&store->queue_lock);
	/* r stays queued only until the writer thread takes it, and is told before this call returns */
	if (store->queue_tail)
		store->queue_tail->next = &r;
	else
		// cppcheck-suppress autoVariables
		store->queue_head = &r;
	// cppcheck-suppress autoVariables
	store->queue_tail = &r;
	pthread_cond_signal(&store->queue_wake);
	pthread_mutex_unlock(&store->queue_lock);
	int rc = store_batch_wait(&r.wait); /* the batch holding the job is durable, or it failed */
	sem_destroy(&r.wait.ready);
	if (r.errmsg[0])
		db_thread_error_set(r.errmsg);
	if (rc != 0 && r.code == OUTCOME_OK) {
		outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库写入失败，未保存任何更改，请稍后重试。");
		out->warning[0] = '\0';
		return OUTCOME_STORAGE;
	}
	return r.code;
}

void store_write_stats(struct store *store, struct store_write_stats *out)
{
	/* EDEADLK: this thread holds the writer already (between store_write_begin and _end) — read, and
	 * leave the lock held: unlocking it here would hand the open batch to the writer thread */
	int locked = pthread_mutex_lock(&store->write_lock);
	*out = store->stats;
	if (locked == 0)
		pthread_mutex_unlock(&store->write_lock);
	out->syncs = atomic_load(&store->syncs);
}

/* The commit hook of an armed store: a non-zero answer turns the COMMIT into a ROLLBACK. */
static int refuse_commit(void *arg)
{
	(void)arg;
	return 1;
}

void store_fail_commits(struct store *store, bool on)
{
	int locked = pthread_mutex_lock(&store->write_lock); /* EDEADLK: held by this thread, as above */
	store->fail_commits = on;
	if (!store->pg_url)
		sqlite3_commit_hook(store->writer->conn, on ? refuse_commit : NULL, NULL);
	if (locked == 0)
		pthread_mutex_unlock(&store->write_lock);
}
