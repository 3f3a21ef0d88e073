/* apply_supervision.c — 督办 notices on applications: sent by a supervisor of the application's agency
 * or an agency above it, answered once by the agency's handler or leader; see apply_supervision.h.
 * A notice is never edited: the answer fills the empty columns once, in the same transaction as its
 * audit entry. An actor outside the application's subtree is told "not found", so a supervisor of
 * one county learns nothing of another county's applications. */
#include "apply/apply_supervision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "util/buf.h"
#include "util/utf8.h"

#define SUPERVISION_SELECT                                                                                             \
	"SELECT s.id, s.application_id, a.agency_id, s.from_agency_id, coalesce(s.sent_by, 0), "                       \
	"coalesce(s.answered_by, 0), "                                                                                 \
	"s.sent_at, coalesce(s.answered_at, 0), s.reply_by, a.tracking_no, ag.name, fa.name, "                         \
	"coalesce(su.display_name, '系统'), "                                                                        \
	"coalesce(au.display_name, ''), s.body, coalesce(s.answer, '') FROM application_supervision s "                \
	"JOIN application a ON a.id = s.application_id JOIN agency ag ON ag.id = a.agency_id "                         \
	"JOIN agency fa ON fa.id = s.from_agency_id LEFT JOIN users su ON su.id = s.sent_by "                          \
	"LEFT JOIN users au ON au.id = s.answered_by "

static void row_read(struct db_stmt *st, struct apply_supervision *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_column_int(st, 0);
	s->application_id = db_column_int(st, 1);
	s->agency_id = db_column_int(st, 2);
	s->from_agency_id = db_column_int(st, 3);
	s->sent_by = db_column_int(st, 4);
	s->answered_by = db_column_int(st, 5);
	s->sent_at = db_column_int(st, 6);
	s->answered_at = db_column_int(st, 7);
	s->reply_by = apply_day_of(db_column_text(st, 8));
	db_column_copy(st, 9, s->tracking_no, sizeof s->tracking_no);
	db_column_copy(st, 10, s->agency, sizeof s->agency);
	db_column_copy(st, 11, s->from_agency, sizeof s->from_agency);
	db_column_copy(st, 12, s->sent_by_name, sizeof s->sent_by_name);
	db_column_copy(st, 13, s->answered_by_name, sizeof s->answered_by_name);
	db_column_copy(st, 14, s->body, sizeof s->body);
	db_column_copy(st, 15, s->answer, sizeof s->answer);
}

/* Collects the rows of st (parameters bound). 0 or -1. */
static int collect(struct db_stmt *st, struct apply_supervision **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		row_read(st, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int apply_supervision_get(struct db *db, int64_t id, struct apply_supervision *out)
{
	struct db_stmt *st = db_prepare(db, SUPERVISION_SELECT "WHERE s.id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc == 1) {
		row_read(st, out);
		db_reset(st);
	}
	return rc;
}

int apply_supervision_of(struct db *db, int64_t application_id, struct apply_supervision **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, SUPERVISION_SELECT "WHERE s.application_id = :app ORDER BY s.id");
	if (st)
		db_bind_int(st, ":app", application_id);
	return collect(st, out, n);
}

int apply_supervision_pending(struct db *db, int64_t agency_id, struct apply_supervision **out, size_t *n)
{
	struct db_stmt *st = db_prepare(
	    db, SUPERVISION_SELECT "WHERE a.agency_id = :agency AND s.answered_at IS NULL ORDER BY s.reply_by, s.id");
	if (st)
		db_bind_int(st, ":agency", agency_id);
	return collect(st, out, n);
}

int apply_supervision_sent(struct db *db, int64_t from_agency_id, struct apply_supervision **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, SUPERVISION_SELECT "WHERE s.from_agency_id = :agency ORDER BY s.id DESC");
	if (st)
		db_bind_int(st, ":agency", from_agency_id);
	return collect(st, out, n);
}

/* Binds :by to the acting user, or NULL for the system (the command line). */
static void bind_user(struct db_stmt *st, const struct actor *actor)
{
	if (actor->user_id)
		db_bind_int(st, ":by", actor->user_id);
	else
		db_bind_null(st, ":by");
}

/* A notice or answer text: present, well-formed, at most APPLY_SUPERVISION_CHARS characters. */
static enum outcome_code text_ok(const char *text, const char *field, const char *label, struct outcome *out)
{
	if (!text || !*text || strspn(text, " \t\r\n") == strlen(text))
		return outcome_fail(out, OUTCOME_INVALID, field, "请填写“%s”。", label);
	if (!utf8_valid(text, strlen(text)) || utf8_chars(text) > APPLY_SUPERVISION_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, field, "“%s”最多 %d 个字。", label, APPLY_SUPERVISION_CHARS);
	return OUTCOME_OK;
}

