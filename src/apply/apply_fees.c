/* apply_fees.c — the 信息处理费 of applications (国办函〔2020〕109号): the 按件 count of the applicant's
 * applications in the natural month (from the records, by identity document), the quote of a 收费通知
 * with fees.h (one method, never both), storing how it was computed, listing notices with their
 * payment, and the year's total collected for section 六 of the annual report.
 *
 * The amount itself lives on the events (fee_notice.fee_yuan = amount asked, fee_paid.fee_yuan =
 * amount paid); application_fee (migrations/021_apply_fees.sql) keeps method, quantity, the earlier
 * count and the band-by-band explanation shown to staff and to the applicant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "fees/fees.h"
#include "util/buf.h"

int apply_items_before(struct db *db, int64_t application_id, int *count)
{
	/* substr(…, 1, 7) is the "YYYY-MM" of an ISO date: the natural month. */
	struct db_stmt *st = db_prepare(
	    db, "SELECT count(*) FROM application o JOIN application s ON s.id = :id "
		"WHERE o.agency_id = s.agency_id AND o.applicant_key = s.applicant_key AND o.id <> s.id "
		"AND substr(o.submitted_on, 1, 7) = substr(s.submitted_on, 1, 7) "
		"AND (o.submitted_on < s.submitted_on OR (o.submitted_on = s.submitted_on AND o.id < s.id))");
	int64_t n = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":id", application_id);
	if (db_step_int(st, &n) != 1)
		return -1;
	*count = (int)n;
	return 0;
}

static int application_exists(struct db *db, int64_t application_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM application WHERE id = :id");
	int64_t n = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":id", application_id);
	return db_step_int(st, &n) == 1 ? n > 0 : -1;
}

/* Field checks of a quote: one method, its own quantity only. */
static void check_quote_fields(int method, int items, int pages, struct apply_errors *errs)
{
	if (method < 0) {
		apply_error_add(errs, "fee_method", "请选择收费方式：按件计收（item）或按量计收（page）。");
		return;
	}
	if (method == FEE_BY_ITEM) {
		if (pages != 0)
			apply_error_add(
			    errs, "fee_pages",
			    "按件计收时不填页数：同一申请不得同时按件和按量计收（国办函〔2020〕109号第三条）。");
		if (items < 0 || items > APPLY_FEE_MAX_ITEMS)
			apply_error_add(errs, "fee_items", "本件申请的件数应为 1–%d（不填为 1 件）。",
					APPLY_FEE_MAX_ITEMS);
	} else {
		if (items != 0)
			apply_error_add(
			    errs, "fee_items",
			    "按量计收时不填件数：同一申请不得同时按件和按量计收（国办函〔2020〕109号第三条）。");
		if (pages < 1 || pages > FEE_MAX_PAGES)
			apply_error_add(errs, "fee_pages", "按量计收须填写页数（1–%d）。", FEE_MAX_PAGES);
	}
}

enum apply_status apply_fee_quote(struct db *db, int64_t application_id, const char *method, int items, int pages,
				  struct apply_fee *out, struct apply_errors *errs)
{
	memset(out, 0, sizeof *out);
	out->notice_on = out->paid_on = CAL_NO_DAY;
	int m = fee_method_from_name(method);
	check_quote_fields(m, items, pages, errs);
	if (errs->n)
		return APPLY_INVALID;
	int exists = application_exists(db, application_id);
	if (exists <= 0)
		return exists < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	int before = 0;
	if (m == FEE_BY_ITEM && apply_items_before(db, application_id, &before) != 0)
		return APPLY_ERROR;
	int quantity = m == FEE_BY_ITEM ? (items ? items : 1) : pages;
	struct fee_result fee;
	char why[160];
	if (fee_compute((enum fee_method)m, before, quantity, &fee, why, sizeof why) != 0) {
		apply_error_add(errs, m == FEE_BY_ITEM ? "fee_items" : "fee_pages", "%s。", why);
		return APPLY_INVALID;
	}
	snprintf(out->method, sizeof out->method, "%s", m == FEE_BY_ITEM ? "item" : "page");
	out->quantity = quantity;
	out->items_before = m == FEE_BY_ITEM ? before : 0;
	out->yuan = fee.yuan;
	snprintf(out->explanation, sizeof out->explanation, "%s", fee.explanation);
	fee_result_free(&fee);
	return APPLY_OK;
}

