/* page_annual_records.c — the records of the annual report that come from outside the application and
 * information workflows: the register of 行政复议 / 行政诉讼 cases about disclosure work (list, add,
 * record the result) and the table-二 figures from other systems (行政许可, 行政处罚, 行政强制 counts and
 * 行政事业性收费 in 万元: per-year form and CSV import, all or nothing with the bad row named). Refusals
 * re-render the page with the domain's message (which names the field or row). */
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "http/acting.h"
#include "http/layout.h"
#include "http/page_annual.h"

#define RECORD_YEARS 6

static void records_begin(struct req *r, const char *title)
{
	struct crumb crumbs[] = {{"年度报告", "/admin/annual"}, {title, NULL}};
	layout_begin(r, &(struct layout){.title = title,
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true,
					 .acting = true});
}

/* Acting for a subordinate agency (acting.h): its records are shown, the forms are its own staff's. */
static bool read_only(struct req *r)
{
	if (!acting_for_other(r))
		return false;
	page_raw(&r->page, "<p id=\"acting-readonly\">您在代表下级机关查看：登记和录入由该机关本机关人员办理。</p>\n");
	return true;
}

static void error_notice(struct req *r, const char *error)
{
	if (error && *error)
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n", error);
}

/* ---- cases ---- */

static void result_select(struct req *r, const char *id)
{
	page_printf(&r->page, "<select id=\"%h\" name=\"result\">\n", id);
	for (int c = 0; c < CASE_TOTAL; c++)
		page_printf(&r->page, "<option value=\"%h\">%h</option>\n", annual_case_result_name(c),
			    report_case_col_labels[c]);
	page_raw(&r->page, "</select>\n");
}

/* The row's form that records a pending case's result. */
static void result_form(struct req *r, const struct annual_case *c)
{
	page_raw(&r->page, "<form method=\"post\" action=\"/admin/annual/cases/result\">");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><label class=\"visually-hidden\" "
		    "for=\"result-%lld\">结果</label>",
		    (long long)c->id, (long long)c->id);
	result_select(r, arena_printf(&r->arena, "result-%lld", (long long)c->id));
	page_printf(&r->page,
		    "<label class=\"visually-hidden\" for=\"on-%lld\">结果日期</label><input id=\"on-%lld\" "
		    "name=\"result_on\" type=\"date\"> <button type=\"submit\">登记结果</button></form>",
		    (long long)c->id, (long long)c->id);
}

