/* item_meta.c — 主题分类, 发布机构 from the agency tree and the 替代文件 of a repealed item (see
 * info_meta.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "info/info_internal.h"
#include "info/info_meta.h"
#include "info/info_search_fold.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- the theme list ---- */

static void read_theme(struct db_stmt *st, struct info_theme *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_column_int(st, 0);
	db_column_copy(st, 1, t->code, sizeof t->code);
	db_column_copy(st, 2, t->name, sizeof t->name);
	t->sort_order = (int)db_column_int(st, 3);
	t->retired_at = db_column_int(st, 4);
}

/* Reads every row of st (columns as read_theme, plus the count as column 5 when counted). */
static int read_themes(struct db_stmt *st, bool counted, struct info_theme **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = info_grow(*out, *count, &cap, sizeof **out);
		read_theme(st, &(*out)[*count]);
		if (counted)
			(*out)[*count].published = db_column_int(st, 5);
		(*count)++;
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
	}
	return rc < 0 ? -1 : 0;
}

int info_theme_list(struct db *db, bool with_retired, struct info_theme **out, size_t *count)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT id, code, name, sort_order, retired_at FROM info_theme "
			   "WHERE :all = 1 OR retired_at = 0 ORDER BY retired_at <> 0, sort_order, code");
	if (st)
		db_bind_int(st, ":all", with_retired);
	return read_themes(st, false, out, count);
}

int info_theme_counts(struct db *db, int64_t agency_id, int64_t now, struct info_theme **out, size_t *count)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT t.id, t.code, t.name, t.sort_order, t.retired_at, count(*) FROM info_item i "
			   "JOIN info_theme t ON t.code = i.theme_code WHERE i.agency_id = :agency AND i.status = "
			   "'published' AND i.published_at > 0 AND i.published_at <= :now "
			   "GROUP BY t.id ORDER BY t.sort_order, t.code");
	if (st) {
		db_bind_int(st, ":agency", agency_id);
		db_bind_int(st, ":now", now);
	}
	return read_themes(st, true, out, count);
}

int info_theme_find(struct db *db, const char *text, struct info_theme *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, "SELECT id, code, name, sort_order, retired_at FROM info_theme "
					    "WHERE retired_at = 0 AND (code = :t OR name = :t) LIMIT 1");
	if (!st || db_bind_text(st, ":t", text ? text : "") < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		read_theme(st, out);
		db_reset(st);
	}
	return rc;
}

