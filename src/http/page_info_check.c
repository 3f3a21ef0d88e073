/* page_info_check.c — the back-office face of the publishing safeguards (src/info/info_check.h): the
 * 发布前检查 section of an item's page (错敏 and personal-data findings for the editor and the reviewer,
 * and the reviewer's override form), the maintained wording list (/admin/info/wording, administrators
 * add and retire entries) and the on-demand scan of all published items (/admin/info/wording/scan). */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_check.h"
#include "http/router.h"
#include "info/info_check.h"

static void findings_table(struct req *r, const struct info_check *c)
{
	page_raw(&r->page, "<div class=\"table-wrap\"><table class=\"check-findings\">\n<thead><tr>"
			   "<th scope=\"col\">位置</th><th scope=\"col\">类型</th><th scope=\"col\">发现内容</th>"
			   "<th scope=\"col\">处理意见</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < c->count; i++) {
		const struct info_finding *f = &c->items[i];
		page_printf(&r->page, "<tr%h><td>%h</td><td>%h%h</td><td>%h</td><td>%h</td></tr>\n",
			    info_finding_blocks(f->kind) ? " class=\"blocking\"" : "", f->in_title ? "标题" : "正文",
			    info_finding_kind_zh(f->kind), info_finding_blocks(f->kind) ? "（阻止发布）" : "（提示）",
			    f->found, f->advice);
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void override_form(struct req *r, int64_t id)
{
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/action\">\n");
	layout_csrf_field(r);
	page_printf(
	    &r->page,
	    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input type=\"hidden\" name=\"action\" "
	    "value=\"override\">\n<p><label for=\"override-reason\">确认理由（核实上述错敏提示不属于错误时填写，"
	    "将记入审计日志）</label>\n<textarea id=\"override-reason\" name=\"reason\" rows=\"2\" required>"
	    "</textarea></p>\n<p><button type=\"submit\">确认不属于错误</button></p>\n</form>\n",
	    (long long)id);
}

void info_check_admin_section(struct req *r, const struct info_item *it)
{
	if (it->status == INFO_CLASSIFIED || it->status == INFO_WITHDRAWN)
		return;
	struct info_check c;
	if (info_check_text(req_reader(r), it->title, it->body, &c) < 0)
		return;
	page_raw(&r->page,
		 "<section aria-labelledby=\"check-title\"><h2 id=\"check-title\">发布前检查（错敏与个人信息）"
		 "</h2>\n");
	if (c.count == 0)
		page_raw(&r->page, "<p>未发现错敏表述或个人信息。</p>\n");
	else
		findings_table(r, &c);
	int overridden = c.blocking ? info_check_overridden(req_reader(r), it->id, it->title, it->body) : 0;
	if (c.blocking && overridden == 1)
		page_raw(&r->page, "<p>保密审查员已确认上述错敏提示不属于错误（见办理记录）。</p>\n");
	else if (c.blocking) {
		page_raw(&r->page, "<div class=\"notice notice-error\"><p>存在错敏表述，审查通过和发布将被拒绝，"
				   "请退回修改；确属无误的，由保密审查员填写理由确认。</p></div>\n");
		bool reviewable =
		    it->status == INFO_SUBMITTED || it->status == INFO_REVIEWED || it->status == INFO_APPROVED;
		if (reviewable && (r->user.roles & ROLE_REVIEWER))
			override_form(r, it->id);
	}
	page_raw(&r->page, "</section>\n");
	info_check_free(&c);
}

static void wording_links(struct req *r)
{
	page_raw(&r->page,
		 "<p class=\"link-list\"><a href=\"/admin/info\">信息列表</a> · <a href=\"/admin/info/wording\">"
		 "错敏词表</a> · <a href=\"/admin/info/wording/scan\">检查已发布信息</a></p>\n");
}

static void wording_add_form(struct req *r)
{
	page_raw(&r->page, "<h2>新增词条</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/info/wording\">\n");
	layout_csrf_field(r);
	page_raw(&r->page,
		 "<input type=\"hidden\" name=\"op\" value=\"add\">\n<p><label for=\"kind\">类型</label>\n"
		 "<select id=\"kind\" name=\"kind\"><option value=\"misspelling\">错别字（姓名、规范表述的错误写法）"
		 "</option><option value=\"forbidden\">禁用表述</option></select></p>\n"
		 "<p><label for=\"wrong\">错误或禁用表述</label>\n<input id=\"wrong\" name=\"wrong\" required "
		 "maxlength=\"30\"></p>\n<p><label for=\"correct\">正确表述</label>\n<input id=\"correct\" "
		 "name=\"correct\" maxlength=\"50\"></p>\n<p><label for=\"note\">说明</label>\n<input id=\"note\" "
		 "name=\"note\" maxlength=\"30\"></p>\n<p><button type=\"submit\">加入词表</button></p>\n</form>\n");
}

static void wording_row(struct req *r, const struct info_wording *e, bool admin)
{
	page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>",
		    strcmp(e->kind, "misspelling") == 0 ? "错别字" : "禁用表述", e->wrong, e->correct, e->note);
	if (admin) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/wording\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"op\" value=\"retire\"><input type=\"hidden\" name=\"id\" "
			    "value=\"%lld\"><button type=\"submit\" aria-label=\"停用“%h”\">停用</button></form>",
			    (long long)e->id, e->wrong);
	}
	page_raw(&r->page, "</td></tr>\n");
}