static void cases_table(struct req *r, const struct annual_case *cases, size_t n)
{
	if (n == 0) {
		page_raw(
		    &r->page,
		    "<div class=\"notice\"><p>尚未登记因政府信息公开工作引起的行政复议、行政诉讼案件。</p></div>\n");
		return;
	}
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">案号</th><th scope=\"col\">类别</th>"
		 "<th scope=\"col\">立案日期</th><th scope=\"col\">结果</th><th scope=\"col\">关联申请</th>"
		 "<th scope=\"col\">备注</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_case *c = &cases[i];
		page_printf(&r->page, "<tr><td>%h</td><td>%h%h</td><td>%h</td><td>",
			    c->case_no[0] ? c->case_no : "（未填）", report_case_block_labels[c->kind],
			    c->co_defendant ? "（本机关为共同被告的复议机关，不计入表四）" : "",
			    annual_http_day(r, c->filed_on));
		if (c->result == CASE_PENDING && !acting_for_other(r))
			result_form(r, c);
		else if (c->result == CASE_PENDING)
			page_printf(&r->page, "%h", report_case_col_labels[CASE_PENDING]);
		else
			page_printf(&r->page, "%h（%h）", report_case_col_labels[c->result],
				    annual_http_day(r, c->result_on));
		page_printf(&r->page, "</td><td>%h</td><td>%h</td></tr>\n", c->tracking_no[0] ? c->tracking_no : "—",
			    c->notes[0] ? c->notes : "—");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void case_form(struct req *r)
{
	page_raw(&r->page, "<h2>登记案件</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/annual/cases\">\n");
	layout_csrf_field(r);
	page_raw(&r->page, "<p><label for=\"kind\">类别（必填）</label>\n<select id=\"kind\" name=\"kind\">\n");
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		page_printf(&r->page, "<option value=\"%h\">%h</option>\n", annual_case_kind_name(b),
			    report_case_block_labels[b]);
	page_raw(&r->page,
		 "</select></p>\n<p><label for=\"role\">本机关的身份</label>\n<select id=\"role\" name=\"role\">\n"
		 "<option value=\"original\">原行为主体</option>\n<option value=\"co_defendant\">作为复议机关的共同被告"
		 "（不计入本机关表四）</option>\n</select></p>\n"
		 "<p><label for=\"case_no\">案号</label>\n<input id=\"case_no\" name=\"case_no\"></p>\n"
		 "<p><label for=\"filed_on\">立案日期（必填）</label>\n<input id=\"filed_on\" name=\"filed_on\" "
		 "type=\"date\" "
		 "required></p>\n<p><label for=\"result\">结果</label>\n");
	page_raw(&r->page, "<select id=\"result\" name=\"result\">\n<option value=\"pending\">尚未审结</option>\n");
	for (int c = 0; c < CASE_PENDING; c++)
		page_printf(&r->page, "<option value=\"%h\">%h</option>\n", annual_case_result_name(c),
			    report_case_col_labels[c]);
	page_raw(&r->page, "</select></p>\n<p><label for=\"result_on\">结果日期（已审结时必填）</label>\n"
			   "<input id=\"result_on\" name=\"result_on\" type=\"date\"></p>\n"
			   "<p><label for=\"tracking_no\">关联申请编号（如有）</label>\n<input id=\"tracking_no\" "
			   "name=\"tracking_no\">"
			   "</p>\n<p><label for=\"notes\">备注</label>\n<textarea id=\"notes\" name=\"notes\" "
			   "rows=\"3\"></textarea></p>\n<p><button type=\"submit\">登记</button></p>\n</form>\n");
}

static int cases_page(struct req *r, const char *error, int status)
{
	struct annual_case *cases;
	size_t n;
	if (annual_case_list(req_reader(r), acting_agency(r), 0, &cases, &n) < 0)
		return req_error(r, 500, NULL);
	records_begin(r, "行政复议、行政诉讼案件登记");
	error_notice(r, error);
	page_raw(&r->page,
		 "<p>案件按立案年度计入表四；在次年审结的，按结果计入审结年度（条例格式规则：行政复议机关作为共同被告的"
		 "行政诉讼案件，只计算原行为主体的案件数量）。</p>\n");
	cases_table(r, cases, n);
	if (!read_only(r))
		case_form(r);
	layout_end(r);
	free(cases);
	return status;
}

int page_annual_cases(struct req *r)
{
	return cases_page(r, NULL, 200);
}

/* The id of the application with this tracking number (0 for none given, -1 unknown). */
static int64_t application_of(struct req *r, const char *tracking_no)
{
	if (!tracking_no || !*tracking_no)
		return 0;
	struct application *a = arena_alloc(&r->arena, sizeof *a); /* large: kept off the worker's stack */
	return apply_get(req_reader(r), tracking_no, a) == 1 && a->agency_id == r->user.agency_id ? a->id : -1;
}

/* One write of this page group: a case, a case's result, the figures of a year, or a CSV of them. */
enum record_write { WRITE_CASE, WRITE_CASE_RESULT, WRITE_FIGURES, WRITE_FIGURES_CSV };

struct record_job {
	struct req *r;
	enum record_write what;
	const void *input; /* struct annual_case_input / annual_figures_input; the CSV text */
	int64_t id;	   /* the case (WRITE_CASE_RESULT); the CSV's length */
	int64_t result;	   /* out: the new case id, or the number of CSV rows */
};

static enum outcome_code record_write(struct db *w, void *ctx, struct outcome *out)
{
	struct record_job *j = ctx;
	struct req *r = j->r;
	struct actor actor = http_actor(r);
	int64_t agency = r->user.agency_id, now = req_now(r);
	int today = annual_http_env(r).today;
	char err[ANNUAL_ERR_SIZE] = "";
	switch (j->what) {
	case WRITE_CASE:
		j->result = annual_case_add(w, &actor, agency, j->input, today, now, err, sizeof err);
		break;
	case WRITE_CASE_RESULT:
		j->result = annual_case_set_result(w, &actor, j->id, req_form(r, "result"), req_form(r, "result_on"),
						   today, now, err, sizeof err);
		break;
	case WRITE_FIGURES:
		j->result = annual_figures_set(w, &actor, agency, j->input, now, err, sizeof err);
		break;
	case WRITE_FIGURES_CSV:
		j->result = annual_figures_import_csv(w, &actor, agency, j->input, (size_t)j->id, now, err, sizeof err);
		if (j->result < 0 && err[0])
			j->result = 0; /* -1 with a reason: a bad row, nothing written */
		break;
	}
	enum outcome_code code = annual_outcome(j->result, err, out);
	if (code == OUTCOME_CONFLICT)
		out->code = code = OUTCOME_INVALID; /* these refusals are about the form's fields */
	return code;
}

/* Runs the write; on success redirects to done_path, else answers 503 (database) or calls page with
 * the reason (422). */
static int record_write_answer(struct req *r, struct record_job *job, const char *done_path,
			       int (*page)(struct req *r, const char *error, int status))
{
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, record_write, job, &out);
	if (code == OUTCOME_OK)
		return req_redirect(r, done_path);
	if (code == OUTCOME_STORAGE)
		return http_outcome_fail(r, &out);
	return page(r, out.message, 422);
}

