/* statutory.c — 法定主动公开内容 over the catalogue (which categories are filed under which item of
 * 条例第二十条/第二十一条, and why an empty item is empty) and the 基层政务公开标准目录 rows the
 * administrator maintains. See info_statutory.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "info/info_internal.h"
#include "info/info_statutory.h"
#include "util/buf.h"
#include "util/utf8.h"

static const struct info_category *parent_of(const struct info_category *cats, size_t n, int64_t parent_id)
{
	for (size_t i = 0; parent_id && i < n; i++)
		if (cats[i].id == parent_id)
			return &cats[i];
	return NULL;
}

bool info_statutory_is(const struct info_category *cats, size_t n, size_t i, bool *article21)
{
	const struct info_category *group = parent_of(cats, n, cats[i].parent_id);
	if (!group || group->parent_id != 0)
		return false;
	if (article21)
		*article21 = strcmp(group->code, "B") == 0;
	return strcmp(group->code, "A") == 0 || strcmp(group->code, "B") == 0;
}

static bool descends_from(const struct info_category *cats, size_t n, size_t c, int64_t ancestor)
{
	const struct info_category *p = &cats[c];
	for (size_t guard = 0; p && guard < n; guard++) {
		if (p->id == ancestor)
			return true;
		p = parent_of(cats, n, p->parent_id);
	}
	return false;
}

bool info_statutory_member(const struct info_category *cats, size_t n, size_t s, size_t c)
{
	if (descends_from(cats, n, c, cats[s].id))
		return true;
	bool art21 = false;
	if (!cats[c].basis[0] || !info_statutory_is(cats, n, s, &art21))
		return false;
	if (!art21)
		return strcmp(cats[c].basis, cats[s].basis) == 0;
	char want[160];
	snprintf(want, sizeof want, "条例第二十一条：%s", cats[s].name);
	return strcmp(cats[c].basis, want) == 0;
}

const char *info_statutory_empty_reason(const char *code)
{
	static const struct {
		const char *code, *reason;
	} reasons[] = {
	    {"A02",
	     "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名见本站“政府信息公开指南”和“联系我们”。"},
	    {"A04", "本机关不单独发布统计信息，辖区统计数据由县级统计机构统一发布。"},
	    {"A05", "本机关不是行政许可实施机关；代办的便民服务事项的依据、条件、程序见县级政务服务网。"},
	    {"A06", "本机关本期未作出行政处罚、行政强制决定；作出后将依法公开。"},
	    {"A08", "本机关没有行政事业性收费项目。"},
	    {"A09", "本机关政府集中采购项目由县级政府采购平台统一公开。"},
	    {"A10", "辖区内暂无由本机关负责批准或实施的重大建设项目。"},
	    {"A12", "本期辖区未发生需公开的突发公共事件；应急预案形成后将依法公开。"},
	    {"A14", "公务员招考由县级以上公务员主管部门统一组织和公开。"},
	    {"B12", "辖区为城市街道，无农田水利工程。"},
	    {"B13", "辖区为城市街道，无农村土地承包经营权流转事项。"},
	    {"B14", "辖区为城市街道，无宅基地审核事项。"},
	    {"B15", "本期未开展筹资筹劳。"},
	};
	for (size_t i = 0; code && i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reasons[i].code, code) == 0)
			return reasons[i].reason;
	return "本机关本期暂无此类信息；形成后将自形成之日起20个工作日内公开（条例第二十六条）。";
}

char *info_statutory_reason(struct db *db, int64_t category_id, const char *code, bool *custom)
{
	struct db_stmt *st = db_prepare(db, "SELECT empty_reason FROM info_category WHERE id = :id");
	if (!st || db_bind_int(st, ":id", category_id) < 0)
		return NULL;
	int rc = db_step(st);
	if (rc < 0)
		return NULL;
	char *saved = rc == 1 ? db_column_dup(st, 0) : NULL;
	if (rc == 1)
		db_reset(st);
	bool own = saved && *saved;
	if (custom)
		*custom = own;
	if (own)
		return saved;
	free(saved);
	return xstrdup(info_statutory_empty_reason(code));
}

enum outcome_code info_statutory_set_reason(struct db *w, const struct actor *actor, int64_t category_id,
					    const char *reason, int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以填写空栏目说明");
	struct info_category c;
	int rc = info_category_get(w, category_id, &c);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	int within = rc == 1 ? agency_within(w, c.agency_id, actor->agency_id) : 0; /* own or subordinate agency */
	if (within < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || !within || c.retired)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "本机关及下属机关没有这个类别");
	char *text = info_trim_dup(reason);
	enum outcome_code code = OUTCOME_OK;
	if (utf8_chars(text) > INFO_EMPTY_REASON_MAX_CHARS)
		code = outcome_fail(out, OUTCOME_INVALID, "reason", "空栏目说明：不能超过 %d 个字",
				    INFO_EMPTY_REASON_MAX_CHARS);
	struct db_stmt *st =
	    code == OUTCOME_OK ? db_prepare(w, "UPDATE info_category SET empty_reason = :r WHERE id = :id") : NULL;
	if (code == OUTCOME_OK &&
	    (!st || db_bind_text(st, ":r", text) < 0 || db_bind_int(st, ":id", category_id) < 0 || db_step(st) < 0))
		code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (code == OUTCOME_OK) {
		struct buf detail = {0};
		buf_printf(&detail, "空栏目说明（%s %s）：%s", c.code, c.name, *text ? text : "恢复标准说明");
		if (audit_append(w, actor->user_id, actor->agency_id, "info.category.empty_reason", "info_category",
				 category_id, detail.data, actor->ip, now) < 0)
			code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
		buf_free(&detail);
	}
	free(text);
	return code;
}

