/* page_supervise_batch.c — receiving the published reports of agencies not on the platform
 * (docs/supervision.md): the upload form (several files at once, or a zip of many; the address the
 * agency published it at for a single file), the batch's result page (each file attached to its agency,
 * waiting for confirmation, or refused with the reason) and the confirmation of an unsure match. The
 * files are read and checked before the write; the write stores the batch in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_annual.h"
#include "http/page_supervise.h"
#include "supervise/collect.h"

static const char accepted_types[] = ".txt,.htm,.html,.pdf,.docx,.ofd,.zip";

static void begin(struct req *r, const char *title, int64_t agency_id, int year)
{
	struct crumb crumbs[] = {{"工作台", "/admin"},
				 {"年报收集", arena_printf(&r->arena, "/admin/supervise/reports?agency=%lld&year=%d",
							   (long long)agency_id, year)},
				 {title, NULL}};
	layout_begin(
	    r,
	    &(struct layout){
		.title = title, .column = COLUMN_ADMIN_ANNUAL, .crumbs = crumbs, .crumb_count = 3, .backoffice = true});
	supervise_http_nav(r, agency_id, year);
}

static int upload_page(struct req *r, int64_t agency_id, int year, const char *error, int status)
{
	begin(r, "上传外部年报", agency_id, year);
	layout_notice(r, error, true);
	page_raw(&r->page,
		 "<p>不在本平台的下级机关（外部机关）的年报：一次可选择多个文件（文本、网页、PDF、Word（.docx）、OFD，"
		 "或装有多个文件的 zip 压缩包）。系统逐个读取、检查，按年报标题中的机关名称和年度归入对应机关；"
		 "名称不完全一致的，请在结果页确认。</p>\n");
	page_printf(&r->page,
		    "<form class=\"form\" method=\"post\" action=\"/admin/supervise/upload\" "
		    "enctype=\"multipart/form-data\">\n<input type=\"hidden\" name=\"agency\" value=\"%lld\">\n",
		    (long long)agency_id);
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<p><label for=\"year\">统计年度</label> <input id=\"year\" name=\"year\" inputmode=\"numeric\" "
		    "size=\"6\" value=\"%d\" required></p>\n"
		    "<p><label for=\"file\">年报文件（可多选）</label> <input id=\"file\" name=\"file\" type=\"file\" "
		    "multiple required accept=\"%h\"></p>\n"
		    "<p><label for=\"url\">发布网址（只上传一个文件时可填写）</label> <input id=\"url\" name=\"url\" "
		    "type=\"url\" size=\"40\" placeholder=\"https://\"></p>\n"
		    "<p><button type=\"submit\">上传并检查</button></p>\n</form>\n",
		    year, accepted_types);
	layout_end(r);
	return status;
}

int page_supervise_upload_form(struct req *r)
{
	int status = 0;
	int64_t agency_id = supervise_http_agency(r, &status);
	if (!agency_id)
		return status;
	return upload_page(r, agency_id, annual_http_chosen_year(r), NULL, 200);
}

struct upload_job {
	const struct actor *actor;
	struct collect_batch *b;
	int64_t now;
	int64_t id;
};

static enum outcome_code store_batch(struct db *w, void *ctx, struct outcome *out)
{
	struct upload_job *j = ctx;
	char err[COLLECT_ERR_SIZE] = "";
	j->id = collect_batch_store(w, j->actor, j->b, j->now, err, sizeof err);
	if (j->id > 0)
		return OUTCOME_OK;
	if (j->id == 0)
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "%s", err);
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改，请稍后重试。");
}

/* The uploads of field "file"; the address applies when there is exactly one. Returns how many. */
static size_t uploads_of(struct req *r, const char *url, struct collect_upload **out)
{
	*out = arena_alloc(&r->arena, (r->uploads.count + 1) * sizeof **out);
	size_t n = 0;
	for (size_t i = 0; i < r->uploads.count; i++) {
		const struct upload *u = &r->uploads.items[i];
		if (strcmp(u->field, "file") == 0 && u->size > 0)
			(*out)[n++] = (struct collect_upload){
			    .name = u->filename, .data = (const char *)u->data, .len = u->size, .url = url};
	}
	return n;
}

static bool url_ok(const char *url)
{
	return strlen(url) < 500 && (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) &&
	       !strpbrk(url, " \t\r\n\"<>");
}

int page_supervise_upload(struct req *r)
{
	int status = 0;
	int64_t agency_id = supervise_http_agency(r, &status);
	if (!agency_id)
		return status;
	int year = annual_http_chosen_year(r);
	const char *url = req_form(r, "url");
	if (url && !*url)
		url = NULL;
	struct collect_upload *ups;
	size_t n = uploads_of(r, url, &ups);
	if (n == 0)
		return upload_page(r, agency_id, year, "年报文件：请选择至少一个文件。", 422);
	if (url && (n != 1 || !url_ok(url)))
		return upload_page(r, agency_id, year,
				   n != 1 ? "发布网址：只能在上传一个文件时填写。"
					  : "发布网址：请填写以 http:// 或 https:// 开头的网址。",
				   422);
	struct collect_batch b;
	char err[COLLECT_ERR_SIZE];
	if (collect_read(req_reader(r), agency_id, year, ups, n, &b, err, sizeof err) < 0) {
		collect_batch_free(&b);
		return req_error(r, 500, err);
	}
	struct actor actor = http_actor(r);
	struct upload_job job = {&actor, &b, req_now(r), 0};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, store_batch, &job, &out);
	collect_batch_free(&b);
	if (code != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, arena_printf(&r->arena, "/admin/supervise/batch?id=%lld", (long long)job.id));
}

