/* page_info_admin.c — the back office of 主动公开: the item list with status filters (and the 第二十六条
 * late list), the edit form with Chinese messages beside each field, the item view with its trail and
 * the actions the user may take now (submit, 保密审查, 审批, publish now or at a time, withdraw), the
 * review queue, the user's own history, and the catalogue (add, retire, merge, install defaults).
 * Every change goes through one domain call inside a write transaction; refusals show the reason. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_meta.h"
#include "http/page_info_attach.h"
#include "util/china_time.h"

#define LIST_PAGE 50

static const struct crumb list_crumb[] = {{"主动公开信息", NULL}};

static void begin(struct req *r, const char *title, const struct crumb *crumbs, size_t n)
{
	layout_begin(
	    r,
	    &(struct layout){
		.title = title, .column = COLUMN_ADMIN_INFO, .crumbs = crumbs, .crumb_count = n, .backoffice = true});
	page_raw(&r->page,
		 "<p class=\"link-list\"><a href=\"/admin/info\">信息列表</a> · <a href=\"/admin/info/edit\">"
		 "起草信息</a> · <a href=\"/admin/info/review\">待办队列</a> · <a href=\"/admin/info?late=1\">"
		 "逾期公开</a> · <a href=\"/admin/info/history\">我的处理记录</a> · "
		 "<a href=\"/admin/info/categories\">信息公开目录</a> · "
		 "<a href=\"/admin/info/settings\">设置与词表</a></p>\n"); /* page_info_settings.c */
}

/* ---- list ---- */

static void status_filter(struct req *r, int current)
{
	page_raw(&r->page, "<form class=\"form\" method=\"get\" action=\"/admin/info\"><p><label for=\"status\">状态"
			   "</label>\n<select id=\"status\" name=\"status\"><option value=\"\">全部</option>\n");
	for (int s = 0; s < INFO_STATUS_COUNT; s++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", info_status_name((enum info_status)s),
			    s == current ? " selected" : "", info_status_zh((enum info_status)s));
	page_raw(&r->page, "</select> <button type=\"submit\">筛选</button></p></form>\n");
}

