/* page_apply_tasks.c — handler work led by the clock: the words (and colour class) for where an open
 * application stands, the name of its 承办人, and the JSON list
 *   GET /api/v1/applications?state=open&sort=urgency
 * (handler or leader token: the own agency; supervisor: the own agency and every one below it) →
 * {"applications":[{"tracking_no","state","due_on","working_days_left","overdue","paused","assignee"}…]},
 * in urgency order (apply_sort_urgency) or, with sort=number, by tracking number. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/page_apply.h"

#include "apply/apply_supervision.h"

const char *apply_http_urgency_class(const struct apply_summary *s)
{
	if (s->outcome[0])
		return "urgency-done";
	if (s->paused)
		return "urgency-paused";
	if (s->overdue)
		return "urgency-overdue";
	if (s->state == STATE_AWAITING_CONFIRMATION ||
	    (s->due_on != CAL_NO_DAY && s->working_days_left <= APPLY_DUE_SOON_DAYS))
		return "urgency-soon";
	return "urgency-running";
}

const char *apply_http_urgency_word(struct req *r, const struct apply_summary *s)
{
	if (s->outcome[0])
		return apply_outcome_label(s->outcome);
	if (s->paused)
		return arena_printf(&r->arena, "暂停计时（%s）", deadline_state_label(s->state));
	if (s->overdue)
		return arena_printf(&r->arena, "已超期 %d 个工作日", -s->working_days_left);
	if (s->state == STATE_AWAITING_CONFIRMATION)
		return "待确认收到（当日确认）";
	if (s->due_on != CAL_NO_DAY && s->working_days_left == 0)
		return "今天到期";
	if (s->due_on != CAL_NO_DAY && s->working_days_left <= APPLY_DUE_SOON_DAYS)
		return arena_printf(&r->arena, "即将到期（余 %d 个工作日）", s->working_days_left);
	return deadline_state_label(s->state);
}

const char *apply_http_assignee(const struct user *users, size_t n, int64_t handler_id)
{
	if (handler_id <= 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (users[i].id == handler_id)
			return users[i].display_name[0] ? users[i].display_name : users[i].name;
	return NULL;
}

/* ---- GET /api/v1/applications ---- */

static json_t *row_json(const struct apply_summary *s, const struct user *users, size_t nusers)
{
	char iso[CAL_ISO_SIZE];
	const char *assignee = apply_http_assignee(users, nusers, s->handler_id);
	return json_pack("{s:s, s:s, s:o, s:i, s:b, s:b, s:o}", "tracking_no", s->tracking_no, "state",
			 deadline_state_name(s->state), "due_on",
			 s->due_on == CAL_NO_DAY ? json_null() : json_string(cal_format_iso(s->due_on, iso)),
			 "working_days_left", s->working_days_left, "overdue", s->overdue, "paused", s->paused,
			 "assignee", assignee ? json_string(assignee) : json_null());
}

/* The rows the caller may list: the own agency's, and for a supervisor every agency's below it too
 * (apply_list_subtree). *rows malloc'd. Returns 0 or -1. */
static int listed_rows(struct req *r, struct db *db, enum apply_filter filter, struct apply_summary **rows, size_t *n)
{
	const struct calendar *cal = apply_http_calendar(r);
	int today = apply_http_today(r);
	if (r->user.roles & ROLE_SUPERVISOR)
		return apply_list_subtree(db, cal, r->user.agency_id, filter, today, rows, n);
	return apply_list(db, cal, r->user.agency_id, 0, filter, today, rows, n);
}

static int compare_number(const void *a, const void *b)
{
	return strcmp(((const struct apply_summary *)a)->tracking_no, ((const struct apply_summary *)b)->tracking_no);
}

int api_apply_list(struct req *r)
{
	struct db *db = req_reader(r);
	if (!db || !apply_http_calendar(r))
		return req_error(r, 503, NULL);
	const char *state = req_query(r, "state"), *sort = req_query(r, "sort");
	int f = apply_filter_from_name(state && *state ? state : "open");
	if (f < 0)
		return req_error(r, 400,
				 "state 参数不正确（open、due_soon、overdue、paused、unconfirmed、concluded、all）。");
	if (sort && *sort && strcmp(sort, "urgency") != 0 && strcmp(sort, "number") != 0)
		return req_error(r, 400, "sort 参数不正确（urgency 或 number）。");
	struct apply_summary *rows = NULL;
	size_t n = 0;
	int rc = listed_rows(r, db, (enum apply_filter)f, &rows, &n);
	struct user *users = NULL;
	size_t nusers = 0;
	if (rc == 0)
		rc = user_list(db, 0, &users, &nusers);
	if (rc != 0) {
		free(rows);
		return req_error(r, 500, NULL);
	}
	if (!sort || !*sort || strcmp(sort, "urgency") == 0)
		apply_sort_urgency(rows, n);
	else if (n > 1)
		qsort(rows, n, sizeof *rows, compare_number);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, row_json(&rows[i], users, nusers));
	free(rows);
	free(users);
	return api_send_json(r, 200, json_pack("{s:o}", "applications", list));
}