int page_annual_case_add(struct req *r)
{
	int64_t app = application_of(r, req_form(r, "tracking_no"));
	if (app < 0)
		return cases_page(r, "关联申请：本机关没有这个申请编号", 422);
	struct annual_case_input in = {.kind = req_form(r, "kind"),
				       .role = req_form(r, "role"),
				       .case_no = req_form(r, "case_no"),
				       .filed_on = req_form(r, "filed_on"),
				       .result = req_form(r, "result"),
				       .result_on = req_form(r, "result_on"),
				       .notes = req_form(r, "notes"),
				       .application_id = app};
	if (in.result_on && !*in.result_on)
		in.result_on = NULL;
	struct record_job job = {r, WRITE_CASE, &in, 0, 0};
	return record_write_answer(r, &job, "/admin/annual/cases", cases_page);
}

int page_annual_case_result(struct req *r)
{
	const char *id_text = req_form(r, "id");
	int64_t id = id_text ? atoll(id_text) : 0;
	struct annual_case *cases;
	size_t n;
	bool ours = false;
	if (annual_case_list(req_reader(r), r->user.agency_id, 0, &cases, &n) < 0)
		return req_error(r, 500, NULL);
	for (size_t i = 0; i < n; i++)
		ours = ours || cases[i].id == id;
	free(cases);
	if (!ours)
		return req_error(r, 404, "没有这个案件。");
	struct record_job job = {r, WRITE_CASE_RESULT, NULL, id, 0};
	return record_write_answer(r, &job, "/admin/annual/cases", cases_page);
}

/* ---- table 二 figures ---- */

