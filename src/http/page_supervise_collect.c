/* page_supervise_collect.c — the 年报 collection page of a supervising agency for a year
 * (/admin/supervise/reports, docs/supervision.md): every agency below it with the state of its report,
 * the publication date against the deadline, the findings by rule and links; sortable by column,
 * filterable by state, exported as CSV or XLSX (format=csv|xlsx) — and the same rows as JSON at
 * GET /api/v1/agencies/{id}/reports?year=Y. Only an administrator or supervisor of that agency or of
 * one above it gets an answer (403 otherwise). */
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_annual.h"
#include "http/page_supervise.h"
#include "supervise/collect.h"
#include "util/china_time.h"

/* ---- shared helpers ---- */

int64_t supervise_http_id(struct req *r, const char *name)
{
	const char *text = req_query(r, name);
	if (!text)
		text = req_form(r, name);
	if (!text || *text < '1' || *text > '9')
		return 0;
	char *end = NULL;
	long long id = strtoll(text, &end, 10);
	return *end || id <= 0 ? 0 : id;
}

int64_t supervise_http_agency(struct req *r, int *status)
{
	const char *text = req_query(r, "agency");
	if (!text)
		text = req_form(r, "agency");
	int64_t id = text && *text ? supervise_http_id(r, "agency") : r->user.agency_id;
	if (id <= 0) {
		*status = req_error(r, 400, "agency 参数不正确：应为机关编号。");
		return 0;
	}
	struct actor actor = http_actor(r);
	if (!collect_may_supervise(req_reader(r), &actor, id)) {
		*status = req_error(r, 403, "只有该机关或其上级机关的督查、管理员可以查看。");
		return 0;
	}
	return id;
}

void supervise_http_agency_options(struct req *r, int64_t agency_id, int64_t selected)
{
	struct agency *all = NULL;
	size_t n = 0;
	if (agency_list(req_reader(r), &all, &n) < 0)
		return;
	size_t top = 0;
	while (top < n && all[top].id != agency_id)
		top++;
	for (size_t i = top + 1; i < n && all[i].depth > all[top].depth; i++)
		if (!all[i].retired_at)
			page_printf(&r->page, "<option value=\"%lld\"%h>%h%h</option>\n", (long long)all[i].id,
				    all[i].id == selected ? " selected" : "", all[i].name,
				    all[i].external ? "（外部）" : "");
	free(all);
}

void supervise_http_nav(struct req *r, int64_t agency_id, int year)
{
	page_printf(
	    &r->page,
	    "<p class=\"link-list\"><a href=\"/admin/supervise/reports?agency=%lld&amp;year=%d\">年报收集</a> · "
	    "<a href=\"/admin/supervise/upload?agency=%lld&amp;year=%d\">上传外部年报</a> · "
	    "<a href=\"/admin/supervise/notices?year=%d\">整改通知</a></p>\n",
	    (long long)agency_id, year, (long long)agency_id, year, year);
}

/* ---- the collection ---- */

struct view {
	int64_t agency_id;
	int year;
	int state; /* -1: all */
	const char *sort;
	bool desc;
};

/* Reads the view's query; returns 0, or the status of the error answered. */
static int read_view(struct req *r, struct view *v, int *status)
{
	v->agency_id = supervise_http_agency(r, status);
	if (!v->agency_id)
		return -1;
	v->year = annual_http_chosen_year(r);
	const char *state = req_query(r, "state");
	v->state = state && *state ? collect_state_parse(state) : -1;
	if (state && *state && v->state < 0) {
		*status = req_error(r, 400,
				    "state 参数不正确（no_records、draft、approved、published、published_late、"
				    "external_received、external_missing）。");
		return -1;
	}
	v->sort = req_query(r, "sort");
	const char *desc = req_query(r, "desc");
	v->desc = desc && strcmp(desc, "1") == 0;
	return 0;
}

static const char *iso(struct req *r, int day)
{
	return day == CAL_NO_DAY ? "" : annual_http_day(r, day);
}

/* A column heading that sorts by key (and the other way round when it is the current sort). */
static void sort_heading(struct req *r, const struct view *v, const char *key, const char *label)
{
	bool current = v->sort && strcmp(v->sort, key) == 0;
	if (!current)
		page_raw(&r->page, "<th scope=\"col\">");
	else if (v->desc)
		page_raw(&r->page, "<th scope=\"col\" aria-sort=\"descending\">");
	else
		page_raw(&r->page, "<th scope=\"col\" aria-sort=\"ascending\">");
	page_printf(&r->page,
		    "<a href=\"/admin/supervise/reports?agency=%lld&amp;year=%d&amp;state=%t&amp;"
		    "sort=%t&amp;desc=%d\">%h%h</a></th>",
		    (long long)v->agency_id, v->year, v->state >= 0 ? collect_state_name(v->state) : "", key,
		    current && !v->desc ? 1 : 0, label, current ? (v->desc ? " ↓" : " ↑") : "");
}

