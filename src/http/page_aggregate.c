/* page_aggregate.c — the supervisor's page of the aggregated report (汇总年报, src/supervise/aggregate.h):
 * /admin/supervise/aggregate?agency=&year= shows the deadline (31 March) and state, the parts of the
 * subtree as checkboxes (all with a report chosen by default) with where each one's report comes from,
 * the narrative sections 一, 五, 六, the findings, the sum (tables 二–四 as the report renders them), the
 * versions and the approve / publish forms, and downloads of the draft and the published version in
 * every format. The agency acted for is the user's own unless ?agency= names one below it; any other
 * agency is answered 404, as if it did not exist. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_aggregate.h"
#include "http/page_annual.h"
#include "report/report_json.h"
#include "report/report_render.h"
#include "supervise/aggregate.h"

#define VIEW_ROLES (ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER)

struct aggregate_target aggregate_http_target(struct req *r)
{
	const char *a = req_query(r, "agency"), *y = req_query(r, "year");
	if (!a)
		a = req_form(r, "agency");
	if (!y)
		y = req_form(r, "year");
	struct aggregate_target t = {.agency_id = r->user.agency_id, .year = annual_http_year(y)};
	if (a && *a) {
		char *end;
		long long id = strtoll(a, &end, 10);
		t.agency_id = *end || id <= 0 ? 0 : id;
	}
	if (!t.year) {
		int yy, m, d;
		cal_date_from_day(annual_http_env(r).today, &yy, &m, &d);
		t.year = yy - 1;
	}
	struct actor actor = http_actor(r);
	if (t.agency_id && !aggregate_actor_may(req_reader(r), &actor, t.agency_id, VIEW_ROLES))
		t.agency_id = 0;
	return t;
}

static const char *page_path(struct req *r, struct aggregate_target t)
{
	return arena_printf(&r->arena, "/admin/supervise/aggregate?agency=%lld&year=%d", (long long)t.agency_id,
			    t.year);
}

static void hidden_target(struct req *r, struct aggregate_target t)
{
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"agency\" value=\"%lld\">\n<input type=\"hidden\" name=\"year\" "
		    "value=\"%d\">\n",
		    (long long)t.agency_id, t.year);
	layout_csrf_field(r);
}

static void status_block(struct req *r, struct aggregate_target t, const struct annual_version *v, size_t n)
{
	const char *state = "草稿（由各单位年报汇总，尚未批准）";
	for (size_t i = n; i-- > 0;) {
		if (v[i].status == ANNUAL_PUBLISHED)
			state = arena_printf(&r->arena, "已发布（第 %d 版，%s）", v[i].version,
					     annual_http_date(r, v[i].published_at));
		if (v[i].status == ANNUAL_APPROVED)
			state = arena_printf(&r->arena, "第 %d 版已批准，待发布", v[i].version);
	}
	page_printf(&r->page,
		    "<form class=\"form\" method=\"get\" action=\"/admin/supervise/aggregate\">\n"
		    "<input type=\"hidden\" name=\"agency\" value=\"%lld\">\n<p><label for=\"year\">统计年度</label> "
		    "<input id=\"year\" name=\"year\" inputmode=\"numeric\" size=\"4\" value=\"%d\"> "
		    "<button type=\"submit\">查看</button></p></form>\n<dl class=\"meta\">\n<dt>状态</dt><dd>%h</dd>\n"
		    "<dt>法定期限</dt><dd>%h 前（本级政府年度报告由政府信息公开工作主管部门汇总，于次年3月31日前公布）"
		    "</dd>\n</dl>\n",
		    (long long)t.agency_id, t.year, state, annual_http_day(r, aggregate_deadline(t.year)));
}

/* The parts as checkboxes and the narrative, one form. */
static void draft_form(struct req *r, struct aggregate_target t, const struct aggregate *a)
{
	page_raw(&r->page, "<section aria-labelledby=\"parts-title\">\n<h2 id=\"parts-title\">汇总范围与文字</h2>\n"
			   "<form class=\"form\" method=\"post\" action=\"/admin/supervise/aggregate/save\">\n");
	hidden_target(r, t);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"parts_form\" value=\"1\">\n<fieldset>\n<legend>汇总单位（%h）"
		    "</legend>\n<ul class=\"plain\">\n",
		    a->selection_saved ? "已保存的选择" : "默认：每个有年报的单位");
	for (size_t i = 0; i < a->n; i++) {
		const struct aggregate_part *p = &a->parts[i];
		const char *why = p->aggregate			 ? "汇总年报，已含其下级机关"
				  : p->source != AGG_SOURCE_NONE ? aggregate_source_zh(p->source)
				  : p->external			 ? "外部机关，尚未报送"
								 : "本年度没有记录";
		page_printf(&r->page,
			    "<li><input type=\"checkbox\" id=\"part-%lld\" name=\"part\" value=\"%lld\"%h%h> "
			    "<label for=\"part-%lld\">%h%h（%h）</label></li>\n",
			    (long long)p->agency_id, (long long)p->agency_id, p->selected ? " checked" : "",
			    p->source == AGG_SOURCE_NONE ? " disabled" : "", (long long)p->agency_id, p->agency,
			    p->agency_id == a->agency_id ? "（本机关记录）" : "", why);
	}
	page_raw(&r->page, "</ul>\n</fieldset>\n");
	static const char *const names[] = {"overview", "problems", "other"};
	static const char *const labels[] = {"一、总体情况（接在汇总单位名单之后）", "五、存在的主要问题及改进情况",
					     "六、其他需要报告的事项"};
	for (int s = 0; s < 3; s++) {
		char *text = aggregate_text(req_reader(r), t.agency_id, t.year, s);
		page_printf(
		    &r->page,
		    "<p><label for=\"%h\">%h</label>\n<textarea id=\"%h\" name=\"%h\" rows=\"5\">%h</textarea></p>\n",
		    names[s], labels[s], names[s], names[s], text ? text : "");
		free(text);
	}
	page_raw(&r->page, "<p><button type=\"submit\">保存汇总范围和文字</button></p>\n</form>\n</section>\n");
}

