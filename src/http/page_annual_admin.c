/* page_annual_admin.c — the back office of the annual report (/admin/annual): for a year, the
 * statutory deadline and the report's state, the draft built from the records with the checker's
 * findings, tables 二–四 where every number links to the records behind it (page_annual_drill.c), the
 * charts, the agency's own text under the headings of sections 一, 五 and 六, the version history, and
 * the lifecycle forms — approve (leader; a change note after publication), withdraw the approval,
 * publish. Every change is one domain call in one write transaction; a refusal re-renders the page
 * with the reason and the findings. */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/acting.h"
#include "http/layout.h"
#include "http/page_annual.h"
#include "report/report_render.h"

/* What a POST left to say on the page it re-renders. */
struct admin_notice {
	const char *error;		 /* refusal, or NULL */
	const struct findings *findings; /* of the refused step, or NULL */
};

static void admin_begin(struct req *r, const char *title, const struct crumb *crumbs, size_t n)
{
	layout_begin(r, &(struct layout){.title = title,
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = crumbs,
					 .crumb_count = n,
					 .backoffice = true,
					 .acting = true});
	page_raw(&r->page, "<p class=\"link-list\"><a href=\"/admin/annual\">年度报告</a> · "
			   "<a href=\"/admin/annual/cases\">行政复议、行政诉讼案件</a> · "
			   "<a href=\"/admin/annual/figures\">表二 许可、处罚、强制、收费数字</a> · "
			   "<a href=\"/annual\">门户年报栏目</a>");
	if (r->user.roles & (ROLE_ADMIN | ROLE_SUPERVISOR))
		page_raw(&r->page, " · <a href=\"/admin/supervise/reports\">下级机关年报收集</a>");
	page_raw(&r->page, " · <a href=\"/admin/supervise/notices\">整改通知</a></p>\n");
	if (r->user.roles & (ROLE_SUPERVISOR | ROLE_ADMIN | ROLE_LEADER))
		page_raw(
		    &r->page,
		    "<p class=\"link-list\"><a href=\"/admin/supervise/aggregate\">汇总年报（本机关及下级单位）</a> · "
		    "<a href=\"/admin/supervise/trends\">下级单位逐年与跨单位比较</a></p>\n");
}

static void year_switch(struct req *r, int year)
{
	int y, m, d;
	cal_date_from_day(annual_http_env(r).today, &y, &m, &d);
	page_raw(
	    &r->page,
	    "<form class=\"form\" method=\"get\" action=\"/admin/annual\"><p><label for=\"year\">统计年度</label>\n"
	    "<select id=\"year\" name=\"year\">\n");
	for (int k = y; k >= y - 6 && k >= 2008; k--)
		page_printf(&r->page, "<option value=\"%d\"%h>%d 年</option>\n", k, k == year ? " selected" : "", k);
	page_raw(&r->page, "</select> <button type=\"submit\">查看</button></p></form>\n");
}

static void deadline_block(struct req *r, int64_t agency, int year, const struct annual_version *v, size_t n)
{
	struct agency a;
	if (agency_get(req_reader(r), agency, &a) != 1)
		return;
	const char *basis;
	int due = annual_deadline(a.level, year, &basis);
	const char *state = "草稿（由记录生成，尚未批准）";
	for (size_t i = n; i-- > 0;) {
		if (v[i].status == ANNUAL_PUBLISHED)
			state = arena_printf(&r->arena, "已发布（第 %d 版，%s）", v[i].version,
					     annual_http_date(r, v[i].published_at));
		if (v[i].status == ANNUAL_APPROVED)
			state =
			    arena_printf(&r->arena, "第 %d 版已由%s批准，待发布", v[i].version, v[i].approved_by_name);
	}
	page_printf(&r->page, "<dl class=\"meta\">\n<dt>机关</dt><dd id=\"report-agency\">%h</dd>\n", a.name);
	page_printf(&r->page, "<dt>状态</dt><dd>%h</dd>\n<dt>法定期限</dt><dd>%h 前（%h）</dd>\n</dl>\n", state,
		    annual_http_day(r, due), basis);
}

/* ---- tables with drill-down links ---- */

static void drill_link(struct req *r, int year, const char *query, int64_t value)
{
	page_printf(&r->page, "<td><a href=\"/admin/annual/drill?year=%d&amp;%h\">%lld</a></td>", year, query,
		    (long long)value);
}

