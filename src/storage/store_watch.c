/* store_watch.c — how a server process learns that another process committed to its database (issue 12,
 * several `gongkai serve` on one database; docs/deploy.md "Several instances on one database").
 *
 * Caches of data read from the database (the anonymous page cache, the portal's agency, the holiday
 * calendar) are tagged with store_generation(), which this process's commits move at once. A watcher
 * thread moves it for the commits of other processes: every interval it reads one cheap counter on a
 * connection of its own — on PostgreSQL the row store_change.n, which every write transaction of every
 * instance increments (dbpg_begin_write) and which becomes visible exactly when that transaction
 * commits; on SQLite PRAGMA data_version, which changes whenever another connection committed — and
 * moves the generation when the reading changed. Polling was chosen over LISTEN/NOTIFY (see deploy.md):
 * the hot path stays one atomic load, a counter cannot be missed across a dropped connection, and the
 * same code serves both backends. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storage/store_internal.h"
#include "util/buf.h"
#include "util/log.h"

struct store_watch {
	struct store *store;
	struct db *db; /* the watcher's own read-only connection */
	int interval_ms;
	struct store_watch_state state;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* signalled to stop */
	bool stop;
	bool thread_started;
};

bool store_watch_observe(struct store_watch_state *s, bool read_ok, int64_t value)
{
	if (!read_ok) { /* blind from now on: drop the caches once, and again when the counter is back */
		bool was_known = s->known;
		s->known = false;
		return was_known;
	}
	bool moved = !s->known || value != s->last;
	s->known = true;
	s->last = value;
	return moved;
}

/* Reads the counter: store_change.n on PostgreSQL, PRAGMA data_version on SQLite. 0 or -1. */
static int read_counter(struct db *db, int64_t *value)
{
	if (db->pg) {
		if (dbpg_reconnect_if_lost(db) < 0)
			return -1;
		return db_step_int(db_prepare(db, "SELECT n FROM store_change WHERE id = 1"), value) == 1 ? 0 : -1;
	}
	return db_step_int(db_prepare(db, "PRAGMA data_version"), value) == 1 ? 0 : -1;
}

/* One look at the counter; moves the store's generation when it changed. */
static void watch_once(struct store_watch *w)
{
	int64_t value = 0;
	bool ok = read_counter(w->db, &value) == 0;
	bool known = w->state.known;
	if (store_watch_observe(&w->state, ok, value))
		atomic_fetch_add(&w->store->generation, 1);
	if (!ok && known)
		log_msg(LOG_WARN, NULL, "无法读取数据库的变更计数，其他实例的更改可能要等缓存过期才显示：%s",
			w->db->errmsg);
}

static void *watch_run(void *arg)
{
	struct store_watch *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		pthread_mutex_unlock(&w->lock);
		watch_once(w);
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		long ns = until.tv_nsec + (long)(w->interval_ms % 1000) * 1000000L;
		until.tv_sec += w->interval_ms / 1000 + ns / 1000000000L;
		until.tv_nsec = ns % 1000000000L;
		while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int store_watch_start(struct store *store, int interval_ms, char *err, size_t errlen)
{
	char scratch[8];
	if (!err) {
		err = scratch;
		errlen = sizeof scratch;
	}
	if (store->watch) {
		snprintf(err, errlen, "变更监视已启动");
		return -1;
	}
	struct store_watch *w = xcalloc(1, sizeof *w);
	w->store = store;
	w->interval_ms = interval_ms > 0 ? interval_ms : STORE_WATCH_MS;
	w->db = db_connect(store, true, false, err, errlen);
	if (!w->db) {
		free(w);
		return -1;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&w->lock, NULL);
	watch_once(w); /* the first reading is the baseline, before any request is served */
	if (pthread_create(&w->thread, NULL, watch_run, w) != 0) {
		snprintf(err, errlen, "无法启动变更监视线程");
		store->watch = w;
		store_watch_stop(store);
		return -1;
	}
	w->thread_started = true;
	store->watch = w;
	return 0;
}

void store_watch_stop(struct store *store)
{
	struct store_watch *w = store->watch;
	if (!w)
		return;
	if (w->thread_started) {
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	db_disconnect(w->db);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
	store->watch = NULL;
}
