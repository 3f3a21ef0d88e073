/* page_info_admin_catalog.c — the back-office page of the 政府信息公开目录: the category tree with the
 * number of published items, and the admin operations that never lose an item: add or edit a category
 * (name, code, parent, order), retire one (its items stay), merge one into another (its items move),
 * install the defaults. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "http/layout.h"
#include "http/page_info.h"

static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"信息公开目录", NULL}};

static void op_form(struct req *r, const char *op, const char *button, const char *fields_html_label, bool two_ids)
{
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/categories\">\n");
	layout_csrf_field(r);
	page_printf(&r->page, "<input type=\"hidden\" name=\"op\" value=\"%h\">\n", op);
	if (fields_html_label)
		page_printf(&r->page,
			    "<p><label for=\"%h-id\">%h</label> <input id=\"%h-id\" name=\"id\" inputmode=\"numeric\" "
			    "required>%h</p>\n",
			    op, fields_html_label, op, two_ids ? "" : "");
	if (two_ids)
		page_printf(&r->page,
			    "<p><label for=\"%h-into\">并入类别编号</label> <input id=\"%h-into\" name=\"into\" "
			    "inputmode=\"numeric\" required></p>\n",
			    op, op);
	page_printf(&r->page, "<p><button type=\"submit\">%h</button></p>\n</form>\n", button);
}

/* The form that adds a category, or edits c (name, code, parent, basis, order) when c is given. */
static void category_form(struct req *r, const struct info_category *c)
{
	char parent[24] = "", order[24] = "";
	if (c && c->parent_id)
		snprintf(parent, sizeof parent, "%lld", (long long)c->parent_id);
	if (c)
		snprintf(order, sizeof order, "%d", c->sort_order);
	page_printf(&r->page,
		    "<h2 id=\"category-form\">%h</h2>\n<form class=\"form\" method=\"post\" "
		    "action=\"/admin/info/categories\">\n",
		    c ? "修改类别" : "新增类别");
	layout_csrf_field(r);
	page_raw(&r->page, "<input type=\"hidden\" name=\"op\" value=\"save\">\n");
	if (c)
		page_printf(&r->page, "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n", (long long)c->id);
	page_printf(
	    &r->page,
	    "<p><label for=\"name\">类别名称（必填）</label> <input id=\"name\" name=\"name\" value=\"%h\" "
	    "required></p>\n"
	    "<p><label for=\"code\">类别代码（必填，用于索引号）</label> <input id=\"code\" name=\"code\" value=\"%h\" "
	    "required></p>\n<p><label for=\"parent_id\">上级类别编号（留空为顶级）</label> <input id=\"parent_id\" "
	    "name=\"parent_id\" inputmode=\"numeric\" value=\"%h\"></p>\n<p><label for=\"basis\">依据</label> "
	    "<input id=\"basis\" name=\"basis\" value=\"%h\"></p>\n<p><label "
	    "for=\"sort_order\">排序（小的在前）</label> "
	    "<input id=\"sort_order\" name=\"sort_order\" inputmode=\"numeric\" value=\"%h\"></p>\n"
	    "<p><button type=\"submit\">%h</button></p>\n</form>\n",
	    c ? c->name : "", c ? c->code : "", parent, c ? c->basis : "", order, c ? "保存修改" : "新增");
	if (c)
		page_raw(&r->page,
			 "<p class=\"help\">修改名称、代码或位置不影响已有信息；已发布信息的索引号不变。</p>\n");
}

