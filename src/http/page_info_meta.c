/* page_info_meta.c — item metadata on the portal and in the back office: 主题分类 browsing and
 * filtering, the 主题分类 list administrators maintain, the 发布机构 select, and an item's 主题分类,
 * 有效性 and 替代文件 forms (see page_info_meta.h and info/info_meta.h). */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_meta.h"
#include "http/router.h"
#include "info/info_meta.h"
#include "info/info_search.h"

/* ---- portal ---- */

void info_theme_nav(struct req *r, const struct info_theme *themes, size_t n, int64_t agency_id, const char *current)
{
	if (n == 0)
		return;
	page_raw(&r->page, "<nav class=\"info-themes\" aria-label=\"主题分类\"><h2>主题分类</h2>\n<ul>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page,
			    "<li><a href=\"/info?agency=%lld&amp;theme=%t\" aria-current=\"%h\">%h</a> <span "
			    "class=\"muted\">(%lld)</span></li>\n",
			    (long long)agency_id, themes[i].code,
			    current && strcmp(current, themes[i].code) == 0 ? "page" : "false", themes[i].name,
			    (long long)themes[i].published);
	page_raw(&r->page, "</ul></nav>\n");
}

void info_theme_search_field(struct req *r, const struct info_theme *themes, size_t n, const char *current)
{
	page_raw(&r->page, "<p><label for=\"theme\">主题分类</label>\n<select id=\"theme\" name=\"theme\">"
			   "<option value=\"\">全部</option>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", themes[i].code,
			    current && strcmp(current, themes[i].code) == 0 ? " selected" : "", themes[i].name);
	page_raw(&r->page, "</select></p>\n");
}

/* Reads the optional date parameter name into *day (0 when absent or empty). Returns 0, or -1 when it is
 * not a date. */
static int date_filter(struct req *r, const char *name, int *day)
{
	const char *text = req_query(r, name);
	*day = 0;
	if (!text || !*text)
		return 0;
	if (cal_parse_iso(text, strlen(text), day) != 0 || *day <= 0)
		return -1;
	return 0;
}

const char *info_http_search_filters(struct req *r, struct info_query *q)
{
	if (date_filter(r, "from", &q->from_day) < 0 || date_filter(r, "to", &q->to_day) < 0)
		return "发布日期范围不正确：日期应写作 YYYY-MM-DD，例如 2024-01-31。";
	if (q->from_day > 0 && q->to_day > 0 && q->from_day > q->to_day)
		return "发布日期范围不正确：起始日期晚于截止日期。";
	bool bad_theme;
	q->theme = info_theme_param(r, &bad_theme);
	if (bad_theme)
		return "主题分类不正确：没有这个主题。";
	const char *order = req_query(r, "order");
	if (order && *order && strcmp(order, "date") != 0 && strcmp(order, "relevance") != 0)
		return "排序方式不正确：应为 date（按发布日期）或 relevance（按相关度）。";
	q->order = order && strcmp(order, "relevance") == 0 ? INFO_ORDER_RELEVANCE : INFO_ORDER_DATE;
	return NULL;
}

const char *info_theme_param(struct req *r, bool *bad)
{
	const char *code = req_query(r, "theme");
	*bad = false;
	if (!code || !*code)
		return NULL;
	struct info_theme t;
	if (info_theme_find(req_reader(r), code, &t) != 1 || strcmp(t.code, code) != 0) {
		*bad = true;
		return NULL;
	}
	return arena_strdup(&r->arena, t.code);
}

const char *info_theme_name(struct req *r, const char *code)
{
	struct info_theme t;
	if (!code || info_theme_find(req_reader(r), code, &t) != 1)
		return NULL;
	return arena_strdup(&r->arena, t.name);
}

/* ---- back office: the item's metadata ---- */

static void theme_form(struct req *r, const struct info_item *it)
{
	struct info_theme *list;
	size_t n;
	if (info_theme_list(req_reader(r), false, &list, &n) < 0)
		return;
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/meta\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"op\" value=\"theme\"><input type=\"hidden\" name=\"id\" "
		    "value=\"%lld\">\n<p><label for=\"meta-theme\">主题分类</label>\n<select id=\"meta-theme\" "
		    "name=\"theme\" required>\n",
		    (long long)it->id);
	if (!*it->theme_code)
		page_raw(&r->page, "<option value=\"\">（未分类）</option>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h %h</option>\n", list[i].code,
			    strcmp(list[i].code, it->theme_code) == 0 ? " selected" : "", list[i].code, list[i].name);
	page_raw(&r->page, "</select></p>\n<p><button type=\"submit\">保存主题分类</button></p>\n</form>\n");
	free(list);
}

/* The replacing item's 索引号 (arena), "" when none. */
static const char *replacement_index_no(struct req *r, const struct info_item *it)
{
	struct info_item by;
	if (!it->replaced_by || info_item_get(req_reader(r), it->replaced_by, &by) != 1)
		return "";
	const char *no = arena_strdup(&r->arena, by.index_no);
	info_item_free(&by);
	return no;
}

