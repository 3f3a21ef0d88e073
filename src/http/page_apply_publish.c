/* page_apply_publish.c — 依申请公开转主动公开 (条例第四十四条) in the back office: on a concluded
 * application that released information, the handler proposes it for 主动公开 (with a reason); the
 * proposals page lists them, and an editor makes a draft information item of one — title, 内容概述
 * and 生成日期 taken from the application, the first category of the agency chosen (the editor
 * corrects it in the draft) — created and linked in one transaction; the item then goes through the
 * normal review (先审查后公开). On the applicant's pages, how many applications of the site's agency led
 * to a 主动公开 item. */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"
#include "http/page_info.h"
#include "info/info.h"

static const struct crumb crumbs[] = {{"依申请公开办理", "/admin/applications"}, {"转主动公开建议", NULL}};

void apply_http_publication_note(struct req *r)
{
	const struct agency *site = layout_site(r);
	struct db *db = req_reader(r);
	int64_t count = 0;
	if (!db || apply_publication_count(db, site ? site->id : 0, &count) != 0)
		return;
	page_printf(&r->page,
		    "<p id=\"publication-count\">依申请公开转为主动公开（条例第四十四条）：已有 <strong>%lld</strong> "
		    "件申请所涉及的信息纳入主动公开，申请前可先在<a href=\"/info\">政府信息公开目录</a>中查找。</p>\n",
		    (long long)count);
}

void apply_http_publication_block(struct req *r, struct db *db, const struct application *a)
{
	if (strcmp(a->outcome, "granted") != 0 && strcmp(a->outcome, "partial") != 0)
		return;
	struct apply_publication *v = NULL;
	size_t n = 0;
	bool proposed = false;
	if (apply_publications(db, a->agency_id, &v, &n) == 0)
		for (size_t i = 0; i < n; i++)
			proposed |= v[i].application_id == a->id;
	free(v);
	page_raw(&r->page, "<h2>转为主动公开</h2>\n");
	if (proposed) {
		page_raw(&r->page, "<p id=\"proposed\">已建议纳入主动公开，见<a href=\"/admin/applications/proposals\">"
				   "转主动公开建议</a>。</p>\n");
		return;
	}
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/applications/propose\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"no\" value=\"%h\">\n<p><label for=\"reason\">理由（如多人申请相同"
		    "信息，条例第四十四条）</label>\n<input id=\"reason\" name=\"reason\" maxlength=\"500\"></p>\n"
		    "<p><button type=\"submit\" class=\"secondary\">建议纳入主动公开</button></p>\n</form>\n",
		    a->tracking_no);
}

int page_apply_propose(struct req *r)
{
	const char *no = req_form(r, "no") ? req_form(r, "no") : "";
	struct apply_errors e = {0};
	struct actor actor = http_actor(r);
	enum apply_status st =
	    apply_propose_publication(r->app->store, no, &actor, req_form(r, "reason"), req_now(r), &e);
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st), apply_http_error_text(r, &e));
	struct buf b = {0};
	buf_puts(&b, "/admin/applications/view?no=");
	page_escape_url(&b, no);
	buf_puts(&b, "&done=propose");
	const char *url = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return req_redirect(r, url);
}

