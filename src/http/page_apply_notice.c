/* page_apply_notice.c — the 补正告知 and 延长答复期限告知 of an application on screen (apply_notice.c):
 * for the applicant on the status page (what to correct, by when, and a form to answer online), for
 * staff on the handling page (who approved an extension, what the applicant was told), and the
 * applicant's online 补正 (POST /apply/query/correction; the JSON twin is in api_apply.c). */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"
#include "http/stored_file.h"

static const struct crumb query_crumbs[] = {{"依申请公开", "/apply"}, {"申请查询", NULL}};

static const char *form_value(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

/* The pending 补正告知 with the form to answer it (the code travels in the POST body only). */
static void correction_form(struct req *r, const struct application *a, const struct apply_notice *c, const char *code)
{
	page_printf(&r->page,
		    "<section class=\"notice\" id=\"correction\" aria-labelledby=\"correction-h\">\n"
		    "<h2 id=\"correction-h\">请您补正申请</h2>\n<p>需要补正的事项：<strong id=\"correction-note\">%h"
		    "</strong></p>\n<p>补正期限：<strong id=\"correction-by\">%h</strong> 前。答复期限自本机关收到"
		    "补正之日起重新计算；无正当理由逾期不补正的，视为放弃申请（条例第三十条）。</p>\n",
		    c->note, apply_http_iso(r, c->due_on));
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/apply/query/correction\" "
			   "enctype=\"multipart/form-data\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"no\" value=\"%h\"><input type=\"hidden\" name=\"code\" "
		    "value=\"%h\">\n<p><label for=\"correction-text\">补正内容</label>\n"
		    "<textarea id=\"correction-text\" name=\"text\" rows=\"6\" maxlength=\"4000\" required>"
		    "</textarea></p>\n",
		    a->tracking_no, code);
	apply_http_file_field(r, NULL);
	page_raw(&r->page, "<p><button type=\"submit\">在线提交补正</button></p>\n</form>\n</section>\n");
}

void apply_http_notices_public(struct req *r, const struct application *a, const struct deadline_result *res,
			       const char *code)
{
	struct apply_notice *v = NULL;
	size_t n = 0;
	if (apply_notices(req_reader(r), a->id, &v, &n) != 0 || n == 0) {
		free(v);
		return;
	}
	const struct apply_notice *pending = apply_pending_correction(v, n, res);
	if (pending)
		correction_form(r, a, pending, code);
	bool heading = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].kind, "correction_reply") == 0)
			continue;
		if (!heading)
			page_raw(&r->page, "<h2>告知书</h2>\n");
		heading = true;
		page_printf(&r->page, "<pre class=\"letter\" id=\"notice-%h\">%h</pre>\n",
			    arena_printf(&r->arena, "%d", v[i].event_seq), v[i].body);
	}
	apply_notices_free(v, n);
}

void apply_http_notices_staff(struct req *r, struct db *db, const struct application *a)
{
	struct apply_notice *v = NULL;
	size_t n = 0;
	if (apply_notices(db, a->id, &v, &n) != 0 || n == 0) {
		free(v);
		return;
	}
	page_raw(&r->page, "<h2>告知书和申请人补正</h2>\n");
	for (size_t i = 0; i < n; i++) {
		const struct apply_notice *x = &v[i];
		const char *what = strcmp(x->kind, "correction") == 0  ? "补正告知书"
				   : strcmp(x->kind, "extension") == 0 ? "延长答复期限告知书"
								       : "申请人在线提交的补正";
		page_printf(&r->page, "<h3>%h（%h）</h3>\n", what, apply_http_iso(r, x->day));
		if (x->approver[0])
			page_printf(&r->page, "<p id=\"approver-%h\">批准人（政府信息公开工作机构负责人）：%h</p>\n",
				    arena_printf(&r->arena, "%d", x->event_seq), x->approver);
		page_printf(&r->page, "<pre class=\"letter\">%h</pre>\n", x->body);
	}
	apply_notices_free(v, n);
}

