/* aggregate_lifecycle.c — approve, publish and correct the aggregated report (aggregate.h), the same steps
 * and guarantees as the agency report (src/annual/lifecycle.c): what is published is what the leader
 * approved and what the parts say now (the draft is built again and must equal the approved JSON), a
 * report with checker errors or a hierarchy-rule difference is never published, a published version is
 * frozen by triggers (migrations/060_supervise_aggregate.sql) and a correction needs a change note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "report/report_json.h"
#include "report/report_sum.h"
#include "supervise/aggregate.h"

#define APPROVE_ROLES	ROLE_LEADER
#define PUBLISH_ROLES	(ROLE_SUPERVISOR | ROLE_LEADER | ROLE_ADMIN)
#define CHANGE_NOTE_MAX 1000

static const char *const status_names[AGG_STATUS_COUNT] = {"approved", "published", "superseded"};
static const char *const status_labels[AGG_STATUS_COUNT] = {"已批准待发布", "已发布", "已被更正"};

const char *aggregate_status_zh(int status)
{
	return status >= 0 && status < AGG_STATUS_COUNT ? status_labels[status] : "";
}

static int refuse(char *err, size_t errsize, const char *message)
{
	snprintf(err, errsize, "%s", message);
	return 0;
}

/* Refuses a year that is not over: only a finished year has a report to publish. */
static int year_over(const struct annual_env *env, int year, char *err, size_t errsize)
{
	int y, m, d;
	cal_date_from_day(env->today, &y, &m, &d);
	if (year < y)
		return 1;
	snprintf(err, errsize, "%d 年尚未结束，不能批准或发布该年度的汇总年报", year);
	return 0;
}

/* The draft as JSON (with its findings to f). Returns 0 or -1 refused (err). */
static int draft_json(struct db *w, const struct annual_env *env, int64_t agency_id, int year, struct buf *json,
		      struct findings *f, char *err, size_t errsize)
{
	struct aggregate a;
	int rc = aggregate_build(w, env, agency_id, year, NULL, 0, &a, err, errsize);
	if (rc == 0) {
		aggregate_to_json(&a, json);
		for (size_t i = 0; f && i < a.findings.n; i++) {
			const struct finding *x = &a.findings.v[i];
			findings_add(f, x->rule, x->severity, x->incomplete, x->table, x->row, x->column, "%s",
				     x->message);
		}
	}
	aggregate_free(&a);
	return rc;
}

/* The newest version with this status: 1 (id, version, json malloc'd) , 0 none, -1 error. */
static int find_version(struct db *w, int64_t agency_id, int year, const char *status, int64_t *id, int *version,
			char **json)
{
	struct db_stmt *st =
	    db_prepare(w, "SELECT id, version, json FROM supervise_aggregate_report WHERE agency_id = :agency AND "
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

/* After a publication: a change note and a changed draft. Returns 1 fine, 0 refused (err), -1 error. */
static int check_correction(struct db *w, int64_t agency_id, int year, const char *json, const char *note, char *err,
			    size_t errsize)
{
	int64_t id;
	int version;
	char *published = NULL;
	int rc = find_version(w, agency_id, year, "published", &id, &version, &published);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	rc = 0;
	if (strcmp(published, json) == 0)
		snprintf(err, errsize, "当前汇总草稿与已发布的第 %d 版相同，无需更正", version);
	else if (!*note)
		snprintf(err, errsize, "%d 年汇总年报已发布（第 %d 版）：批准更正版本须填写更正说明", year, version);
	else if (strlen(note) > CHANGE_NOTE_MAX)
		refuse(err, errsize, "更正说明不能超过 1000 字节");
	else
		rc = 1;
	free(published);
	return rc;
}

static int64_t insert_approved(struct db *w, const struct actor *actor, int64_t agency_id, int year, const char *json,
			       const char *note, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(w, "DELETE FROM supervise_aggregate_report WHERE agency_id = :agency AND year = :year AND "
			  "status = 'approved'");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 0)
		return -1;
	st = db_prepare(w,
			"INSERT INTO supervise_aggregate_report (agency_id, year, version, status, json, change_note, "
			"approved_by, approved_at) SELECT :agency, :year, coalesce(max(version), 0) + 1, 'approved', "
			":json, :note, :user, :now FROM supervise_aggregate_report WHERE agency_id = :agency AND "
			"year = :year RETURNING id");
	int64_t id = -1;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":json", json);
	db_bind_text(st, ":note", note);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_int(st, ":now", now);
	return db_step_int(st, &id) == 1 ? id : -1;
}

