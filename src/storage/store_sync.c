/* store_sync.c — making committed SQLite batches durable outside the writer lock (issue 15, item 1).
 *
 * The writer commits with synchronous=NORMAL: COMMIT hands the batch's WAL frames to the kernel and
 * returns without waiting for the disk. Durability comes from here: a job returns from store_write_end
 * only once an fdatasync of the WAL file that began after its batch's COMMIT has succeeded. One such
 * fdatasync serves every batch committed before it began. While it runs, the jobs that end are not
 * committed: they stay in the open batch (store_write_end), which the fdatasync's thread commits when
 * it returns (store_commit_gathered) and the first of its jobs to wait then syncs. So the jobs of the
 * next batch execute while the disk works — before, every batch held the writer lock through its own
 * fsync and the jobs queued behind it — and a batch still gathers every job that ends during one
 * fdatasync, which keeps batches large: each batch rewrites the pages it touched (a leaf of every
 * table and index written), so the work per job falls as the batch grows. The WAL is written in order
 * and SQLite's recovery stops at the first frame whose checksum fails, so a batch can never become
 * durable without every batch before it.
 *
 * Other connections may read a batch before its fdatasync returns (as they may read a PostgreSQL
 * transaction whose commit record is still being flushed); nothing is acknowledged before it. A failed
 * fdatasync leaves the kernel's copy of the file in an unknown state (Linux may drop the pages it
 * could not write), so, like PostgreSQL, the process stops writing: every later write is refused
 * until the server is restarted and SQLite recovers the database from what the disk holds.
 *
 * On PostgreSQL, COMMIT itself waits for the server's WAL flush: nothing is done here. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "storage/store_internal.h"
#include "util/buf.h"
#include "util/log.h"

void store_sync_init(struct store *store)
{
	pthread_mutex_init(&store->sync_lock, NULL);
	pthread_cond_init(&store->sync_done, NULL);
	store->wal_fd = -1;
}

void store_sync_destroy(struct store *store)
{
	if (store->wal_fd >= 0)
		close(store->wal_fd);
	pthread_mutex_destroy(&store->sync_lock);
	pthread_cond_destroy(&store->sync_done);
}

/* fsync of the folder holding path, so that a file just created there survives a power failure. */
static int sync_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct buf dir = {0};
	if (slash)
		buf_append(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_puts(&dir, ".");
	int fd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	buf_free(&dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
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
	int rc = fd >= 0 ? sync_parent_dir(wal.data) : -1;
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

int store_sync_wait(struct store *store, uint64_t batch)
{
	if (store->pg_url)
		return 0;
	pthread_mutex_lock(&store->sync_lock);
	while (store->synced_batch < batch && !atomic_load(&store->sync_failed)) {
		if (atomic_load(&store->sync_state) == SYNC_RUNNING) { /* it may cover this batch: wait */
			pthread_cond_wait(&store->sync_done, &store->sync_lock);
			continue;
		}
		atomic_store(&store->sync_state, SYNC_RUNNING);
		uint64_t covered = atomic_load(&store->batch_ended); /* every batch whose COMMIT returned */
		pthread_mutex_unlock(&store->sync_lock);
		int rc = sync_wal(store);
		int saved = errno;
		pthread_mutex_lock(&store->sync_lock);
		if (rc == 0) {
			atomic_fetch_add(&store->syncs, 1);
			if (covered > store->synced_batch)
				store->synced_batch = covered;
		} else {
			atomic_store(&store->sync_failed, true);
			log_msg(LOG_ERROR, NULL,
				"数据库日志写入磁盘失败（%s-wal：%s）。为免丢失已确认的数据，本进程不再接受任何写入；"
				"请检查磁盘后重启服务",
				store->path, strerror(saved));
		}
		pthread_cond_broadcast(&store->sync_done);
		pthread_mutex_unlock(&store->sync_lock);
		store_commit_gathered(store, rc == 0); /* leaves sync_state DUE or IDLE */
		pthread_mutex_lock(&store->sync_lock);
	}
	int rc = store->synced_batch >= batch ? 0 : -1;
	pthread_mutex_unlock(&store->sync_lock);
	return rc;
}

int store_batch_wait(struct store *store, struct batch_waiter *me, uint64_t batch)
{
	pthread_mutex_lock(&store->sync_lock);
	while (!me->done)
		pthread_cond_wait(&store->sync_done, &store->sync_lock);
	int rc = me->rc;
	pthread_mutex_unlock(&store->sync_lock);
	return rc == 0 ? store_sync_wait(store, batch) : rc;
}

void store_fail_syncs(struct store *store, bool on)
{
	atomic_store(&store->fail_syncs, on);
}