/* ---- the batch's result ---- */

static void file_row(struct req *r, const struct collect_batch *b, const struct collect_file *f)
{
	page_printf(&r->page, "<tr><td>%d</td><th scope=\"row\">%h", f->seq, f->name);
	if (f->url[0])
		page_printf(&r->page, "<br><a href=\"%h\" rel=\"noopener\">发布网址</a>", f->url);
	page_printf(&r->page, "</th><td>%h", f->read_agency[0] ? f->read_agency : "—");
	if (f->read_year)
		page_printf(&r->page, "（%d 年度）", f->read_year);
	page_raw(&r->page, "</td><td>");
	if (f->state == COLLECT_FILE_ATTACHED) {
		page_printf(&r->page, "已接收：%h（<a href=\"/api/v1/reports/%lld/%d?format=html\">查看年报</a>）",
			    f->agency_name, (long long)f->agency_id, f->read_year);
	} else if (f->state == COLLECT_FILE_REFUSED) {
		page_printf(&r->page, "未接收：%h", f->message);
	} else {
		page_printf(&r->page,
			    "待确认：%h\n<form class=\"form\" method=\"post\" action=\"/admin/supervise/confirm\">"
			    "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
			    f->message, (long long)f->id);
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<p><label for=\"agency-%lld\">机关</label> <select id=\"agency-%lld\" name=\"agency_id\" "
			    "required>\n<option value=\"\">请选择</option>\n",
			    (long long)f->id, (long long)f->id);
		supervise_http_agency_options(r, b->agency_id, f->agency_id);
		page_raw(&r->page, "</select> <button type=\"submit\">确认并接收</button></p></form>");
	}
	page_raw(&r->page, "</td></tr>\n");
}

int page_supervise_batch(struct req *r)
{
	int64_t id = supervise_http_id(r, "id");
	struct collect_batch b;
	int rc = id ? collect_batch_get(req_reader(r), id, &b) : 0;
	if (rc < 0)
		return req_error(r, 500, NULL);
	struct actor actor = http_actor(r);
	if (rc == 0 || !collect_may_supervise(req_reader(r), &actor, b.agency_id)) {
		if (rc == 1)
			collect_batch_free(&b);
		return req_error(r, 404, "没有这个批次。");
	}
	begin(r, arena_printf(&r->arena, "外部年报批次 %lld", (long long)b.id), b.agency_id, b.year);
	page_printf(&r->page,
		    "<p role=\"status\">%h %d 年度，共 %zu 个文件：已接收 %zu 个，待确认 %zu 个，未接收 %zu 个。</p>\n",
		    b.agency_name, b.year, b.n, b.attached, b.unsure, b.refused);
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<caption>各文件的处理结果</caption>\n<thead><tr>"
		 "<th scope=\"col\">序号</th><th scope=\"col\">文件</th><th scope=\"col\">年报中的机关（年度）</th>"
		 "<th scope=\"col\">结果</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < b.n; i++)
		file_row(r, &b, &b.files[i]);
	page_raw(&r->page, "</tbody></table></div>\n");
	collect_batch_free(&b);
	layout_end(r);
	return 200;
}

struct confirm_job {
	const struct actor *actor;
	int64_t file_id, agency_id, now, batch_id;
};

static enum outcome_code confirm(struct db *w, void *ctx, struct outcome *out)
{
	struct confirm_job *j = ctx;
	char err[COLLECT_ERR_SIZE] = "";
	j->batch_id = collect_confirm(w, j->actor, j->file_id, j->agency_id, j->now, err, sizeof err);
	if (j->batch_id > 0)
		return OUTCOME_OK;
	if (j->batch_id == 0)
		return outcome_fail(out, OUTCOME_CONFLICT, "agency_id", "%s", err);
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改，请稍后重试。");
}

int page_supervise_confirm(struct req *r)
{
	int64_t file_id = supervise_http_id(r, "id"), batch_id = 0, batch_agency = 0;
	int rc = file_id ? collect_file_batch(req_reader(r), file_id, &batch_id, &batch_agency) : 0;
	if (rc < 0)
		return req_error(r, 500, NULL);
	struct actor actor = http_actor(r);
	if (rc == 0 || !collect_may_supervise(req_reader(r), &actor, batch_agency))
		return req_error(r, 404, "没有这个文件。");
	struct confirm_job job = {&actor, file_id, supervise_http_id(r, "agency_id"), req_now(r), 0};
	struct outcome out;
	if (store_write(r->app->store, confirm, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	return req_redirect(r, arena_printf(&r->arena, "/admin/supervise/batch?id=%lld", (long long)job.batch_id));
}