int apply_fee_store(struct db *w, int64_t application_id, int event_seq, const struct apply_fee *fee)
{
	struct db_stmt *st =
	    db_prepare(w, "INSERT INTO application_fee (application_id, event_seq, method, quantity, items_before, "
			  "yuan, explanation) VALUES (:app, :seq, :method, :quantity, :before, :yuan, :text)");
	if (!st)
		return -1;
	db_bind_int(st, ":app", application_id);
	db_bind_int(st, ":seq", event_seq);
	db_bind_text(st, ":method", fee->method);
	db_bind_int(st, ":quantity", fee->quantity);
	db_bind_int(st, ":before", fee->items_before);
	db_bind_int(st, ":yuan", fee->yuan);
	db_bind_text(st, ":text", fee->explanation);
	return db_step(st) == 0 ? 0 : -1;
}

/* Marks each notice paid by the first fee_paid event after it (and before the next notice). */
static void match_payments(struct apply_fee *fees, size_t n, const struct apply_event *ev, size_t nev)
{
	for (size_t i = 0; i < n; i++) {
		int next_notice = i + 1 < n ? fees[i + 1].event_seq : 0;
		for (size_t k = 0; k < nev; k++) {
			if (ev[k].seq <= fees[i].event_seq || (next_notice && ev[k].seq > next_notice))
				continue;
			if (strcmp(ev[k].type, "fee_paid") == 0) {
				fees[i].paid_on = ev[k].day;
				break;
			}
		}
		for (size_t k = 0; k < nev; k++)
			if (ev[k].seq == fees[i].event_seq)
				fees[i].notice_on = ev[k].day;
	}
}

static int read_fee_rows(struct db *db, int64_t application_id, struct apply_fee **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT event_seq, method, quantity, items_before, yuan, explanation "
					    "FROM application_fee WHERE application_id = :app ORDER BY event_seq");
	if (!st)
		return -1;
	db_bind_int(st, ":app", application_id);
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		struct apply_fee *f = &(*out)[(*n)++];
		memset(f, 0, sizeof *f);
		f->event_seq = (int)db_column_int(st, 0);
		db_column_copy(st, 1, f->method, sizeof f->method);
		f->quantity = (int)db_column_int(st, 2);
		f->items_before = (int)db_column_int(st, 3);
		f->yuan = db_column_int(st, 4);
		db_column_copy(st, 5, f->explanation, sizeof f->explanation);
		f->notice_on = f->paid_on = CAL_NO_DAY;
	}
	return rc < 0 ? -1 : 0;
}

int apply_fees(struct db *db, int64_t application_id, struct apply_fee **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct apply_event *ev = NULL;
	size_t nev = 0;
	if (read_fee_rows(db, application_id, out, n) != 0 || apply_events(db, application_id, &ev, &nev) != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	match_payments(*out, *n, ev, nev);
	free(ev);
	return 0;
}

int apply_fees_collected(struct db *db, int64_t agency_id, int year, int64_t *yuan)
{
	char start[CAL_ISO_SIZE], end[CAL_ISO_SIZE];
	if (year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
		return -1;
	cal_format_iso(cal_day_from_date(year, 1, 1), start);
	cal_format_iso(cal_day_from_date(year, 12, 31), end);
	struct db_stmt *st =
	    db_prepare(db, "SELECT coalesce(sum(e.fee_yuan), 0) FROM application_event e JOIN application a ON a.id = "
			   "e.application_id WHERE e.type = 'fee_paid' AND a.agency_id = :agency AND e.day >= :start "
			   "AND e.day <= :end");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":start", start);
	db_bind_text(st, ":end", end);
	return db_step_int(st, yuan) == 1 ? 0 : -1;
}
