/* drill.c — the records behind each number of tables 二–四 (back-office drill-down) and the five-year
 * trend of the charts. Each list applies exactly the rule that counted the cell: table 三 reads the
 * same candidate applications as annual_fill_applications and classifies them with the same
 * functions; table 二 mirrors info_stats' 31-December snapshot; table 四 uses the cases register's
 * year filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "annual/annual_internal.h"
#include "apply/apply.h"
#include "info/info_stats.h"
#include "util/buf.h"

static bool in_row(const struct annual_app_place *p, int row)
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

static void keep_app(const struct apply_year_row *row_in, int column, int row, struct annual_app_ref **out, size_t *n,
		     size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	struct annual_app_ref *a = &(*out)[(*n)++];
	memset(a, 0, sizeof *a);
	a->id = row_in->id;
	snprintf(a->tracking_no, sizeof a->tracking_no, "%s", row_in->tracking_no);
	a->column = column;
	a->row = row;
	a->received_on = row_in->received_on;
	a->concluded_on = row_in->concluded_on;
}

int annual_drill_applications(struct db *db, int64_t agency_id, int year, const char *row_key, int column,
			      size_t offset, size_t limit, struct annual_app_ref **out, size_t *n, size_t *total)
{
	*out = NULL;
	*n = *total = 0;
	int row = report_app_row_by_key(row_key);
	if (row < 0 || !report_app_row_in(REPORT_EDITION_2021, row) || column < 0 || column >= APP_COL_COUNT)
		return -1;
	struct apply_year_row *rows;
	size_t count;
	if (apply_year_rows(db, agency_id, year, &rows, &count) < 0)
		return -1;
	int start = cal_day_from_date(year, 1, 1), end = cal_day_from_date(year, 12, 31);
	size_t cap = 0;
	for (size_t i = 0; i < count; i++) {
		int col = annual_app_column(rows[i].applicant_type);
		struct annual_app_place p =
		    annual_app_place(rows[i].received_on, rows[i].concluded_on, start, end, rows[i].outcome);
		if ((column != APP_COL_TOTAL && col != column) || !in_row(&p, row))
			continue;
		if (*total >= offset && *n < limit)
			keep_app(&rows[i], col, p.outcome_row, out, n, &cap);
		(*total)++;
	}
	free(rows);
	return 0;
}

int annual_drill_items(struct db *db, int64_t agency_id, int year, int row, int column, size_t offset, size_t limit,
		       struct annual_item_ref **out, size_t *n, size_t *total)
{
	*out = NULL;
	*n = *total = 0;
	if ((row != PRO_REGULATIONS && row != PRO_NORMATIVE) || column < 0 || column > 2)
		return -1;
	struct info_doc_ref *docs;
	size_t count;
	if (info_year_documents(db, agency_id, year, row == PRO_REGULATIONS, column, &docs, &count) < 0)
		return -1;
	for (size_t i = offset; i < count && *n < limit; i++) {
		if (*n == 0)
			*out = xcalloc(limit < count - offset ? limit : count - offset, sizeof **out);
		struct annual_item_ref *it = &(*out)[(*n)++];
		it->id = docs[i].id;
		snprintf(it->index_no, sizeof it->index_no, "%s", docs[i].index_no);
		snprintf(it->title, sizeof it->title, "%s", docs[i].title);
		it->published_on = docs[i].published_on;
		snprintf(it->validity, sizeof it->validity, "%s", docs[i].validity);
		it->validity_on = docs[i].validity_on;
	}
	*total = count;
	free(docs);
	return 0;
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
