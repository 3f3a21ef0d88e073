/* workflow.c — the publication workflow of an item (see the diagram in info.h): submit, 保密审查
 * (pass / return / classified), optional leader approval, publish now or at a time, withdraw, and
 * validity changes. Each step checks role, agency, state and the "no review of your own item" rule,
 * then writes the new state, the trail row and the audit entry in the caller's transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/deadline.h"
#include "domain/accounts.h"
#include "domain/audit.h"
#include "info/info_check.h"
#include "info/info_internal.h"
#include "util/buf.h"
#include "util/china_time.h"
#include "util/utf8.h"

#define OPINION_MAX_CHARS 1000

int info_record_step(struct db *w, const struct actor *actor, const struct info_item *it, const char *action,
		     enum info_status to, const char *opinion, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_review (item_id, user_id, action, from_status, "
					   "to_status, opinion, at) VALUES (:item, :user, :action, :from, :to, "
					   ":opinion, :now)");
	if (!st)
		return -1;
	db_bind_int(st, ":item", it->id);
	db_bind_int(st, ":user", actor->user_id);
	db_bind_text(st, ":action", action);
	db_bind_text(st, ":from", info_status_name(it->status));
	db_bind_text(st, ":to", info_status_name(to));
	db_bind_text(st, ":opinion", opinion ? opinion : "");
	db_bind_int(st, ":now", now);
	if (db_step(st) < 0)
		return -1;
	struct buf detail = {0};
	buf_printf(&detail, "索引号 %s：%s → %s", it->index_no, info_status_zh(it->status), info_status_zh(to));
	if (opinion && *opinion)
		buf_printf(&detail, "；意见：%s", opinion);
	char audit_action[48];
	snprintf(audit_action, sizeof audit_action, "info.%s", action);
	int64_t rc =
	    audit_append(w, actor->user_id, it->agency_id, audit_action, "info", it->id, detail.data, actor->ip, now);
	buf_free(&detail);
	return rc < 0 ? -1 : 0;
}

/* Loads the item for a step and checks role and agency. On success the caller owns *it. */
enum outcome_code load_for_step(struct db *w, const struct actor *actor, int64_t id, unsigned roles,
				const char *role_text, struct info_item *it, struct outcome *out)
{
	outcome_clear(out);
	memset(it, 0, sizeof *it);
	if (!actor_has(actor, roles))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有%s可以执行此操作", role_text);
	int rc = info_item_get(w, id, it);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || it->agency_id != actor->agency_id) {
		info_item_free(it);
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这条信息");
	}
	return OUTCOME_OK;
}

/* Refuses (OUTCOME_CONFLICT) unless the item is in one of the two states. */
static enum outcome_code require_state(const struct info_item *it, enum info_status a, enum info_status b,
				       const char *step, struct outcome *out)
{
	if (it->status == a || it->status == b)
		return OUTCOME_OK;
	if (it->status == INFO_CLASSIFIED)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "该信息经保密审查认定涉密，永久不得发布，不能%s",
				    step);
	return outcome_fail(out, OUTCOME_CONFLICT, NULL, "信息当前为“%s”状态，不能%s", info_status_zh(it->status),
			    step);
}

/* Refuses (OUTCOME_FORBIDDEN) when the actor created or changed the item. */
static enum outcome_code require_not_editor(struct db *w, const struct actor *actor, const struct info_item *it,
					    const char *step, struct outcome *out)
{
	int edited = info_item_edited_by(w, it->id, actor->user_id);
	if (edited < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (edited)
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "您编辑过这条信息，不能%s自己编辑的信息", step);
	return OUTCOME_OK;
}

static enum outcome_code require_opinion(const char *opinion, const char *what, struct outcome *out)
{
	char *trimmed = info_trim_dup(opinion);
	size_t n = utf8_chars(trimmed);
	free(trimmed);
	if (n == 0)
		return outcome_fail(out, OUTCOME_INVALID, "opinion", "%s：必须填写", what);
	if (n > OPINION_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "opinion", "%s：不能超过 %d 个字", what, OPINION_MAX_CHARS);
	return OUTCOME_OK;
}