static void filter_form(struct req *r, const struct view *v)
{
	page_printf(&r->page,
		    "<form class=\"form\" method=\"get\" action=\"/admin/supervise/reports\">\n"
		    "<input type=\"hidden\" name=\"agency\" value=\"%lld\">\n"
		    "<p><label for=\"year\">统计年度</label> <input id=\"year\" name=\"year\" inputmode=\"numeric\" "
		    "size=\"6\" value=\"%d\"></p>\n<p><label for=\"state\">状态</label> <select id=\"state\" "
		    "name=\"state\">\n<option value=\"\">全部</option>\n",
		    (long long)v->agency_id, v->year);
	for (int s = 0; s < COLLECT_STATE_COUNT; s++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", collect_state_name(s),
			    s == v->state ? " selected" : "", collect_state_zh(s));
	page_printf(
	    &r->page,
	    "</select> <input type=\"hidden\" name=\"sort\" value=\"%h\"> <button type=\"submit\">筛选</button></p>"
	    "\n</form>\n",
	    v->sort ? v->sort : "");
}

static void summary(struct req *r, const struct collect_row *rows, size_t n)
{
	size_t count[COLLECT_STATE_COUNT] = {0};
	for (size_t i = 0; i < n; i++)
		count[rows[i].state]++;
	page_printf(&r->page, "<p>下级机关共 %zu 个：", n);
	for (int s = 0; s < COLLECT_STATE_COUNT; s++)
		page_printf(&r->page, "%h%h %zu 个", s ? "，" : "", collect_state_zh(s), count[s]);
	page_raw(&r->page, "。</p>\n");
}

static void row_html(struct req *r, const struct view *v, const struct collect_row *row)
{
	struct buf rules = {0};
	collect_rules_text(row, &rules);
	page_printf(&r->page, "<tr><th scope=\"row\">%h%h</th><td>%h</td><td>%h", row->agency.name,
		    row->agency.external ? "（外部）" : "", collect_state_zh(row->state), iso(r, row->published_on));
	if (row->days_late > 0)
		page_printf(&r->page, "（逾期 %d 天）", row->days_late);
	page_printf(&r->page, "</td><td>%h</td><td>", iso(r, row->due_on));
	if (row->report_id)
		page_printf(&r->page, "错误 %zu，提醒 %zu<br>%h", row->errors, row->warnings, rules.data);
	else
		page_raw(&r->page, "—");
	page_printf(&r->page, "</td><td>%zu（未答复 %zu）</td><td>", row->notices, row->notices_open);
	if (row->report_id)
		page_printf(&r->page,
			    "<a href=\"/api/v1/reports/%lld/%d?format=html\">查看年报<span class=\"visually-hidden\">："
			    "%h</span></a> · ",
			    (long long)row->agency.id, v->year, row->agency.name);
	/* the notice form comes prefilled with the agency, the year and, when the report has errors, its findings */
	const char *finding = row->errors ? arena_printf(&r->arena, "错误 %zu 个（%s）", row->errors, rules.data) : "";
	page_printf(
	    &r->page,
	    "<a href=\"/admin/supervise/notices?agency=%lld&amp;year=%d&amp;to=%lld&amp;rule=%t&amp;finding=%t#send\">"
	    "发整改通知<span class=\"visually-hidden\">：%h</span></a></td></tr>\n",
	    (long long)v->agency_id, v->year, (long long)row->agency.id, row->errors ? row->rules[0].rule : "", finding,
	    row->agency.name);
	buf_free(&rules);
}

