/* drill.c — the records behind each number of tables 二–四 (back-office drill-down) and the five-year
 * trend of the charts. Each list applies exactly the rule that counted the cell: table 三 reads the
 * same candidate applications as annual_fill_applications and classifies them with the same
 * functions; table 二 mirrors info_stats' 31-December snapshot; table 四 uses the cases register's
 * year filter. */
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "annual/annual_internal.h"
#include "util/buf.h"

/* Where an application received by 31 Dec and open on 1 Jan falls in table 三 of the year. */
struct app_place {
	bool is_new, carried_over, concluded, carried_forward;
	int outcome_row;
};

static struct app_place place_of(int received, int concluded, int start, int end, const char *outcome)
{
	struct app_place p = {0};
	p.is_new = received >= start;
	p.carried_over = received < start;
	p.concluded = concluded != CAL_NO_DAY && concluded <= end;
	p.carried_forward = !p.concluded;
	p.outcome_row = p.concluded ? annual_app_row(outcome) : -1;
	return p;
}

static bool in_row(const struct app_place *p, int row)
{
	if (row == APP_NEW)
		return p->is_new;
	if (row == APP_CARRIED_OVER)
		return p->carried_over;
	if (row == APP_TOTAL)
		return p->concluded;
	if (row == APP_CARRIED_FORWARD)
		return p->carried_forward;
	return p->concluded && p->outcome_row == row;
}

static void keep_app(struct db_stmt *st, int column, int row, struct annual_app_ref **out, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	struct annual_app_ref *a = &(*out)[(*n)++];
	memset(a, 0, sizeof *a);
	a->id = db_column_int(st, 0);
	db_column_copy(st, 1, a->tracking_no, sizeof a->tracking_no);
	a->column = column;
	a->row = row;
	a->received_on = annual_day_of(db_column_text(st, 3));
	a->concluded_on = annual_day_of(db_column_text(st, 4));
}

int annual_drill_applications(struct db *db, int64_t agency_id, int year, const char *row_key, int column,
			      size_t offset, size_t limit, struct annual_app_ref **out, size_t *n, size_t *total)
{
	*out = NULL;
	*n = *total = 0;
	int row = report_app_row_by_key(row_key);
	if (row < 0 || !report_app_row_in(REPORT_EDITION_2021, row) || column < 0 || column >= APP_COL_COUNT)
		return -1;
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, coalesce(outcome, '') FROM ("
		"SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, outcome FROM application "
		"WHERE agency_id = :agency AND concluded_on IS NULL AND submitted_on <= :end UNION ALL "
		"SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, outcome FROM application "
		"WHERE agency_id = :agency AND concluded_on >= :start AND submitted_on <= :end) "
		"ORDER BY submitted_on, id");
	if (!st)
		return -1;
	annual_bind_year(st, agency_id, year);
	int start = cal_day_from_date(year, 1, 1), end = cal_day_from_date(year, 12, 31);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int col = annual_app_column(db_column_text(st, 2));
		struct app_place p = place_of(annual_day_of(db_column_text(st, 3)),
					      annual_day_of(db_column_text(st, 4)), start, end, db_column_text(st, 5));
		if ((column != APP_COL_TOTAL && col != column) || !in_row(&p, row))
			continue;
		if (*total >= offset && *n < limit)
			keep_app(st, col, p.outcome_row, out, n, &cap);
		(*total)++;
	}
	return rc < 0 ? -1 : 0;
}

static void keep_item(struct db_stmt *st, struct annual_item_ref **out, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	struct annual_item_ref *it = &(*out)[(*n)++];
	memset(it, 0, sizeof *it);
	it->id = db_column_int(st, 0);
	db_column_copy(st, 1, it->index_no, sizeof it->index_no);
	db_column_copy(st, 2, it->title, sizeof it->title);
	it->published_on = annual_day_of(db_column_text(st, 3));
	db_column_copy(st, 4, it->validity, sizeof it->validity);
	it->validity_on = annual_day_of(db_column_text(st, 5));
}

int annual_drill_items(struct db *db, int64_t agency_id, int year, int row, int column, size_t offset, size_t limit,
		       struct annual_item_ref **out, size_t *n, size_t *total)
{
	*out = NULL;
	*n = *total = 0;
	if ((row != PRO_REGULATIONS && row != PRO_NORMATIVE) || column < 0 || column > 2)
		return -1;
	/* the 31-December snapshot of info_stats (src/info/stats.c): the item stands at 31 Dec, and then
	 * 0 issued = published in Y, 1 repealed in Y, 2 in force at 31 Dec */
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT i.id, i.index_no, i.title, i.published_on, i.validity, i.validity_on FROM info_item i "
	    "WHERE i.agency_id = :agency AND i.doc_type = :doc_type AND i.status IN ('published', 'withdrawn') AND "
	    "i.published_on <> '' AND i.published_on <= :end AND (i.withdrawn_on = '' OR i.withdrawn_on > :end) AND "
	    "((:cell = 0 AND i.published_on >= :start) OR (:cell = 1 AND i.validity = 'repealed' AND "
	    "i.validity_on >= :start AND i.validity_on <= :end) OR (:cell = 2 AND (i.validity = 'valid' OR "
	    "i.validity_on > :end))) ORDER BY i.published_on, i.id");
	if (!st)
		return -1;
	annual_bind_year(st, agency_id, year);
	db_bind_text(st, ":doc_type", row == PRO_REGULATIONS ? "regulation" : "normative");
	db_bind_int(st, ":cell", column);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*total >= offset && *n < limit)
			keep_item(st, out, n, &cap);
		(*total)++;
	}
	return rc < 0 ? -1 : 0;
}

int annual_drill_cases(struct db *db, int64_t agency_id, int year, int block, int col, struct annual_case **out,
		       size_t *n)
{
	if (block < -1 || block >= CASE_BLOCK_COUNT || col < 0 || col >= CASE_COL_COUNT) {
		*out = NULL;
		*n = 0;
		return -1;
	}
	if (annual_case_list(db, agency_id, year, out, n) < 0)
		return -1;
	size_t kept = 0;
	for (size_t i = 0; i < *n; i++) {
		const struct annual_case *c = &(*out)[i];
		if ((block < 0 || c->kind == block) && (col == CASE_TOTAL || c->result == col))
			(*out)[kept++] = *c;
	}
	*n = kept;
	if (kept == 0) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

/* One point of the trend from a report model. */
static void point_of(const struct report *r, struct annual_trend_point *p)
{
	p->known = true;
	p->received = r->applications[APP_NEW][APP_COL_TOTAL].value;
	p->answered = r->applications[APP_TOTAL][APP_COL_TOTAL].value;
	p->carried_forward = r->applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].value;
}

int annual_trend(struct db *db, int64_t agency_id, int year, int count, bool archived_only,
		 struct annual_trend_point *out)
{
	for (int i = 0; i < count; i++) {
		struct annual_trend_point *p = &out[i];
		memset(p, 0, sizeof *p);
		p->year = year - count + 1 + i;
		struct report r;
		int rc = annual_archived(db, agency_id, p->year, &r);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			p->from_archive = true;
			point_of(&r, p);
		} else if (!archived_only && annual_has_records_before(db, agency_id, p->year + 1)) {
			report_free(&r);
			char err[ANNUAL_ERR_SIZE];
			if (annual_build_figures(db, agency_id, p->year, &r, err, sizeof err) < 0) {
				report_free(&r);
				return -1;
			}
			point_of(&r, p);
		}
		report_free(&r);
	}
	return 0;
}