static void rows_table(struct req *r, const struct info_row *rows, size_t n)
{
	char due[CAL_ISO_SIZE];
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">索引号</th><th scope=\"col\">"
		 "标题</th><th scope=\"col\">类别</th><th scope=\"col\">状态</th><th scope=\"col\">更新时间</th>"
		 "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct info_row *row = &rows[i];
		page_printf(&r->page,
			    "<tr><td>%h</td><td><a href=\"/admin/info/view?id=%lld\">%h</a>%h%h%h</td><td>%h</td>"
			    "<td>%h</td><td>%h</td></tr>\n",
			    row->index_no, (long long)row->id, row->title, row->late ? "（逾期公开，应于 " : "",
			    row->late ? info_http_date(row->due_on, due) : "", row->late ? " 前公开）" : "",
			    row->category_name, info_status_zh(row->status), info_http_time(r, row->updated_at));
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

int page_info_admin_list(struct req *r)
{
	const char *status_text = req_query(r, "status");
	int status = status_text && *status_text ? info_status_parse(status_text) : -1;
	const char *late = req_query(r, "late");
	bool late_only = late && strcmp(late, "1") == 0;
	size_t page = req_query(r, "page") ? (size_t)req_positive(req_query(r, "page")) : 1;
	if (page == 0 || (status_text && *status_text && status < 0))
		return req_error(r, 400, "筛选条件不正确。");
	struct info_row *rows;
	size_t n;
	int64_t total = info_item_list(req_reader(r), r->user.agency_id, status, late_only, LIST_PAGE,
				       (page - 1) * LIST_PAGE, &rows, &n);
	if (total < 0)
		return req_error(r, 500, NULL);
	begin(r, late_only ? "逾期公开的信息" : "主动公开信息", list_crumb, 1);
	if (late_only)
		page_raw(&r->page, "<p>以下信息的发布日期晚于生成日期后第 20 个工作日（《条例》第二十六条）。</p>\n");
	status_filter(r, status);
	if (n == 0)
		page_raw(&r->page, "<div class=\"notice\"><p>没有符合条件的信息。</p></div>\n");
	else
		rows_table(r, rows, n);
	page_printf(&r->page, "<p>共 %lld 条。", (long long)total);
	if ((int64_t)(page * LIST_PAGE) < total)
		page_printf(&r->page, " <a href=\"/admin/info?page=%zu&status=%t%h\">下一页</a>", page + 1,
			    status_text ? status_text : "", late_only ? "&late=1" : "");
	page_raw(&r->page, "</p>\n");
	layout_end(r);
	free(rows);
	return 200;
}

/* ---- edit form ---- */

struct form_values {
	const char *category, *title, *doc_no, *publisher, *formed_on, *summary, *body, *doc_type;
};

static void field_error(struct req *r, const struct outcome *out, const char *name)
{
	if (out && out->code == OUTCOME_INVALID && strcmp(out->field, name) == 0)
		page_printf(&r->page, "<strong class=\"help\" id=\"%h-error\">%h</strong>\n", name, out->message);
}

static void input(struct req *r, const struct outcome *out, const char *name, const char *label, const char *value,
		  const char *type, bool required)
{
	page_printf(&r->page, "<p><label for=\"%h\">%h%h</label>\n", name, label, required ? "（必填）" : "");
	field_error(r, out, name);
	page_printf(&r->page, "<input id=\"%h\" name=\"%h\" type=\"%h\" value=\"%h\"%h></p>\n", name, name, type,
		    value ? value : "", required ? " required" : "");
}

static void textarea(struct req *r, const struct outcome *out, const char *name, const char *label, const char *value,
		     int rows)
{
	page_printf(&r->page, "<p><label for=\"%h\">%h</label>\n", name, label);
	field_error(r, out, name);
	page_printf(&r->page, "<textarea id=\"%h\" name=\"%h\" rows=\"%d\">%h</textarea></p>\n", name, name, rows,
		    value ? value : "");
}

static void category_select(struct req *r, const struct outcome *out, const char *current)
{
	struct info_category *cats = NULL;
	size_t n = 0;
	info_category_list(req_reader(r), r->user.agency_id, false, req_now(r), &cats, &n);
	page_raw(&r->page, "<p><label for=\"category\">信息类别（必填）</label>\n");
	field_error(r, out, "category");
	page_raw(&r->page, "<select id=\"category\" name=\"category\" required><option value=\"\">请选择</option>\n");
	for (size_t i = 0; i < n; i++) {
		const char *id = arena_printf(&r->arena, "%lld", (long long)cats[i].id);
		page_printf(&r->page, "<option value=\"%h\"%h>%h%h</option>\n", id,
			    current && strcmp(current, id) == 0 ? " selected" : "", cats[i].depth ? "　" : "",
			    cats[i].name);
	}
	page_raw(&r->page, "</select></p>\n");
	free(cats);
}

static void doc_type_select(struct req *r, const struct outcome *out, const char *current)
{
	page_raw(&r->page, "<p><label for=\"doc_type\">文件类型</label>\n");
	field_error(r, out, "doc_type");
	page_raw(&r->page, "<select id=\"doc_type\" name=\"doc_type\">\n");
	for (int t = 0; t < INFO_DOC_TYPE_COUNT; t++) {
		const char *name = info_doc_type_name((enum info_doc_type)t);
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", name,
			    current && strcmp(current, name) == 0 ? " selected" : "",
			    info_doc_type_zh((enum info_doc_type)t));
	}
	page_raw(&r->page, "</select></p>\n");
}