/* The reply deadline: an ISO day from today to today + APPLY_SUPERVISION_DAYS. */
static enum outcome_code reply_by_ok(const char *iso, int today, int *day, struct outcome *out)
{
	if (!iso || cal_parse_iso(iso, strlen(iso), day) != 0)
		return outcome_fail(out, OUTCOME_INVALID, "reply_by", "“答复期限”应为日期，如 2026-03-01。");
	if (*day < today || *day > today + APPLY_SUPERVISION_DAYS)
		return outcome_fail(out, OUTCOME_INVALID, "reply_by", "“答复期限”应在今天到 %d 天之后之间。",
				    APPLY_SUPERVISION_DAYS);
	return OUTCOME_OK;
}

enum outcome_code apply_supervise(struct db *w, void *job, struct outcome *out)
{
	struct apply_supervise_job *j = job;
	if (!j->actor.system && !actor_has(&j->actor, ROLE_SUPERVISOR))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有公开办督查人员可以督办。");
	struct application a;
	int found = j->tracking_no ? apply_get(w, j->tracking_no, &a) : 0;
	if (found < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取申请失败，未作任何更改。");
	if (found == 0 || (!j->actor.system && agency_within(w, a.agency_id, j->actor.agency_id) != 1))
		return outcome_fail(out, OUTCOME_NOT_FOUND, "no", "没有这个申请。");
	int day;
	enum outcome_code code = text_ok(j->body, "body", "督办事项", out);
	if (code == OUTCOME_OK)
		code = reply_by_ok(j->reply_by, j->today, &day, out);
	if (code != OUTCOME_OK)
		return code;
	char iso[CAL_ISO_SIZE];
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO application_supervision (application_id, from_agency_id, sent_by, sent_at, body, reply_by) "
	       "VALUES (:app, :from, :by, :now, :body, :reply_by) RETURNING id");
	if (!st)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存督办失败，未作任何更改。");
	db_bind_int(st, ":app", a.id);
	db_bind_int(st, ":from", j->actor.system ? a.agency_id : j->actor.agency_id);
	bind_user(st, &j->actor);
	db_bind_int(st, ":now", j->now);
	db_bind_text(st, ":body", j->body);
	db_bind_text(st, ":reply_by", cal_format_iso(day, iso));
	if (db_step_int(st, &j->id) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存督办失败，未作任何更改。");
	char detail[96];
	snprintf(detail, sizeof detail, "%s reply_by=%s", a.tracking_no, iso);
	if (audit_append(w, j->actor.user_id, a.agency_id, "application.supervise", "application_supervision", j->id,
			 detail, j->actor.ip, j->now) <= 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志，未作任何更改。");
	return OUTCOME_OK;
}

enum outcome_code apply_supervision_answer(struct db *w, void *job, struct outcome *out)
{
	struct apply_supervision_answer_job *j = job;
	struct apply_supervision s;
	int found = apply_supervision_get(w, j->id, &s);
	if (found < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取督办失败，未作任何更改。");
	if (found == 0 || (!j->actor.system && j->actor.agency_id != s.agency_id))
		return outcome_fail(out, OUTCOME_NOT_FOUND, "id", "没有这条督办。");
	if (!j->actor.system && !apply_actor_handles(&j->actor, s.agency_id))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "督办由申请所属机关的承办人或审批领导答复。");
	if (s.answered_at)
		return outcome_fail(out, OUTCOME_CONFLICT, "answer", "这条督办已经答复过。");
	enum outcome_code code = text_ok(j->answer, "answer", "答复督办", out);
	if (code != OUTCOME_OK)
		return code;
	struct db_stmt *st =
	    db_prepare(w, "UPDATE application_supervision SET answer = :answer, answered_by = :by, answered_at = :now "
			  "WHERE id = :id AND answered_at IS NULL");
	if (!st)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存答复失败，未作任何更改。");
	db_bind_text(st, ":answer", j->answer);
	bind_user(st, &j->actor);
	db_bind_int(st, ":now", j->now);
	db_bind_int(st, ":id", j->id);
	if (db_step(st) < 0 || db_changes(w) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存答复失败，未作任何更改。");
	if (audit_append(w, j->actor.user_id, s.agency_id, "application.supervise_answer", "application_supervision",
			 j->id, s.tracking_no, j->actor.ip, j->now) <= 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志，未作任何更改。");
	return OUTCOME_OK;
}