static enum outcome_code theme_audit(struct db *w, const struct actor *actor, const char *action, int64_t id,
				     const char *detail, int64_t now, struct outcome *out)
{
	if (audit_append(w, actor->user_id, actor->agency_id, action, "info_theme", id, detail, actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	return OUTCOME_OK;
}

/* A name of 2 to INFO_THEME_NAME_MAX_CHARS characters that no other theme in use has. */
static enum outcome_code check_name(struct db *w, const char *name, int64_t except_id, struct outcome *out)
{
	size_t n = utf8_chars(name);
	if (n < 2 || n > INFO_THEME_NAME_MAX_CHARS || strlen(name) >= sizeof((struct info_theme *)0)->name)
		return outcome_fail(out, OUTCOME_INVALID, "name", "主题名称：应为 2 至 %d 个字",
				    INFO_THEME_NAME_MAX_CHARS);
	struct db_stmt *st =
	    db_prepare(w, "SELECT count(*) FROM info_theme WHERE retired_at = 0 AND name = :name AND id <> :id");
	int64_t dup = 0;
	if (!st || db_bind_text(st, ":name", name) < 0 || db_bind_int(st, ":id", except_id) < 0 ||
	    db_step_int(st, &dup) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (dup)
		return outcome_fail(out, OUTCOME_INVALID, "name", "主题名称：“%s”已在主题分类中", name);
	return OUTCOME_OK;
}

static enum outcome_code check_code(struct db *w, const char *code, struct outcome *out)
{
	size_t n = strlen(code);
	bool ok = n >= 1 && n <= 8;
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)code[i]) != 0;
	if (!ok)
		return outcome_fail(out, OUTCOME_INVALID, "code", "主题代码：应为 1 至 8 位字母或数字");
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM info_theme WHERE code = :code");
	int64_t dup = 0;
	if (!st || db_bind_text(st, ":code", code) < 0 || db_step_int(st, &dup) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (dup) /* retired codes stay taken: items may still carry them */
		return outcome_fail(out, OUTCOME_INVALID, "code", "主题代码：“%s”已被使用（含已停用的主题）", code);
	return OUTCOME_OK;
}

static enum outcome_code require_admin(const struct actor *actor, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护主题分类");
	return OUTCOME_OK;
}

enum outcome_code info_theme_add(struct db *w, const struct actor *actor, const char *code, const char *name,
				 int64_t now, struct outcome *out)
{
	enum outcome_code rc = require_admin(actor, out);
	char *c = info_trim_dup(code), *n = info_trim_dup(name);
	if (rc == OUTCOME_OK)
		rc = check_code(w, c, out);
	if (rc == OUTCOME_OK)
		rc = check_name(w, n, 0, out);
	struct db_stmt *st =
	    rc == OUTCOME_OK
		? db_prepare(w,
			     "INSERT INTO info_theme (code, name, sort_order, created_by, created_at) VALUES (:code, "
			     ":name, (SELECT coalesce(max(sort_order), 0) + 1 FROM info_theme), :user, :now) "
			     "RETURNING id")
		: NULL;
	int64_t id = 0;
	if (rc == OUTCOME_OK && (!st || db_bind_text(st, ":code", c) < 0 || db_bind_text(st, ":name", n) < 0 ||
				 db_bind_int(st, ":user", actor->user_id) < 0 || db_bind_int(st, ":now", now) < 0 ||
				 db_step_int(st, &id) != 1))
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == OUTCOME_OK) {
		char detail[160];
		snprintf(detail, sizeof detail, "主题分类新增：%s %s", c, n);
		rc = theme_audit(w, actor, "info.theme.add", id, detail, now, out);
	}
	free(c);
	free(n);
	return rc;
}

enum outcome_code info_theme_rename(struct db *w, const struct actor *actor, int64_t id, const char *name, int64_t now,
				    struct outcome *out)
{
	enum outcome_code rc = require_admin(actor, out);
	char *n = info_trim_dup(name);
	if (rc == OUTCOME_OK)
		rc = check_name(w, n, id, out);
	struct db_stmt *st = rc == OUTCOME_OK
				 ? db_prepare(w, "UPDATE info_theme SET name = :name WHERE id = :id AND retired_at = 0")
				 : NULL;
	if (rc == OUTCOME_OK &&
	    (!st || db_bind_text(st, ":name", n) < 0 || db_bind_int(st, ":id", id) < 0 || db_step(st) < 0))
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == OUTCOME_OK && db_changes(w) == 0)
		rc = outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个主题（或已停用）");
	if (rc == OUTCOME_OK) {
		char detail[160];
		snprintf(detail, sizeof detail, "主题分类改名为：%s", n);
		rc = theme_audit(w, actor, "info.theme.rename", id, detail, now, out);
	}
	free(n);
	return rc;
}

enum outcome_code info_theme_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				    struct outcome *out)
{
	enum outcome_code rc = require_admin(actor, out);
	if (rc != OUTCOME_OK)
		return rc;
	static const struct info_retire_what what = {"info_theme", "info.theme.retire", "没有这个主题（或已停用）",
						     "主题分类停用一项"};
	return info_retire_row(
	    w, db_prepare(w, "UPDATE info_theme SET retired_at = :now WHERE id = :id AND retired_at = 0"), actor, id,
	    now, &what, out);
}

