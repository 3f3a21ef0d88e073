/* settings.c — the per-agency settings of 主动公开 (table info_settings): 索引号 pattern and code,
 * optional leader approval, publication channel and the editable part of the 公开指南. An agency
 * without a row gets the defaults, so nothing has to be set up before the first item. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "info/info_internal.h"
#include "util/buf.h"

static void settings_defaults(struct info_settings *s, int64_t agency_id)
{
	memset(s, 0, sizeof *s);
	s->agency_id = agency_id;
	snprintf(s->index_pattern, sizeof s->index_pattern, "%s", INFO_DEFAULT_INDEX_PATTERN);
}

int info_settings_get(struct db *db, int64_t agency_id, struct info_settings *out)
{
	settings_defaults(out, agency_id);
	struct db_stmt *st = db_prepare(db, "SELECT index_pattern, agency_code, leader_approval, channel, guide_extra "
					    "FROM info_settings WHERE agency_id = :agency");
	if (!st || db_bind_int(st, ":agency", agency_id) < 0) {
		out->guide_extra = xstrdup("");
		return -1;
	}
	int rc = db_step(st);
	if (rc == 1) {
		db_column_copy(st, 0, out->index_pattern, sizeof out->index_pattern);
		db_column_copy(st, 1, out->agency_code, sizeof out->agency_code);
		out->leader_approval = db_column_bool(st, 2);
		db_column_copy(st, 3, out->channel, sizeof out->channel);
		out->guide_extra = db_column_dup(st, 4);
		db_reset(st);
	}
	if (!out->guide_extra)
		out->guide_extra = xstrdup("");
	return rc < 0 ? -1 : 0;
}

void info_settings_free(struct info_settings *s)
{
	if (!s)
		return;
	free(s->guide_extra);
	s->guide_extra = NULL;
}

enum outcome_code info_settings_save(struct db *w, const struct actor *actor, const struct info_settings *s,
				     int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN) || actor->agency_id != s->agency_id)
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有本机关的管理员可以修改主动公开设置");
	char why[160];
	if (!info_index_pattern_valid(s->index_pattern, why, sizeof why))
		return outcome_fail(out, OUTCOME_INVALID, "index_pattern", "索引号规则：%s", why);
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO info_settings (agency_id, index_pattern, agency_code, leader_approval, channel, "
	       "guide_extra, updated_at) VALUES (:agency, :pattern, :code, :leader, :channel, :guide, :now) "
	       "ON CONFLICT (agency_id) DO UPDATE SET index_pattern = excluded.index_pattern, "
	       "agency_code = excluded.agency_code, leader_approval = excluded.leader_approval, "
	       "channel = excluded.channel, guide_extra = excluded.guide_extra, updated_at = excluded.updated_at");
	if (!st)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	db_bind_int(st, ":agency", s->agency_id);
	db_bind_text(st, ":pattern", s->index_pattern);
	db_bind_text(st, ":code", s->agency_code);
	db_bind_bool(st, ":leader", s->leader_approval);
	db_bind_text(st, ":channel", s->channel);
	db_bind_text(st, ":guide", s->guide_extra ? s->guide_extra : "");
	db_bind_int(st, ":now", now);
	if (db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
	char detail[512];
	snprintf(detail, sizeof detail, "索引号规则=%s；机构代码=%s；领导审批=%s", s->index_pattern, s->agency_code,
		 s->leader_approval ? "是" : "否");
	if (audit_append(w, actor->user_id, s->agency_id, "info.settings", "agency", s->agency_id, detail, actor->ip,
			 now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志");
	return OUTCOME_OK;
}