static void versions_table(struct req *r, const struct annual_version *v, size_t n)
{
	if (!n)
		return;
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<caption>版本记录</caption>\n<thead><tr><th scope=\"col\">"
		 "版本</th><th scope=\"col\">状态</th><th scope=\"col\">批准</th><th scope=\"col\">发布</th>"
		 "<th scope=\"col\">更正说明</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<tr><td>第 %d 版</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			    v[i].version, annual_status_zh(v[i].status), annual_http_date(r, v[i].approved_at),
			    annual_http_date(r, v[i].published_at), v[i].change_note[0] ? v[i].change_note : "—");
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void lifecycle_forms(struct req *r, struct aggregate_target t, const struct annual_version *v, size_t n)
{
	bool pending = false, published = false;
	for (size_t i = 0; i < n; i++) {
		pending = pending || v[i].status == ANNUAL_APPROVED;
		published = published || v[i].status == ANNUAL_PUBLISHED;
	}
	page_raw(&r->page, "<section aria-labelledby=\"lifecycle\">\n<h2 id=\"lifecycle\">审批与发布</h2>\n");
	versions_table(r, v, n);
	if (r->user.roles & ROLE_LEADER) {
		page_raw(&r->page,
			 "<form class=\"form\" method=\"post\" action=\"/admin/supervise/aggregate/approve\">\n");
		hidden_target(r, t);
		if (published)
			page_raw(&r->page,
				 "<p><label for=\"change_note\">更正说明（必填）</label>\n<textarea id=\"change_note\" "
				 "name=\"change_note\" rows=\"3\" required></textarea></p>\n");
		page_printf(&r->page, "<p><button type=\"submit\">%h</button></p>\n</form>\n",
			    published ? "批准更正版本" : "批准当前汇总草稿");
	}
	if (pending && (r->user.roles & (ROLE_SUPERVISOR | ROLE_LEADER | ROLE_ADMIN))) {
		page_raw(&r->page,
			 "<form class=\"form\" method=\"post\" action=\"/admin/supervise/aggregate/publish\">\n");
		hidden_target(r, t);
		page_raw(&r->page, "<p><button type=\"submit\">发布已批准的汇总年报</button></p>\n</form>\n");
	}
	page_raw(&r->page, "</section>\n");
}