static int set_status(struct db *w, int64_t id, enum info_status to, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "UPDATE info_item SET status = :status, updated_at = :now WHERE id = :id");
	if (!st || db_bind_text(st, ":status", info_status_name(to)) < 0 || db_bind_int(st, ":now", now) < 0 ||
	    db_bind_int(st, ":id", id) < 0)
		return -1;
	return db_step(st) < 0 ? -1 : 0;
}

/* Writes the new status and records the step; frees the item. */
static enum outcome_code transition(struct db *w, const struct actor *actor, struct info_item *it, const char *action,
				    enum info_status to, const char *opinion, int64_t now, struct outcome *out)
{
	enum outcome_code code = OUTCOME_OK;
	if (set_status(w, it->id, to, now) < 0 || info_record_step(w, actor, it, action, to, opinion, now) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	info_item_free(it);
	return code;
}

enum outcome_code info_submit(struct db *w, const struct actor *actor, int64_t id, int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code code = load_for_step(w, actor, id, ROLE_EDITOR, "编辑", &it, out);
	if (code != OUTCOME_OK)
		return code;
	if ((code = require_state(&it, INFO_DRAFT, INFO_RETURNED, "提交审查", out)) != OUTCOME_OK) {
		info_item_free(&it);
		return code;
	}
	info_check_warn(w, &it, out); /* 错敏 / personal-data findings: a warning to the editor */
	return transition(w, actor, &it, "submit", INFO_SUBMITTED, NULL, now, out);
}

enum outcome_code info_review(struct db *w, const struct actor *actor, int64_t id, enum info_decision decision,
			      const char *opinion, int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code code = load_for_step(w, actor, id, ROLE_REVIEWER, "保密审查员", &it, out);
	if (code != OUTCOME_OK)
		return code;
	code = require_state(&it, INFO_SUBMITTED, INFO_SUBMITTED, "进行保密审查", out);
	if (code == OUTCOME_OK)
		code = require_not_editor(w, actor, &it, "审查", out);
	if (code == OUTCOME_OK && decision != INFO_PASS)
		code = require_opinion(opinion, decision == INFO_RETURN ? "退回理由" : "涉密认定意见", out);
	if (code == OUTCOME_OK && decision == INFO_PASS)
		code = info_check_gate(w, &it, "审查通过", out); /* 错敏 hit without override: refused */
	struct info_settings s = {0};
	if (code == OUTCOME_OK && info_settings_get(w, actor->agency_id, &s) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	info_settings_free(&s);
	if (code != OUTCOME_OK) {
		info_item_free(&it);
		return code;
	}
	switch (decision) {
	case INFO_PASS:
		return transition(w, actor, &it, "pass", s.leader_approval ? INFO_REVIEWED : INFO_APPROVED, opinion,
				  now, out);
	case INFO_RETURN:
		return transition(w, actor, &it, "return", INFO_RETURNED, opinion, now, out);
	default:
		return transition(w, actor, &it, "classify", INFO_CLASSIFIED, opinion, now, out);
	}
}

enum outcome_code info_approve(struct db *w, const struct actor *actor, int64_t id, bool approve, const char *opinion,
			       int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code code = load_for_step(w, actor, id, ROLE_LEADER, "审批领导", &it, out);
	if (code != OUTCOME_OK)
		return code;
	code = require_state(&it, INFO_REVIEWED, INFO_REVIEWED, "审批", out);
	if (code == OUTCOME_OK)
		code = require_not_editor(w, actor, &it, "审批", out);
	if (code == OUTCOME_OK && !approve)
		code = require_opinion(opinion, "退回理由", out);
	if (code != OUTCOME_OK) {
		info_item_free(&it);
		return code;
	}
	return transition(w, actor, &it, approve ? "approve" : "return", approve ? INFO_APPROVED : INFO_RETURNED,
			  opinion, now, out);
}

/* The due day (第二十六条: formed_on + 20 working days, from the deadline engine), or CAL_NO_DAY
 * without a calendar. */
static int publication_due(const struct calendar *cal, int formed_on)
{
	if (!cal)
		return CAL_NO_DAY;
	struct publication_due due = {0};
	enum cal_status rc = deadline_publication_due(cal, formed_on, &due);
	free(due.staff);
	return rc == CAL_EINVAL ? CAL_NO_DAY : due.due_on;
}

static int write_publication(struct db *w, int64_t id, int64_t at, int due, bool late, int64_t now)
{
	char on[CAL_ISO_SIZE], due_text[CAL_ISO_SIZE] = "";
	int day = china_day(at), year;
	cal_date_from_day(day, &year, &(int){0}, &(int){0});
	if (due != CAL_NO_DAY)
		cal_format_iso(due, due_text);
	struct db_stmt *st = db_prepare(w, "UPDATE info_item SET status = 'published', published_at = :at, "
					   "published_on = :on, pub_year = :year, due_on = :due, late = :late, "
					   "updated_at = :now WHERE id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":at", at);
	db_bind_text(st, ":on", cal_format_iso(day, on));
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":due", due_text);
	db_bind_bool(st, ":late", late);
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":id", id);
	return db_step(st) < 0 ? -1 : 0;
}

enum outcome_code info_publish(struct db *w, const struct actor *actor, int64_t id, int64_t publish_at,
			       const struct calendar *cal, int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code code = load_for_step(w, actor, id, ROLE_EDITOR | ROLE_LEADER, "编辑或审批领导", &it, out);
	if (code != OUTCOME_OK)
		return code;
	if ((code = require_state(&it, INFO_APPROVED, INFO_APPROVED, "发布", out)) != OUTCOME_OK ||
	    (code = info_check_gate(w, &it, "发布", out)) != OUTCOME_OK) {
		info_item_free(&it);
		return code;
	}
	int64_t at = publish_at > now ? publish_at : now;
	int due = publication_due(cal, it.formed_on);
	bool late = due != CAL_NO_DAY && china_day(at) > due;
	char opinion[160] = "";
	char when[CAL_ISO_SIZE], due_text[CAL_ISO_SIZE] = "";
	if (at > now)
		snprintf(opinion, sizeof opinion, "定时发布：%s", cal_format_iso(china_day(at), when));
	if (late)
		snprintf(opinion + strlen(opinion), sizeof opinion - strlen(opinion),
			 "%s超过第二十六条规定的公开时限（应于 %s 前公开）", *opinion ? "；" : "",
			 cal_format_iso(due, due_text));
	if (write_publication(w, id, at, due, late, now) < 0 ||
	    info_record_step(w, actor, &it, "publish", INFO_PUBLISHED, opinion, now) < 0)
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	if (code == OUTCOME_OK && late && out)
		snprintf(out->warning, sizeof out->warning,
			 "发布日期晚于生成日期后第 %d 个工作日（%s），已标记为逾期公开", DEADLINE_PUBLICATION_DAYS,
			 due_text);
	info_item_free(&it);
	return code;
}

enum outcome_code info_withdraw(struct db *w, const struct actor *actor, int64_t id, const char *reason, int64_t now,
				struct outcome *out)
{
	struct info_item it;
	enum outcome_code code =
	    load_for_step(w, actor, id, ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN, "编辑、审批领导或管理员", &it, out);
	if (code != OUTCOME_OK)
		return code;
	code = require_state(&it, INFO_PUBLISHED, INFO_PUBLISHED, "撤回", out);
	if (code == OUTCOME_OK)
		code = require_opinion(reason, "撤回原因", out);
	if (code != OUTCOME_OK) {
		info_item_free(&it);
		return code;
	}
	char on[CAL_ISO_SIZE];
	struct db_stmt *st = db_prepare(w, "UPDATE info_item SET withdrawn_at = :now, withdrawn_on = :on, "
					   "withdraw_reason = :reason WHERE id = :id");
	if (!st || db_bind_int(st, ":now", now) < 0 ||
	    db_bind_text(st, ":on", cal_format_iso(china_day(now), on)) < 0 ||
	    db_bind_text(st, ":reason", reason) < 0 || db_bind_int(st, ":id", id) < 0 || db_step(st) < 0) {
		info_item_free(&it);
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	}
	return transition(w, actor, &it, "withdraw", INFO_WITHDRAWN, reason, now, out);
}

enum outcome_code info_set_validity(struct db *w, const struct actor *actor, int64_t id, enum info_validity validity,
				    int on_day, int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code code = load_for_step(w, actor, id, ROLE_EDITOR | ROLE_LEADER, "编辑或审批领导", &it, out);
	if (code != OUTCOME_OK)
		return code;
	if ((unsigned)validity >= INFO_VALIDITY_COUNT)
		code = outcome_fail(out, OUTCOME_INVALID, "validity", "有效性：应为有效、废止或失效");
	else if (it.doc_type == INFO_DOC_OTHER)
		code = outcome_fail(out, OUTCOME_CONFLICT, NULL, "只有规章和行政规范性文件登记有效性");
	else if (it.status != INFO_PUBLISHED)
		code = outcome_fail(out, OUTCOME_CONFLICT, NULL, "只有已发布的文件可以变更有效性");
	else if (validity != INFO_VALID && (on_day == CAL_NO_DAY || on_day > china_day(now)))
		code = outcome_fail(out, OUTCOME_INVALID, "validity_on", "%s日期：必须填写，且不能晚于今天",
				    info_validity_zh(validity));
	else if (validity != INFO_VALID && on_day < it.formed_on)
		code = outcome_fail(out, OUTCOME_INVALID, "validity_on", "%s日期：不能早于生成日期",
				    info_validity_zh(validity));
	char on[CAL_ISO_SIZE] = "", opinion[96];
	if (code == OUTCOME_OK && validity != INFO_VALID)
		cal_format_iso(on_day, on);
	snprintf(opinion, sizeof opinion, "有效性：%s %s", info_validity_zh(validity), on);
	struct db_stmt *st = code == OUTCOME_OK
				 ? db_prepare(w, "UPDATE info_item SET validity = :v, validity_on = :on, "
						 "updated_at = :now WHERE id = :id")
				 : NULL;
	if (code == OUTCOME_OK &&
	    (!st || db_bind_text(st, ":v", info_validity_name(validity)) < 0 || db_bind_text(st, ":on", on) < 0 ||
	     db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":id", id) < 0 || db_step(st) < 0 ||
	     info_record_step(w, actor, &it, "validity", it.status, opinion, now) < 0))
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	info_item_free(&it);
	return code;
}

