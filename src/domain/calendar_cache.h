/* calendar_cache.h — the working-day calendar a long-running process shares between its requests: the
 * embedded holiday schedules plus the years an administrator loaded (holidays_calendar), rebuilt when
 * the stored schedules change. It lives in the core, not in the HTTP layer, because every feature that
 * computes a deadline or "today" needs the same calendar, and the pages of 依申请公开, 主动公开, the
 * annual report, the task list and the calendar administration all ask for it.
 *
 * The server owns one cache (struct http_app) and passes it explicitly; nothing here is global.
 * Thread-safe: any thread may call calendar_cache_get at any time. */
#ifndef GONGKAI_DOMAIN_CALENDAR_CACHE_H
#define GONGKAI_DOMAIN_CALENDAR_CACHE_H

#include "calendar/calendar.h"
#include "storage/db.h"

struct calendar_cache;

/* An empty cache that looks at the stored schedules at least every check_ms (<= 0: 2 s); free it with
 * calendar_cache_free once no thread uses its calendars any more. */
struct calendar_cache *calendar_cache_new(int check_ms);
void calendar_cache_free(struct calendar_cache *c);

/* The calendar for store (NULL: the embedded schedules only, for tests of the HTTP layer). Looks whether
 * the stored schedules changed — after a commit moved store_generation (this process's, or another
 * instance's seen by store_watch_start), at most every STORE_WATCH_MS, and otherwise every check_ms — and rebuilds the
 * calendar when they did; on failure the previous calendar stays in use and the reason is logged with request_id (the
 * asking request's id, or NULL). A returned calendar stays valid until calendar_cache_free (older versions are kept for
 * callers still using them). NULL only when no calendar could ever be built. */
const struct calendar *calendar_cache_get(struct calendar_cache *c, struct store *store, const char *request_id);

/* Makes the next calendar_cache_get look at the stored schedules at once (after a load). */
void calendar_cache_changed(struct calendar_cache *c);

#endif
