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

/* Counts report_check's findings on the stored JSON of version report_id into row (errors, warnings, by
 * rule in the order rules first appear). Returns 0 or -1. */
static int check_version(struct db *db, int64_t report_id, struct collect_row *row)
{
	struct report rep;
	if (annual_version_report(db, report_id, &rep) < 0)
		return -1;
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
	return 0;
}

int collect_checked_store(struct db *w, int64_t report_id)
{
	struct collect_row *row = xcalloc(1, sizeof *row);
	struct buf rules = {0};
	int rc = check_version(w, report_id, row);
	for (size_t k = 0; rc == 0 && k < row->nrules; k++)
		buf_printf(&rules, "%s%s:%u", k ? " " : "", row->rules[k].rule, row->rules[k].count);
	struct db_stmt *st =
	    rc == 0 ? db_prepare(w, "INSERT INTO supervise_checked (report_id, errors, warnings, rules) "
				    "VALUES (:report, :errors, :warnings, :rules) ON CONFLICT (report_id) "
				    "DO UPDATE SET errors = excluded.errors, warnings = excluded.warnings, "
				    "rules = excluded.rules")
		    : NULL;
	if (st) {
		db_bind_int(st, ":report", report_id);
		db_bind_int(st, ":errors", (int64_t)row->errors);
		db_bind_int(st, ":warnings", (int64_t)row->warnings);
		db_bind_text(st, ":rules", rules.data ? rules.data : "");
	}
	rc = st && db_step(st) == 0 ? 0 : -1;
	buf_free(&rules);
	free(row);
	return rc;
}

/* The counts stored by collect_checked_store. Returns 1 (row filled), 0 none, -1 error. */
static int checked_counts(struct db *db, int64_t report_id, struct collect_row *row)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT errors, warnings, rules FROM supervise_checked WHERE report_id = :report");
	if (!st)
		return -1;
	db_bind_int(st, ":report", report_id);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	row->errors = (size_t)db_column_int(st, 0);
	row->warnings = (size_t)db_column_int(st, 1);
	const char *p = db_column_text(st, 2);
	if (!p)
		p = "";
	while (*p && row->nrules < COLLECT_MAX_RULES) {
		struct collect_rule_count *c = &row->rules[row->nrules];
		int used = 0;
		if (sscanf(p, "%7[^:]:%u%n", c->rule, &c->count, &used) != 2)
			break;
		row->nrules++;
		p += used;
		while (*p == ' ')
			p++;
	}
	db_reset(st);
	return 1;
}

/* The findings of the version in force: stored counts when the version came through a batch, else the
 * checker now. */
static void count_findings(struct db *db, struct collect_row *row)
{
	if (checked_counts(db, row->report_id, row) != 1)
		check_version(db, row->report_id, row);
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
	struct db_stmt *st =
	    db_prepare(db, "SELECT count(*), count(CASE WHEN replied_at = 0 THEN 1 END) FROM supervise_notice "
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
