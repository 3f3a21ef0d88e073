/* page_annual_portal.c — the 政府信息公开年报 column of the portal: /annual lists every agency's
 * published (and imported) annual reports by year; /annual/{agency}/{year} shows one report in the
 * portal layout — the version that is in force (or ?v=N, an earlier one, marked as corrected), its
 * publication date and change note, downloads in every format, the charts, the report itself (the
 * fragment frozen at publication), the version history and the agency's other years;
 * /annual/{agency}/{year}/report.{fmt} is the download. Only published and imported versions are
 * ever visible here: drafts and approvals stay in the back office. */
#include <stdlib.h>
#include <string.h>

#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_annual.h"
#include "info/info.h"
#include "util/china_time.h"
#include "report/report_render.h"

#define PREFIX "/annual/"

static const char *const download_formats[] = {"pdf", "xlsx", "html", "txt", "md", "json"};
static const char *const download_labels[] = {"PDF 文档", "Excel 表格（XLSX）", "网页（HTML，可打印）",
					      "纯文本",	  "Markdown",		"JSON（规范数据）"};

static void intro(struct req *r)
{
	page_raw(&r->page,
		 "<p>按照《中华人民共和国政府信息公开条例》第四十九条、第五十条，行政机关于每年1月31日前"
		 "发布上一年度政府信息公开工作年度报告，内容包括主动公开、依申请公开、行政复议和行政诉讼情况、"
		 "存在的主要问题及改进情况等。</p>\n");
}

/* "YYYY-MM-DD" of a report version's publication (imported ones: when imported), in the arena. */
static const char *version_day(struct req *r, int64_t agency_id, int year)
{
	struct annual_version v;
	char day[CAL_ISO_SIZE];
	if (annual_version_public(req_reader(r), agency_id, year, 0, &v) != 1)
		return "";
	return arena_printf(&r->arena, "%s",
			    cal_format_iso(china_day(v.published_at ? v.published_at : v.created_at), day));
}

/* One agency's years as a list of links with their publication dates. */
static void agency_years(struct req *r, int64_t agency_id, const int64_t *agencies, const int *years, size_t n)
{
	page_raw(&r->page, "<ul class=\"dated-list\">\n");
	for (size_t i = 0; i < n; i++)
		if (agencies[i] == agency_id) {
			const char *day = version_day(r, agency_id, years[i]);
			page_printf(&r->page,
				    "<li><a href=\"/annual/%lld/%d\">%d 年政府信息公开工作年度报告</a> <time "
				    "datetime=\"%h\">%h</time></li>\n",
				    (long long)agency_id, years[i], years[i], day, day);
		}
	page_raw(&r->page, "</ul>\n");
}

int page_annual_index(struct req *r)
{
	int64_t *agencies;
	int *years;
	size_t n;
	struct db *db = req_reader(r);
	if (annual_public_years(db, &agencies, &years, &n) < 0)
		return req_error(r, 500, NULL);
	struct crumb c = {"政府信息公开年报", NULL};
	layout_begin(
	    r, &(struct layout){.title = "政府信息公开年报", .column = COLUMN_ANNUAL, .crumbs = &c, .crumb_count = 1});
	intro(r);
	if (n == 0)
		page_raw(&r->page, "<div class=\"notice\"><p>本平台尚未发布年度报告。</p></div>\n");
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && agencies[i] == agencies[i - 1])
			continue;
		struct agency a;
		if (agency_get(db, agencies[i], &a) != 1)
			continue;
		page_printf(&r->page, "<h2>%h</h2>\n", a.name);
		agency_years(r, agencies[i], agencies, years, n);
	}
	layout_end(r);
	free(agencies);
	free(years);
	return 200;
}

