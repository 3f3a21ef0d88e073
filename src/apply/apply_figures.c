/* apply_figures.c — applications across a subtree of agencies, for supervisors: the open ones of
 * every agency below a 公开办 (its 工作台 and the API), and per-agency figures of a year for 年度考核
 * (received, concluded, replied on time and late, the median working days from receipt to reply, the
 * outcome mix by the groups of table 三). See apply_supervision.h. The clock of every application is
 * recomputed with the calendar in force, as in apply_list.c, from events read in one statement per
 * agency. */
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "apply/apply_supervision.h"
#include "domain/agency.h"
#include "report/report.h"
#include "util/buf.h"

const char *const apply_mix_labels[MIX_COUNT] = {"予以公开", "部分公开", "不予公开", "无法提供",
						 "不予处理", "其他处理", "撤回申请"};

int apply_list_subtree(struct db *db, const struct calendar *cal, int64_t root_agency, enum apply_filter filter,
		       int today, struct apply_summary **out, size_t *n)
{
	struct agency *tree;
	size_t count;
	*out = NULL;
	*n = 0;
	if (agency_subtree(db, root_agency, true, &tree, &count) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < count; i++) {
		struct apply_summary *rows;
		size_t k;
		rc = apply_list(db, cal, tree[i].id, 0, filter, today, &rows, &k);
		if (rc == 0 && k) {
			*out = xrealloc(*out, (*n + k) * sizeof **out);
			memcpy(*out + *n, rows, k * sizeof *rows);
			*n += k;
		}
		if (rc == 0)
			free(rows);
	}
	free(tree);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The applications of the agency that can count for year: received up to its end and not concluded
 * before its start. */
#define YEAR_ROWS "agency_id = :agency AND submitted_on <= :end AND (concluded_on IS NULL OR concluded_on >= :start)"

/* Those applications in id order, *apps malloc'd, and all their events in one statement. 0 or -1. */
static int year_applications(struct db *db, int64_t agency_id, int year, struct application **apps, size_t *count,
			     struct apply_timelines *events)
{
	*events = (struct apply_timelines){0};
	struct db_stmt *st =
	    db_prepare(db, "SELECT " APPLY_COLUMNS " FROM application WHERE " YEAR_ROWS " ORDER BY id");
	if (st)
		db_bind_agency_year(st, agency_id, year);
	if (apply_rows_read(st, apps, count) != 0)
		return -1;
	st =
	    db_prepare(db, "SELECT application_id, " APPLY_EVENT_COLUMNS " FROM application_event WHERE application_id "
			   "IN (SELECT id FROM application WHERE " YEAR_ROWS ") ORDER BY application_id, seq");
	if (st)
		db_bind_agency_year(st, agency_id, year);
	return apply_timelines_read(st, events);
}

static int compare_int(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;
	return a < b ? -1 : a > b;
}

/* Twice the median of v[0..n) (sorts v), or -1 when n == 0. */
static int median_x2(int *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, compare_int);
	return n % 2 ? 2 * v[n / 2] : v[n / 2 - 1] + v[n / 2];
}

static enum apply_mix mix_of(const struct application *a, const struct deadline_result *r)
{
	if (r->state == STATE_WITHDRAWN)
		return MIX_WITHDRAWN;
	int row = report_app_row_by_key(a->outcome);
	switch (row < 0 ? APP_GROUP_OTHER : report_app_rows[row].group) {
	case APP_GROUP_GRANTED:
		return MIX_GRANTED;
	case APP_GROUP_PARTIAL:
		return MIX_PARTIAL;
	case APP_GROUP_DENIED:
		return MIX_DENIED;
	case APP_GROUP_UNABLE:
		return MIX_UNABLE;
	case APP_GROUP_REJECTED:
		return MIX_REJECTED;
	default:
		return MIX_OTHER;
	}
}

/* Adds one application's clock to the agency's figures; days[] collects the reply times. */
static void count_one(struct apply_figures *f, const struct calendar *cal, const struct application *a,
		      const struct deadline_result *r, int start, int end, int *days, size_t *ndays)
{
	int received = r->received_on != CAL_NO_DAY ? r->received_on : a->submitted_on;
	if (received >= start && received <= end)
		f->received++;
	bool open = a->concluded_on == CAL_NO_DAY && r->state != STATE_REPLIED && r->state != STATE_WITHDRAWN;
	if (open) {
		f->open_overdue += r->overdue && !r->paused;
		return;
	}
	if (a->concluded_on < start || a->concluded_on > end)
		return;
	f->concluded++;
	f->mix[mix_of(a, r)]++;
	if (r->state != STATE_REPLIED)
		return;
	f->replied++;
	if (r->overdue)
		f->late++;
	else
		f->on_time++;
	if (r->received_on != CAL_NO_DAY && r->replied_on != CAL_NO_DAY)
		days[(*ndays)++] = calendar_workdays_between(cal, r->received_on, r->replied_on, NULL);
}

/* The figures of one agency. 0 or -1. */
static int agency_figures(struct db *db, const struct calendar *cal, const struct agency *ag, int year, int today,
			  struct apply_figures *f)
{
	memset(f, 0, sizeof *f);
	f->agency_id = ag->id;
	memcpy(f->agency, ag->name, sizeof f->agency);
	f->depth = ag->depth;
	struct application *apps;
	size_t count;
	struct apply_timelines events;
	if (year_applications(db, ag->id, year, &apps, &count, &events) != 0) {
		apply_timelines_free(&events);
		free(apps);
		return -1;
	}
	int start = cal_day_from_date(year, 1, 1), end = cal_day_from_date(year, 12, 31);
	int *days = xmalloc((count ? count : 1) * sizeof *days);
	size_t ndays = 0;
	for (size_t i = 0; i < count; i++) { /* in id order, as the events */
		size_t k;
		const struct apply_event *ev = apply_timelines_next(&events, apps[i].id, &k);
		struct deadline_result r;
		apply_clock_from(cal, &apps[i], ev, k, today, &r);
		count_one(f, cal, &apps[i], &r, start, end, days, &ndays);
		deadline_result_free(&r);
	}
	f->median_days_x2 = median_x2(days, ndays);
	free(days);
	apply_timelines_free(&events);
	free(apps);
	return 0;
}

int apply_figures_subtree(struct db *db, const struct calendar *cal, int64_t root_agency, int year, int today,
			  struct apply_figures **out, size_t *n)
{
	struct agency *tree;
	size_t count;
	*out = NULL;
	*n = 0;
	if (db_read_begin(db) != 0)
		return -1;
	int rc = agency_subtree(db, root_agency, false, &tree, &count);
	if (rc == 0 && count)
		*out = xcalloc(count, sizeof **out);
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = agency_figures(db, cal, &tree[i], year, today, &(*out)[(*n)++]);
	db_read_end(db);
	free(tree);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int apply_figures_rate_permille(const struct apply_figures *f)
{
	if (f->replied <= 0)
		return -1;
	return (int)(((int64_t)f->on_time * 2000 + f->replied) / (2 * (int64_t)f->replied));
}