/* The page after an online 补正, or the form again with the message. */
static int correction_page(struct req *r, const char *title, const char *message, bool ok, int status)
{
	layout_begin(r, &(struct layout){.title = title,
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = query_crumbs,
					 .crumb_count = 2});
	page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n", ok ? "" : " notice-error",
		    ok ? "status" : "alert", message);
	page_raw(&r->page, "<p><a href=\"/apply/query\">返回申请查询</a></p>\n");
	layout_end(r);
	return status;
}

int page_apply_query_correction(struct req *r)
{
	const struct calendar *cal = apply_http_calendar(r);
	if (!cal)
		return req_error(r, 503, NULL);
	struct apply_errors e = {0};
	struct actor actor = http_actor(r);
	int today = apply_http_today(r);
	struct attach_upload *files = NULL;
	size_t nfiles = 0;
	struct outcome out;
	enum outcome_code code = stored_file_accept(r, "files", APPLY_FILES_MAX, &files, &nfiles, &out);
	if (code == OUTCOME_INVALID)
		return correction_page(r, "补正未提交", out.message, false, 422);
	if (code != OUTCOME_OK)
		return correction_page(r, "补正未提交", "附件保存失败，补正未提交，请稍后重试。", false, 503);
	enum apply_status st =
	    apply_correction_online(r->app->store, cal, form_value(r, "no"), form_value(r, "code"),
				    form_value(r, "text"), files, nfiles, actor.ip, today, req_now(r), &e);
	if (st == APPLY_OK)
		return correction_page(
		    r, "补正已提交",
		    arena_printf(&r->arena,
				 "您的补正已于 %s 提交并保存%s。答复期限自本机关收到补正之日起重新计算，"
				 "您可以在申请查询页面查看新的答复期限。",
				 apply_http_iso(r, today),
				 nfiles ? arena_printf(&r->arena, "（含附件 %zu 个）", nfiles) : ""),
		    true, 200);
	if (st == APPLY_NOT_FOUND)
		return correction_page(r, "申请查询", "申请编号或查询码不正确，请核对后重新输入。", false, 404);
	if (st == APPLY_INVALID || st == APPLY_REFUSED)
		return correction_page(r, "补正未提交", apply_http_error_text(r, &e), false, apply_http_status(st));
	return req_error(r, apply_http_status(st), NULL);
}

/* ---- a lost query code, re-sent to the e-mail address given ---- */

static void resend_form(struct req *r)
{
	page_raw(&r->page, "<form class=\"form narrow\" method=\"post\" action=\"/apply/query/resend\">\n");
	layout_csrf_field(r);
	page_raw(&r->page,
		 "<p><label for=\"no\">申请编号</label>\n<input id=\"no\" name=\"no\" required maxlength=\"31\"></p>\n"
		 "<p><label for=\"email\">申请时填写的电子邮箱</label>\n<input id=\"email\" name=\"email\" "
		 "type=\"email\" required maxlength=\"127\" autocomplete=\"email\"></p>\n"
		 "<p><button type=\"submit\">发送新的查询码</button></p>\n</form>\n");
}

int page_apply_resend_form(struct req *r)
{
	layout_begin(r, &(struct layout){.title = "找回查询码",
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = query_crumbs,
					 .crumb_count = 2});
	page_raw(&r->page, "<p>本机关不保存查询码原文。填写申请编号和申请时留下的电子邮箱，系统会生成新的查询码"
			   "发送到该邮箱，原查询码随即失效。申请时没有留下邮箱的，请携带身份证明到本机关查询。</p>\n");
	resend_form(r);
	layout_end(r);
	return 200;
}

int page_apply_resend(struct req *r)
{
	struct actor actor = http_actor(r);
	enum apply_status st =
	    apply_code_resend(r->app->store, form_value(r, "no"), form_value(r, "email"), actor.ip, req_now(r));
	if (st == APPLY_ERROR) /* the database or the commit failed: no new code exists, nothing was sent */
		return req_error(r, 503, "保存时出错，未生成新的查询码，也未发送邮件，请稍后重试。");
	/* the same answer whether or not the number and address matched: it reveals neither */
	return correction_page(
	    r, "找回查询码",
	    "如果申请编号和电子邮箱与申请时填写的一致，新的查询码已发送到该邮箱，请查收（原查询码已失效）。", true,
	    200);
}