/* What the path names: agency, year and, for a download, the format. Returns 0 or -1. */
static int parse_path(const char *path, int64_t *agency_id, int *year, const char **format)
{
	const char *p = path + strlen(PREFIX);
	char *end = NULL;
	long long id = strtoll(p, &end, 10);
	if (id <= 0 || *p < '1' || *p > '9' || *end != '/')
		return -1;
	*agency_id = id;
	char ytext[5];
	if (strlen(end + 1) < 4)
		return -1;
	memcpy(ytext, end + 1, 4);
	ytext[4] = '\0';
	*year = annual_http_year(ytext);
	const char *rest = end + 5;
	*format = NULL;
	if (*year == 0)
		return -1;
	if (*rest == '\0')
		return 0;
	if (strncmp(rest, "/report.", 8) != 0 || !annual_format_known(rest + 8))
		return -1;
	*format = rest + 8;
	return 0;
}

static void downloads(struct req *r, const struct annual_version *v)
{
	page_raw(&r->page,
		 "<section aria-labelledby=\"downloads\">\n<h2 id=\"downloads\">下载</h2>\n<ul class=\"link-list\">\n");
	for (size_t i = 0; i < sizeof download_formats / sizeof download_formats[0]; i++)
		page_printf(&r->page, "<li><a href=\"/annual/%lld/%d/report.%h?v=%d\">%h</a></li>\n",
			    (long long)v->agency_id, v->year, download_formats[i], v->version, download_labels[i]);
	page_raw(&r->page, "</ul>\n</section>\n");
}

/* The version history: every published, superseded or imported version, with change notes. */
static void history(struct req *r, const struct annual_version *shown, const struct annual_version *all, size_t n)
{
	bool notes = false;
	size_t visible = 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i].status == ANNUAL_APPROVED)
			continue;
		visible++;
		notes = notes || all[i].change_note[0];
	}
	if (visible < 2 && !notes)
		return;
	page_raw(&r->page,
		 "<section aria-labelledby=\"versions\">\n<h2 id=\"versions\">版本记录</h2>\n<div class=\"table-wrap\">"
		 "<table>\n<thead><tr><th scope=\"col\">版本</th><th scope=\"col\">状态</th><th scope=\"col\">"
		 "发布日期</th>");
	if (notes) /* no empty columns: the notes column only when a version has one */
		page_raw(&r->page, "<th scope=\"col\">更正说明</th>");
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_version *v = &all[i];
		if (v->status == ANNUAL_APPROVED)
			continue;
		page_printf(
		    &r->page, "<tr><td><a href=\"/annual/%lld/%d?v=%d\">第 %d 版</a>%h</td><td>%h</td><td>%h</td>",
		    (long long)v->agency_id, v->year, v->version, v->version, v->id == shown->id ? "（本页）" : "",
		    annual_status_zh(v->status), annual_http_date(r, v->published_at));
		if (notes)
			page_printf(&r->page, "<td>%h</td>", v->change_note[0] ? v->change_note : "—");
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n</section>\n");
}

/* The notice above the report: publication, correction, or that this version was corrected. */
static void version_notice(struct req *r, const struct annual_version *v, const struct annual_version *current)
{
	page_printf(&r->page, "<p class=\"meta\">第 %d 版 · %h · 发布日期 %h</p>\n", v->version,
		    annual_status_zh(v->status), annual_http_date(r, v->published_at));
	if (v->status == ANNUAL_SUPERSEDED && current)
		page_printf(
		    &r->page,
		    "<div class=\"notice\"><p>本版本已被更正，现行版本为<a href=\"/annual/%lld/%d\">第 %d 版</a>"
		    "（发布日期 %h）。</p></div>\n",
		    (long long)current->agency_id, current->year, current->version,
		    annual_http_date(r, current->published_at));
	if (v->change_note[0])
		page_printf(&r->page, "<div class=\"notice\"><p><strong>更正说明：</strong>%h</p></div>\n",
			    v->change_note);
	if (v->status == ANNUAL_IMPORTED)
		page_raw(&r->page, "<p class=\"meta\">本报告为启用本平台之前已发布的年度报告，由原文导入。</p>\n");
}

