/* category.c — the 政府信息公开目录 of each agency: a tree of categories with the defaults the law and
 * the seed report call for, and the admin operations (add, edit, order, retire, merge) that never
 * lose an item: retiring keeps items in place, merging moves them and remembers where. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "info/info_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

struct default_category {
	const char *code, *name, *basis;
};

/* The categories the seed report counts, in its order (they lead the tree so that the annual-report
 * sentence lists them as the report does). Their basis files them under the statutory category of
 * 条例第二十条/第二十一条 they belong to (the 法定主动公开内容 page, src/info/statutory.c). */
static const struct default_category seed_categories[] = {
    {"C01", "政策文件", "条例第二十条第（一）项"},
    {"C02", "动态信息", ""}, /* 工作动态: not a statutory category */
    {"C03", "规划计划", "条例第二十条第（三）项"},
    {"C04", "会议报告", "条例第二十条第（十五）项"},
    {"C05", "财政信息", "条例第二十条第（七）项"},
    {"C06", "安全生产", "条例第二十条第（十三）项"},
    {"C07", "社会救助", "条例第二十一条：社会救助"},
    {"C08", "养老服务", "条例第二十条第（十一）项"},
    {"C09", "涉农补贴", "条例第二十一条：贯彻落实农业农村政策"},
    {"C10", "公示公告", "条例第二十条第（十五）项"},
    {"WZBB", "政府网站年度工作报表", ""}, /* 国办函〔2018〕12号: not a 条例 category; linked from the home page */
};

/* The fifteen items of 条例第二十条. */
static const struct default_category article20[] = {
    {"A01", "行政法规、规章和规范性文件", "条例第二十条第（一）项"},
    {"A02", "机关职能", "条例第二十条第（二）项"},
    {"A03", "发展规划", "条例第二十条第（三）项"},
    {"A04", "统计信息", "条例第二十条第（四）项"},
    {"A05", "行政许可和其他对外管理服务事项", "条例第二十条第（五）项"},
    {"A06", "行政处罚和行政强制", "条例第二十条第（六）项"},
    {"A07", "财政预算决算", "条例第二十条第（七）项"},
    {"A08", "行政事业性收费", "条例第二十条第（八）项"},
    {"A09", "政府集中采购", "条例第二十条第（九）项"},
    {"A10", "重大建设项目", "条例第二十条第（十）项"},
    {"A11", "扶贫、教育、医疗、社会保障、促进就业", "条例第二十条第（十一）项"},
    {"A12", "突发公共事件应急管理", "条例第二十条第（十二）项"},
    {"A13", "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查", "条例第二十条第（十三）项"},
    {"A14", "公务员招考录用", "条例第二十条第（十四）项"},
    {"A15", "其他法定主动公开信息", "条例第二十条第（十五）项"},
};

/* 第二十一条: 设区的市级、县级人民政府及其部门. (社会救助 is already a seed category.) */
static const struct default_category article21_county[] = {
    {"B01", "市政建设", "条例第二十一条"}, {"B02", "公共服务", "条例第二十一条"}, {"B03", "公益事业", "条例第二十一条"},
    {"B04", "土地征收", "条例第二十一条"}, {"B05", "房屋征收", "条例第二十一条"}, {"B06", "治安管理", "条例第二十一条"},
};

/* 第二十一条: 乡（镇）人民政府 (also used for 街道办事处). */
static const struct default_category article21_township[] = {
    {"B11", "贯彻落实农业农村政策", "条例第二十一条"},
    {"B12", "农田水利工程建设运营", "条例第二十一条"},
    {"B13", "农村土地承包经营权流转", "条例第二十一条"},
    {"B14", "宅基地使用情况审核", "条例第二十一条"},
    {"B04", "土地征收", "条例第二十一条"},
    {"B05", "房屋征收", "条例第二十一条"},
    {"B15", "筹资筹劳", "条例第二十一条"},
};

static int64_t insert_category(struct db *w, int64_t agency_id, int64_t parent_id, const char *code, const char *name,
			       const char *basis, int order, int64_t now)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_category (agency_id, parent_id, code, name, basis, "
					   "sort_order, created_at) VALUES (:agency, :parent, :code, :name, :basis, "
					   ":sort, :now) RETURNING id");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	if (parent_id > 0)
		db_bind_int(st, ":parent", parent_id);
	else
		db_bind_null(st, ":parent");
	db_bind_text(st, ":code", code);
	db_bind_text(st, ":name", name);
	db_bind_text(st, ":basis", basis);
	db_bind_int(st, ":sort", order);
	db_bind_int(st, ":now", now);
	int64_t id = 0;
	return db_step_int(st, &id) == 1 ? id : -1;
}

