/* text.c — the agency's own words in the annual report: the five headings of 一、总体情况 that the
 * 2021 format names, 五、存在的主要问题及改进情况 and 六、其他需要报告的事项. The generated sentences
 * (items per category, applications received and answered, 信息处理费) are added by build.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "domain/accounts.h"
#include "domain/audit.h"

#define TEXT_ROLES    (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)
#define TEXT_MAX_SIZE (64 * 1024)

static const char *const text_names[ANNUAL_TEXT_COUNT] = {
    "proactive", "requests", "management", "platform", "supervision", "problems", "other",
};

static const char *const text_headings[ANNUAL_TEXT_COUNT] = {
    "（一）主动公开情况", "（二）依申请公开情况",	  "（三）政府信息管理情况", "（四）政府信息公开平台建设情况",
    "（五）监督保障情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
};

const char *annual_text_name(int section)
{
	return section >= 0 && section < ANNUAL_TEXT_COUNT ? text_names[section] : NULL;
}

const char *annual_text_heading(int section)
{
	return section >= 0 && section < ANNUAL_TEXT_COUNT ? text_headings[section] : NULL;
}

int annual_text_from_name(const char *name)
{
	return annual_name_index(text_names, ANNUAL_TEXT_COUNT, name);
}

static bool all_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static int write_text(struct db *w, int64_t agency_id, int year, int section, const char *body, int64_t user_id,
		      int64_t now)
{
	struct db_stmt *st;
	if (all_blank(body)) {
		st = db_prepare(
		    w, "DELETE FROM annual_text WHERE agency_id = :agency AND year = :year AND section = :section");
	} else {
		st = db_prepare(
		    w, "INSERT INTO annual_text (agency_id, year, section, body, updated_by, updated_at) VALUES "
		       "(:agency, :year, :section, :body, :user, :now) ON CONFLICT (agency_id, year, section) "
		       "DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = "
		       "excluded.updated_at");
		if (st) {
			db_bind_text(st, ":body", body);
			db_bind_int(st, ":user", user_id);
			db_bind_int(st, ":now", now);
		}
	}
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":section", text_names[section]);
	return db_step(st) == 0 ? 0 : -1;
}

int annual_text_set(struct db *w, const struct actor *actor, int64_t agency_id, int year, int section, const char *body,
		    int64_t now, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, TEXT_ROLES))
		return annual_fail(err, errsize, "只有本机关的编辑、审批领导或管理员可以编写年报文字") + 1;
	if (section < 0 || section >= ANNUAL_TEXT_COUNT)
		return annual_fail(err, errsize, "不认识的年报段落") + 1;
	if (year < 2008 || year > CAL_MAX_YEAR)
		return annual_fail(err, errsize, "年度 %d 无效", year) + 1;
	if (body && strlen(body) > TEXT_MAX_SIZE)
		return annual_fail(err, errsize, "%s 过长（最多 %d 字节）", text_headings[section], TEXT_MAX_SIZE) + 1;
	if (write_text(w, agency_id, year, section, body, actor->user_id, now) < 0)
		return -1;
	char detail[64];
	snprintf(detail, sizeof detail, "%d %s", year, text_names[section]);
	return audit_append(w, actor->user_id, agency_id, "annual.text", "annual_text", year, detail, actor->ip, now) <
		       0
		   ? -1
		   : 1;
}

char *annual_text_get(struct db *db, int64_t agency_id, int year, int section)
{
	if (section < 0 || section >= ANNUAL_TEXT_COUNT)
		return NULL;
	struct db_stmt *st =
	    db_prepare(db, "SELECT body FROM annual_text WHERE agency_id = :agency AND year = :year AND "
			   "section = :section");
	if (!st)
		return NULL;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_text(st, ":section", text_names[section]);
	char *body = NULL;
	if (db_step(st) == 1) {
		body = db_column_dup(st, 0);
		db_reset(st);
	}
	return body;
}