static int audit(struct db *w, const struct actor *actor, int64_t agency_id, const char *action, int64_t id, int year,
		 int64_t now)
{
	char detail[32];
	snprintf(detail, sizeof detail, "%d", year);
	return audit_append(w, actor->user_id, agency_id, action, "supervise_aggregate_report", id, detail, actor->ip,
			    now) < 0
		   ? -1
		   : 0;
}

int64_t aggregate_approve(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
			  int year, const char *change_note, int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!aggregate_actor_may(w, actor, agency_id, APPROVE_ROLES))
		return refuse(err, errsize, "只有本机关或上级机关的审批领导可以批准汇总年报");
	if (!year_over(env, year, err, errsize))
		return 0;
	struct buf json = {0};
	const char *note = change_note ? change_note : "";
	int64_t id = 0;
	if (draft_json(w, env, agency_id, year, &json, f, err, errsize) == 0) {
		int rc = check_correction(w, agency_id, year, json.data, note, err, errsize);
		id = rc < 0 ? -1 : rc == 0 ? 0 : insert_approved(w, actor, agency_id, year, json.data, note, now);
	}
	if (id > 0 && audit(w, actor, agency_id, "aggregate.approve", id, year, now) < 0)
		id = -1;
	buf_free(&json);
	return id;
}

/* Refuses publication on an error finding (checker or hierarchy rule); err names the count and the first. */
static int no_errors(const struct findings *f, char *err, size_t errsize)
{
	size_t errors = findings_count(f, SEV_ERROR);
	for (size_t i = 0; errors && i < f->n; i++)
		if (f->v[i].severity == SEV_ERROR) {
			snprintf(err, errsize, "汇总年报有 %zu 项错误，不能发布。第一项（%s）：%s", errors,
				 f->v[i].rule, f->v[i].message);
			return 0;
		}
	return 1;
}

/* The hierarchy rule on the approved JSON: the report read back from it against the parts summed now. */
static int hierarchy_rule(struct db *w, const struct annual_env *env, int64_t agency_id, int year, const char *approved,
			  struct findings *f, char *err, size_t errsize)
{
	struct aggregate a;
	struct report stored;
	int rc = aggregate_build(w, env, agency_id, year, NULL, 0, &a, err, errsize);
	if (rc == 0 && report_from_json(approved, strlen(approved), &stored, err, errsize) == 0) {
		struct report_part *parts = xcalloc(a.n ? a.n : 1, sizeof *parts);
		size_t k = 0;
		for (size_t i = 0; i < a.n; i++)
			if (a.parts[i].selected)
				parts[k++] = (struct report_part){&a.parts[i].report, a.parts[i].agency};
		struct findings all = {0}; /* the sum's H2 warnings are already among the draft's findings */
		rc = report_sum_check(&stored, parts, k, &all, err, errsize) < 0 ? -1 : 0;
		for (size_t i = 0; i < all.n; i++)
			if (strcmp(all.v[i].rule, "H1") == 0)
				findings_add(f, "H1", SEV_ERROR, false, all.v[i].table, all.v[i].row, all.v[i].column,
					     "%s", all.v[i].message);
		findings_free(&all);
		free(parts);
		report_free(&stored);
	} else {
		rc = -1;
	}
	aggregate_free(&a);
	return rc;
}