/* Inserts a group and its children; returns the number of rows created or -1. */
static int install_group(struct db *w, int64_t agency_id, const char *code, const char *name, int order,
			 const struct default_category *list, size_t n, int64_t now)
{
	int64_t group = insert_category(w, agency_id, 0, code, name, "", order, now);
	if (group < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (insert_category(w, agency_id, group, list[i].code, list[i].name, list[i].basis, (int)i + 1, now) <
		    0)
			return -1;
	return (int)n + 1;
}

int info_categories_install_defaults(struct db *w, int64_t agency_id, int64_t now)
{
	int64_t existing = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM info_category WHERE agency_id = :agency");
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_step_int(st, &existing) != 1)
		return -1;
	if (existing > 0)
		return 0;
	struct agency a;
	if (agency_get(w, agency_id, &a) != 1)
		return -1;
	bool township = a.level == AGENCY_TOWNSHIP || a.level == AGENCY_SUBDISTRICT;
	const struct default_category *local = township ? article21_township : article21_county;
	size_t nlocal = township ? sizeof article21_township / sizeof article21_township[0]
				 : sizeof article21_county / sizeof article21_county[0];
	int a1 = install_group(w, agency_id, "C", "主动公开信息", 1, seed_categories,
			       sizeof seed_categories / sizeof seed_categories[0], now);
	int a2 = a1 < 0 ? -1
			: install_group(w, agency_id, "A", "法定主动公开内容", 2, article20,
					sizeof article20 / sizeof article20[0], now);
	int a3 = a2 < 0 ? -1 : install_group(w, agency_id, "B", "地方主动公开内容", 3, local, nlocal, now);
	return a3 < 0 ? -1 : a1 + a2 + a3;
}

enum outcome_code info_categories_defaults(struct db *w, const struct actor *actor, int64_t now, int *created,
					   struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以安装默认目录");
	*created = info_categories_install_defaults(w, actor->agency_id, now);
	if (*created < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法安装默认目录");
	char detail[64];
	snprintf(detail, sizeof detail, "安装默认目录 %d 个类别", *created);
	if (*created > 0 && audit_append(w, actor->user_id, actor->agency_id, "info.category.defaults", "agency",
					 actor->agency_id, detail, actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志");
	return OUTCOME_OK;
}

static void read_category(struct db_stmt *st, struct info_category *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_column_int(st, 0);
	c->agency_id = db_column_int(st, 1);
	c->parent_id = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2);
	db_column_copy(st, 3, c->code, sizeof c->code);
	db_column_copy(st, 4, c->name, sizeof c->name);
	db_column_copy(st, 5, c->basis, sizeof c->basis);
	c->sort_order = (int)db_column_int(st, 6);
	c->retired = db_column_int(st, 7) != 0;
	c->merged_into = db_column_is_null(st, 8) ? 0 : db_column_int(st, 8);
}

int info_category_get(struct db *db, int64_t id, struct info_category *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, agency_id, parent_id, code, name, basis, sort_order, "
					    "retired_at, merged_into FROM info_category WHERE id = :id");
	if (!st || db_bind_int(st, ":id", id) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		read_category(st, out);
		db_reset(st);
	}
	return rc;
}

int info_category_resolve(struct db *db, int64_t agency_id, const char *id_or_name, struct info_category *out)
{
	if (!id_or_name || !*id_or_name)
		return 0;
	char *end = NULL;
	long long id = strtoll(id_or_name, &end, 10);
	if (end && *end == '\0' && id > 0) {
		int rc = info_category_get(db, id, out);
		return rc == 1 && (out->agency_id != agency_id || out->retired) ? 0 : rc;
	}
	struct db_stmt *st = db_prepare(db, "SELECT id, agency_id, parent_id, code, name, basis, sort_order, "
					    "retired_at, merged_into FROM info_category WHERE agency_id = :agency "
					    "AND name = :name AND retired_at = 0 ORDER BY id LIMIT 1");
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_bind_text(st, ":name", id_or_name) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		read_category(st, out);
		db_reset(st);
	}
	return rc;
}

/* Appends the children of parent (depth d) from flat[] into tree[] in order, recursively. */
static void tree_order(const struct info_category *flat, size_t n, int64_t parent, int depth,
		       struct info_category *tree, size_t *pos)
{
	for (size_t i = 0; i < n; i++) {
		if (flat[i].parent_id != parent)
			continue;
		tree[*pos] = flat[i];
		tree[*pos].depth = depth;
		(*pos)++;
		if (depth < 16)
			tree_order(flat, n, flat[i].id, depth + 1, tree, pos);
	}
}