static void validity_form(struct req *r, const struct info_item *it)
{
	char on[CAL_ISO_SIZE] = "";
	if (it->validity != INFO_VALID && it->validity_on != CAL_NO_DAY)
		cal_format_iso(it->validity_on, on);
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/meta\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"op\" value=\"validity\"><input type=\"hidden\" name=\"id\" "
		    "value=\"%lld\">\n<p><label for=\"meta-validity\">有效性</label>\n<select id=\"meta-validity\" "
		    "name=\"validity\">\n",
		    (long long)it->id);
	for (int v = INFO_VALID; v < INFO_VALIDITY_COUNT; v++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", info_validity_name((enum info_validity)v),
			    it->validity == (enum info_validity)v ? " selected" : "",
			    info_validity_zh((enum info_validity)v));
	page_printf(&r->page,
		    "</select></p>\n<p><label for=\"meta-validity-on\">废止或失效日期</label>\n<input "
		    "id=\"meta-validity-on\" name=\"validity_on\" type=\"date\" value=\"%h\"></p>\n"
		    "<p><label for=\"meta-replaced-by\">替代文件的索引号（可留空；公开页面的废止提示将链接到该文件）"
		    "</label>\n<input id=\"meta-replaced-by\" name=\"replaced_by\" value=\"%h\" maxlength=\"95\"></p>\n"
		    "<p><button type=\"submit\">保存有效性</button></p>\n</form>\n",
		    on, replacement_index_no(r, it));
}

void info_meta_admin_section(struct req *r, const struct info_item *it)
{
	bool editor = (r->user.roles & ROLE_EDITOR) != 0;
	bool validity = it->status == INFO_PUBLISHED && it->doc_type != INFO_DOC_OTHER &&
			(r->user.roles & (ROLE_EDITOR | ROLE_LEADER));
	bool theme = editor && it->status != INFO_WITHDRAWN && it->status != INFO_CLASSIFIED;
	page_printf(&r->page, "<section class=\"info-meta-admin\"><h2>主题分类与有效性</h2>\n<p>主题分类：%h</p>\n",
		    *it->theme_name ? it->theme_name : "未分类");
	if (theme)
		theme_form(r, it);
	if (validity)
		validity_form(r, it);
	page_raw(&r->page, "</section>\n");
}

void info_publisher_field(struct req *r, const struct outcome *out, const char *current)
{
	struct agency *list;
	size_t n;
	if (info_publisher_choices(req_reader(r), r->user.agency_id, &list, &n) < 0)
		return;
	page_raw(&r->page, "<p><label for=\"publisher\">发布机构（从机构列表选择全称）</label>\n");
	if (out && out->code == OUTCOME_INVALID && strcmp(out->field, "publisher") == 0)
		page_printf(&r->page, "<strong class=\"help\" id=\"publisher-error\">%h</strong>\n", out->message);
	page_raw(&r->page, "<select id=\"publisher\" name=\"publisher\">\n");
	bool listed = !current || !*current;
	for (size_t i = 0; i < n && !listed; i++)
		listed = strcmp(current, list[i].name) == 0;
	if (!listed) /* an older free-text value: shown, not silently replaced; saving it is refused */
		page_printf(&r->page, "<option value=\"%h\" selected>%h（不在机构列表中，请重新选择）</option>\n",
			    current, current);
	for (size_t i = 0; i < n; i++) {
		bool own = list[i].id == r->user.agency_id;
		bool chosen = current && *current ? strcmp(current, list[i].name) == 0 : own;
		page_printf(&r->page, "<option value=\"%h\"%h>%h%h</option>\n", list[i].name, chosen ? " selected" : "",
			    list[i].name, own ? "（本机关）" : "");
	}
	page_raw(&r->page, "</select></p>\n");
	free(list);
}

struct meta_job {
	struct req *r;
	int64_t id;
	const char *op;
};

/* The validity and the replacement in one transaction: both or neither. */
static enum outcome_code save_validity(struct req *r, struct db *w, int64_t id, struct outcome *out)
{
	struct actor actor = http_actor(r);
	int validity = info_validity_parse(req_form(r, "validity"));
	if (validity < 0)
		return info_invalid(out, "validity", "有效性：应为有效、废止或失效");
	const char *on_text = req_form(r, "validity_on");
	int day = CAL_NO_DAY;
	if (on_text && *on_text && cal_parse_iso(on_text, strlen(on_text), &day) < 0)
		return info_invalid(out, "validity_on", "废止或失效日期：格式应为 YYYY-MM-DD");
	enum outcome_code rc = info_set_validity(w, &actor, id, (enum info_validity)validity, day, req_now(r), out);
	const char *by = req_form(r, "replaced_by");
	if (rc == OUTCOME_OK && (validity != INFO_VALID || (by && *by)))
		rc = info_item_set_replacement(w, &actor, id, by, req_now(r), out);
	return rc;
}