int page_info_admin_categories(struct req *r)
{
	struct info_category *cats;
	size_t n;
	if (info_category_list(req_reader(r), r->user.agency_id, true, req_now(r), &cats, &n) < 0)
		return req_error(r, 500, NULL);
	layout_begin(r, &(struct layout){.title = "信息公开目录",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	if (n == 0) {
		page_raw(&r->page, "<div class=\"notice\"><p>本机关还没有信息类别。</p></div>\n");
	} else {
		page_raw(
		    &r->page,
		    "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">"
		    "代码</th><th scope=\"col\">名称</th><th scope=\"col\">依据</th><th scope=\"col\">已公开</th>");
		if (r->user.roles & ROLE_ADMIN)
			page_raw(&r->page, "<th scope=\"col\">操作</th>");
		page_raw(&r->page, "</tr></thead>\n<tbody>\n");
		bool admin = r->user.roles & ROLE_ADMIN;
		for (size_t i = 0; i < n; i++) {
			page_printf(&r->page, "<tr><td>%lld</td><td>%h</td><td>%h%h%h</td><td>%h</td><td>%lld</td>",
				    (long long)cats[i].id, cats[i].code, cats[i].depth ? "　" : "", cats[i].name,
				    cats[i].retired ? "（已停用）" : "", *cats[i].basis ? cats[i].basis : "—",
				    (long long)cats[i].published);
			if (admin && !cats[i].retired)
				page_printf(&r->page,
					    "<td><a href=\"/admin/info/categories?edit=%lld#category-form\">修改"
					    "<span class=\"visually-hidden\">“%h”</span></a></td>",
					    (long long)cats[i].id, cats[i].name);
			else if (admin)
				page_raw(&r->page, "<td></td>");
			page_raw(&r->page, "</tr>\n");
		}
		page_raw(&r->page, "</tbody></table></div>\n");
	}
	if (r->user.roles & ROLE_ADMIN) {
		if (n == 0)
			op_form(r, "defaults", "安装默认目录（第二十条、第二十一条及常用类别）", NULL, false);
		const struct info_category *editing = NULL;
		int64_t edit_id = req_positive(req_query(r, "edit"));
		for (size_t i = 0; i < n && edit_id; i++)
			if (cats[i].id == edit_id && !cats[i].retired)
				editing = &cats[i];
		category_form(r, editing);
		page_raw(&r->page,
			 "<h2>停用类别</h2>\n<p class=\"help\">停用后不能再选用，已有信息保留原位并继续公开。</p>\n");
		op_form(r, "retire", "停用", "类别编号", false);
		page_raw(
		    &r->page,
		    "<h2>合并类别</h2>\n<p class=\"help\">把一个类别的全部信息移到另一个类别，原类别随之停用。</p>\n");
		op_form(r, "merge", "合并", "被合并的类别编号", true);
	}
	layout_end(r);
	free(cats);
	return 200;
}

static enum outcome_code run_op(struct req *r, struct db *w, const char *op, struct outcome *out)
{
	struct actor actor = http_actor(r);
	int64_t now = req_now(r);
	if (strcmp(op, "retire") == 0)
		return info_category_retire(w, &actor, req_positive(req_form(r, "id")), now, out);
	if (strcmp(op, "merge") == 0)
		return info_category_merge(w, &actor, req_positive(req_form(r, "id")),
					   req_positive(req_form(r, "into")), now, out);
	if (strcmp(op, "defaults") == 0) {
		int created = 0;
		return info_categories_defaults(w, &actor, now, &created, out);
	}
	/* op "save" (or the older "add"): a new category, or an edit when the form names its id */
	struct info_category c = {.id = strcmp(op, "save") == 0 ? req_positive(req_form(r, "id")) : 0,
				  .parent_id = req_positive(req_form(r, "parent_id"))};
	const char *sort = req_form(r, "sort_order");
	c.sort_order = sort ? atoi(sort) : 0;
	snprintf(c.name, sizeof c.name, "%s", req_form(r, "name") ? req_form(r, "name") : "");
	snprintf(c.code, sizeof c.code, "%s", req_form(r, "code") ? req_form(r, "code") : "");
	snprintf(c.basis, sizeof c.basis, "%s", req_form(r, "basis") ? req_form(r, "basis") : "");
	return info_category_save(w, &actor, &c, now, out);
}

struct op_job {
	struct req *r;
	const char *op;
};

static enum outcome_code op_job(struct db *w, void *ctx, struct outcome *out)
{
	struct op_job *j = ctx;
	return run_op(j->r, w, j->op, out);
}

int page_info_admin_category_save(struct req *r)
{
	const char *op = req_form(r, "op");
	if (!op)
		return req_error(r, 400, "缺少操作。");
	struct outcome out;
	struct op_job job = {r, op};
	if (store_write(r->app->store, op_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, "/admin/info/categories");
}