static void downloads(struct req *r, struct aggregate_target t, bool published)
{
	page_printf(
	    &r->page,
	    "<p class=\"link-list\"><a href=\"/admin/supervise/trends?agency=%lld&amp;year=%d\">下级单位逐年与跨单位"
	    "比较</a> · <a href=\"/annual/%lld/%d\">门户上的本机关年报</a></p>\n",
	    (long long)t.agency_id, t.year, (long long)t.agency_id, t.year);
	static const char *const formats[] = {"pdf", "xlsx", "html", "txt", "md", "json"};
	for (int which = 0; which < (published ? 2 : 1); which++) {
		page_printf(&r->page, "<p class=\"link-list\">%h", which ? "下载已发布版本：" : "下载草稿：");
		for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
			page_printf(
			    &r->page,
			    "%h<a href=\"/admin/supervise/aggregate/download?agency=%lld&amp;year=%d&amp;format=%h%h\">"
			    "%h</a>",
			    i ? " · " : "", (long long)t.agency_id, t.year, formats[i], which ? "&amp;published=1" : "",
			    formats[i]);
		page_raw(&r->page, "</p>\n");
	}
}

/* The stored versions of the year that are aggregates (the agency's records-built versions left out).
 * Returns how many; *out malloc'd (free()). */
static size_t aggregate_versions(struct db *db, int64_t agency_id, int year, struct annual_version **out)
{
	size_t n = 0, kept = 0;
	if (annual_versions(db, agency_id, year, out, &n) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp((*out)[i].source, AGGREGATE_SOURCE) == 0)
			(*out)[kept++] = (*out)[i];
	return kept;
}

static int aggregate_page(struct req *r, struct aggregate_target t, const char *error,
			  const struct findings *step_findings, int status)
{
	if (!t.agency_id)
		return req_error(r, 404, "没有找到该机关，或您无权汇总它的年报。");
	struct annual_env env = annual_http_env(r);
	struct aggregate a;
	char err[AGGREGATE_ERR_SIZE];
	int built = aggregate_build(req_reader(r), &env, t.agency_id, t.year, NULL, 0, &a, err, sizeof err);
	struct annual_version *v = NULL;
	size_t n = aggregate_versions(req_reader(r), t.agency_id, t.year, &v);
	bool published = false;
	for (size_t i = 0; i < n; i++)
		published = published || v[i].status == ANNUAL_PUBLISHED;
	struct crumb c = {"汇总年报", NULL};
	layout_begin(r, &(struct layout){.title = arena_printf(&r->arena, "%s %d 年政府信息公开工作年度报告（汇总）",
							       a.agency[0] ? a.agency : "", t.year),
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true});
	status_block(r, t, v, n);
	if (error) {
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p>", error);
		if (step_findings)
			annual_http_findings(r, step_findings);
		page_raw(&r->page, "</div>\n");
	}
	if (built < 0) {
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n", err);
		if (a.n) /* the parts were read, the sum refused (a part of another edition): let them be unticked */
			draft_form(r, t, &a);
	} else {
		page_printf(&r->page, "<h2>汇总检查</h2>\n<p>错误 %d 项，警告 %d 项。%h</p>\n",
			    (int)findings_count(&a.findings, SEV_ERROR), (int)findings_count(&a.findings, SEV_WARNING),
			    findings_count(&a.findings, SEV_ERROR) ? "有错误的汇总年报不能发布。" : "");
		annual_http_findings(r, &a.findings);
		downloads(r, t, published);
		draft_form(r, t, &a);
		lifecycle_forms(r, t, v, n);
		struct buf fragment = {0};
		report_render_html_fragment(&a.report, &fragment);
		page_raw(&r->page, "<section aria-labelledby=\"sum-title\">\n<h2 id=\"sum-title\">汇总草稿全文</h2>\n");
		annual_http_fragment(r, fragment.data);
		page_raw(&r->page, "</section>\n");
		buf_free(&fragment);
	}
	layout_end(r);
	free(v);
	aggregate_free(&a);
	return status;
}

int page_aggregate(struct req *r)
{
	return aggregate_page(r, aggregate_http_target(r), NULL, NULL, 200);
}