static void table_two(struct req *r, const struct report *rep)
{
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<caption>表二 主动公开（点击数字查看对应记录）</caption>\n"
		 "<thead><tr><th scope=\"col\">信息内容</th><th scope=\"col\">本年制发件数</th><th scope=\"col\">"
		 "本年废止件数</th><th scope=\"col\">现行有效件数</th></tr></thead>\n<tbody>\n");
	for (int row = PRO_REGULATIONS; row <= PRO_NORMATIVE; row++) {
		page_printf(&r->page, "<tr><th scope=\"row\">%h</th>", report_pro_row(rep->edition, row)->label);
		for (int c = 0; c < 3; c++)
			drill_link(r, rep->year, arena_printf(&r->arena, "table=items&row=%d&col=%d", row, c),
				   rep->proactive[row][c].value);
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(
	    &r->page,
	    "</tbody></table></div>\n<div class=\"table-wrap\"><table>\n<caption>表二 第二十条第（五）（六）（八）项"
	    "（来自其他系统，点击数字查看录入记录）</caption>\n<thead><tr><th scope=\"col\">信息内容</th>"
	    "<th scope=\"col\">本年处理决定数量 / 本年收费金额（万元）</th></tr></thead>\n<tbody>\n");
	static const int rows[] = {PRO_LICENSING, PRO_PUNISHMENT, PRO_COERCION, PRO_FEES};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct pro_row_def *def = report_pro_row(rep->edition, rows[i]);
		char text[32];
		rcell_format(rep->proactive[rows[i]][0], def->kinds[0], text, sizeof text);
		page_printf(
		    &r->page,
		    "<tr><th scope=\"row\">%h</th><td><a href=\"/admin/annual/figures#year-%d\">%h</a></td></tr>\n",
		    def->label, rep->year, text);
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void table_three(struct req *r, const struct report *rep)
{
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<caption>表三 收到和处理政府信息公开申请（点击数字查看对应申请）"
		 "</caption>\n<thead><tr><th scope=\"col\">项目</th>");
	for (int c = 0; c < APP_COL_COUNT; c++)
		page_printf(&r->page, "<th scope=\"col\">%h</th>", report_app_col_labels[c]);
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (int row = 0; row < APP_ROW_COUNT; row++) {
		if (!report_app_row_in(REPORT_EDITION_2021, row))
			continue;
		const char *label =
		    report_app_rows[row].short_label ? report_app_rows[row].short_label : report_app_rows[row].label;
		page_printf(&r->page, "<tr><th scope=\"row\">%h</th>", label);
		for (int c = 0; c < APP_COL_COUNT; c++)
			drill_link(r, rep->year,
				   arena_printf(&r->arena, "table=apps&row=%s&col=%d", report_app_rows[row].key, c),
				   rep->applications[row][c].value);
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void table_four(struct req *r, const struct report *rep)
{
	page_raw(
	    &r->page,
	    "<div class=\"table-wrap\"><table>\n<caption>表四 行政复议、行政诉讼（点击数字查看对应案件）</caption>\n"
	    "<thead><tr><th scope=\"col\">类别</th>");
	for (int c = 0; c < CASE_COL_COUNT; c++)
		page_printf(&r->page, "<th scope=\"col\">%h</th>", report_case_col_labels[c]);
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (int b = 0; b < CASE_BLOCK_COUNT; b++) {
		page_printf(&r->page, "<tr><th scope=\"row\">%h</th>", report_case_block_labels[b]);
		for (int c = 0; c < CASE_COL_COUNT; c++)
			drill_link(r, rep->year, arena_printf(&r->arena, "table=cases&row=%d&col=%d", b, c),
				   rep->cases[b][c].value);
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

/* ---- texts and lifecycle forms ---- */

static void texts_form(struct req *r, int year)
{
	page_printf(&r->page,
		    "<section aria-labelledby=\"texts\">\n<h2 id=\"texts\">本机关填写的文字</h2>\n"
		    "<p>生成的统计语句在前，下列文字接在对应标题下。</p>\n<form class=\"form\" method=\"post\" "
		    "action=\"/admin/annual/text\">\n<input type=\"hidden\" name=\"year\" value=\"%d\">\n",
		    year);
	layout_csrf_field(r);
	for (int s = 0; s < ANNUAL_TEXT_COUNT; s++) {
		char *body = annual_text_get(req_reader(r), r->user.agency_id, year, s);
		page_printf(&r->page,
			    "<p><label for=\"text-%h\">%h</label>\n<textarea id=\"text-%h\" name=\"%h\" rows=\"5\">%h"
			    "</textarea></p>\n",
			    annual_text_name(s), annual_text_heading(s), annual_text_name(s), annual_text_name(s),
			    body ? body : "");
		free(body);
	}
	page_raw(&r->page, "<p><button type=\"submit\">保存文字</button></p>\n</form>\n</section>\n");
}

static void versions_table(struct req *r, const struct annual_version *v, size_t n)
{
	if (n == 0)
		return;
	page_raw(
	    &r->page,
	    "<div class=\"table-wrap\"><table>\n<caption>版本记录</caption>\n<thead><tr><th scope=\"col\">版本</th>"
	    "<th scope=\"col\">状态</th><th scope=\"col\">批准</th><th scope=\"col\">发布</th>"
	    "<th scope=\"col\">更正说明</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(
		    &r->page, "<tr><td>第 %d 版</td><td>%h</td><td>%h %h</td><td>%h %h</td><td>%h</td></tr>\n",
		    v[i].version, annual_status_zh(v[i].status), v[i].approved_by_name[0] ? v[i].approved_by_name : "—",
		    annual_http_date(r, v[i].approved_at), v[i].published_by_name[0] ? v[i].published_by_name : "—",
		    annual_http_date(r, v[i].published_at), v[i].change_note[0] ? v[i].change_note : "—");
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void lifecycle_forms(struct req *r, int year, const struct annual_version *v, size_t n)
{
	bool pending = false, published = false;
	for (size_t i = 0; i < n; i++) {
		pending = pending || v[i].status == ANNUAL_APPROVED;
		published = published || v[i].status == ANNUAL_PUBLISHED;
	}
	page_raw(&r->page, "<section aria-labelledby=\"lifecycle\">\n<h2 id=\"lifecycle\">审批与发布</h2>\n");
	versions_table(r, v, n);
	if (r->user.roles & ROLE_LEADER) {
		page_printf(&r->page,
			    "<form class=\"form\" method=\"post\" action=\"/admin/annual/approve\">\n"
			    "<input type=\"hidden\" name=\"year\" value=\"%d\">\n",
			    year);
		layout_csrf_field(r);
		if (published)
			page_raw(
			    &r->page,
			    "<p><label for=\"change_note\">更正说明（必填，将在门户公开）</label>\n"
			    "<textarea id=\"change_note\" name=\"change_note\" rows=\"3\" required></textarea></p>\n");
		page_printf(&r->page, "<p><button type=\"submit\">%h</button></p>\n</form>\n",
			    published ? "批准更正版本" : "批准当前草稿");
	}
	if (pending && (r->user.roles & (ROLE_LEADER | ROLE_ADMIN))) {
		page_printf(&r->page,
			    "<form class=\"form\" method=\"post\" action=\"/admin/annual/revoke\">"
			    "<input type=\"hidden\" name=\"year\" value=\"%d\">",
			    year);
		layout_csrf_field(r);
		page_raw(&r->page, "<p><button type=\"submit\">撤回批准</button></p></form>\n");
	}
	if (pending && (r->user.roles & (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN))) {
		page_printf(&r->page,
			    "<form class=\"form\" method=\"post\" action=\"/admin/annual/publish\">"
			    "<input type=\"hidden\" name=\"year\" value=\"%d\">",
			    year);
		layout_csrf_field(r);
		page_raw(&r->page, "<p><button type=\"submit\">在门户发布已批准的版本</button></p></form>\n");
	}
	page_raw(&r->page, "</section>\n");
}

static void draft_downloads(struct req *r, int year)
{
	static const char *const formats[] = {"pdf", "xlsx", "html", "txt", "md", "json"};
	page_raw(&r->page, "<p class=\"link-list\">下载草稿：");
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		page_printf(&r->page, "%h<a href=\"/admin/annual/download?year=%d&amp;format=%h\">%h</a>",
			    i ? " · " : "", year, formats[i], formats[i]);
	page_raw(&r->page, "</p>\n");
}

static int admin_page(struct req *r, int year, const struct admin_notice *notice, int status)
{
	struct annual_env env = annual_http_env(r);
	struct report rep;
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	struct db *db = req_reader(r);
	int64_t agency = acting_agency(r);
	bool other = agency != r->user.agency_id;
	int built = annual_build(db, &env, agency, year, &rep, &f, err, sizeof err);
	struct annual_version *v = NULL;
	size_t n = 0;
	annual_versions(db, agency, year, &v, &n);
	struct crumb c = {"年度报告", NULL};
	admin_begin(r, arena_printf(&r->arena, "%d 年政府信息公开工作年度报告", year), &c, 1);
	year_switch(r, year);
	deadline_block(r, agency, year, v, n);
	if (notice && notice->error) {
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p>", notice->error);
		if (notice->findings)
			annual_http_findings(r, notice->findings);
		page_raw(&r->page, "</div>\n");
	}
	if (built < 0) {
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n", err);
	} else {
		page_printf(&r->page, "<h2>草稿检查</h2>\n<p>错误 %d 项，警告 %d 项。%h</p>\n",
			    (int)findings_count(&f, SEV_ERROR), (int)findings_count(&f, SEV_WARNING),
			    findings_count(&f, SEV_ERROR) ? "有错误的报告不能发布。" : "");
		annual_http_findings(r, &f);
		draft_downloads(r, year);
		if (other) /* a subordinate's report: its own staff write, approve and publish it */
			page_raw(&r->page,
				 "<section aria-labelledby=\"lifecycle\">\n<h2 id=\"lifecycle\">审批与发布</h2>\n"
				 "<p "
				 "id=\"acting-readonly\">"
				 "您在代表下级机关查看：该机关的文字、批准和发布由其本机关人员办理。</p>\n");
		if (other)
			versions_table(r, v, n), page_raw(&r->page, "</section>\n");
		else
			lifecycle_forms(r, year, v, n);
		page_raw(&r->page, "<h2>报告数字</h2>\n");
		table_two(r, &rep);
		table_three(r, &rep);
		table_four(r, &rep);
		annual_http_charts(r, agency, &rep);
		if (!other)
			texts_form(r, year);
		struct buf fragment = {0};
		report_render_html_fragment(&rep, &fragment);
		page_raw(&r->page, "<details><summary>草稿全文</summary>\n");
		annual_http_fragment(r, fragment.data);
		page_raw(&r->page, "</details>\n");
		buf_free(&fragment);
	}
	layout_end(r);
	free(v);
	report_free(&rep);
	findings_free(&f);
	return status;
}

int page_annual_admin(struct req *r)
{
	return admin_page(r, annual_http_chosen_year(r), NULL, 200);
}

int page_annual_download(struct req *r)
{
	struct annual_env env = annual_http_env(r);
	int year = annual_http_chosen_year(r);
	const char *format = req_query(r, "format");
	struct report rep;
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	int status;
	int64_t agency = acting_agency(r);
	if (annual_build(req_reader(r), &env, agency, year, &rep, &f, err, sizeof err) < 0)
		status = req_error(r, 422, err);
	else
		status =
		    annual_http_send(r, &rep, 0, format ? format : "pdf",
				     arena_printf(&r->arena, "annual-report-%lld-%d-draft", (long long)agency, year));
	report_free(&rep);
	findings_free(&f);
	return status;
}

/* Maps a domain result to the response: success → back to the page, refusal → the page with the
 * reason (409), database error → 500. */
/* The answer after a step: back to the year's page, the page with the reason (409), or 503 when the
 * database failed. */
static int after_step(struct req *r, int year, const struct outcome *out, const struct findings *f)
{
	if (out->code == OUTCOME_OK)
		return req_redirect(r, arena_printf(&r->arena, "/admin/annual?year=%d", year));
	if (out->code == OUTCOME_STORAGE)
		return http_outcome_fail(r, out);
	struct admin_notice notice = {.error = out->message, .findings = f};
	return admin_page(r, year, &notice, 409);
}

enum report_step { STEP_TEXT, STEP_APPROVE, STEP_REVOKE, STEP_PUBLISH };

struct step_job {
	struct req *r;
	enum report_step step;
	int year;
	struct findings f;
};

/* Saves the texts of the form (each section given), or runs one step of the report's life. */
static enum outcome_code run_step(struct db *w, void *ctx, struct outcome *out)
{
	struct step_job *j = ctx;
	struct req *r = j->r;
	struct actor actor = http_actor(r);
	struct annual_env env = annual_http_env(r);
	int64_t agency = r->user.agency_id, now = req_now(r), rc = 1;
	char err[ANNUAL_ERR_SIZE] = "";
	findings_free(&j->f);
	switch (j->step) {
	case STEP_TEXT:
		for (int s = 0; s < ANNUAL_TEXT_COUNT && rc == 1; s++) {
			const char *body = req_form(r, annual_text_name(s));
			if (body)
				rc = annual_text_set(w, &actor, agency, j->year, s, body, now, err, sizeof err);
		}
		break;
	case STEP_APPROVE:
		rc = annual_approve(w, &env, &actor, agency, j->year, req_form(r, "change_note"), now, &j->f, err,
				    sizeof err);
		break;
	case STEP_REVOKE:
		rc = annual_revoke(w, &actor, agency, j->year, now, err, sizeof err);
		break;
	case STEP_PUBLISH:
		rc = annual_publish(w, &env, &actor, agency, j->year, now, &j->f, err, sizeof err);
		break;
	}
	return annual_outcome(rc, err, out);
}

static int step(struct req *r, enum report_step which)
{
	struct step_job job = {.r = r, .step = which, .year = annual_http_chosen_year(r)};
	struct outcome out;
	store_write(r->app->store, run_step, &job, &out);
	int status = after_step(r, job.year, &out, which == STEP_PUBLISH ? &job.f : NULL);
	findings_free(&job.f);
	return status;
}

int page_annual_text_save(struct req *r)
{
	return step(r, STEP_TEXT);
}

int page_annual_approve(struct req *r)
{
	return step(r, STEP_APPROVE);
}

int page_annual_revoke(struct req *r)
{
	return step(r, STEP_REVOKE);
}

int page_annual_publish(struct req *r)
{
	return step(r, STEP_PUBLISH);
}