int info_category_list(struct db *db, int64_t agency_id, bool include_retired, int64_t now, struct info_category **out,
		       size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT c.id, c.agency_id, c.parent_id, c.code, c.name, c.basis, c.sort_order, c.retired_at, "
		"c.merged_into, (SELECT count(*) FROM info_item i WHERE i.category_id = c.id AND "
		"i.status = 'published' AND i.published_at <= :now) FROM info_category c "
		"WHERE c.agency_id = :agency AND (:all = 1 OR c.retired_at = 0) ORDER BY c.sort_order, c.id");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":now", now);
	db_bind_bool(st, ":all", include_retired);
	struct info_category *flat = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			flat = xrealloc(flat, cap * sizeof *flat);
		}
		read_category(st, &flat[n]);
		flat[n].published = db_column_int(st, 9);
		n++;
	}
	if (rc < 0 || n == 0) {
		free(flat);
		return rc < 0 ? -1 : 0;
	}
	/* Children of a hidden (retired) parent are attached to the top level so none is lost. */
	for (size_t i = 0; i < n; i++) {
		bool parent_shown = flat[i].parent_id == 0;
		for (size_t j = 0; j < n && !parent_shown; j++)
			parent_shown = flat[j].id == flat[i].parent_id;
		if (!parent_shown)
			flat[i].parent_id = 0;
	}
	struct info_category *tree = xcalloc(n, sizeof *tree);
	size_t pos = 0;
	tree_order(flat, n, 0, 0, tree, &pos);
	free(flat);
	*out = tree;
	*count = pos;
	return 0;
}

static bool code_valid(const char *code)
{
	if (!code || !*code || strlen(code) >= 32)
		return false;
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

/* True (1) when candidate is id itself or lies below it, 0 if not, -1 on error. */
static int is_descendant(struct db *db, int64_t candidate, int64_t id)
{
	for (int guard = 0; candidate > 0 && guard < 64; guard++) {
		if (candidate == id)
			return 1;
		struct info_category c;
		int rc = info_category_get(db, candidate, &c);
		if (rc != 1)
			return rc < 0 ? -1 : 0;
		candidate = c.parent_id;
	}
	return 0;
}

/* Checks a category before saving it; returns OUTCOME_OK or the failure. */
static enum outcome_code check_category(struct db *w, const struct actor *actor, const struct info_category *c,
					struct outcome *out)
{
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护信息公开目录");
	if (utf8_chars(c->name) == 0 || strlen(c->name) >= sizeof c->name - 1)
		return outcome_fail(out, OUTCOME_INVALID, "name", "类别名称：不能为空，且不超过 30 个汉字");
	if (!code_valid(c->code))
		return outcome_fail(out, OUTCOME_INVALID, "code",
				    "类别代码：只能由字母、数字、“-”和“_”组成（1–31 个字符）");
	if (c->parent_id > 0) {
		struct info_category parent;
		int rc = info_category_get(w, c->parent_id, &parent);
		if (rc < 0)
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
		if (rc == 0 || parent.agency_id != actor->agency_id || parent.retired)
			return outcome_fail(out, OUTCOME_INVALID, "parent_id", "上级类别：不存在或已停用");
		if (c->id > 0 && is_descendant(w, c->parent_id, c->id) != 0)
			return outcome_fail(out, OUTCOME_INVALID, "parent_id", "上级类别：不能是本类别或其下级类别");
	}
	int64_t clash = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM info_category WHERE agency_id = :agency AND "
					   "id <> :id AND (code = :code OR (name = :name AND retired_at = 0))");
	if (!st)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	db_bind_int(st, ":agency", actor->agency_id);
	db_bind_int(st, ":id", c->id);
	db_bind_text(st, ":code", c->code);
	db_bind_text(st, ":name", c->name);
	if (db_step_int(st, &clash) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (clash > 0)
		return outcome_fail(out, OUTCOME_INVALID, "code", "类别代码或名称已被本机关的其他类别使用");
	return OUTCOME_OK;
}

static enum outcome_code update_category(struct db *w, const struct actor *actor, const struct info_category *c,
					 struct outcome *out)
{
	struct info_category old;
	int rc = info_category_get(w, c->id, &old);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || old.agency_id != actor->agency_id)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个信息类别");
	struct db_stmt *st = db_prepare(w, "UPDATE info_category SET parent_id = :parent, code = :code, name = :name, "
					   "basis = :basis, sort_order = :sort WHERE id = :id");
	if (!st)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (c->parent_id > 0)
		db_bind_int(st, ":parent", c->parent_id);
	else
		db_bind_null(st, ":parent");
	db_bind_text(st, ":code", c->code);
	db_bind_text(st, ":name", c->name);
	db_bind_text(st, ":basis", c->basis);
	db_bind_int(st, ":sort", c->sort_order);
	db_bind_int(st, ":id", c->id);
	return db_step(st) < 0 ? outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误") : OUTCOME_OK;
}