/* The draft (or, with published=1, the published version) in the format asked for. */
int page_aggregate_download(struct req *r)
{
	struct aggregate_target t = aggregate_http_target(r);
	if (!t.agency_id)
		return req_error(r, 404, "没有找到该机关，或您无权汇总它的年报。");
	const char *format = req_query(r, "format");
	const char *published = req_query(r, "published");
	format = format ? format : "pdf";
	if (!annual_format_known(format))
		return req_error(r, 400, "不支持的格式：可用 json、txt、md、html、xlsx、pdf。");
	struct buf json = {0};
	char err[AGGREGATE_ERR_SIZE];
	int status = 0;
	if (published && strcmp(published, "1") == 0) {
		char *stored = aggregate_published_json(req_reader(r), t.agency_id, t.year, 0);
		if (!stored)
			status = req_error(r, 404, "该年度的汇总年报尚未发布。");
		else
			buf_puts(&json, stored);
		free(stored);
	} else {
		struct annual_env env = annual_http_env(r);
		struct aggregate a;
		if (aggregate_build(req_reader(r), &env, t.agency_id, t.year, NULL, 0, &a, err, sizeof err) < 0)
			status = req_error(r, 422, err);
		else
			aggregate_to_json(&a, &json);
		aggregate_free(&a);
	}
	if (status == 0 && strcmp(format, "json") == 0) {
		r->content_type = annual_format_mime("json");
		buf_append(&r->page.out, json.data, json.len);
		status = 200;
	} else if (status == 0) {
		struct report rep;
		if (report_from_json(json.data, json.len, &rep, err, sizeof err) < 0)
			status = req_error(r, 500, err);
		else
			status =
			    annual_http_send(r, &rep, 0, format,
					     arena_printf(&r->arena, "aggregate-report-%lld-%d%s",
							  (long long)t.agency_id, t.year, published ? "" : "-draft"));
		report_free(&rep);
	}
	buf_free(&json);
	return status;
}

/* ---- writes ---------------------------------------------------------------------------------------- */

enum aggregate_step { STEP_SAVE, STEP_APPROVE, STEP_PUBLISH };

struct step_job {
	struct req *r;
	enum aggregate_step step;
	struct aggregate_target t;
	struct findings f;
};

/* The checked boxes of the parts form (ids in the arena), or NULL when the form has no parts list. */
static int64_t *form_parts(struct req *r, size_t *n)
{
	*n = 0;
	if (!req_form(r, "parts_form"))
		return NULL;
	int64_t *ids = arena_alloc(&r->arena, (r->form.count + 1) * sizeof *ids);
	for (size_t i = 0; i < r->form.count; i++)
		if (strcmp(r->form.items[i].name, "part") == 0) {
			char *end;
			long long id = strtoll(r->form.items[i].value, &end, 10);
			if (!*end && id > 0)
				ids[(*n)++] = id;
		}
	return ids;
}

static enum outcome_code run_step(struct db *w, void *ctx, struct outcome *out)
{
	struct step_job *j = ctx;
	struct req *r = j->r;
	struct actor actor = http_actor(r);
	struct annual_env env = annual_http_env(r);
	char err[AGGREGATE_ERR_SIZE] = "";
	int64_t rc = 0;
	findings_free(&j->f);
	if (j->step == STEP_SAVE) {
		struct aggregate_draft_input in = {.overview = req_form(r, "overview"),
						   .problems = req_form(r, "problems"),
						   .other = req_form(r, "other")};
		in.parts = form_parts(r, &in.n_parts);
		rc = aggregate_save(w, &actor, j->t.agency_id, j->t.year, &in, req_now(r), err, sizeof err);
	} else if (j->step == STEP_APPROVE) {
		rc = aggregate_approve(w, &env, &actor, j->t.agency_id, j->t.year, req_form(r, "change_note"),
				       req_now(r), &j->f, err, sizeof err);
	} else {
		rc = aggregate_publish(w, &env, &actor, j->t.agency_id, j->t.year, req_now(r), &j->f, err, sizeof err);
	}
	return annual_outcome(rc, err, out);
}

static int step(struct req *r, enum aggregate_step which)
{
	struct step_job job = {.r = r, .step = which, .t = aggregate_http_target(r)};
	if (!job.t.agency_id)
		return req_error(r, 404, "没有找到该机关，或您无权汇总它的年报。");
	struct outcome out;
	store_write(r->app->store, run_step, &job, &out);
	int status;
	if (out.code == OUTCOME_OK)
		status = req_redirect(r, page_path(r, job.t));
	else if (out.code == OUTCOME_STORAGE)
		status = http_outcome_fail(r, &out);
	else
		status = aggregate_page(r, job.t, out.message, &job.f, 409);
	findings_free(&job.f);
	return status;
}

int page_aggregate_save(struct req *r)
{
	return step(r, STEP_SAVE);
}

int page_aggregate_approve(struct req *r)
{
	return step(r, STEP_APPROVE);
}

int page_aggregate_publish(struct req *r)
{
	return step(r, STEP_PUBLISH);
}