/* The agency's other years. */
static void other_years(struct req *r, int64_t agency_id, int year)
{
	int64_t *agencies;
	int *years;
	size_t n;
	if (annual_public_years(req_reader(r), &agencies, &years, &n) < 0)
		return;
	size_t others = 0;
	for (size_t i = 0; i < n; i++)
		others += agencies[i] == agency_id && years[i] != year;
	if (others > 0) {
		page_raw(
		    &r->page,
		    "<section aria-labelledby=\"years\">\n<h2 id=\"years\">往年年报</h2>\n<ul class=\"link-list\">\n");
		for (size_t i = 0; i < n; i++)
			if (agencies[i] == agency_id && years[i] != year)
				page_printf(&r->page,
					    "<li><a href=\"/annual/%lld/%d\">%d 年政府信息公开工作年度报告</a></li>\n",
					    (long long)agency_id, years[i], years[i]);
		page_raw(&r->page, "</ul>\n</section>\n");
	}
	free(agencies);
	free(years);
}

static int report_page(struct req *r, const struct annual_version *v, const struct annual_version *current,
		       const struct report *rep)
{
	struct buf title = {0};
	report_title(rep, &title);
	const char *page_title = arena_strdup(&r->arena, title.data);
	buf_free(&title);
	struct crumb crumbs[] = {{"政府信息公开年报", "/annual"}, {page_title, NULL}};
	int64_t at = v->published_at ? v->published_at : v->created_at;
	char when[CHINA_TIME_SIZE];
	layout_begin(r, &(struct layout){.title = page_title,
					 .column = COLUMN_ANNUAL,
					 .column_type = "文章页",
					 .article_title = page_title,
					 .pub_date = arena_strdup(&r->arena, china_time_format(at, CHINA_MINUTE, when)),
					 .crumbs = crumbs,
					 .crumb_count = 2});
	version_notice(r, v, current);
	downloads(r, v);
	annual_http_charts(r, v->agency_id, rep);
	char *fragment = annual_version_render(req_reader(r), v->id, "fragment");
	struct buf rendered = {0};
	if (!fragment)
		report_render_html_fragment(rep, &rendered);
	page_raw(&r->page, "<section aria-labelledby=\"report-text\">\n<h2 id=\"report-text\" "
			   "class=\"visually-hidden\">报告全文</h2>\n");
	annual_http_fragment(r, fragment ? fragment : rendered.data ? rendered.data : "");
	page_raw(&r->page, "</section>\n");
	free(fragment);
	buf_free(&rendered);
	struct annual_version *all;
	size_t n;
	if (annual_versions(req_reader(r), v->agency_id, v->year, &all, &n) == 0) {
		history(r, v, all, n);
		free(all);
	}
	other_years(r, v->agency_id, v->year);
	layout_end(r);
	return 200;
}

int page_annual_year(struct req *r)
{
	int64_t agency_id;
	int year;
	const char *format;
	if (parse_path(r->path, &agency_id, &year, &format) < 0)
		return req_error(r, 404, "没有这份年度报告。");
	const char *vtext = req_query(r, "v");
	int version = vtext ? atoi(vtext) : 0;
	if (vtext && (version <= 0 || version > 1000))
		return req_error(r, 404, "没有这个版本。");
	struct db *db = req_reader(r);
	struct annual_version v, current;
	int rc = annual_version_public(db, agency_id, year, version, &v);
	if (rc <= 0)
		return rc < 0 ? req_error(r, 500, NULL) : req_error(r, 404, "没有这份年度报告，或尚未发布。");
	bool has_current = annual_version_public(db, agency_id, year, 0, &current) == 1;
	struct report rep;
	if (annual_version_report(db, v.id, &rep) < 0) {
		report_free(&rep);
		return req_error(r, 500, "年度报告数据无法读取。");
	}
	int status;
	if (format)
		status = annual_http_send(
		    r, &rep, v.id, format,
		    arena_printf(&r->arena, "annual-report-%lld-%d-v%d", (long long)agency_id, year, v.version));
	else
		status = report_page(r, &v, has_current ? &current : NULL, &rep);
	report_free(&rep);
	return status;
}
