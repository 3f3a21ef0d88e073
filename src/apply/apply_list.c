/* apply_list.c — supervision lists (督办) and the workbench counts: applications of an agency (or of
 * one handler) due within 5 working days, overdue, paused (补正, 征求意见, 缴费 — paused is never
 * overdue), awaiting the receipt confirmation, concluded.
 *
 * The clock is not stored, so each list recomputes it for every application it looks at with the
 * calendar in force: a newly loaded holiday schedule changes due dates at once. A list reads its
 * rows and all their events in two statements, whatever the number of applications, and the clocks
 * are computed in memory. */
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "util/buf.h"

/* Whether a computed clock belongs in the list. */
static bool matches(enum apply_filter f, const struct deadline_result *r, bool concluded)
{
	bool open = !concluded && r->state != STATE_REPLIED && r->state != STATE_WITHDRAWN;
	switch (f) {
	case APPLY_FILTER_OPEN:
		return open;
	case APPLY_FILTER_DUE_SOON:
		return open && r->state == STATE_RUNNING && !r->paused && !r->overdue && r->due_on != CAL_NO_DAY &&
		       r->working_days_left <= APPLY_DUE_SOON_DAYS;
	case APPLY_FILTER_OVERDUE:
		return open && !r->paused && r->overdue;
	case APPLY_FILTER_PAUSED:
		return open && r->paused;
	case APPLY_FILTER_UNCONFIRMED:
		return open && r->state == STATE_AWAITING_CONFIRMATION;
	case APPLY_FILTER_CONCLUDED:
		return !open;
	default:
		return true;
	}
}

static void summary_fill(struct apply_summary *s, const struct application *a, const struct deadline_result *r)
{
	memset(s, 0, sizeof *s);
	s->id = a->id;
	s->handler_id = a->handler_id;
	s->agency_id = a->agency_id;
	memcpy(s->tracking_no, a->tracking_no, sizeof s->tracking_no);
	memcpy(s->name, a->name, sizeof s->name);
	apply_mask_phone(a->phone, s->phone_masked, sizeof s->phone_masked);
	s->applicant_type = a->applicant_type;
	s->intake = a->intake;
	s->submitted_on = a->submitted_on;
	s->state = r->state;
	s->received_on = r->received_on;
	s->due_on = r->due_on;
	s->working_days_left = r->working_days_left;
	s->paused = r->paused;
	s->overdue = r->overdue;
	s->unknown_calendar = r->unknown_calendar;
	memcpy(s->outcome, a->outcome, sizeof s->outcome);
}

/* The rows of the agency that can match a filter: the open ones (an unassigned application is a task
 * for every handler until it is assigned), the concluded ones, or all. */
#define OPEN_ROWS                                                                                                      \
	"agency_id = :agency AND (:handler = 0 OR handler_id = :handler OR handler_id IS NULL) "                       \
	"AND concluded_on IS NULL"
#define CONCLUDED_ROWS "agency_id = :agency AND (:handler = 0 OR handler_id = :handler) AND concluded_on IS NOT NULL"
#define ALL_ROWS       "agency_id = :agency AND (:handler = 0 OR handler_id = :handler)"

static struct db_stmt *select_rows(struct db *db, enum apply_filter filter)
{
	if (filter == APPLY_FILTER_CONCLUDED)
		return db_prepare(db, "SELECT " APPLY_COLUMNS " FROM application WHERE " CONCLUDED_ROWS " ORDER BY id");
	if (filter == APPLY_FILTER_ALL)
		return db_prepare(db, "SELECT " APPLY_COLUMNS " FROM application WHERE " ALL_ROWS " ORDER BY id");
	return db_prepare(db, "SELECT " APPLY_COLUMNS " FROM application WHERE " OPEN_ROWS " ORDER BY id");
}

/* The events of the same rows, in one statement instead of one per application. */
static struct db_stmt *select_events(struct db *db, enum apply_filter filter)
{
	if (filter == APPLY_FILTER_CONCLUDED)
		return db_prepare(db, "SELECT application_id, " APPLY_EVENT_COLUMNS " FROM application_event "
				      "WHERE application_id IN (SELECT id FROM application WHERE " CONCLUDED_ROWS ") "
				      "ORDER BY application_id, seq");
	if (filter == APPLY_FILTER_ALL)
		return db_prepare(db, "SELECT application_id, " APPLY_EVENT_COLUMNS " FROM application_event "
				      "WHERE application_id IN (SELECT id FROM application WHERE " ALL_ROWS ") "
				      "ORDER BY application_id, seq");
	return db_prepare(db, "SELECT application_id, " APPLY_EVENT_COLUMNS " FROM application_event "
			      "WHERE application_id IN (SELECT id FROM application WHERE " OPEN_ROWS ") "
			      "ORDER BY application_id, seq");
}