/* ---- trails ---- */

void info_steps_free(struct info_step *steps, size_t count)
{
	for (size_t i = 0; steps && i < count; i++)
		free(steps[i].opinion);
	free(steps);
}

static int collect_steps(struct db_stmt *st, struct info_step **out, size_t *count)
{
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*count == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct info_step *s = &(*out)[(*count)++];
		memset(s, 0, sizeof *s);
		s->id = db_column_int(st, 0);
		s->item_id = db_column_int(st, 1);
		s->user_id = db_column_int(st, 2);
		db_column_copy(st, 3, s->action, sizeof s->action);
		db_column_copy(st, 4, s->from_status, sizeof s->from_status);
		db_column_copy(st, 5, s->to_status, sizeof s->to_status);
		s->opinion = db_column_dup(st, 6);
		if (!s->opinion)
			s->opinion = xstrdup("");
		s->at = db_column_int(st, 7);
		db_column_copy(st, 8, s->user_name, sizeof s->user_name);
		db_column_copy(st, 9, s->item_title, sizeof s->item_title);
	}
	if (rc < 0) {
		info_steps_free(*out, *count);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

int info_item_trail(struct db *db, int64_t item_id, struct info_step **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT r.id, r.item_id, r.user_id, r.action, r.from_status, r.to_status, r.opinion, r.at, "
		"coalesce(u.display_name, ''), i.title FROM info_review r JOIN info_item i ON i.id = r.item_id "
		"LEFT JOIN users u ON u.id = r.user_id WHERE r.item_id = :item ORDER BY r.id");
	if (!st || db_bind_int(st, ":item", item_id) < 0)
		return -1;
	return collect_steps(st, out, count);
}

int info_review_history(struct db *db, int64_t user_id, size_t limit, struct info_step **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT r.id, r.item_id, r.user_id, r.action, r.from_status, r.to_status, r.opinion, r.at, "
		"coalesce(u.display_name, ''), i.title FROM info_review r JOIN info_item i ON i.id = r.item_id "
		"LEFT JOIN users u ON u.id = r.user_id WHERE r.user_id = :user ORDER BY r.id DESC LIMIT :limit");
	if (!st || db_bind_int(st, ":user", user_id) < 0 || db_bind_int(st, ":limit", (int64_t)limit) < 0)
		return -1;
	return collect_steps(st, out, count);
}