static enum outcome_code meta_job(struct db *w, void *ctx, struct outcome *out)
{
	struct meta_job *j = ctx;
	if (j->op && strcmp(j->op, "theme") == 0) {
		struct actor actor = http_actor(j->r);
		return info_item_set_theme(w, &actor, j->id, req_form(j->r, "theme"), req_now(j->r), out);
	}
	if (j->op && strcmp(j->op, "validity") == 0)
		return save_validity(j->r, w, j->id, out);
	return info_invalid(out, "op", "未知的操作");
}

int page_info_meta_save(struct req *r)
{
	int64_t id = req_positive(req_form(r, "id"));
	if (!id)
		return req_error(r, 400, "缺少信息编号。");
	struct outcome out;
	struct meta_job job = {r, id, req_form(r, "op")};
	if (store_write(r->app->store, meta_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, arena_printf(&r->arena, "/admin/info/view?id=%lld", (long long)id));
}

/* ---- back office: the 主题分类 list ---- */

static void theme_add_form(struct req *r)
{
	page_raw(&r->page, "<h2>新增主题</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/info/themes\">\n");
	layout_csrf_field(r);
	page_raw(&r->page,
		 "<input type=\"hidden\" name=\"op\" value=\"add\">\n<p><label for=\"theme-code\">主题代码"
		 "（1 至 8 位字母或数字）</label>\n<input id=\"theme-code\" name=\"code\" required maxlength=\"8\">"
		 "</p>\n<p><label for=\"theme-name\">主题名称</label>\n<input id=\"theme-name\" name=\"name\" "
		 "required maxlength=\"30\"></p>\n<p><button type=\"submit\">加入主题分类</button></p>\n</form>\n");
}

static void theme_row(struct req *r, const struct info_theme *t, bool admin)
{
	page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>", t->code, t->name,
		    t->retired_at ? "已停用" : "使用中");
	if (admin && !t->retired_at) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/themes\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"op\" value=\"rename\"><input type=\"hidden\" name=\"id\" "
			    "value=\"%lld\"><label for=\"rename-%lld\" class=\"visually-hidden\">“%h”的新名称</label>"
			    "<input id=\"rename-%lld\" name=\"name\" value=\"%h\" required maxlength=\"30\"> "
			    "<button type=\"submit\">改名</button></form>\n",
			    (long long)t->id, (long long)t->id, t->name, (long long)t->id, t->name);
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/themes\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"op\" value=\"retire\"><input type=\"hidden\" name=\"id\" "
			    "value=\"%lld\"><button type=\"submit\" aria-label=\"停用“%h”\">停用</button></form>",
			    (long long)t->id, t->name);
	}
	page_raw(&r->page, "</td></tr>\n");
}

int page_info_themes(struct req *r)
{
	struct info_theme *list;
	size_t n;
	if (info_theme_list(req_reader(r), true, &list, &n) < 0)
		return req_error(r, 500, NULL);
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"主题分类", NULL}};
	layout_begin(r, &(struct layout){.title = "主题分类",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	page_raw(&r->page, "<p>主题分类是政府信息的标准主题分类（国务院公文主题词表的 22 个主题），每条信息一个，"
			   "新信息默认取其信息类别对应的主题，编辑可在信息页面更改。公开页面在信息的元数据中显示，"
			   "并可按主题浏览和检索。停用的主题不再供选择，已标注的信息保留原主题。</p>\n");
	bool admin = router_user_may(r, "POST", "/admin/info/themes");
	if (admin)
		theme_add_form(r);
	page_raw(&r->page, "<h2>主题列表</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">代码"
			   "</th><th scope=\"col\">名称</th><th scope=\"col\">状态</th><th scope=\"col\">操作</th></tr>"
			   "</thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		theme_row(r, &list[i], admin);
	page_raw(&r->page, "</tbody></table></div>\n");
	free(list);
	layout_end(r);
	return 200;
}

struct themes_job {
	struct req *r;
	const char *op;
};

static enum outcome_code themes_job(struct db *w, void *ctx, struct outcome *out)
{
	struct themes_job *j = ctx;
	struct req *r = j->r;
	struct actor actor = http_actor(r);
	int64_t id = req_positive(req_form(r, "id"));
	if (j->op && strcmp(j->op, "add") == 0)
		return info_theme_add(w, &actor, req_form(r, "code"), req_form(r, "name"), req_now(r), out);
	if (j->op && strcmp(j->op, "rename") == 0)
		return info_theme_rename(w, &actor, id, req_form(r, "name"), req_now(r), out);
	if (j->op && strcmp(j->op, "retire") == 0)
		return info_theme_retire(w, &actor, id, req_now(r), out);
	return info_invalid(out, "op", "未知的操作");
}

int page_info_themes_save(struct req *r)
{
	struct outcome out;
	struct themes_job job = {r, req_form(r, "op")};
	if (store_write(r->app->store, themes_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, "/admin/info/themes");
}