static void read_entry(struct db_stmt *st, struct info_standard_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = db_column_int(st, 0);
	db_column_copy(st, 1, e->domain, sizeof e->domain);
	db_column_copy(st, 2, e->matter, sizeof e->matter);
	db_column_copy(st, 3, e->content, sizeof e->content);
	db_column_copy(st, 4, e->basis, sizeof e->basis);
	db_column_copy(st, 5, e->time_limit, sizeof e->time_limit);
	db_column_copy(st, 6, e->subject, sizeof e->subject);
	db_column_copy(st, 7, e->channels, sizeof e->channels);
	db_column_copy(st, 8, e->audience, sizeof e->audience);
	db_column_copy(st, 9, e->mode, sizeof e->mode);
	db_column_copy(st, 10, e->level, sizeof e->level);
	db_column_copy(st, 11, e->category_code, sizeof e->category_code);
	e->sort_order = (int)db_column_int(st, 12);
}

int info_standard_list(struct db *db, struct info_standard_entry **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, domain, matter, content, basis, time_limit, subject, "
					    "channels, audience, mode, level, category_code, sort_order FROM "
					    "info_standard_entry WHERE retired_at = 0 ORDER BY sort_order, id");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = info_grow(*out, *count, &cap, sizeof **out);
		read_entry(st, &(*out)[(*count)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

static enum outcome_code validate_standard(const struct info_standard_entry *e, struct outcome *out)
{
	size_t d = utf8_chars(e->domain), m = utf8_chars(e->matter);
	if (d == 0 || d > 30)
		return outcome_fail(out, OUTCOME_INVALID, "domain", "领域：必须填写，不超过 30 个字");
	if (m == 0 || m > 60)
		return outcome_fail(out, OUTCOME_INVALID, "matter", "公开事项：必须填写，不超过 60 个字");
	if (strcmp(e->audience, "全社会") != 0 && strcmp(e->audience, "特定群体") != 0)
		return outcome_fail(out, OUTCOME_INVALID, "audience", "公开对象：应为全社会或特定群体");
	if (strcmp(e->mode, "主动") != 0 && strcmp(e->mode, "依申请") != 0)
		return outcome_fail(out, OUTCOME_INVALID, "mode", "公开方式：应为主动或依申请");
	const char *long_fields[] = {e->content, e->basis, e->time_limit, e->subject, e->channels};
	for (size_t i = 0; i < sizeof long_fields / sizeof long_fields[0]; i++)
		if (utf8_chars(long_fields[i]) > 100)
			return outcome_fail(out, OUTCOME_INVALID, NULL, "目录内容：每项不超过 100 个字");
	return OUTCOME_OK;
}

static int write_standard(struct db *w, struct info_standard_entry *e)
{
	struct db_stmt *st =
	    e->id ? db_prepare(w, "UPDATE info_standard_entry SET domain = :domain, matter = :matter, content = "
				  ":content, basis = :basis, time_limit = :limit, subject = :subject, channels = "
				  ":channels, audience = :audience, mode = :mode, level = :level, category_code = "
				  ":cat, sort_order = :sort WHERE id = :id AND retired_at = 0")
		  : db_prepare(w, "INSERT INTO info_standard_entry (domain, matter, content, basis, time_limit, "
				  "subject, channels, audience, mode, level, category_code, sort_order) VALUES "
				  "(:domain, :matter, :content, :basis, :limit, :subject, :channels, :audience, "
				  ":mode, :level, :cat, :sort)");
	if (!st)
		return -1;
	if (e->id)
		db_bind_int(st, ":id", e->id);
	db_bind_text(st, ":domain", e->domain);
	db_bind_text(st, ":matter", e->matter);
	db_bind_text(st, ":content", e->content);
	db_bind_text(st, ":basis", e->basis);
	db_bind_text(st, ":limit", e->time_limit);
	db_bind_text(st, ":subject", e->subject);
	db_bind_text(st, ":channels", e->channels);
	db_bind_text(st, ":audience", e->audience);
	db_bind_text(st, ":mode", e->mode);
	db_bind_text(st, ":level", e->level);
	db_bind_text(st, ":cat", e->category_code);
	db_bind_int(st, ":sort", e->sort_order);
	if (db_step(st) < 0)
		return -1;
	if (e->id)
		return db_changes(w) == 1 ? 0 : 1;
	struct db_stmt *last = db_prepare(w, "SELECT last_insert_rowid()");
	return last && db_step_int(last, &e->id) == 1 ? 0 : -1;
}

enum outcome_code info_standard_save(struct db *w, const struct actor *actor, struct info_standard_entry *e,
				     int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护基层政务公开标准目录");
	enum outcome_code code = validate_standard(e, out);
	if (code != OUTCOME_OK)
		return code;
	bool update = e->id != 0;
	int rc = write_standard(w, e);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc > 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "标准目录中没有这一条");
	struct buf detail = {0};
	buf_printf(&detail, "标准目录%s：%s / %s", update ? "修改" : "新增", e->domain, e->matter);
	int64_t a = audit_append(w, actor->user_id, actor->agency_id, "info.standard.save", "info_standard_entry",
				 e->id, detail.data, actor->ip, now);
	buf_free(&detail);
	return a < 0 ? outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误") : OUTCOME_OK;
}

enum outcome_code info_standard_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				       struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护基层政务公开标准目录");
	static const struct info_retire_what what = {"info_standard_entry", "info.standard.retire",
						     "标准目录中没有这一条", "标准目录停用一条"};
	return info_retire_row(
	    w, db_prepare(w, "UPDATE info_standard_entry SET retired_at = :now WHERE id = :id AND retired_at = 0"),
	    actor, id, now, &what, out);
}