static int mark_published(struct db *w, const struct actor *actor, int64_t id, int64_t agency_id, int year,
			  const struct findings *f, int64_t now)
{
	struct db_stmt *st =
	    db_prepare(w, "UPDATE supervise_aggregate_report SET status = 'superseded' WHERE agency_id = "
			  ":agency AND year = :year AND status = 'published'");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	if (db_step(st) != 0)
		return -1;
	struct buf findings = {0};
	findings_to_json(f, &findings);
	st = db_prepare(w, "UPDATE supervise_aggregate_report SET status = 'published', findings = :findings, "
			   "published_by = :user, published_at = :now WHERE id = :id AND status = 'approved'");
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

int aggregate_publish(struct db *w, const struct annual_env *env, const struct actor *actor, int64_t agency_id,
		      int year, int64_t now, struct findings *f, char *err, size_t errsize)
{
	if (!aggregate_actor_may(w, actor, agency_id, PUBLISH_ROLES))
		return refuse(err, errsize, "只有本机关或上级机关的公开办督查、审批领导或管理员可以发布汇总年报");
	if (!year_over(env, year, err, errsize))
		return 0;
	int64_t id = 0;
	int version = 0;
	char *approved = NULL;
	int rc = find_version(w, agency_id, year, "approved", &id, &version, &approved);
	if (rc <= 0)
		return rc < 0 ? -1 : refuse(err, errsize, "没有已批准待发布的汇总年报：请先由审批领导批准");
	struct buf json = {0};
	rc = 0;
	if (draft_json(w, env, agency_id, year, &json, f, err, errsize) < 0)
		rc = 0;
	else if (strcmp(json.data, approved) != 0)
		refuse(err, errsize,
		       "批准之后汇总单位的年报、汇总范围或文字已有变化，与审批领导批准的版本不同：请重新批准");
	else if (hierarchy_rule(w, env, agency_id, year, approved, f, err, errsize) < 0)
		rc = 0;
	else if (no_errors(f, err, errsize))
		rc = mark_published(w, actor, id, agency_id, year, f, now) < 0 ||
			     audit(w, actor, agency_id, "aggregate.publish", id, year, now) < 0
			 ? -1
			 : version;
	buf_free(&json);
	free(approved);
	return rc;
}

/* ---- reading ------------------------------------------------------------------------------------------ */

int aggregate_versions(struct db *db, int64_t agency_id, int year, struct aggregate_version **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, year, version, status, change_note, approved_by, approved_at, published_by, published_at "
		"FROM supervise_aggregate_report WHERE agency_id = :agency AND year = :year ORDER BY version DESC");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct aggregate_version *v = &(*out)[(*n)++];
		memset(v, 0, sizeof *v);
		v->id = db_column_int(st, 0);
		v->year = (int)db_column_int(st, 1);
		v->version = (int)db_column_int(st, 2);
		const char *status = db_column_text(st, 3);
		for (int s = 0; s < AGG_STATUS_COUNT; s++)
			if (status && strcmp(status, status_names[s]) == 0)
				v->status = s;
		db_column_copy(st, 4, v->change_note, sizeof v->change_note);
		v->approved_by = db_column_int(st, 5);
		v->approved_at = db_column_int(st, 6);
		v->published_by = db_column_int(st, 7);
		v->published_at = db_column_int(st, 8);
	}
	return rc < 0 ? -1 : 0;
}

char *aggregate_published_json(struct db *db, int64_t agency_id, int year, int version)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT json FROM supervise_aggregate_report WHERE agency_id = :agency AND year = :year AND "
		"((:version = 0 AND status = 'published') OR (:version > 0 AND version = :version AND status IN "
		"('published', 'superseded'))) ORDER BY version DESC LIMIT 1");
	if (!st)
		return NULL;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_int(st, ":version", version);
	char *json = NULL;
	if (db_step(st) == 1) {
		json = db_column_dup(st, 0);
		db_reset(st);
	}
	return json;
}
