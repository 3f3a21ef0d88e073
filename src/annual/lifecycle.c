/* lifecycle.c — draft → approved → published → corrected (annual_archive.h). The draft is never stored:
 * approval freezes the JSON the leader saw; publication re-builds the draft, insists that it still
 * equals the approved JSON (so what is published is what the leader approved and what the records say),
 * refuses it when the checker finds an error, then freezes it with its findings and rendered forms
 * (migrations/031_annual_lifecycle.sql) and supersedes the earlier version. Every step is audited. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "annual/annual_internal.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "report/report_json.h"
#include "report/report_render.h"
#include "util/buf.h"

#define APPROVE_ROLES	ROLE_LEADER
#define REVOKE_ROLES	(ROLE_LEADER | ROLE_ADMIN)
#define PUBLISH_ROLES	(ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)
#define CHANGE_NOTE_MAX 1000

/* The draft of the year from the records as canonical JSON (json empty on failure). Returns 0, or -1
 * refused (err). */
static int records_draft(struct db *w, const struct annual_env *env, int64_t agency_id, int year, void *ctx,
			 struct buf *json, struct report *r, struct findings *f, char *err, size_t errsize)
{
	(void)ctx;
	if (annual_build(w, env, agency_id, year, r, f, err, errsize) < 0)
		return -1;
	report_to_json(r, json);
	return 0;
}

static const struct annual_draft from_records = {"records", records_draft, NULL};

static int draft_json(struct db *w, const struct annual_env *env, const struct annual_draft *draft, int64_t agency_id,
		      int year, struct buf *json, struct report *r, struct findings *f, char *err, size_t errsize)
{
	return draft->build(w, env, agency_id, year, draft->ctx, json, r, f, err, errsize);
}

/* Refuses a year that is not over yet: only a finished year has a statutory report. */
static int check_year_over(const struct annual_env *env, int year, char *err, size_t errsize)
{
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	if (year >= y)
		return annual_fail(err, errsize, "%d 年尚未结束，不能批准或发布该年度的正式报告", year);
	return 0;
}

/* The id and JSON of the newest version of the year with this status; 1 found, 0 none, -1 error. */
static int find_version(struct db *w, int64_t agency_id, int year, const char *status, int64_t *id, int *version,
			char **json)
{
	struct db_stmt *st = db_prepare(w, "SELECT id, version, json FROM annual_report WHERE agency_id = :agency AND "
					   "year = :year AND status = :status ORDER BY version DESC LIMIT 1");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":status", status);
	int rc = db_step(st);
	if (rc == 1) {
		*id = db_column_int(st, 0);
		*version = (int)db_column_int(st, 1);
		*json = db_column_dup(st, 2);
		db_reset(st);
	}
	return rc;
}

/* Deletes the pending approval of the year (approved rows are not frozen). Returns rows deleted or -1. */
static int64_t delete_pending(struct db *w, int64_t agency_id, int year)
{
	struct db_stmt *st = db_prepare(w, "DELETE FROM annual_report WHERE agency_id = :agency AND year = :year AND "
					   "status = 'approved'");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	return db_step(st) == 0 ? db_changes(w) : -1;
}

static int64_t insert_approved(struct db *w, const struct actor *actor, int64_t agency_id, int year, const char *json,
			       const char *note, const char *source, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    w,
	    "INSERT INTO annual_report (agency_id, year, version, status, json, change_note, source, created_by, "
	    "created_at, approved_by, approved_at) SELECT :agency, :year, coalesce(max(version), 0) + 1, 'approved', "
	    ":json, :note, :source, :user, :now, :user, :now FROM annual_report WHERE agency_id = :agency AND "
	    "year = :year RETURNING id");
	int64_t id = -1;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":json", json);
	db_bind_text(st, ":note", note);
	db_bind_text(st, ":source", source);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	return db_step_int(st, &id) == 1 ? id : -1;
}

/* Checks the change note against the published version. Returns 0, -1 refused (err), -2 error. */
static int check_correction(struct db *w, int64_t agency_id, int year, const char *json, const char *note, char *err,
			    size_t errsize)
{
	int64_t id = 0;
	int version = 0;
	char *published = NULL;
	int rc = find_version(w, agency_id, year, "published", &id, &version, &published);
	if (rc <= 0)
		return rc < 0 ? -2 : 0;
	if (strcmp(published, json) == 0)
		rc = annual_fail(err, errsize, "当前草稿与已发布的第 %d 版相同，无需更正", version);
	else if (!note || !*note)
		rc =
		    annual_fail(err, errsize, "%d 年年报已发布（第 %d 版）：批准更正版本须填写更正说明", year, version);
	else if (strlen(note) > CHANGE_NOTE_MAX)
		rc = annual_fail(err, errsize, "更正说明不能超过 %d 字节", CHANGE_NOTE_MAX);
	else
		rc = 0;
	free(published);
	return rc;
}

