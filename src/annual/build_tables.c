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
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"

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
	struct db_stmt *st =
	    db_prepare(db, "SELECT applicant_type, coalesce(outcome, ''), "
			   "sum(CASE WHEN submitted_on >= :start THEN 1 ELSE 0 END), "
			   "sum(CASE WHEN submitted_on < :start THEN 1 ELSE 0 END), "
			   "sum(CASE WHEN concluded_on IS NOT NULL AND concluded_on <= :end THEN 1 ELSE 0 END), "
			   "sum(CASE WHEN concluded_on IS NULL OR concluded_on > :end THEN 1 ELSE 0 END) "
			   "FROM (SELECT applicant_type, outcome, submitted_on, concluded_on FROM application "
			   "      WHERE agency_id = :agency AND concluded_on IS NULL AND submitted_on <= :end "
			   "      UNION ALL "
			   "      SELECT applicant_type, outcome, submitted_on, concluded_on FROM application "
			   "      WHERE agency_id = :agency AND concluded_on >= :start AND submitted_on <= :end) "
			   "GROUP BY 1, 2");
	if (!st)
		return -1;
	annual_bind_year(st, agency_id, year);
	int rc;
	while ((rc = db_step(st)) == 1) {
		int col = annual_app_column(db_column_text(st, 0));
		const char *outcome = db_column_text(st, 1);
		add_cell(out, APP_NEW, col, db_column_int(st, 2));
		add_cell(out, APP_CARRIED_OVER, col, db_column_int(st, 3));
		int64_t concluded = db_column_int(st, 4);
		if (concluded > 0) {
			add_cell(out, annual_app_row(outcome), col, concluded);
			add_cell(out, APP_TOTAL, col, concluded);
		}
		add_cell(out, APP_CARRIED_FORWARD, col, db_column_int(st, 5));
	}
	return rc < 0 ? -1 : 0;
}

int annual_processing_fees(struct db *db, int64_t agency_id, int year, int64_t *yuan)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT coalesce(sum(CASE WHEN p.fee_yuan > 0 THEN p.fee_yuan ELSE coalesce((SELECT n.fee_yuan "
		"FROM application_event n WHERE n.application_id = p.application_id AND n.type = 'fee_notice' AND "
		"n.seq < p.seq ORDER BY n.seq DESC LIMIT 1), 0) END), 0) "
		"FROM application_event p JOIN application a ON a.id = p.application_id "
		"WHERE p.type = 'fee_paid' AND p.day >= :start AND p.day <= :end AND a.agency_id = :agency");
	if (!st)
		return -1;
	annual_bind_year(st, agency_id, year);
	return db_step_int(st, yuan) == 1 ? 0 : -1;
}