static void figures_table(struct req *r, int last_year)
{
	page_raw(
	    &r->page,
	    "<div class=\"table-wrap\"><table>\n<caption>已录入的数字</caption>\n<thead><tr><th scope=\"col\">年度"
	    "</th><th scope=\"col\">行政许可</th><th scope=\"col\">行政处罚</th><th scope=\"col\">行政强制</th>"
	    "<th scope=\"col\">行政事业性收费（万元）</th><th scope=\"col\">来源</th><th scope=\"col\">录入时间</th>"
	    "</tr></thead>\n<tbody>\n");
	for (int year = last_year; year > last_year - RECORD_YEARS; year--) {
		struct annual_figures fig;
		if (annual_figures_get(req_reader(r), acting_agency(r), year, &fig) != 1) {
			page_printf(&r->page,
				    "<tr id=\"year-%d\"><th scope=\"row\">%d</th><td colspan=\"6\">尚未录入（年报中按 "
				    "0 填报并提示）"
				    "</td></tr>\n",
				    year, year);
			continue;
		}
		char fees[32];
		rcell_format(rcell_of(fig.fees_micro), CELL_MONEY, fees, sizeof fees);
		page_printf(
		    &r->page,
		    "<tr id=\"year-%d\"><th scope=\"row\">%d</th><td>%lld</td><td>%lld</td><td>%lld</td><td>%h</td>"
		    "<td>%h</td><td>%h</td></tr>\n",
		    year, year, (long long)fig.licensing, (long long)fig.punishment, (long long)fig.coercion, fees,
		    strcmp(fig.source, "csv") == 0 ? "CSV 导入" : "手工录入", annual_http_date(r, fig.entered_at));
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void figures_forms(struct req *r, int last_year)
{
	page_raw(&r->page,
		 "<h2>录入一年的数字</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/annual/figures\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<p><label for=\"year\">年度（必填）</label>\n<input id=\"year\" name=\"year\" value=\"%d\" "
		    "inputmode=\"numeric\" required></p>\n",
		    last_year);
	static const char *const names[] = {"licensing", "punishment", "coercion", "fees_wan"};
	static const char *const labels[] = {"行政许可 本年处理决定数量", "行政处罚 本年处理决定数量",
					     "行政强制 本年处理决定数量", "行政事业性收费 本年收费金额（万元）"};
	for (int i = 0; i < 4; i++)
		page_printf(
		    &r->page,
		    "<p><label for=\"%h\">%h（必填）</label>\n<input id=\"%h\" name=\"%h\" inputmode=\"decimal\" "
		    "required></p>\n",
		    names[i], labels[i], names[i], names[i]);
	page_raw(&r->page,
		 "<p><button type=\"submit\">保存</button></p>\n</form>\n"
		 "<h2>从 CSV "
		 "导入</h2>\n<p>第一行为列名（年度、行政许可、行政处罚、行政强制、行政事业性收费（万元），顺序不限），"
		 "其后每行一年。任一行有误则全部不导入，并指出出错的行。</p>\n"
		 "<form class=\"form\" method=\"post\" action=\"/admin/annual/figures/import\" "
		 "enctype=\"multipart/form-data\">\n");
	layout_csrf_field(r);
	page_raw(&r->page, "<p><label for=\"file\">CSV 文件</label>\n<input id=\"file\" name=\"file\" type=\"file\" "
			   "accept=\".csv,text/csv\">"
			   "</p>\n<p><label for=\"csv\">或粘贴 CSV 内容</label>\n<textarea id=\"csv\" name=\"csv\" "
			   "rows=\"5\"></textarea></p>\n"
			   "<p><button type=\"submit\">导入</button></p>\n</form>\n");
}

static int figures_page(struct req *r, const char *error, const char *done, int status)
{
	int y, m, d;
	cal_date_from_day(annual_http_env(r).today, &y, &m, &d);
	records_begin(r, "表二 许可、处罚、强制、收费数字");
	error_notice(r, error);
	if (done)
		page_printf(&r->page, "<div class=\"notice\" role=\"status\"><p>%h</p></div>\n", done);
	page_raw(&r->page,
		 "<p>第二十条第（五）（六）（八）项的数字来自其他业务系统，按年度录入或导入；规章和行政规范性文件的数字"
		 "由本平台已发布的信息自动统计。</p>\n");
	figures_table(r, y - 1);
	if (!read_only(r))
		figures_forms(r, y - 1);
	layout_end(r);
	return status;
}

int page_annual_figures(struct req *r)
{
	return figures_page(r, NULL, NULL, 200);
}

static int figures_error(struct req *r, const char *error, int status)
{
	return figures_page(r, error, NULL, status);
}

int page_annual_figures_save(struct req *r)
{
	struct annual_figures_input in = {req_form(r, "year"), req_form(r, "licensing"), req_form(r, "punishment"),
					  req_form(r, "coercion"), req_form(r, "fees_wan")};
	struct record_job job = {r, WRITE_FIGURES, &in, 0, 0};
	return record_write_answer(r, &job, "/admin/annual/figures", figures_error);
}

/* The CSV of the request: the uploaded file, else the pasted text. */
static const char *csv_of(struct req *r, size_t *len)
{
	for (size_t i = 0; i < r->uploads.count; i++)
		if (strcmp(r->uploads.items[i].field, "file") == 0 && r->uploads.items[i].size > 0) {
			*len = r->uploads.items[i].size;
			return (const char *)r->uploads.items[i].data;
		}
	const char *text = req_form(r, "csv");
	*len = text ? strlen(text) : 0;
	return text;
}

int page_annual_figures_import(struct req *r)
{
	size_t len;
	const char *csv = csv_of(r, &len);
	if (!csv || len == 0)
		return figures_page(r, "请选择 CSV 文件或粘贴 CSV 内容。", NULL, 422);
	struct record_job job = {r, WRITE_FIGURES_CSV, csv, (int64_t)len, 0};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, record_write, &job, &out);
	if (code == OUTCOME_STORAGE)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK)
		return figures_page(r, out.message, NULL, 422);
	return figures_page(r, NULL, arena_printf(&r->arena, "已导入 %d 个年度的数字。", (int)job.result), 200);
}
