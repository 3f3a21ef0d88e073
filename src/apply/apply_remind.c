/* apply_remind.c — reminders to staff before due dates: a handler to whom an application is assigned
 * gets an e-mail (through the notify outbox, like the applicants' notices) when its reply deadline is
 * `days` working days away or nearer — once per application and due date (table application_reminder,
 * migrations/027_apply_reminders.sql), so a deadline moved by an extension or a 补正 is reminded again.
 * Not while the clock is paused, not once it is overdue (the 工作台 leads with those), not for an
 * unassigned application (it is every handler's task on the 工作台) and not to a handler without an
 * e-mail address or whose account is disabled. The text names the tracking number and the dates only,
 * never the applicant. The server runs a pass from the notify sender thread (apply_remind_tick). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/calendar_cache.h"
#include "notify/notify.h"
#include "util/buf.h"
#include "util/china_time.h"

enum { REMIND_EVERY_SECONDS = 600 }; /* a pass at most this often (and at the sender's start) */

/* The agencies with open assigned applications. *out malloc'd. 0 or -1. */
static int agencies_with_assigned(struct db *db, int64_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT agency_id FROM application "
					    "WHERE outcome IS NULL AND handler_id IS NOT NULL ORDER BY agency_id");
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = db_column_int(st, 0);
	}
	return rc < 0 ? -1 : 0;
}

struct remind_job {
	const struct apply_summary *s;
	int64_t now;
	bool queued;
};

/* Records the reminder of one application and due date and queues the e-mail, unless it was queued
 * before or the handler has no address. */
static enum outcome_code remind_one(struct db *w, void *ctx, struct outcome *out)
{
	struct remind_job *j = ctx;
	const struct apply_summary *s = j->s;
	char email[128] = "", name[128] = "", due[CAL_ISO_SIZE];
	struct db_stmt *st =
	    db_prepare(w, "SELECT email, display_name FROM users WHERE id = :id AND disabled = 0 AND email <> ''");
	db_bind_int(st, ":id", s->handler_id);
	int rc = db_step(st);
	if (rc == 1) {
		db_column_copy(st, 0, email, sizeof email);
		db_column_copy(st, 1, name, sizeof name);
		db_reset(st);
	}
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取承办人邮箱失败");
	if (rc == 0)
		return OUTCOME_OK; /* no address: nothing to send, nothing recorded */
	cal_format_iso(s->due_on, due);
	st = db_prepare(w, "INSERT INTO application_reminder (application_id, due_on, user_id, queued_at) "
			   "VALUES (:app, :due, :user, :now) ON CONFLICT DO NOTHING");
	if (db_bind_int(st, ":app", s->id) < 0 || db_bind_text(st, ":due", due) < 0 ||
	    db_bind_int(st, ":user", s->handler_id) < 0 || db_bind_int(st, ":now", j->now) < 0 || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "记录办理提醒失败");
	if (db_changes(w) == 0)
		return OUTCOME_OK; /* reminded of this due date before */
	struct buf subject = {0}, body = {0}, left = {0};
	if (s->working_days_left == 0)
		buf_puts(&left, "今天到期");
	else
		buf_printf(&left, "还剩 %d 个工作日", s->working_days_left);
	buf_printf(&subject, "【办理提醒】申请 %s 将于 %s 到期", s->tracking_no, due);
	buf_printf(&body,
		   "%s：\n\n您承办的政府信息公开申请 %s 的答复期限为 %s，%s。请按时答复；确需延长答复期限的，"
		   "须在期限届满前经政府信息公开工作机构负责人同意，并告知申请人（《政府信息公开条例》第三十三条）。"
		   "\n\n请登录后台，在“依申请公开办理”中打开该申请办理。\n\n本邮件由系统自动发送，请勿直接回复。\n",
		   name, s->tracking_no, due, left.data);
	buf_free(&left);
	struct notify_message m = {s->id, "reminder", "email", email, subject.data, body.data, ""};
	rc = notify_enqueue(w, &m, j->now);
	buf_free(&subject);
	buf_free(&body);
	if (rc != 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "办理提醒排队失败");
	j->queued = true;
	return OUTCOME_OK;
}

/* True when s is an assigned, running application due within days working days (not overdue). */
static bool needs_reminder(const struct apply_summary *s, int days)
{
	return s->handler_id != 0 && !s->paused && !s->overdue && !s->outcome[0] && s->due_on != CAL_NO_DAY &&
	       s->working_days_left >= 0 && s->working_days_left <= days;
}

int apply_remind_due(struct store *store, const struct calendar *cal, int days, int today, int64_t now)
{
	if (days <= 0)
		return 0;
	struct db *db = store_reader(store);
	int64_t *agencies = NULL;
	size_t na = 0;
	int queued = 0;
	if (!db || agencies_with_assigned(db, &agencies, &na) != 0) {
		free(agencies);
		return -1;
	}
	for (size_t i = 0; i < na && queued >= 0; i++) {
		struct apply_summary *rows = NULL;
		size_t n = 0;
		if (apply_list(db, cal, agencies[i], 0, APPLY_FILTER_OPEN, today, &rows, &n) != 0)
			queued = -1;
		for (size_t k = 0; k < n && queued >= 0; k++) {
			if (!needs_reminder(&rows[k], days))
				continue;
			struct remind_job job = {&rows[k], now, false};
			struct outcome out;
			if (store_write(store, remind_one, &job, &out) != OUTCOME_OK)
				queued = -1;
			else
				queued += job.queued;
		}
		free(rows);
	}
	free(agencies);
	return queued;
}

int apply_remind_tick(void *ctx, int64_t now)
{
	struct apply_reminders *r = ctx;
	if (r->days <= 0 || (r->last_run && now - r->last_run < REMIND_EVERY_SECONDS && now >= r->last_run))
		return 0;
	const struct calendar *cal = calendar_cache_get(r->calendars, r->store, NULL);
	if (!cal)
		return -1;
	r->last_run = now;
	return apply_remind_due(r->store, cal, r->days, china_day(now), now);
}