int64_t annual_approve(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
		       int year, const char *change_note, int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, APPROVE_ROLES))
		return annual_fail(err, errsize, "只有本机关的审批领导可以批准年报") + 1;
	return annual_approve_draft(w, env, actor, agency_id, year, change_note, &from_records, now, f, err, errsize);
}

int64_t annual_approve_draft(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			     int year, const char *change_note, const struct annual_draft *draft, int64_t now,
			     struct findings *f, char *err, size_t errsize)
{
	if (check_year_over(env, year, err, errsize) < 0)
		return 0;
	struct report r;
	struct buf json = {0};
	int64_t id = 0;
	const char *note = change_note ? change_note : "";
	if (draft_json(w, env, draft, agency_id, year, &json, &r, f, err, errsize) == 0) {
		int rc = check_correction(w, agency_id, year, json.data, note, err, errsize);
		if (rc == 0)
			id = delete_pending(w, agency_id, year) < 0
				 ? -1
				 : insert_approved(w, actor, agency_id, year, json.data, note, draft->source, now);
		else if (rc == -2)
			id = -1;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%d", year);
	if (id > 0 && audit_append(w, actor->user_id, agency_id, "annual.approve", "annual_report", id, detail,
				   actor->ip, now) < 0)
		id = -1;
	report_free(&r);
	buf_free(&json);
	return id;
}

int annual_revoke(struct db *w, const struct actor *actor, int64_t agency_id, int year, int64_t now, char *err,
		  size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, REVOKE_ROLES))
		return annual_fail(err, errsize, "只有本机关的审批领导或管理员可以撤回批准") + 1;
	int64_t n = delete_pending(w, agency_id, year);
	if (n < 0)
		return -1;
	if (n == 0)
		return annual_fail(err, errsize, "%d 年年报没有已批准待发布的版本", year) + 1;
	char detail[32];
	snprintf(detail, sizeof detail, "%d", year);
	return audit_append(w, actor->user_id, agency_id, "annual.revoke", "annual_report", 0, detail, actor->ip, now) <
		       0
		   ? -1
		   : 1;
}

/* Refuses publication when the findings hold an error; err names the count and the first. */
static int check_no_errors(const struct findings *f, char *err, size_t errsize)
{
	size_t errors = findings_count(f, SEV_ERROR);
	if (errors == 0)
		return 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity == SEV_ERROR)
			return annual_fail(err, errsize, "年报有 %zu 项错误，不能发布。第一项（%s）：%s", errors,
					   f->v[i].rule, f->v[i].message);
	return -1;
}

static int store_render(struct db *w, int64_t id, const char *format, const struct buf *body)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO annual_report_render (report_id, format, body) VALUES (:id, "
					   ":format, :body)");
	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	db_bind_text(st, ":format", format);
	db_bind_text(st, ":body", body->data ? body->data : "");
	return db_step(st) == 0 ? 0 : -1;
}

/* Stores the rendered forms of the published report r under row id. Returns 0 or -1. */
static int store_renders(struct db *w, int64_t id, const struct report *r)
{
	static const char *const formats[] = {"txt", "md", "html", "fragment"};
	void (*const renderers[])(const struct report *, struct buf *) = {
	    report_render_txt, report_render_md, report_render_html, report_render_html_fragment};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct buf b = {0};
		renderers[i](r, &b);
		int rc = store_render(w, id, formats[i], &b);
		buf_free(&b);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Marks the published version superseded and the approved row published with its findings. */
static int mark_published(struct db *w, const struct actor *actor, int64_t id, int64_t agency_id, int year,
			  const struct findings *f, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(w, "UPDATE annual_report SET status = 'superseded' WHERE agency_id = :agency AND "
			  "year = :year AND status = 'published'");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 0)
		return -1;
	struct buf findings = {0};
	findings_to_json(f, &findings);
	st = db_prepare(w, "UPDATE annual_report SET status = 'published', findings = :findings, published_by = :user, "
			   "published_at = :now WHERE id = :id AND status = 'approved'");
	int rc = -1;
	if (st) {
		db_bind_text(st, ":findings", findings.data ? findings.data : "[]");
		db_bind_int(st, ":user", actor->user_id);
		db_bind_int(st, ":now", now);
		db_bind_int(st, ":id", id);
		rc = db_step(st) == 0 && db_changes(w) == 1 ? 0 : -1;
	}
	buf_free(&findings);
	return rc;
}

/* Everything publication does once the approved JSON is known. Returns the version, 0 refused, -1. */
static int publish_approved(struct db *w, const struct annual_env *env, const struct annual_draft *draft,
			    const struct actor *actor, int64_t agency_id, int year, int64_t id, int version,
			    const char *approved, int64_t now, struct findings *f, char *err, size_t errsize)
{
	struct report r;
	struct buf json = {0};
	int rc = 0;
	if (draft_json(w, env, draft, agency_id, year, &json, &r, f, err, errsize) < 0)
		rc = 0;
	else if (strcmp(json.data, approved) != 0)
		annual_fail(err, errsize,
			    "批准之后记录或文字已有变化，报告与审批领导批准的版本不同：请重新批准后再发布");
	else if (check_no_errors(f, err, errsize) == 0)
		rc = mark_published(w, actor, id, agency_id, year, f, now) < 0 || store_renders(w, id, &r) < 0
			 ? -1
			 : version;
	report_free(&r);
	buf_free(&json);
	return rc;
}

