/* page_info_attach.c — attachments over HTTP: the back-office section embedded in the item edit and view
 * pages (list, remove buttons, multipart upload form), the upload and removal POSTs, and the downloads.
 *
 * Upload: the router has already refused a body over max_upload_bytes (413) and checked the CSRF token;
 * here the file is checked by content (attach_check_upload), written to the content store (fsync'd,
 * renamed) and only then recorded in one write transaction, so what the redirect acknowledges is on
 * disk. Downloads answer with the sniffed Content-Type, `Content-Disposition: attachment` with the
 * RFC 5987 UTF-8 name, `X-Content-Type-Options: nosniff` (router), a sandboxing Content-Security-Policy
 * and the SHA-256 as ETag; the public route serves only attachments of items the public may see
 * (404 otherwise), the staff route those of the user's own agency in any state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_attach.h"
#include "http/stored_file.h"
#include "info/attach.h"
#include "util/china_time.h"
#include "util/log.h"

static const char accepted_types[] = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif";

static bool item_editable(const struct info_item *it)
{
	return it->status == INFO_DRAFT || it->status == INFO_RETURNED;
}

/* ---- the sections embedded in other pages ---- */

static void remove_button(struct req *r, const struct info_attachment *a)
{
	page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/attach/remove\">");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
		    "<button type=\"submit\" class=\"secondary\" aria-label=\"删除附件 %h\">删除</button>"
		    "</form>",
		    (long long)a->id, a->name);
}

static void admin_table(struct req *r, const struct info_attachment *list, size_t n, bool can_remove)
{
	char size[32];
	page_raw(&r->page, "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">文件名</th>"
			   "<th scope=\"col\">类型</th><th scope=\"col\">大小</th><th scope=\"col\">上传时间</th>");
	if (can_remove)
		page_raw(&r->page, "<th scope=\"col\">操作</th>");
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		page_printf(&r->page,
			    "<tr><td><a href=\"/admin/info/file?id=%lld\">%h</a></td>"
			    "<td>%h</td><td>%h</td><td>%h</td>",
			    (long long)list[i].id, list[i].name, attach_kind_label(list[i].kind),
			    attach_size_text(list[i].size, size, sizeof size), info_http_time(r, list[i].created_at));
		if (can_remove) {
			page_raw(&r->page, "<td>");
			remove_button(r, &list[i]);
			page_raw(&r->page, "</td>");
		}
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void upload_form(struct req *r, int64_t item_id, const char *error)
{
	char limit[32];
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/attach\" "
			   "enctype=\"multipart/form-data\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n<p><label for=\"file\">"
		    "上传附件（PDF、OFD、Word、Excel 文档或 PNG/JPEG/GIF 图片，不超过 %h）</label>\n",
		    (long long)item_id, attach_size_text(r->app->cfg->max_upload_bytes, limit, sizeof limit));
	if (error)
		page_printf(&r->page, "<strong class=\"help\" id=\"file-error\">%h</strong>\n", error);
	page_printf(&r->page, "<input id=\"file\" name=\"file\" type=\"file\" required accept=\"%h\"", accepted_types);
	if (error)
		page_raw(&r->page, " aria-describedby=\"file-error\" aria-invalid=\"true\"");
	page_raw(&r->page, "></p>\n<p><button type=\"submit\">上传附件</button></p>\n</form>\n");
}

void info_attach_admin_section(struct req *r, const struct info_item *it, const char *error)
{
	struct info_attachment *list = NULL;
	size_t n = 0;
	bool editor = (r->user.roles & ROLE_EDITOR) != 0, editable = item_editable(it);
	if (info_attach_list(req_reader(r), it->id, &list, &n) < 0)
		page_raw(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>附件列表读取失败。</p>"
				   "</div>\n");
	page_raw(&r->page, "<section id=\"attachments\" aria-labelledby=\"attachments-heading\">\n"
			   "<h2 id=\"attachments-heading\">附件</h2>\n");
	if (n == 0)
		page_raw(&r->page, "<p class=\"muted\">暂无附件。</p>\n");
	else
		admin_table(r, list, n, editor && editable);
	if (editor && editable)
		upload_form(r, it->id, error);
	else if (editor)
		page_raw(&r->page, "<p class=\"muted\">信息提交保密审查后不能再增删附件；"
				   "需要修改时请由审查人员退回。</p>\n");
	page_raw(&r->page, "</section>\n");
	free(list);
}