/* The default theme of a category code into out ("" when none). 0 or -1. */
static int theme_default(struct db *w, const char *category_code, char out[16])
{
	*out = '\0';
	struct db_stmt *st = db_prepare(w, "SELECT d.theme_code FROM info_theme_default d JOIN info_theme t ON "
					   "t.code = d.theme_code AND t.retired_at = 0 WHERE d.category_code = :code");
	if (!st || db_bind_text(st, ":code", category_code) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		db_column_copy(st, 0, out, 16);
		db_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

enum outcome_code info_theme_default_of(struct db *w, const char *category_code, char out_code[16], struct outcome *out)
{
	return theme_default(w, category_code, out_code) < 0 ? outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误")
							     : OUTCOME_OK;
}

enum outcome_code info_item_set_theme(struct db *w, const struct actor *actor, int64_t id, const char *theme,
				      int64_t now, struct outcome *out)
{
	struct info_item it;
	enum outcome_code rc = load_for_step(w, actor, id, ROLE_EDITOR, "编辑", &it, out);
	if (rc != OUTCOME_OK)
		return rc;
	struct info_theme t = {0};
	int found = theme && *theme ? info_theme_find(w, theme, &t) : 0;
	if (it.status == INFO_WITHDRAWN || it.status == INFO_CLASSIFIED)
		rc = outcome_fail(out, OUTCOME_CONFLICT, NULL, "信息处于“%s”状态，不能更改主题分类",
				  info_status_zh(it.status));
	else if (found < 0)
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	else if (found == 0)
		rc = outcome_fail(out, OUTCOME_INVALID, "theme", "主题分类：请从列表中选择");
	struct db_stmt *st =
	    rc == OUTCOME_OK
		? db_prepare(w, "UPDATE info_item SET theme_code = :theme, updated_at = :now WHERE id = :id")
		: NULL;
	char opinion[192];
	snprintf(opinion, sizeof opinion, "主题分类：%s → %s", *it.theme_name ? it.theme_name : "未分类", t.name);
	if (rc == OUTCOME_OK && (!st || db_bind_text(st, ":theme", t.code) < 0 || db_bind_int(st, ":now", now) < 0 ||
				 db_bind_int(st, ":id", id) < 0 || db_step(st) < 0 ||
				 info_record_step(w, actor, &it, "theme", it.status, opinion, now) < 0))
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	info_item_free(&it);
	return rc;
}

/* ---- 发布机构 ---- */

/* 1 when a and b are the same agency or one lies above the other, 0 when not, -1 on error. */
static int related(struct db *db, int64_t a, int64_t b)
{
	int up = agency_within(db, a, b);
	return up != 0 ? up : agency_within(db, b, a);
}

int info_publisher_choices(struct db *db, int64_t agency_id, struct agency **out, size_t *count)
{
	struct agency *all;
	size_t n;
	*out = NULL;
	*count = 0;
	if (agency_list(db, &all, &n) < 0)
		return -1;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = all[i].retired_at ? 0 : related(db, agency_id, all[i].id);
		if (rc < 0) {
			free(all);
			return -1;
		}
		if (rc)
			all[kept++] = all[i];
	}
	if (kept == 0) {
		free(all);
		all = NULL;
	}
	*out = all;
	*count = kept;
	return 0;
}

enum outcome_code info_publisher_check(struct db *db, int64_t agency_id, const char *publisher, struct outcome *out)
{
	struct agency *list;
	size_t n;
	if (info_publisher_choices(db, agency_id, &list, &n) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	bool ok = false;
	for (size_t i = 0; i < n && !ok; i++)
		ok = strcmp(list[i].name, publisher ? publisher : "") == 0;
	free(list);
	if (!ok)
		return outcome_fail(out, OUTCOME_INVALID, "publisher",
				    "发布机构：应从机构列表中选择本机关、上级或下属机构的全称，“%s”不在其中",
				    publisher ? publisher : "");
	return OUTCOME_OK;
}

/* ---- 替代文件 ---- */

/* The public item of agency_id named by text (its 索引号, or a decimal id). 1, 0 none, -1 error. */
static int find_replacement(struct db *w, int64_t agency_id, const char *text, int64_t now, struct info_item *out)
{
	memset(out, 0, sizeof *out);
	int64_t id = info_item_by_index_no(w, text, now);
	char *end = NULL;
	long long n = id == 0 ? strtoll(text, &end, 10) : 0;
	if (id == 0 && end && *end == '\0' && n > 0)
		id = n;
	if (id <= 0)
		return id < 0 ? -1 : 0;
	int rc = info_item_get_public(w, id, now, out);
	if (rc == 1 && out->agency_id != agency_id) {
		info_item_free(out);
		return 0;
	}
	return rc;
}

enum outcome_code info_item_set_replacement(struct db *w, const struct actor *actor, int64_t id,
					    const char *replacement, int64_t now, struct outcome *out)
{
	struct info_item it, by = {0};
	enum outcome_code rc = load_for_step(w, actor, id, ROLE_EDITOR | ROLE_LEADER, "编辑或审批领导", &it, out);
	if (rc != OUTCOME_OK)
		return rc;
	char *text = info_trim_dup(replacement);
	int found = *text ? find_replacement(w, it.agency_id, text, now, &by) : 0;
	if (it.validity == INFO_VALID)
		rc = outcome_fail(out, OUTCOME_CONFLICT, NULL, "只有已废止或失效的文件可以登记替代文件");
	else if (found < 0)
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	else if (*text && found == 0)
		rc = outcome_fail(out, OUTCOME_INVALID, "replaced_by", "替代文件：本机关没有索引号为“%s”的已公开信息",
				  text);
	else if (found && by.id == it.id)
		rc = outcome_fail(out, OUTCOME_INVALID, "replaced_by", "替代文件：不能是本文件自己");
	struct db_stmt *st =
	    rc == OUTCOME_OK ? db_prepare(w, "UPDATE info_item SET replaced_by = :by, updated_at = :now WHERE id = :id")
			     : NULL;
	char opinion[256];
	snprintf(opinion, sizeof opinion, "替代文件：%s", found ? by.index_no : "无");
	if (rc == OUTCOME_OK &&
	    (!st || db_bind_int(st, ":by", found ? by.id : 0) < 0 || db_bind_int(st, ":now", now) < 0 ||
	     db_bind_int(st, ":id", id) < 0 || db_step(st) < 0 ||
	     info_record_step(w, actor, &it, "replaced", it.status, opinion, now) < 0))
		rc = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	free(text);
	info_item_free(&by);
	info_item_free(&it);
	return rc;
}