int annual_publish(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id, int year,
		   int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, PUBLISH_ROLES))
		return annual_fail(err, errsize, "只有本机关的编辑、审批领导或管理员可以发布年报") + 1;
	return annual_publish_draft(w, env, actor, agency_id, year, &from_records, now, f, err, errsize);
}

int annual_publish_draft(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			 int year, const struct annual_draft *draft, int64_t now, struct findings *f, char *err,
			 size_t errsize)
{
	if (check_year_over(env, year, err, errsize) < 0)
		return 0;
	int64_t id = 0;
	int version = 0;
	char *approved = NULL;
	int rc = find_version(w, agency_id, year, "approved", &id, &version, &approved);
	if (rc <= 0)
		return rc < 0
			   ? -1
			   : annual_fail(err, errsize, "%d 年年报没有已批准待发布的版本：请先由审批领导批准", year) + 1;
	rc = publish_approved(w, env, draft, actor, agency_id, year, id, version, approved, now, f, err, errsize);
	free(approved);
	char detail[64];
	snprintf(detail, sizeof detail, "%d 第 %d 版", year, version);
	if (rc > 0 && audit_append(w, actor->user_id, agency_id, "annual.publish", "annual_report", id, detail,
				   actor->ip, now) < 0)
		rc = -1;
	return rc;
}

/* ---- deadline and workbench -------------------------------------------------------------------- */

int annual_deadline(enum agency_level level, int year, const char **basis)
{
	static const char county[] = "县级政府信息公开工作主管部门汇总所属部门和乡镇政府的年度报告，于2月20日前向上一级"
				     "主管部门提交并向社会公布（国办公开办函〔2021〕30号）";
	static const char city[] = "地市级政府信息公开工作主管部门汇总所属部门和县级政府的年度报告，于3月10日前向上一级"
				   "主管部门提交并向社会公布（国办公开办函〔2021〕30号）";
	static const char province[] = "省级政府信息公开工作主管部门汇总所属部门和地市级政府的年度报告，于3月31日前"
				       "提交并向社会公布（《条例》第四十九条、国办公开办函〔2021〕30号）";
	static const char department[] =
	    "县级以上人民政府部门（乡镇、街道参照执行）应当在每年1月31日前提交本机关年度报告"
	    "并向社会公布（《条例》第四十九条）";
	const char *why = department;
	int month = 1, day = 31;
	if (level == AGENCY_COUNTY) {
		why = county;
		month = 2, day = 20;
	} else if (level == AGENCY_CITY) {
		why = city;
		month = 3, day = 10;
	} else if (level == AGENCY_PROVINCE) {
		why = province;
		month = 3, day = 31;
	}
	if (basis)
		*basis = why;
	return cal_day_from_date(year + 1, month, day);
}

/* Fills the status fields of the summary from the stored versions of the year. */
static int workbench_status(struct db *db, int64_t agency_id, struct annual_workbench *out)
{
	struct annual_version *v;
	size_t n;
	if (annual_versions(db, agency_id, out->year, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].status == ANNUAL_APPROVED)
			out->approved_pending = true;
		if (v[i].status == ANNUAL_PUBLISHED) {
			out->published = true;
			out->published_version = v[i].version;
			out->published_at = v[i].published_at;
		}
	}
	free(v);
	if (out->published && out->approved_pending)
		snprintf(out->status_zh, sizeof out->status_zh, "已发布（第 %d 版），更正待发布",
			 out->published_version);
	else if (out->published)
		snprintf(out->status_zh, sizeof out->status_zh, "已发布（第 %d 版）", out->published_version);
	else
		snprintf(out->status_zh, sizeof out->status_zh, "%s", out->approved_pending ? "已批准待发布" : "草稿");
	return 0;
}

int annual_workbench_summary(struct db *db, const struct annual_env *env, int64_t agency_id,
			     struct annual_workbench *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	struct agency agency;
	int rc = agency_get(db, agency_id, &agency);
	if (rc <= 0)
		return annual_fail(err, errsize, rc < 0 ? "读取机关失败" : "机关不存在");
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	out->year = y - 1;
	out->due_on = annual_deadline(agency.level, out->year, &out->basis);
	out->days_left = out->due_on - env->today;
	if (workbench_status(db, agency_id, out) < 0)
		return annual_fail(err, errsize, "读取年报版本失败：%s", db_errmsg(db));
	struct report r;
	struct findings f = {0};
	rc = annual_build(db, env, agency_id, out->year, &r, &f, err, errsize);
	out->errors = findings_count(&f, SEV_ERROR);
	out->warnings = findings_count(&f, SEV_WARNING);
	report_free(&r);
	findings_free(&f);
	return rc;
}