void info_attach_admin_section_for(struct req *r, int64_t item_id)
{
	struct info_item it;
	if (info_item_get(req_reader(r), item_id, &it) != 1)
		return;
	if (it.agency_id == r->user.agency_id)
		info_attach_admin_section(r, &it, NULL);
	info_item_free(&it);
}

void info_attach_public_list(struct req *r, int64_t item_id)
{
	struct info_attachment *list = NULL;
	size_t n = 0;
	char size[32];
	if (info_attach_list(req_reader(r), item_id, &list, &n) < 0 || n == 0) {
		free(list);
		return;
	}
	page_raw(&r->page, "<section class=\"info-attachments\" aria-labelledby=\"attachments-heading\">\n"
			   "<h2 id=\"attachments-heading\">附件</h2>\n<ul class=\"link-list\">\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page,
			    "<li><a href=\"/info/file/%lld\">%h</a> "
			    "<span class=\"muted\">（%h，%h）</span></li>\n",
			    (long long)list[i].id, list[i].name, attach_kind_label(list[i].kind),
			    attach_size_text(list[i].size, size, sizeof size));
	page_raw(&r->page, "</ul>\n</section>\n");
	free(list);
}

/* ---- back-office pages ---- */

/* Loads an item of the user's agency; 1 found, 0 not found (404 set), -1 error (500 set). */
static int own_item(struct req *r, int64_t id, struct info_item *it)
{
	int rc = id ? info_item_get(req_reader(r), id, it) : 0;
	if (rc == 1 && it->agency_id != r->user.agency_id) {
		info_item_free(it);
		rc = 0;
	}
	if (rc == 0)
		req_error(r, 404, "没有这条信息。");
	else if (rc < 0)
		req_error(r, 500, NULL);
	return rc;
}

/* The attachment page of an item, with an optional error (status 422) beside the file field. */
static int attach_page(struct req *r, const struct info_item *it, const char *error)
{
	struct crumb crumbs[] = {{"主动公开信息", "/admin/info"},
				 {it->title, arena_printf(&r->arena, "/admin/info/view?id=%lld", (long long)it->id)},
				 {"附件", NULL}};
	layout_begin(
	    r,
	    &(struct layout){
		.title = "附件", .column = COLUMN_ADMIN_HOME, .crumbs = crumbs, .crumb_count = 3, .backoffice = true});
	if (error)
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n", error);
	const char *done = req_query(r, "done");
	if (done && (strcmp(done, "removed") == 0 || strcmp(done, "uploaded") == 0))
		page_printf(&r->page, "<div class=\"notice\" role=\"status\" id=\"done\"><p>%h</p></div>\n",
			    done[0] == 'r' ? "附件已删除。" : "附件已上传。信息仍是草稿，确认无误后请提交保密审查。");
	page_printf(&r->page, "<p>信息：<a href=\"/admin/info/view?id=%lld\">%h</a>（%h）</p>\n", (long long)it->id,
		    it->title, info_status_zh(it->status));
	info_attach_admin_section(r, it, error);
	/* the way on: back to the item (where it is submitted for review) or on editing it */
	page_printf(
	    &r->page,
	    "<p class=\"link-list\"><a id=\"back\" href=\"/admin/info/view?id=%lld\">返回信息页（提交保密审查）</a>",
	    (long long)it->id);
	if (item_editable(it))
		page_printf(&r->page, " · <a href=\"/admin/info/edit?id=%lld\">继续修改正文</a>", (long long)it->id);
	page_raw(&r->page, "</p>\n");
	if (item_editable(it) && (r->user.roles & ROLE_EDITOR)) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/info/action\">\n");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input type=\"hidden\" name=\"action\" "
			    "value=\"submit\">\n<p><button type=\"submit\">提交保密审查</button></p>\n</form>\n",
			    (long long)it->id);
	}
	layout_end(r);
	return error ? 422 : 200;
}