int page_info_wording(struct req *r)
{
	struct info_wording *rows;
	size_t n;
	if (info_wording_list(req_reader(r), &rows, &n) < 0)
		return req_error(r, 500, NULL);
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"错敏词表", NULL}};
	layout_begin(r, &(struct layout){.title = "错敏词表",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	wording_links(r);
	page_printf(&r->page,
		    "<p>信息提交审查、审查通过和发布前，系统用本词表检查标题和正文；命中错别字或禁用表述的，"
		    "审查通过和发布将被拒绝，直至修改或由保密审查员填写理由确认。当前共 %zu 条。</p>\n",
		    n);
	bool admin = router_user_may(r, "POST", "/admin/info/wording");
	if (admin)
		wording_add_form(r);
	page_raw(&r->page, "<h2>词表</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">类型</th>"
			   "<th scope=\"col\">错误或禁用表述</th><th scope=\"col\">正确表述</th><th scope=\"col\">说明"
			   "</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		wording_row(r, &rows[i], admin);
	page_raw(&r->page, "</tbody></table></div>\n");
	free(rows);
	layout_end(r);
	return 200;
}

struct wording_job {
	struct req *r;
	const char *op;
};

/* Adds a wording-list entry, or retires one (op "retire"), as the form says. */
static enum outcome_code wording_job(struct db *w, void *ctx, struct outcome *out)
{
	struct wording_job *j = ctx;
	struct req *r = j->r;
	struct actor actor = http_actor(r);
	if (j->op && strcmp(j->op, "retire") == 0)
		return info_wording_retire(w, &actor, req_positive(req_form(r, "id")), req_now(r), out);
	return info_wording_add(w, &actor, req_form(r, "kind"), req_form(r, "wrong"), req_form(r, "correct"),
				req_form(r, "note"), req_now(r), out);
}

int page_info_wording_save(struct req *r)
{
	struct outcome out;
	struct wording_job job = {r, req_form(r, "op")};
	if (store_write(r->app->store, wording_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, "/admin/info/wording");
}

static void scan_row(struct req *r, const struct info_scan_row *row)
{
	for (size_t i = 0; i < row->check.count; i++) {
		const struct info_finding *f = &row->check.items[i];
		page_printf(
		    &r->page,
		    "<tr><td><a href=\"/admin/info/view?id=%lld\">%h</a><br><span class=\"muted\">%h</span></td>"
		    "<td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
		    (long long)row->item_id, row->title, row->index_no, f->in_title ? "标题" : "正文",
		    info_finding_kind_zh(f->kind), f->found, f->advice);
	}
}

int page_info_wording_scan(struct req *r)
{
	struct info_scan_row *rows;
	size_t n, scanned;
	if (info_check_scan(req_reader(r), r->user.agency_id, &rows, &n, &scanned) < 0)
		return req_error(r, 500, NULL);
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"检查已发布信息", NULL}};
	layout_begin(r, &(struct layout){.title = "检查已发布信息",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	wording_links(r);
	size_t blocking = 0;
	for (size_t i = 0; i < n; i++)
		blocking += rows[i].check.blocking;
	page_printf(&r->page,
		    "<p class=\"check-summary\">已检查本机关已发布信息 %zu 条，其中 %zu 条有问题（错敏表述 %zu 处）。"
		    "发现错敏表述的，应及时撤回更正。</p>\n",
		    scanned, n, blocking);
	if (n) {
		page_raw(&r->page,
			 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">信息</th>"
			 "<th scope=\"col\">位置</th><th scope=\"col\">类型</th><th scope=\"col\">发现内容</th>"
			 "<th scope=\"col\">处理意见</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++)
			scan_row(r, &rows[i]);
		page_raw(&r->page, "</tbody></table></div>\n");
	}
	info_scan_free(rows, n);
	layout_end(r);
	return 200;
}
