/* page_trends.c — year over year and across the agencies of a subtree (src/supervise/aggregate.h, issue 10
 * item 5): /admin/supervise/trends shows the findings (jumps ×5 or ÷5, section 五 repeated or shared) and,
 * per agency, the trend chart of 新收 / 办理 / 结转 with the cases per year and the outcome mix of the last
 * year; /admin/supervise/trends.csv downloads the findings. Who may see it: as the aggregated report. */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_aggregate.h"
#include "http/page_annual.h"
#include "supervise/aggregate.h"

/* The number of years asked for (years=, 2…10, default 5). */
static int chosen_years(struct req *r)
{
	const char *text = req_query(r, "years");
	int years = text ? atoi(text) : 5;
	return years >= 2 && years <= TRENDS_MAX_YEARS ? years : 5;
}

static void findings_table(struct req *r, const struct trends *t)
{
	if (!t->nfindings) {
		page_raw(&r->page, "<p>没有发现跳变或雷同。</p>\n");
		return;
	}
	page_raw(&r->page, "<div class=\"table-wrap\"><table>\n<caption>发现</caption>\n<thead><tr><th scope=\"col\">"
			   "机关</th><th scope=\"col\">年度</th><th scope=\"col\">规则</th><th scope=\"col\">说明</th>"
			   "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < t->nfindings; i++)
		page_printf(&r->page, "<tr><td>%h</td><td>%d</td><td>%h</td><td>%h</td></tr>\n", t->findings[i].agency,
			    t->findings[i].year, t->findings[i].rule, t->findings[i].message);
	page_raw(&r->page, "</tbody></table></div>\n");
}

static void cases_table(struct req *r, const struct trends *t, const struct trend_agency *a)
{
	page_printf(&r->page,
		    "<div class=\"table-wrap\"><table>\n<caption>%h 行政复议、行政诉讼案件（件）</caption>\n"
		    "<thead><tr>",
		    a->agency);
	for (int k = 0; k < t->years; k++)
		page_printf(&r->page, "<th scope=\"col\">%d</th>", a->points[k].year);
	page_raw(&r->page, "</tr></thead>\n<tbody><tr>");
	for (int k = 0; k < t->years; k++) {
		if (a->points[k].known)
			page_printf(&r->page, "<td>%lld</td>", (long long)a->points[k].cases);
		else
			page_raw(&r->page, "<td>无数据</td>");
	}
	page_raw(&r->page, "</tr></tbody></table></div>\n");
}

int page_trends(struct req *r)
{
	struct aggregate_target target = aggregate_http_target(r);
	if (!target.agency_id)
		return req_error(r, 404, "没有找到该机关，或您无权查看它的下级机关。");
	int years = chosen_years(r);
	struct trends t;
	char err[AGGREGATE_ERR_SIZE];
	if (aggregate_trends(req_reader(r), target.agency_id, target.year, years, &t, err, sizeof err) < 0) {
		aggregate_trends_free(&t);
		return req_error(r, 422, err);
	}
	struct crumb c = {"逐年与跨单位比较", NULL};
	layout_begin(r, &(struct layout){.title = arena_printf(&r->arena, "%d—%d 年下级单位逐年与跨单位比较",
							       target.year - years + 1, target.year),
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true});
	page_printf(
	    &r->page,
	    "<p class=\"link-list\"><a href=\"/admin/supervise/aggregate?agency=%lld&amp;year=%d\">汇总年报</a> · "
	    "<a href=\"/admin/supervise/trends.csv?agency=%lld&amp;year=%d&amp;years=%d\">下载发现（CSV）</a></p>\n"
	    "<p>规则：J1 新收、J2 办理结果总计、J3 案件总计与上年相比增至 5 倍以上或降至五分之一以下；S1 "
	    "第五部分与本单位"
	    "往年雷同，S2 与同年其他单位雷同（按 4 字片段的相似度不低于 50%%）。</p>\n",
	    (long long)target.agency_id, target.year, (long long)target.agency_id, target.year, years);
	findings_table(r, &t);
	for (size_t i = 0; i < t.n; i++) {
		const struct trend_agency *a = &t.agencies[i];
		page_printf(&r->page, "<section aria-labelledby=\"agency-%lld\">\n<h2 id=\"agency-%lld\">%h</h2>\n",
			    (long long)a->agency_id, (long long)a->agency_id, a->agency);
		struct buf svg = {0};
		aggregate_trends_charts(&t, a, &svg);
		page_raw(&r->page, "<div class=\"gk-charts\">\n");
		page_trusted_html(&r->page, svg.data ? svg.data : ""); /* charts.c escapes every text */
		page_raw(&r->page, "</div>\n");
		buf_free(&svg);
		cases_table(r, &t, a);
		page_raw(&r->page, "</section>\n");
	}
	layout_end(r);
	aggregate_trends_free(&t);
	return 200;
}

int page_trends_csv(struct req *r)
{
	struct aggregate_target target = aggregate_http_target(r);
	if (!target.agency_id)
		return req_error(r, 404, "没有找到该机关，或您无权查看它的下级机关。");
	struct trends t;
	char err[AGGREGATE_ERR_SIZE];
	int years = chosen_years(r);
	int status = 200;
	if (aggregate_trends(req_reader(r), target.agency_id, target.year, years, &t, err, sizeof err) < 0) {
		status = req_error(r, 422, err);
	} else {
		aggregate_trends_csv(&t, &r->page.out);
		r->content_type = "text/csv; charset=utf-8";
		req_add_header(r, "Content-Disposition",
			       arena_printf(&r->arena, "attachment; filename=\"trends-%lld-%d.csv\"",
					    (long long)target.agency_id, target.year));
	}
	aggregate_trends_free(&t);
	return status;
}
