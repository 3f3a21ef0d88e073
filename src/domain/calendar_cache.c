/* calendar_cache.c — the shared working-day calendar of a long-running process (see calendar_cache.h):
 * built from the embedded schedules plus the loaded years, rebuilt when a load is seen. Moved here from
 * the HTTP layer, where five page files reached into the 依申请公开 handlers to get it. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "domain/calendar_cache.h"
#include "domain/holidays.h"
#include "util/buf.h"
#include "util/log.h"

/* A rebuilt calendar replaces `current`; the old one is kept in `retired` until the cache is freed,
 * because requests that took it may still be computing with it. Loads are rare administrator actions,
 * so this stays small. */
struct calendar_cache {
	pthread_mutex_t lock;
	struct store *store; /* the store `current` was built from */
	struct calendar *current;
	struct holidays_stamp stamp;
	int64_t checked_ms;	     /* monotonic ms of the last stamp check; 0 = check on the next request */
	uint64_t checked_generation; /* store_generation() before that check */
	int check_ms;		     /* look again after this long even without a commit seen */
	struct calendar **retired;
	size_t nretired, capretired;
};

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void calendar_retire(struct calendar_cache *c)
{
	if (!c->current)
		return;
	if (c->nretired == c->capretired) {
		c->capretired = c->capretired ? c->capretired * 2 : 8;
		c->retired = xrealloc(c->retired, c->capretired * sizeof *c->retired);
	}
	c->retired[c->nretired++] = c->current;
	c->current = NULL;
}

/* Without a database: the embedded schedules, built once. Called with the lock. */
static void calendar_builtin(struct calendar_cache *c, const char *request_id)
{
	char err[HOLIDAYS_ERR_SIZE];
	if (c->current && !c->store)
		return;
	struct calendar *cal = calendar_new();
	if (calendar_load_embedded(cal, err, sizeof err) != 0) {
		log_msg(LOG_ERROR, request_id, "无法加载节假日安排：%s", err);
		calendar_free(cal);
		return;
	}
	calendar_retire(c);
	c->current = cal;
	c->store = NULL;
}

/* Rebuilds the cached calendar when the stored schedules changed (or another store is asked for).
 * On failure the previous calendar stays in use and the reason goes to the log. Called with the lock. */
static void calendar_refresh(struct calendar_cache *c, struct store *store, const char *request_id)
{
	if (!store) { /* no database (tests of the HTTP layer): the built-in schedules only */
		calendar_builtin(c, request_id);
		return;
	}
	struct db *db = store_reader(store);
	struct holidays_stamp now;
	if (!db || holidays_stamp(db, &now) != 0) {
		log_msg(LOG_WARN, request_id, "无法读取放假安排的版本，继续使用当前工作日历：%s", db_thread_error());
		return;
	}
	if (c->current && c->store == store && now.count == c->stamp.count && now.revision == c->stamp.revision)
		return;
	struct calendar *cal = NULL;
	struct holidays_stamp built;
	char err[HOLIDAYS_ERR_SIZE];
	if (holidays_calendar(db, &cal, NULL, 0, &built, err, sizeof err) != 0) {
		log_msg(LOG_ERROR, request_id, "无法建立工作日历：%s", err);
		return;
	}
	calendar_retire(c);
	c->current = cal;
	c->store = store;
	c->stamp = built;
}

struct calendar_cache *calendar_cache_new(int check_ms)
{
	struct calendar_cache *c = xcalloc(1, sizeof *c);
	c->check_ms = check_ms > 0 ? check_ms : 2000;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void calendar_cache_free(struct calendar_cache *c)
{
	if (!c)
		return;
	calendar_retire(c);
	for (size_t i = 0; i < c->nretired; i++)
		calendar_free(c->retired[i]);
	free(c->retired);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

const struct calendar *calendar_cache_get(struct calendar_cache *c, struct store *store, const char *request_id)
{
	int64_t now_ms = monotonic_ms();
	uint64_t generation = store ? store_generation(store) : 0;
	pthread_mutex_lock(&c->lock);
	int64_t age = now_ms - c->checked_ms;
	/* a commit seen since the last check (this process's, or another's through store_watch) makes it
	 * look again, at most every STORE_WATCH_MS; without one, every check_ms */
	bool moved = generation != c->checked_generation && age >= STORE_WATCH_MS;
	if (!c->current || c->store != store || c->checked_ms == 0 || moved || age >= c->check_ms) {
		calendar_refresh(c, store, request_id);
		c->checked_ms = now_ms ? now_ms : 1;
		c->checked_generation = generation;
	}
	const struct calendar *cal = c->current;
	pthread_mutex_unlock(&c->lock);
	return cal;
}

void calendar_cache_changed(struct calendar_cache *c)
{
	pthread_mutex_lock(&c->lock);
	c->checked_ms = 0;
	pthread_mutex_unlock(&c->lock);
}
