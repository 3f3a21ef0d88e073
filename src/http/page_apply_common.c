/* page_apply_common.c — what every 依申请公开 handler needs: the server's calendar (its calendar_cache),
 * today's date in China, the acting user, and the translation of domain results into HTTP statuses and
 * Chinese error sentences. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/accounts.h"
#include "domain/calendar_cache.h"
#include "http/page_apply.h"
#include "util/buf.h"
#include "util/china_time.h"

const struct calendar *apply_http_calendar(const struct req *r)
{
	return calendar_cache_get(r->app->calendars, r->app->store, r->id);
}

int apply_http_today(const struct req *r)
{
	return china_day(req_now(r));
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
	case APPLY_ERROR: /* the database failed or the commit did not happen: nothing was saved */
		return 503;
	}
	return 500;
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