static struct db_stmt *bound(struct db_stmt *st, int64_t agency_id, int64_t handler_id)
{
	if (st) {
		db_bind_int(st, ":agency", agency_id);
		db_bind_int(st, ":handler", handler_id);
	}
	return st;
}

int apply_rows_read(struct db_stmt *st, struct application **apps, size_t *count)
{
	*apps = NULL;
	*count = 0;
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*apps = xrealloc(*apps, cap * sizeof **apps);
		}
		apply_row_read(st, &(*apps)[(*count)++]);
	}
	return rc < 0 ? -1 : 0;
}

int apply_timelines_read(struct db_stmt *st, struct apply_timelines *t)
{
	*t = (struct apply_timelines){0};
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (t->n == cap) {
			cap = cap ? cap * 2 : 64;
			t->owner = xrealloc(t->owner, cap * sizeof *t->owner);
			t->ev = xrealloc(t->ev, cap * sizeof *t->ev);
		}
		t->owner[t->n] = db_column_int(st, 0);
		apply_event_read(st, 1, &t->ev[t->n++]);
	}
	return rc < 0 ? -1 : 0;
}

const struct apply_event *apply_timelines_next(struct apply_timelines *t, int64_t application_id, size_t *n)
{
	while (t->next < t->n && t->owner[t->next] < application_id)
		t->next++;
	size_t first = t->next;
	while (t->next < t->n && t->owner[t->next] == application_id)
		t->next++;
	*n = t->next - first;
	return t->ev + first;
}

void apply_timelines_free(struct apply_timelines *t)
{
	free(t->owner);
	free(t->ev);
	*t = (struct apply_timelines){0};
}

void apply_clock_from(const struct calendar *cal, const struct application *a, const struct apply_event *events,
		      size_t n, int today, struct deadline_result *r)
{
	struct deadline_problems probs = {0};
	if (apply_deadline(cal, a, events, n, today, r, &probs) != 0) {
		deadline_result_free(r);
		memset(r, 0, sizeof *r);
		r->state = STATE_RUNNING;
		r->due_on = r->received_on = CAL_NO_DAY;
		r->unknown_calendar = true;
	}
	deadline_problems_free(&probs);
}

int apply_list(struct db *db, const struct calendar *cal, int64_t agency_id, int64_t handler_id,
	       enum apply_filter filter, int today, struct apply_summary **out, size_t *n)
{
	struct application *apps = NULL;
	size_t count = 0;
	struct apply_timelines events = {0};
	*out = NULL;
	*n = 0;
	if (db_read_begin(db) != 0) /* one snapshot: the rows and their events agree */
		return -1;
	/* the rows first, then the events: no statement stays open while another reads */
	int rc = apply_rows_read(bound(select_rows(db, filter), agency_id, handler_id), &apps, &count);
	if (rc == 0)
		rc = apply_timelines_read(bound(select_events(db, filter), agency_id, handler_id), &events);
	db_read_end(db);
	if (rc == 0 && count > 0) /* at most one summary per row: one allocation, not one per row */
		*out = xmalloc(count * sizeof **out);
	for (size_t i = 0; rc == 0 && i < count; i++) { /* in id order, as the events */
		size_t k;
		const struct apply_event *ev = apply_timelines_next(&events, apps[i].id, &k);
		struct deadline_result r;
		apply_clock_from(cal, &apps[i], ev, k, today, &r);
		if (matches(filter, &r, apps[i].concluded_on != CAL_NO_DAY))
			summary_fill(&(*out)[(*n)++], &apps[i], &r);
		deadline_result_free(&r);
	}
	apply_timelines_free(&events);
	free(apps);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void apply_counts_of(const struct apply_summary *rows, size_t n, struct apply_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const struct apply_summary *s = &rows[i];
		out->open++;
		if (s->state == STATE_AWAITING_CONFIRMATION)
			out->unconfirmed++;
		if (s->paused)
			out->paused++;
		else if (s->overdue)
			out->overdue++;
		else if (s->state == STATE_RUNNING && s->due_on != CAL_NO_DAY &&
			 s->working_days_left <= APPLY_DUE_SOON_DAYS)
			out->due_soon++;
	}
}

int apply_counts(struct db *db, const struct calendar *cal, int64_t agency_id, int64_t handler_id, int today,
		 struct apply_counts *out)
{
	struct apply_summary *rows;
	size_t n;
	memset(out, 0, sizeof *out);
	if (apply_list(db, cal, agency_id, handler_id, APPLY_FILTER_OPEN, today, &rows, &n) != 0)
		return -1;
	apply_counts_of(rows, n, out);
	free(rows);
	return 0;
}