int page_info_attach_form(struct req *r)
{
	struct info_item it;
	int rc = own_item(r, req_positive(req_query(r, "id")), &it);
	if (rc != 1)
		return rc == 0 ? 404 : 500;
	int status = attach_page(r, &it, NULL);
	info_item_free(&it);
	return status;
}

struct attach_job {
	struct actor actor;
	int64_t item_id, attachment_id, now;
	const struct attach_upload *up; /* NULL: remove attachment_id */
};

/* Records an uploaded file on the item, or removes an attachment. */
static enum outcome_code attach_job(struct db *w, void *ctx, struct outcome *out)
{
	struct attach_job *j = ctx;
	if (!j->up)
		return info_attach_remove(w, &j->actor, j->attachment_id, j->now, out);
	return info_attach_add(w, &j->actor, j->item_id, j->up, j->now, &j->attachment_id, out);
}

int page_info_attach_upload(struct req *r)
{
	struct info_item it;
	int rc = own_item(r, req_positive(req_form(r, "id")), &it);
	if (rc != 1)
		return rc == 0 ? 404 : 500;
	struct attach_upload *files = NULL;
	size_t n = 0;
	struct outcome out = {0};
	enum outcome_code code;
	if (!item_editable(&it))
		code = outcome_fail(&out, OUTCOME_CONFLICT, NULL, "信息已提交保密审查或已发布，不能再上传附件");
	else
		code = stored_file_accept(r, "file", 1, &files, &n, &out);
	if (code == OUTCOME_OK && n == 0)
		code = info_invalid(&out, "file", "附件：请选择要上传的文件");
	if (code == OUTCOME_OK) {
		struct attach_job job = {http_actor(r), it.id, 0, req_now(r), &files[0]};
		code = store_write(r->app->store, attach_job, &job, &out);
	}
	int status;
	if (code == OUTCOME_INVALID)
		status = attach_page(r, &it, out.message);
	else if (code != OUTCOME_OK)
		status = http_outcome_fail(r, &out);
	else
		status = req_redirect(r, arena_printf(&r->arena, "/admin/info/attach?id=%lld&done=uploaded#attachments",
						      (long long)it.id));
	info_item_free(&it);
	return status;
}

int page_info_attach_remove(struct req *r)
{
	int64_t id = req_positive(req_form(r, "id"));
	struct info_attachment a;
	if (!id || info_attach_get(req_reader(r), id, &a) != 1 || a.agency_id != r->user.agency_id)
		return req_error(r, 404, "没有这个附件，或它已被删除。");
	struct outcome out;
	struct attach_job job = {http_actor(r), a.item_id, id, req_now(r), NULL};
	if (store_write(r->app->store, attach_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r,
			    arena_printf(&r->arena, "/admin/info/attach?id=%lld&done=removed", (long long)a.item_id));
}

/* ---- downloads ---- */

static int send_file(struct req *r, const struct info_attachment *a)
{
	return stored_file_send(r, a->kind, a->name, a->sha256, (long long)a->id);
}

int page_info_attach_file(struct req *r)
{
	int64_t id = req_positive(r->path + strlen("/info/file/"));
	struct info_attachment a;
	struct info_item it;
	int rc = id ? info_attach_get(req_reader(r), id, &a) : 0;
	if (rc == 1)
		rc = info_item_get_public(req_reader(r), a.item_id, req_now(r), &it);
	if (rc < 0)
		return req_error(r, 500, NULL);
	if (rc == 0)
		return req_error(r, 404, "没有这个附件，或它所属的信息尚未公开。");
	info_item_free(&it);
	return send_file(r, &a);
}

int page_info_attach_staff_file(struct req *r)
{
	int64_t id = req_positive(req_query(r, "id"));
	struct info_attachment a;
	int rc = id ? info_attach_get(req_reader(r), id, &a) : 0;
	if (rc < 0)
		return req_error(r, 500, NULL);
	if (rc == 0 || a.agency_id != r->user.agency_id)
		return req_error(r, 404, "没有这个附件。");
	return send_file(r, &a);
}
