/* build_tables.c — the numbers of the annual report from the records, each table by one aggregate
 * query over covering indexes (migrations/030_annual.sql), never row by row in C:
 *   - table 三 by ARCHITECTURE.md's counting rule for year Y: 新收 = received (submitted_on) in Y;
 *     上年结转 = received before Y and not concluded before Y; 办理结果 = concluded in Y by outcome
 *     and applicant type; 结转下年度 = received by 31 Dec Y and not concluded by then. Only the
 *     applications received by 31 Dec Y and open on 1 Jan Y or later can count, so the query reads
 *     exactly those (two index ranges: still open, and concluded from 1 Jan Y on);
 *   - 信息处理费 of section 六 from the fee_paid events of the year.
 * Table 二 comes from info_stats (src/info/) and the entered figures; table 四 from cases.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "apply/apply.h"

int annual_app_column(const char *type)
{
	static const char *const types[APP_COL_TOTAL] = {"natural_person", "commercial",    "research",
							 "social_welfare", "legal_service", "other"};
	int col = annual_name_index(types, APP_COL_TOTAL, type);
	return col < 0 ? APP_COL_OTHER_ORG : col;
}

int annual_app_row(const char *outcome)
{
	int row = report_app_row_by_key(outcome);
	if (row < 0 || !report_app_rows[row].is_outcome || !report_app_row_in(REPORT_EDITION_2021, row))
		return APP_OTHER_OTHER;
	return row;
}

static void add_cell(struct report *r, int row, int col, int64_t n)
{
	r->applications[row][col] = rcell_of(r->applications[row][col].value + n);
	r->applications[row][APP_COL_TOTAL] = rcell_of(r->applications[row][APP_COL_TOTAL].value + n);
}

static void zero_applications(struct report *r)
{
	for (int row = 0; row < APP_ROW_COUNT; row++)
		for (int col = 0; col < APP_COL_COUNT; col++)
			r->applications[row][col] =
			    report_app_row_in(REPORT_EDITION_2021, row) ? rcell_of(0) : (struct rcell){0};
}

int annual_fill_applications(struct db *db, int64_t agency_id, int year, struct report *out)
{
	zero_applications(out);
	struct apply_year_row *rows;
	size_t n;
	if (apply_year_rows(db, agency_id, year, &rows, &n) < 0)
		return -1;
	int start = cal_day_from_date(year, 1, 1), end = cal_day_from_date(year, 12, 31);
	for (size_t i = 0; i < n; i++) {
		const struct apply_year_row *a = &rows[i];
		int col = annual_app_column(a->applicant_type);
		struct annual_app_place p = annual_app_place(a->received_on, a->concluded_on, start, end, a->outcome);
		add_cell(out, p.is_new ? APP_NEW : APP_CARRIED_OVER, col, 1);
		if (p.concluded) {
			add_cell(out, p.outcome_row, col, 1);
			add_cell(out, APP_TOTAL, col, 1);
		} else {
			add_cell(out, APP_CARRIED_FORWARD, col, 1);
		}
	}
	free(rows);
	return 0;
}

int annual_processing_fees(struct db *db, int64_t agency_id, int year, int64_t *yuan)
{
	return apply_year_fees(db, agency_id, year, yuan);
}
