/* page_annual_common.c — what every annual-report handler needs: the acting user, the calendar and
 * today's date, dates for display, the download response (one door for every format, so the portal's
 * links and the API offer the same files), the charts and the findings list, and the workbench card
 * offered to the back-office home page. */
#include <stdlib.h>
#include <string.h>

#include "annual/annual_charts.h"
#include "domain/calendar_cache.h"
#include "http/page_annual.h"
#include "info/info.h"
#include "util/china_time.h"

struct annual_env annual_http_env(const struct req *r)
{
	return (struct annual_env){.cal = calendar_cache_get(r->app->calendars, r->app->store, r->id),
				   .today = china_day(req_now(r))};
}

int annual_http_year(const char *text)
{
	if (!text || strlen(text) != 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (text[i] < '0' || text[i] > '9')
			return 0;
	int year = atoi(text);
	return year >= 2008 && year <= 2099 ? year : 0;
}

int annual_http_chosen_year(struct req *r)
{
	const char *text = req_query(r, "year");
	if (!text)
		text = req_form(r, "year");
	int year = annual_http_year(text);
	if (year)
		return year;
	int y, m, d;
	cal_date_from_day(annual_http_env(r).today, &y, &m, &d);
	return y - 1;
}

const char *annual_http_day(struct req *r, int day)
{
	char iso[CAL_ISO_SIZE];
	return day == CAL_NO_DAY ? "" : arena_strdup(&r->arena, cal_format_iso(day, iso));
}

const char *annual_http_date(struct req *r, int64_t unix_seconds)
{
	return unix_seconds > 0 ? annual_http_day(r, china_day(unix_seconds)) : "";
}

/* The frozen text form of a published version, when there is one for this format. */
static char *frozen_form(struct req *r, int64_t report_id, const char *format)
{
	if (report_id <= 0 || strcmp(format, "json") == 0 || annual_format_binary(format))
		return NULL;
	return annual_version_render(req_reader(r), report_id, format);
}

int annual_http_send(struct req *r, const struct report *rep, int64_t report_id, const char *format, const char *stem)
{
	if (!annual_format_known(format))
		return req_error(r, 400, "不支持的格式：可用 json、txt、md、html、xlsx、pdf。");
	struct buf body = {0};
	char err[ANNUAL_ERR_SIZE];
	char *frozen = frozen_form(r, report_id, format);
	if (frozen)
		buf_puts(&body, frozen);
	else if (annual_render(rep, format, &body, err, sizeof err) < 0) {
		buf_free(&body);
		return req_error(r, 500, err);
	}
	free(frozen);
	r->content_type = annual_format_mime(format);
	if (strcmp(format, "json") != 0)
		req_add_header(r, "Content-Disposition",
			       arena_printf(&r->arena, "%s; filename=\"%s.%s\"",
					    strcmp(format, "html") == 0 ? "inline" : "attachment", stem, format));
	buf_append(&r->page.out, body.data ? body.data : "", body.len);
	buf_free(&body);
	return 200;
}

void annual_http_charts(struct req *r, int64_t agency_id, const struct report *rep)
{
	struct buf svg = {0};
	annual_chart_outcomes(rep, &svg);
	annual_chart_applicants(rep, &svg);
	struct annual_trend_point points[5];
	bool portal = !r->logged_in || r->user.agency_id != agency_id;
	if (annual_trend(req_reader(r), agency_id, rep->year, 5, portal, points) == 0)
		annual_chart_trend(points, 5, &svg);
	page_raw(&r->page, "<section class=\"gk-charts\" aria-labelledby=\"charts-title\">\n"
			   "<h2 id=\"charts-title\">图表</h2>\n");
	page_trusted_html(&r->page, svg.data ? svg.data : ""); /* charts.c escapes every text */
	page_raw(&r->page, "</section>\n");
	buf_free(&svg);
}

void annual_http_fragment(struct req *r, const char *html)
{
	static const char head[] = "<article class=\"gk-report\">\n<h1>";
	const char *end = strncmp(html, head, strlen(head)) == 0 ? strstr(html, "</h1>\n") : NULL;
	/* report_render_html_fragment escapes every text: the fragment is trusted HTML */
	if (!end) {
		page_trusted_html(&r->page, html);
		return;
	}
	page_raw(&r->page, "<article class=\"gk-report\">\n");
	page_trusted_html(&r->page, end + strlen("</h1>\n"));
}

void annual_http_findings(struct req *r, const struct findings *f)
{
	if (f->n == 0)
		return;
	page_raw(&r->page, "<ul class=\"findings\">\n");
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->n; i++) {
			const struct finding *x = &f->v[i];
			bool error = x->severity == SEV_ERROR;
			if (error != (pass == 0))
				continue;
			page_printf(&r->page, "<li><strong>%h</strong> %h：%h</li>\n", error ? "错误" : "警告", x->rule,
				    x->message);
		}
	page_raw(&r->page, "</ul>\n");
}

void page_annual_workbench_card(struct req *r)
{
	if (!r->logged_in)
		return;
	struct annual_env env = annual_http_env(r);
	struct annual_workbench wb;
	char err[ANNUAL_ERR_SIZE];
	if (annual_workbench_summary(req_reader(r), &env, r->user.agency_id, &wb, err, sizeof err) < 0)
		return;
	page_printf(&r->page,
		    "<section class=\"card\" aria-labelledby=\"annual-card\">\n<h2 id=\"annual-card\">"
		    "%d 年政府信息公开工作年度报告</h2>\n<dl>\n<dt>状态</dt><dd>%h</dd>\n<dt>法定期限</dt><dd>%h 前",
		    wb.year, wb.status_zh, annual_http_day(r, wb.due_on));
	if (!wb.published)
		page_printf(&r->page, "（%h）",
			    wb.days_left >= 0 ? arena_printf(&r->arena, "还有 %d 天", wb.days_left)
					      : arena_printf(&r->arena, "已逾期 %d 天", -wb.days_left));
	page_printf(&r->page,
		    "</dd>\n<dt>依据</dt><dd>%h</dd>\n<dt>草稿检查</dt><dd>错误 %d 项，警告 %d 项</dd>\n</dl>\n"
		    "<p><a href=\"/admin/annual?year=%d\">编制年度报告</a></p>\n",
		    wb.basis, (int)wb.errors, (int)wb.warnings, wb.year);
	struct annual_trend_point points[5];
	struct buf svg = {0};
	if (annual_trend(req_reader(r), r->user.agency_id, wb.year, 5, false, points) == 0)
		annual_chart_trend(points, 5, &svg);
	page_trusted_html(&r->page, svg.data ? svg.data : ""); /* charts.c escapes every text */
	buf_free(&svg);
	page_raw(&r->page, "</section>\n");
}