int page_apply_proposals(struct req *r)
{
	struct db *db = req_reader(r);
	struct apply_publication *v = NULL;
	size_t n = 0;
	if (!db || apply_publications(db, r->user.agency_id, &v, &n) != 0)
		return req_error(r, 503, NULL);
	layout_begin(r, &(struct layout){.title = "依申请公开转主动公开建议",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	const char *done = req_query(r, "done");
	if (done)
		page_raw(
		    &r->page,
		    "<div class=\"notice\" role=\"status\"><p>已生成主动公开信息草稿，请编辑后提交审查。</p></div>\n");
	page_raw(&r->page, "<p>条例第四十四条：多个申请人就相同政府信息提出公开申请，且该信息属于可以公开的，可以纳入"
			   "主动公开的范围。由编辑生成信息草稿，经保密审查后发布。</p>\n");
	if (n == 0)
		page_raw(&r->page, "<p id=\"empty\">暂无建议。</p>\n");
	bool editor = (r->user.roles & ROLE_EDITOR) != 0;
	for (size_t i = 0; i < n; i++) {
		const struct apply_publication *p = &v[i];
		page_printf(&r->page,
			    "<section class=\"proposal\"><h2>%h</h2>\n<p>%h</p>\n<p class=\"muted\">理由：%h</p>\n",
			    p->tracking_no, p->description, p->reason[0] ? p->reason : "—");
		if (p->item_id)
			page_printf(&r->page, "<p><a href=\"/admin/info/view?id=%h\">已生成信息草稿</a></p>\n",
				    arena_printf(&r->arena, "%lld", (long long)p->item_id));
		else if (editor) {
			page_raw(&r->page, "<form method=\"post\" action=\"/admin/applications/proposals/draft\">");
			layout_csrf_field(r);
			page_printf(
			    &r->page,
			    "<input type=\"hidden\" name=\"application_id\" value=\"%h\"><button type=\"submit\">"
			    "生成主动公开信息草稿</button></form>\n",
			    arena_printf(&r->arena, "%lld", (long long)p->application_id));
		}
		page_raw(&r->page, "</section>\n");
	}
	layout_end(r);
	free(v);
	return 200;
}

/* The proposal of the agency for this application, or NULL (into *out). */
static bool find_open(struct db *db, int64_t agency_id, int64_t application_id, struct apply_publication *out)
{
	struct apply_publication *v = NULL;
	size_t n = 0;
	bool found = false;
	if (apply_publications(db, agency_id, &v, &n) == 0)
		for (size_t i = 0; i < n && !found; i++)
			if (v[i].application_id == application_id && !v[i].item_id) {
				*out = v[i];
				found = true;
			}
	free(v);
	return found;
}

struct draft_job {
	struct actor actor;
	const struct info_item_input *in;
	int64_t now, application_id;
	int64_t item_id; /* out */
};

/* The draft item and its link to the proposal, in one transaction (nothing is kept if either fails). */
static enum outcome_code draft_run(struct db *w, void *ctx, struct outcome *out)
{
	struct draft_job *j = ctx;
	j->item_id = 0;
	if (info_item_create(w, &j->actor, j->in, j->now, &j->item_id, out) != OUTCOME_OK)
		return out->code;
	int rc = apply_publication_link(w, j->application_id, j->item_id);
	if (rc > 0)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "这条建议已经生成过主动公开信息草稿。");
	return rc == 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "保存草稿时数据库出错，未作任何更改。");
}

int page_apply_proposal_draft(struct req *r)
{
	struct apply_publication p;
	int64_t app_id = atoll(req_form(r, "application_id") ? req_form(r, "application_id") : "0");
	struct db *db = req_reader(r);
	struct info_category *cats = NULL;
	size_t ncats = 0;
	if (!db || !find_open(db, r->user.agency_id, app_id, &p))
		return req_error(r, 404, "没有这条待处理的建议。");
	if (info_category_list(db, r->user.agency_id, false, req_now(r), &cats, &ncats) != 0 || ncats == 0) {
		free(cats);
		return req_error(r, 409, "本机关尚未设置主动公开目录分类，请先由管理员设置。");
	}
	const char *category = arena_printf(&r->arena, "%lld", (long long)cats[0].id);
	free(cats);
	const char *summary =
	    arena_printf(&r->arena, "依申请公开转主动公开（条例第四十四条，申请编号 %s）。", p.tracking_no);
	struct info_item_input in = {category, p.description, "", "", apply_http_iso(r, p.concluded_on),
				     summary,  summary,	      ""};
	struct draft_job job = {http_actor(r), &in, req_now(r), app_id, 0};
	struct outcome out;
	if (store_write(r->app->store, draft_run, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	int64_t id = job.item_id;
	return req_redirect(r, arena_printf(&r->arena, "/admin/info/view?id=%lld", (long long)id));
}
