/* collect.c — the 年报 collection of a supervising agency for a year (collect.h): for every active agency
 * below it, the facts its state is derived from (annual module: the stored versions, whether it has
 * records, the deadline of its level), the checker's findings on the version in force, and the 整改
 * notices of the year. Reads only: one pass over the agency tree and a few queries per agency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_archive.h"
#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "report/report_check.h"
#include "supervise/collect.h"
#include "util/china_time.h"

bool collect_may_supervise(struct db *db, const struct actor *actor, int64_t agency_id)
{
	if (!actor)
		return false;
	if (actor->system)
		return true;
	return (actor->roles & (ROLE_ADMIN | ROLE_SUPERVISOR)) && agency_within(db, agency_id, actor->agency_id) == 1;
}

/* The findings of the version in force, counted by rule (in the order rules first appear). */
static void count_findings(struct db *db, struct collect_row *row)
{
	struct report rep;
	if (annual_version_report(db, row->report_id, &rep) < 0)
		return;
	struct findings f = {0};
	report_check(&rep, &f);
	for (size_t i = 0; i < f.n; i++) {
		if (f.v[i].severity == SEV_ERROR)
			row->errors++;
		else
			row->warnings++;
		size_t k = 0;
		while (k < row->nrules && strcmp(row->rules[k].rule, f.v[i].rule) != 0)
			k++;
		if (k == row->nrules && k < COLLECT_MAX_RULES) {
			snprintf(row->rules[k].rule, sizeof row->rules[k].rule, "%s", f.v[i].rule);
			row->nrules++;
		}
		if (k < row->nrules)
			row->rules[k].count++;
	}
	findings_free(&f);
	report_free(&rep);
}

/* Fills the facts of the stored versions: the one in force (newest published, else imported) and a
 * pending approval. Returns 0 or -1. */
static int version_facts(struct db *db, struct collect_row *row, int year, struct collect_facts *facts)
{
	struct annual_version *v = NULL;
	size_t n = 0;
	if (annual_versions(db, row->agency.id, year, &v, &n) < 0)
		return -1;
	const struct annual_version *in_force = NULL;
	for (size_t i = 0; i < n; i++) { /* newest version first */
		if (v[i].status == ANNUAL_APPROVED)
			facts->approved = true;
		if (v[i].status == ANNUAL_PUBLISHED && (!in_force || in_force->status != ANNUAL_PUBLISHED))
			in_force = &v[i];
		if (v[i].status == ANNUAL_IMPORTED && !in_force)
			in_force = &v[i];
	}
	if (in_force) {
		facts->published_on = china_day(in_force->published_at);
		row->report_id = in_force->id;
		row->version = in_force->version;
		snprintf(row->source, sizeof row->source, "%s", in_force->source);
	}
	free(v);
	return 0;
}

/* Counts the 整改 notices of the agency and year. Returns 0 or -1. */
static int count_notices(struct db *db, struct collect_row *row, int year)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*), coalesce(sum(replied_at = 0), 0) FROM supervise_notice "
					    "WHERE agency_id = :agency AND year = :year");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", row->agency.id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 1)
		return -1;
	row->notices = (size_t)db_column_int(st, 0);
	row->notices_open = (size_t)db_column_int(st, 1);
	db_reset(st);
	return 0;
}

static int fill_row(struct db *db, struct collect_row *row, int year)
{
	struct collect_facts facts = {.external = row->agency.external, .published_on = CAL_NO_DAY};
	row->due_on = facts.due_on = annual_deadline(row->agency.level, year, NULL);
	row->published_on = CAL_NO_DAY;
	if (version_facts(db, row, year, &facts) < 0 || count_notices(db, row, year) < 0)
		return -1;
	if (!facts.external && facts.published_on == CAL_NO_DAY && !facts.approved)
		facts.has_records = annual_has_records_before(db, row->agency.id, year + 1);
	row->state = collect_state_of(&facts);
	row->published_on = facts.published_on;
	if (row->state == COLLECT_PUBLISHED_LATE)
		row->days_late = facts.published_on - facts.due_on;
	if (row->report_id)
		count_findings(db, row);
	return 0;
}

int collect_list(struct db *db, int64_t agency_id, int year, struct collect_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	struct agency *all = NULL;
	size_t count = 0;
	if (agency_list(db, &all, &count) < 0)
		return -1;
	size_t top = 0;
	while (top < count && all[top].id != agency_id)
		top++;
	int rc = 0;
	if (top < count) {
		*rows = xcalloc(count, sizeof **rows);
		for (size_t i = top + 1; i < count && all[i].depth > all[top].depth && rc == 0; i++) {
			if (all[i].retired_at)
				continue;
			struct collect_row *row = &(*rows)[(*n)++];
			row->agency = all[i];
			row->agency.depth = all[i].depth - all[top].depth;
			rc = fill_row(db, row, year);
		}
	}
	free(all);
	if (rc < 0 || *n == 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return rc;
}
