/* page_apply_files.c — the applicant's files over HTTP: the file field of the online application form
 * and of the online 补正 form, the list of the files on the handling page, and their download. The
 * files are personal data: only handlers and leaders of the application's agency see the list and may
 * download (a supervisor of a parent agency, who sees the application masked, does not). Checking and
 * storing an upload, and serving the bytes, is src/http/stored_file.c, shared with 主动公开. */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"
#include "http/stored_file.h"
#include "util/china_time.h"

static const char accepted_types[] = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif";

void apply_http_file_field(struct req *r, const char *error)
{
	char limit[32];
	page_printf(
	    &r->page,
	    "<p><label for=\"files\">附件（选填）</label>\n<span class=\"help\" id=\"files-help\">可上传身份证明、"
	    "所需信息的说明等材料，最多 %d 个文件，每个不超过 %h；只接受 PDF、OFD、Word、Excel 文档和 "
	    "PNG/JPEG/GIF 图片（按文件内容判断类型）。</span>\n",
	    APPLY_FILES_MAX, attach_size_text(r->app->cfg->max_upload_bytes, limit, sizeof limit));
	if (error)
		page_printf(&r->page, "<strong class=\"help\" id=\"files-error\">%h</strong>\n", error);
	page_printf(&r->page,
		    "<input id=\"files\" name=\"files\" type=\"file\" multiple accept=\"%h\" "
		    "aria-describedby=\"files-help%h\"%h></p>\n",
		    accepted_types, error ? " files-error" : "", error ? " aria-invalid=\"true\"" : "");
}

void apply_http_files_staff(struct req *r, struct db *db, const struct application *a)
{
	struct apply_file *files = NULL;
	size_t n = 0;
	if (apply_files(db, a->id, &files, &n) != 0) {
		page_raw(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>申请人附件列表读取失败。</p>"
				   "</div>\n");
		return;
	}
	if (n == 0)
		return;
	char size[32];
	page_raw(&r->page, "<section id=\"applicant-files\" aria-labelledby=\"applicant-files-h\">\n"
			   "<h2 id=\"applicant-files-h\">申请人提交的附件</h2>\n<div class=\"table-wrap\"><table>\n"
			   "<thead><tr><th scope=\"col\">文件名</th><th scope=\"col\">随何提交</th>"
			   "<th scope=\"col\">类型</th><th scope=\"col\">大小</th><th scope=\"col\">收到时间</th></tr>"
			   "</thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct apply_file *f = &files[i];
		char when[CHINA_TIME_SIZE];
		page_printf(&r->page,
			    "<tr><td><a href=\"/admin/applications/file?id=%lld\">%h</a></td><td>%h</td><td>%h</td>"
			    "<td>%h</td><td>%h</td></tr>\n",
			    (long long)f->id, f->name,
			    f->event_seq ? arena_printf(&r->arena, "在线补正（第 %d 项办理记录）", f->event_seq)
					 : "申请",
			    attach_kind_label(f->kind), attach_size_text(f->size, size, sizeof size),
			    china_time_format(f->created_at, CHINA_MINUTE, when));
	}
	page_raw(&r->page, "</tbody></table></div>\n</section>\n");
	free(files);
}

int page_apply_file(struct req *r)
{
	const char *id_text = req_query(r, "id");
	int64_t id = id_text ? atoll(id_text) : 0;
	struct actor actor = http_actor(r);
	struct apply_file f;
	enum apply_status st = apply_file_open(r->app->store, id, &actor, req_now(r), &f);
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st), st == APPLY_NOT_FOUND ? "没有这个附件。" : NULL);
	return stored_file_send(r, f.kind, f.name, f.sha256, (long long)f.id);
}