static int edit_page(struct req *r, int64_t id, const struct form_values *v, const struct outcome *out)
{
	struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {id ? "修改信息" : "起草信息", NULL}};
	begin(r, id ? "修改信息" : "起草信息", crumbs, 2);
	if (out && out->code != OUTCOME_OK)
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n",
			    out->message);
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/edit\">\n");
	layout_csrf_field(r);
	if (id)
		page_printf(&r->page, "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n", (long long)id);
	category_select(r, out, v->category);
	input(r, out, "title", "标题", v->title, "text", true);
	input(r, out, "doc_no", "文号", v->doc_no, "text", false);
	info_publisher_field(r, out, v->publisher); /* from the agency tree (page_info_meta.c) */
	input(r, out, "formed_on", "生成日期", v->formed_on, "date", true);
	doc_type_select(r, out, v->doc_type);
	textarea(r, out, "summary", "内容概述（留空则取正文开头）", v->summary, 3);
	textarea(r, out, "body", "正文（Markdown 格式，不允许 HTML）", v->body, 16);
	page_raw(&r->page, "<p><button type=\"submit\">保存草稿</button></p>\n</form>\n");
	if (id) /* attachments: upload and removal (page_info_attach.c) */
		info_attach_admin_section_for(r, id);
	else
		page_raw(&r->page, "<p class=\"muted\">保存草稿后可以上传附件。</p>\n");
	layout_end(r);
	return out && out->code != OUTCOME_OK ? http_outcome_status(out->code) : 200;
}

int page_info_admin_edit_form(struct req *r)
{
	int64_t id = req_positive(req_query(r, "id"));
	struct form_values v = {0};
	struct info_item it = {0};
	if (id) {
		int found = info_item_get(req_reader(r), id, &it);
		if (found == 1 && it.agency_id != r->user.agency_id) {
			info_item_free(&it); /* another agency's item: as if there were none */
			found = 0;
		}
		if (found != 1)
			return req_error(r, 404, "没有这条信息。");
		char formed[CAL_ISO_SIZE];
		v = (struct form_values){arena_printf(&r->arena, "%lld", (long long)it.category_id),
					 it.title,
					 it.doc_no,
					 it.publisher,
					 arena_strdup(&r->arena, cal_format_iso(it.formed_on, formed)),
					 it.summary,
					 it.body,
					 info_doc_type_name(it.doc_type)};
	}
	int status = edit_page(r, id, &v, NULL);
	info_item_free(&it);
	return status;
}

struct save_job {
	struct actor actor;
	int64_t id; /* the item edited, 0 for a new one */
	const struct info_item_input *in;
	int64_t now, created_id;
};

/* Creates the item, or updates it when the form names one. */
static enum outcome_code save_item(struct db *w, void *ctx, struct outcome *out)
{
	struct save_job *j = ctx;
	j->created_id = 0;
	return j->id ? info_item_update(w, &j->actor, j->id, j->in, j->now, out)
		     : info_item_create(w, &j->actor, j->in, j->now, &j->created_id, out);
}

int page_info_admin_edit(struct req *r)
{
	int64_t id = req_positive(req_form(r, "id"));
	struct form_values v = {req_form(r, "category"),  req_form(r, "title"),	    req_form(r, "doc_no"),
				req_form(r, "publisher"), req_form(r, "formed_on"), req_form(r, "summary"),
				req_form(r, "body"),	  req_form(r, "doc_type")};
	struct info_item_input in = {v.category,  v.title,   v.doc_no, v.publisher,
				     v.formed_on, v.summary, v.body,   v.doc_type};
	struct save_job job = {http_actor(r), id, &in, req_now(r), 0};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, save_item, &job, &out);
	if (!id)
		id = job.created_id;
	if (code == OUTCOME_INVALID)
		return edit_page(r, id, &v, &out);
	if (code != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, arena_printf(&r->arena, "/admin/info/view?id=%lld&done=saved%s", (long long)id,
					    *out.warning ? "&warn=doc_no" : ""));
}
