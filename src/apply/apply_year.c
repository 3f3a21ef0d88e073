/* apply_year.c — what other features read of the applications: the rows the annual report of a year
 * counts, the processing fees paid in a year, whether an agency received any before a day, and an
 * application's agency and tracking number. The annual module builds its tables from these instead of
 * querying the application tables itself (a feature reads another feature's data only through its
 * exported functions). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "apply/apply_internal.h"
#include "util/buf.h"

int apply_year_rows(struct db *db, int64_t agency_id, int year, struct apply_year_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, coalesce(outcome, '') FROM ("
		"SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, outcome FROM application "
		"WHERE agency_id = :agency AND concluded_on IS NULL AND submitted_on <= :end UNION ALL "
		"SELECT id, tracking_no, applicant_type, submitted_on, concluded_on, outcome FROM application "
		"WHERE agency_id = :agency AND concluded_on >= :start AND submitted_on <= :end) AS y "
		"ORDER BY submitted_on, id");
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct apply_year_row *a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		a->id = db_column_int(st, 0);
		db_column_copy(st, 1, a->tracking_no, sizeof a->tracking_no);
		db_column_copy(st, 2, a->applicant_type, sizeof a->applicant_type);
		a->received_on = apply_day_of(db_column_text(st, 3));
		a->concluded_on = db_column_is_null(st, 4) ? CAL_NO_DAY : apply_day_of(db_column_text(st, 4));
		db_column_copy(st, 5, a->outcome, sizeof a->outcome);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int apply_year_fees(struct db *db, int64_t agency_id, int year, int64_t *yuan)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT coalesce(sum(CASE WHEN p.fee_yuan > 0 THEN p.fee_yuan ELSE coalesce((SELECT n.fee_yuan "
		"FROM application_event n WHERE n.application_id = p.application_id AND n.type = 'fee_notice' AND "
		"n.seq < p.seq ORDER BY n.seq DESC LIMIT 1), 0) END), 0) "
		"FROM application_event p JOIN application a ON a.id = p.application_id "
		"WHERE p.type = 'fee_paid' AND p.day >= :start AND p.day <= :end AND a.agency_id = :agency");
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	return db_step_int(st, yuan) == 1 ? 0 : -1;
}

int apply_received_before(struct db *db, int64_t agency_id, const char *iso_day)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT EXISTS (SELECT 1 FROM application WHERE agency_id = :agency AND submitted_on < :day)");
	int64_t yes = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":day", iso_day);
	return db_step_int(st, &yes) == 1 ? yes != 0 : -1;
}

int apply_agency_and_number(struct db *db, int64_t application_id, int64_t *agency_id,
			    char tracking_no[APPLY_TRACKING_SIZE])
{
	struct db_stmt *st = db_prepare(db, "SELECT agency_id, tracking_no FROM application WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", application_id);
	int rc = db_step(st);
	if (rc == 1) {
		if (agency_id)
			*agency_id = db_column_int(st, 0);
		if (tracking_no)
			db_column_copy(st, 1, tracking_no, APPLY_TRACKING_SIZE);
		db_reset(st);
	}
	return rc;
}
