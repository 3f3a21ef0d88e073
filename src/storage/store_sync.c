/* store_sync.c — making committed SQLite batches durable outside the writer lock (issue 15, item 1).
 *
 * The writer commits with synchronous=NORMAL: COMMIT hands the batch's WAL frames to the kernel and
 * returns without waiting for the disk. Durability comes from here: a sync thread fdatasyncs the WAL
 * and only then tells the batch's jobs that their work is done — one fdatasync for every batch
 * committed before it began. While it runs, the jobs that end are not committed: they stay in the open
 * batch (store_write.c, batch_settle), which the writer thread commits when the sync thread wakes it
 * after its fdatasync (store_writer_wake), and which is synced next. So the next batch's jobs execute
 * while the disk works (before, every batch held the writer lock through its own fsync and the jobs
 * queued behind it), a batch still gathers every job that ends during one fdatasync — which keeps
 * batches large: each batch rewrites the pages it touched, a leaf of every table and index written, so
 * the work per job falls as the batch grows — and each job sleeps once and is woken once, by whoever
 * finishes it.
 *
 * The WAL is written in order and SQLite's recovery stops at the first frame whose checksum fails, so
 * a batch can never become durable without every batch before it. Other connections may read a batch
 * before its fdatasync returns (as they may read a PostgreSQL transaction whose commit record is still
 * being flushed); nothing is acknowledged before it. A failed fdatasync leaves the kernel's copy of the
 * file in an unknown state (Linux may drop the pages it could not write), so, like PostgreSQL, the
 * process stops writing: the batches it should have covered are reported failed and every later write
 * is refused until the server is restarted and SQLite recovers the database from what the disk holds.
 *
 * On PostgreSQL, COMMIT itself waits for the server's WAL flush: there is no sync thread. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "storage/store_internal.h"
#include "util/buf.h"
#include "util/dirs.h"
#include "util/log.h"

void store_sync_init(struct store *store)
{
	pthread_mutex_init(&store->sync_lock, NULL);
	pthread_cond_init(&store->sync_wake, NULL);
	store->wal_fd = -1;
}

void store_sync_destroy(struct store *store)
{
	if (store->wal_fd >= 0)
		close(store->wal_fd);
	pthread_mutex_destroy(&store->sync_lock);
	pthread_cond_destroy(&store->sync_wake);
}

/* Opens the WAL file once (SQLite created it when the writer first committed; it stays the same file
 * while the writer connection is open) and makes its directory entry durable. 0 or -1 (errno). */
static int open_wal(struct store *store)
{
	if (store->wal_fd >= 0)
		return 0;
	struct buf wal = {0};
	buf_printf(&wal, "%s-wal", store->path);
	int fd = open(wal.data, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 ? fsync_parent_dir(wal.data) : -1;
	buf_free(&wal);
	if (rc < 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	store->wal_fd = fd;
	return 0;
}

/* One fdatasync of the WAL (the caller is the only thread syncing). 0 or -1 (errno). */
static int sync_wal(struct store *store)
{
	if (atomic_load(&store->fail_syncs)) {
		errno = EIO;
		return -1;
	}
	if (open_wal(store) < 0)
		return -1;
	return fdatasync(store->wal_fd);
}

/* Tells every job of the list its result. Each may return at once: its next pointer is read first. */
static void finish(struct batch_waiter *jobs, int rc)
{
	while (jobs) {
		struct batch_waiter *next = jobs->next;
		jobs->rc = rc;
		sem_post(&jobs->ready);
		jobs = next;
	}
}

void store_batch_ended(struct store *store, struct batch_waiter *jobs, int rc)
{
	if (store->pg_url || rc != 0 || atomic_load(&store->sync_failed)) {
		finish(jobs, store->pg_url ? rc : -1);
		return;
	}
	if (!jobs)
		return;
	struct batch_waiter *last = jobs;
	while (last->next)
		last = last->next;
	pthread_mutex_lock(&store->sync_lock);
	last->next = store->unsynced;
	store->unsynced = jobs;
	atomic_store(&store->sync_busy, true);
	pthread_cond_signal(&store->sync_wake);
	pthread_mutex_unlock(&store->sync_lock);
}

int store_batch_wait(struct batch_waiter *me)
{
	while (sem_wait(&me->ready) != 0)
		; /* EINTR */
	return me->rc;
}

/* The sync thread: takes the jobs of every batch committed so far, fdatasyncs the WAL, tells them, and
 * when no committed batch waits, has the writer thread commit the batch that gathered meanwhile. */
static void *sync_run(void *arg)
{
	struct store *store = arg;
	pthread_mutex_lock(&store->sync_lock);
	for (;;) {
		while (!store->unsynced && !store->sync_stop)
			pthread_cond_wait(&store->sync_wake, &store->sync_lock);
		if (!store->unsynced)
			break; /* stopping, and nothing waits */
		struct batch_waiter *jobs = store->unsynced;
		store->unsynced = NULL;
		pthread_mutex_unlock(&store->sync_lock);
		int rc = sync_wal(store);
		if (rc == 0) {
			atomic_fetch_add(&store->syncs, 1);
		} else {
			log_msg(LOG_ERROR, NULL,
				"数据库日志写入磁盘失败（%s-wal：%s）。为免丢失已确认的数据，本进程不再接受任何写入；"
				"请检查磁盘后重启服务",
				store->path, strerror(errno));
			atomic_store(&store->sync_failed, true);
		}
		finish(jobs, rc == 0 ? 0 : -1);
		pthread_mutex_lock(&store->sync_lock);
		if (!store->unsynced) { /* the disk is idle: the batch gathered meanwhile can be committed */
			atomic_store(&store->sync_busy, false);
			pthread_mutex_unlock(&store->sync_lock);
			store_writer_wake(store);
			pthread_mutex_lock(&store->sync_lock);
		}
	}
	pthread_mutex_unlock(&store->sync_lock);
	return NULL;
}

int store_sync_start(struct store *store)
{
	if (pthread_create(&store->sync_thread, NULL, sync_run, store) != 0)
		return -1;
	pthread_setname_np(store->sync_thread, "gk-walsync"); /* in top -H and gdb; a diagnostic only */
	store->sync_started = true;
	return 0;
}

void store_sync_stop(struct store *store)
{
	if (!store->sync_started)
		return;
	pthread_mutex_lock(&store->sync_lock);
	store->sync_stop = true;
	pthread_cond_signal(&store->sync_wake);
	pthread_mutex_unlock(&store->sync_lock);
	pthread_join(store->sync_thread, NULL);
	store->sync_started = false;
}

void store_fail_syncs(struct store *store, bool on)
{
	atomic_store(&store->fail_syncs, on);
}
