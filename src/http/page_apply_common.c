/* page_apply_common.c — what every 依申请公开 handler needs: the process calendar (the embedded holiday
 * schedule plus the years an administrator loaded, rebuilt when a load is seen), today's date in China,
 * the acting user, and the translation of domain results into HTTP statuses and Chinese error
 * sentences. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/accounts.h"
#include "domain/holidays.h"
#include "http/page_apply.h"
#include "util/buf.h"

#define CALENDAR_CHECK_MS 2000 /* how often a request may look whether a schedule was loaded */

/* The server's calendar. A rebuilt calendar replaces `current`; the old one is kept in `retired` until
 * the process ends, because requests that took it may still be computing with it. Loads are rare
 * administrator actions, so this stays small. */
struct calendar_cache {
	pthread_mutex_t lock;
	struct store *store; /* the store `current` was built from */
	struct calendar *current;
	struct holidays_stamp stamp;
	int64_t checked_ms; /* monotonic ms of the last stamp check; 0 = check on the next request */
	struct calendar **retired;
	size_t nretired, capretired;
};

static struct calendar_cache calendar_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

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
static void calendar_builtin(struct calendar_cache *c)
{
	char err[HOLIDAYS_ERR_SIZE];
	if (c->current && !c->store)
		return;
	struct calendar *cal = calendar_new();
	if (calendar_load_embedded(cal, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai: 无法加载节假日安排：%s\n", err);
		calendar_free(cal);
		return;
	}
	calendar_retire(c);
	c->current = cal;
	c->store = NULL;
}

/* Rebuilds the cached calendar when the stored schedules changed (or another store is asked for).
 * On failure the previous calendar stays in use and the reason goes to the log. Called with the lock. */
static void calendar_refresh(struct calendar_cache *c, struct store *store)
{
	if (!store) { /* no database (tests of the HTTP layer): the built-in schedules only */
		calendar_builtin(c);
		return;
	}
	struct db *db = store_reader(store);
	struct holidays_stamp now;
	if (!db || holidays_stamp(db, &now) != 0) {
		fprintf(stderr, "gongkai: 无法读取放假安排的版本，继续使用当前工作日历\n");
		return;
	}
	if (c->current && c->store == store && now.count == c->stamp.count && now.revision == c->stamp.revision)
		return;
	struct calendar *cal = NULL;
	struct holidays_stamp built;
	char err[HOLIDAYS_ERR_SIZE];
	if (holidays_calendar(db, &cal, NULL, 0, &built, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai: 无法建立工作日历：%s\n", err);
		return;
	}
	calendar_retire(c);
	c->current = cal;
	c->store = store;
	c->stamp = built;
}

const struct calendar *apply_http_calendar(const struct req *r)
{
	struct calendar_cache *c = &calendar_cache;
	int64_t now_ms = monotonic_ms();
	pthread_mutex_lock(&c->lock);
	if (!c->current || c->store != r->app->store || c->checked_ms == 0 ||
	    now_ms - c->checked_ms >= CALENDAR_CHECK_MS) {
		calendar_refresh(c, r->app->store);
		c->checked_ms = now_ms ? now_ms : 1;
	}
	const struct calendar *cal = c->current;
	pthread_mutex_unlock(&c->lock);
	return cal;
}

void apply_http_calendar_changed(void)
{
	pthread_mutex_lock(&calendar_cache.lock);
	calendar_cache.checked_ms = 0;
	pthread_mutex_unlock(&calendar_cache.lock);
}

#define CHINA_UTC_OFFSET (8 * 3600)

int apply_http_today(const struct req *r)
{
	int64_t local = req_now(r) + CHINA_UTC_OFFSET;
	return (int)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

struct apply_actor apply_http_actor(const struct req *r)
{
	if (!r->logged_in)
		return (struct apply_actor){0, 0, 0, r->client_ip};
	return (struct apply_actor){r->user.id, r->user.agency_id, r->user.roles, r->client_ip};
}

int apply_http_status(enum apply_status st)
{
	switch (st) {
	case APPLY_OK:
		return 200;
	case APPLY_INVALID:
		return 422;
	case APPLY_REFUSED:
		return 409;
	case APPLY_RATE_LIMITED:
		return 429;
	case APPLY_NOT_FOUND:
		return 404;
	case APPLY_FORBIDDEN:
		return 403;
	default:
		return 500;
	}
}

const char *apply_http_error_text(struct req *r, const struct apply_errors *e)
{
	struct buf b = {0};
	for (size_t i = 0; i < e->n; i++)
		buf_printf(&b, "%s%s：%s", i ? "；" : "", e->v[i].field, e->v[i].message);
	if (e->reason[0])
		buf_printf(&b, "%s%s", b.len ? "；" : "", e->reason);
	const char *text = arena_strdup(&r->arena, b.data ? b.data : "");
	buf_free(&b);
	return text;
}

const char *apply_http_iso(struct req *r, int day)
{
	char iso[CAL_ISO_SIZE];
	return day == CAL_NO_DAY ? "—" : arena_strdup(&r->arena, cal_format_iso(day, iso));
}

int apply_http_letter_pdf(struct req *r, const char *tracking_no, const char *body, bool draft)
{
	size_t len = 0;
	char err[160];
	unsigned char *pdf = apply_letter_pdf(body, tracking_no, draft, &len, err, sizeof err);
	if (!pdf)
		return req_error(r, 500, err);
	unsigned char *copy = arena_alloc(&r->arena, len); /* sent after the handler returns */
	memcpy(copy, pdf, len);
	free(pdf);
	r->static_body = copy;
	r->static_len = len;
	r->content_type = "application/pdf";
	req_add_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "inline; filename=\"reply-%s.pdf\"", tracking_no));
	req_add_header(r, "Cache-Control", "private, no-store");
	return 200;
}

int apply_http_issued_letter_pdf(struct req *r, const struct application *a)
{
	struct apply_letter letter;
	int rc = apply_letter_get(req_reader(r), a->id, &letter);
	if (rc < 0)
		return req_error(r, 500, NULL);
	if (rc == 0 || !letter.issued_at) {
		if (rc == 1)
			free(letter.body);
		return req_error(r, 404, "答复书尚未签发。");
	}
	char *body = apply_letter_fill_doc_no(letter.body, letter.doc_no); /* letters issued before the fill */
	int status = apply_http_letter_pdf(r, a->tracking_no, body, false);
	free(body);
	free(letter.body);
	return status;
}