static void table_html(struct req *r, const struct view *v, const struct collect_row *rows, size_t n)
{
	page_printf(&r->page,
		    "<div class=\"table-wrap\"><table>\n<caption>%d 年度年报收集情况（点击列名排序）</caption>\n"
		    "<thead><tr>",
		    v->year);
	sort_heading(r, v, "name", "机关");
	sort_heading(r, v, "state", "状态");
	sort_heading(r, v, "published", "发布（收到）日期");
	page_raw(&r->page, "<th scope=\"col\">法定期限</th>");
	sort_heading(r, v, "findings", "发现");
	page_raw(&r->page, "<th scope=\"col\">整改通知</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		row_html(r, v, &rows[i]);
	if (n == 0)
		page_raw(&r->page, "<tr><td colspan=\"7\">没有符合条件的机关。</td></tr>\n");
	page_raw(&r->page, "</tbody></table></div>\n");
}

static int send_export(struct req *r, const struct view *v, const char *format, const struct collect_row *rows,
		       size_t n)
{
	struct buf body = {0};
	char err[COLLECT_ERR_SIZE];
	const char *stem = arena_printf(&r->arena, "collection-%lld-%d", (long long)v->agency_id, v->year);
	if (strcmp(format, "csv") == 0) {
		collect_export_csv(rows, n, v->year, &body);
		r->content_type = "text/csv; charset=utf-8";
	} else if (strcmp(format, "xlsx") == 0) {
		if (collect_export_xlsx(rows, n, v->year, &body, err, sizeof err) < 0) {
			buf_free(&body);
			return req_error(r, 500, err);
		}
		r->content_type = annual_format_mime("xlsx");
	} else {
		return req_error(r, 400, "format：可用 csv、xlsx。");
	}
	req_add_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", stem, format));
	buf_append(&r->page.out, body.data ? body.data : "", body.len);
	buf_free(&body);
	return 200;
}

int page_supervise_reports(struct req *r)
{
	struct view v;
	int status = 0;
	if (read_view(r, &v, &status) < 0)
		return status;
	struct collect_row *rows = NULL;
	size_t n = 0;
	if (collect_list(req_reader(r), v.agency_id, v.year, &rows, &n) < 0)
		return req_error(r, 500, NULL);
	n = collect_filter(rows, n, v.state);
	collect_sort(rows, n, v.sort, v.desc);
	const char *format = req_query(r, "format");
	if (format && *format) {
		status = send_export(r, &v, format, rows, n);
		free(rows);
		return status;
	}
	struct agency a;
	const char *name = agency_get(req_reader(r), v.agency_id, &a) == 1 ? arena_strdup(&r->arena, a.name) : "";
	const char *title = arena_printf(&r->arena, "%d 年度年报收集", v.year);
	struct crumb crumbs[] = {{"工作台", "/admin"}, {title, NULL}};
	layout_begin(
	    r,
	    &(struct layout){
		.title = title, .column = COLUMN_ADMIN_ANNUAL, .crumbs = crumbs, .crumb_count = 2, .backoffice = true});
	supervise_http_nav(r, v.agency_id, v.year);
	page_printf(&r->page,
		    "<p>%h 的下级机关 %d 年度政府信息公开工作年度报告：法定期限为次年 1 月 31 日（县级 2 月 20 "
		    "日，地市级 3 月 10 日），1 月 31 日当天发布为按时。</p>\n",
		    name, v.year);
	filter_form(r, &v);
	summary(r, rows, n);
	page_printf(
	    &r->page,
	    "<p class=\"link-list\">导出：<a href=\"/admin/supervise/reports?agency=%lld&amp;year=%d&amp;state=%t&amp;"
	    "format=csv\">CSV</a> · <a href=\"/admin/supervise/reports?agency=%lld&amp;year=%d&amp;state=%t&amp;"
	    "format=xlsx\">XLSX</a></p>\n",
	    (long long)v.agency_id, v.year, v.state >= 0 ? collect_state_name(v.state) : "", (long long)v.agency_id,
	    v.year, v.state >= 0 ? collect_state_name(v.state) : "");
	table_html(r, &v, rows, n);
	free(rows);
	layout_end(r);
	return 200;
}

/* ---- GET /api/v1/agencies/{id}/reports?year=Y ---- */

#define AGENCIES_PREFIX "/api/v1/agencies/"

int api_supervise_reports(struct req *r)
{
	const char *p = r->path + strlen(AGENCIES_PREFIX);
	char *end = NULL;
	long long id = *p >= '1' && *p <= '9' ? strtoll(p, &end, 10) : 0;
	if (id <= 0 || strcmp(end, "/reports") != 0)
		return req_error(r, 404, NULL);
	struct actor actor = http_actor(r);
	if (!collect_may_supervise(req_reader(r), &actor, id))
		return req_error(r, 403, "只有该机关或其上级机关的督查、管理员可以查看。");
	const char *year_text = req_query(r, "year");
	int year = annual_http_year(year_text);
	if (!year)
		return req_error(r, 400, "year：请给出四位数的统计年度。");
	struct collect_row *rows = NULL;
	size_t n = 0;
	if (collect_list(req_reader(r), id, year, &rows, &n) < 0)
		return req_error(r, 500, NULL);
	r->content_type = "application/json; charset=utf-8";
	struct buf body = {0};
	collect_to_json(rows, n, &body);
	buf_append(&r->page.out, body.data, body.len);
	buf_free(&body);
	free(rows);
	return 200;
}