enum outcome_code info_category_save(struct db *w, const struct actor *actor, struct info_category *c, int64_t now,
				     struct outcome *out)
{
	outcome_clear(out);
	enum outcome_code code = check_category(w, actor, c, out);
	if (code != OUTCOME_OK)
		return code;
	bool adding = c->id <= 0;
	if (adding) {
		int64_t id =
		    insert_category(w, actor->agency_id, c->parent_id, c->code, c->name, c->basis, c->sort_order, now);
		if (id < 0)
			return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
		c->id = id;
		c->agency_id = actor->agency_id;
	} else if ((code = update_category(w, actor, c, out)) != OUTCOME_OK) {
		return code;
	}
	char detail[256];
	snprintf(detail, sizeof detail, "%s %s（%s）", adding ? "新增" : "修改", c->name, c->code);
	if (audit_append(w, actor->user_id, actor->agency_id, adding ? "info.category.add" : "info.category.edit",
			 "info_category", c->id, detail, actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志");
	return OUTCOME_OK;
}

/* Loads an active category of the actor's agency for retire/merge. */
static enum outcome_code own_active(struct db *w, const struct actor *actor, int64_t id, struct info_category *c,
				    struct outcome *out)
{
	if (!actor_has(actor, ROLE_ADMIN))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有管理员可以维护信息公开目录");
	int rc = info_category_get(w, id, c);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || c->agency_id != actor->agency_id)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个信息类别");
	if (c->retired)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "类别“%s”已停用", c->name);
	return OUTCOME_OK;
}

static int64_t active_children(struct db *w, int64_t id)
{
	int64_t n = -1;
	struct db_stmt *st =
	    db_prepare(w, "SELECT count(*) FROM info_category WHERE parent_id = :id AND retired_at = 0");
	if (!st || db_bind_int(st, ":id", id) < 0 || db_step_int(st, &n) != 1)
		return -1;
	return n;
}

enum outcome_code info_category_retire(struct db *w, const struct actor *actor, int64_t id, int64_t now,
				       struct outcome *out)
{
	outcome_clear(out);
	struct info_category c;
	enum outcome_code code = own_active(w, actor, id, &c, out);
	if (code != OUTCOME_OK)
		return code;
	int64_t children = active_children(w, id);
	if (children < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (children > 0)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "类别“%s”还有 %lld 个下级类别，请先停用或合并它们",
				    c.name, (long long)children);
	struct db_stmt *st = db_prepare(w, "UPDATE info_category SET retired_at = :now WHERE id = :id");
	if (!st || db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":id", id) < 0 || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (audit_append(w, actor->user_id, actor->agency_id, "info.category.retire", "info_category", id, c.name,
			 actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志");
	return OUTCOME_OK;
}

enum outcome_code info_category_merge(struct db *w, const struct actor *actor, int64_t from, int64_t into, int64_t now,
				      struct outcome *out)
{
	outcome_clear(out);
	struct info_category src, dst;
	enum outcome_code code = own_active(w, actor, from, &src, out);
	if (code == OUTCOME_OK)
		code = own_active(w, actor, into, &dst, out);
	if (code != OUTCOME_OK)
		return code;
	if (from == into)
		return outcome_fail(out, OUTCOME_INVALID, "into", "不能把类别合并到它自己");
	int64_t children = active_children(w, from);
	if (children != 0)
		return outcome_fail(out, children < 0 ? OUTCOME_STORAGE : OUTCOME_CONFLICT, NULL,
				    "类别“%s”还有下级类别，请先处理下级类别", src.name);
	struct db_stmt *move = db_prepare(w, "UPDATE info_item SET category_id = :into WHERE category_id = :from");
	if (!move || db_bind_int(move, ":into", into) < 0 || db_bind_int(move, ":from", from) < 0 || db_step(move) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	int64_t moved = db_changes(w);
	struct db_stmt *st =
	    db_prepare(w, "UPDATE info_category SET retired_at = :now, merged_into = :into WHERE id = :id");
	if (!st || db_bind_int(st, ":now", now) < 0 || db_bind_int(st, ":into", into) < 0 ||
	    db_bind_int(st, ":id", from) < 0 || db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	char detail[320];
	snprintf(detail, sizeof detail, "%s 并入 %s，移动信息 %lld 条", src.name, dst.name, (long long)moved);
	if (audit_append(w, actor->user_id, actor->agency_id, "info.category.merge", "info_category", from, detail,
			 actor->ip, now) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志");
	return OUTCOME_OK;
}
