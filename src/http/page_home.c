/* page_home.c — the living parts of the home page, so that an inspector (国办秘函〔2019〕19号 单项否决
 * "首页不更新") sees at once that the site is kept up: a search box, the newest items of each column
 * with their dates, the latest annual report; and the back office's warning when a column has not been
 * updated within its period (info_fresh.h). */
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_home.h"
#include "http/page_info.h"
#include "info/info_fresh.h"

#define HOME_COLUMNS	  6
#define HOME_COLUMN_ITEMS 5

void page_home_search(struct req *r)
{
	page_raw(&r->page, "<form class=\"home-search\" method=\"get\" action=\"/info\" role=\"search\">\n"
			   "<label for=\"home-q\">站内检索</label>\n<input id=\"home-q\" name=\"q\" type=\"search\" "
			   "maxlength=\"200\" placeholder=\"标题、文号、索引号或正文\">\n"
			   "<button type=\"submit\">检索</button>\n</form>\n");
}

static int newest_first(const void *a, const void *b)
{
	const struct info_column_fresh *x = a, *y = b;
	return (x->last_published_at < y->last_published_at) - (x->last_published_at > y->last_published_at);
}

static void column_box(struct req *r, const struct info_column_fresh *c)
{
	struct info_latest *items;
	size_t n;
	if (info_fresh_latest(req_reader(r), c->category_id, req_now(r), HOME_COLUMN_ITEMS, &items, &n) < 0)
		return;
	page_printf(&r->page,
		    "<section class=\"home-column\" aria-labelledby=\"col-%lld\"><h3 id=\"col-%lld\"><a "
		    "href=\"/info?category=%lld\">%h</a></h3>\n<ul class=\"dated-list\">\n",
		    (long long)c->category_id, (long long)c->category_id, (long long)c->category_id, c->name);
	for (size_t i = 0; i < n; i++) {
		const char *d = info_http_day(r, items[i].published_at);
		page_printf(&r->page, "<li><a href=\"%h\">%h</a> <time datetime=\"%h\">%h</time></li>\n",
			    info_http_item_path(r, items[i].id), items[i].title, d, d);
	}
	page_printf(&r->page, "</ul>\n<p class=\"more\"><a href=\"/info?category=%lld\">更多%h</a></p></section>\n",
		    (long long)c->category_id, c->name);
	free(items);
}

void page_home_latest(struct req *r)
{
	const struct agency *site = layout_site(r);
	struct info_column_fresh *cols = NULL;
	size_t n = 0;
	if (!site || info_fresh_columns(req_reader(r), site->id, req_now(r), &cols, &n) < 0)
		n = 0;
	if (n > 1) /* cols is NULL when the read failed: qsort's pointer must not be, even for 0 items */
		qsort(cols, n, sizeof *cols, newest_first);
	page_raw(&r->page, "<section class=\"home-latest\" aria-labelledby=\"latest-title\">\n<h2 id=\"latest-title\">"
			   "最新信息</h2>\n");
	if (n == 0 || cols[0].last_published_at == 0)
		page_raw(&r->page, "<p>本机关尚未发布主动公开信息。</p>\n");
	else
		page_printf(&r->page, "<p class=\"muted\">最近更新：<time datetime=\"%h\">%h</time></p>\n",
			    info_http_day(r, cols[0].last_published_at), info_http_day(r, cols[0].last_published_at));
	page_raw(&r->page, "<div class=\"home-columns\">\n");
	for (size_t i = 0; i < n && i < HOME_COLUMNS && cols[i].last_published_at; i++)
		column_box(r, &cols[i]);
	page_raw(&r->page, "</div>\n</section>\n");
	free(cols);
}

void page_home_annual(struct req *r)
{
	const struct agency *site = layout_site(r);
	int64_t *agencies = NULL;
	int *years = NULL;
	size_t n = 0;
	page_raw(&r->page, "<section aria-labelledby=\"annual-title\"><h2 id=\"annual-title\">政府信息公开年报</h2>\n");
	if (site && annual_public_years(req_reader(r), &agencies, &years, &n) < 0)
		n = 0;
	size_t i = 0;
	while (i < n && agencies[i] != site->id)
		i++;
	struct annual_version v;
	if (i < n && annual_version_public(req_reader(r), site->id, years[i], 0, &v) == 1) {
		int64_t at = v.published_at ? v.published_at : v.created_at;
		page_printf(
		    &r->page,
		    "<ul class=\"dated-list\"><li><a href=\"/annual/%lld/%d\">%h %d 年政府信息公开工作年度报告</a> "
		    "<time datetime=\"%h\">%h</time></li></ul>\n",
		    (long long)site->id, years[i], site->name, years[i], info_http_day(r, at), info_http_day(r, at));
	} else
		page_raw(&r->page, "<p>本机关尚未发布年度报告。</p>\n");
	page_raw(&r->page, "<p class=\"more\"><a href=\"/annual\">历年年度报告</a></p></section>\n");
	free(agencies);
	free(years);
}

void page_home_site_report(struct req *r)
{
	const struct agency *site = layout_site(r);
	struct info_category *cats = NULL;
	size_t n = 0;
	if (!site || info_category_list(req_reader(r), site->id, false, req_now(r), &cats, &n) < 0)
		n = 0;
	int64_t column = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cats[i].code, "WZBB") == 0)
			column = cats[i].id;
	free(cats);
	struct info_latest *latest = NULL;
	size_t count = 0;
	if (column && info_fresh_latest(req_reader(r), column, req_now(r), 1, &latest, &count) < 0)
		count = 0;
	page_raw(&r->page, "<section aria-labelledby=\"site-report-title\"><h2 id=\"site-report-title\">"
			   "政府网站年度工作报表</h2>\n");
	if (count) {
		const char *d = info_http_day(r, latest[0].published_at);
		page_printf(
		    &r->page,
		    "<ul class=\"dated-list\"><li><a href=\"%h\">%h</a> <time datetime=\"%h\">%h</time></li></ul>\n"
		    "<p class=\"more\"><a href=\"/info?category=%lld\">历年报表</a></p>\n",
		    info_http_item_path(r, latest[0].id), latest[0].title, d, d, (long long)column);
	} else
		page_raw(&r->page, "<p>本网站尚未发布政府网站年度工作报表（每年1月31日前发布上一年度报表）。</p>\n");
	page_raw(&r->page, "</section>\n");
	free(latest);
}

static void stale_row(struct req *r, const struct info_column_fresh *c)
{
	if (c->stale)
		page_printf(&r->page, "<li><a href=\"/info?category=%lld\">%h</a>：最近更新 %h，超过%h未更新</li>\n",
			    (long long)c->category_id, c->name, info_http_day(r, c->last_published_at),
			    c->news				     ? "2周"
			    : c->period_days > INFO_FRESH_OTHER_DAYS ? "1年"
								     : "6个月");
}

/* 首页更新提醒: no column of the home page updated within INFO_FRESH_HOME_DAYS days. */
static void home_alert(struct req *r)
{
	int64_t newest = info_fresh_newest(req_reader(r), r->user.agency_id, req_now(r));
	if (newest < 0 || !info_fresh_home_stale(newest, req_now(r)))
		return;
	if (newest == 0)
		page_raw(&r->page,
			 "<div class=\"notice notice-warn\" id=\"stale-home\"><p><strong>首页更新提醒：</strong>"
			 "本机关尚未发布任何信息，首页各栏目均为空。</p></div>\n");
	else
		page_printf(&r->page,
			    "<div class=\"notice notice-warn\" id=\"stale-home\"><p><strong>首页更新提醒：</strong>"
			    "首页各栏目最近一次更新在 %h，已超过 %d 天未更新（首页长期不更新属单项否决，国办秘函"
			    "〔2019〕19号）。</p></div>\n",
			    info_http_day(r, newest), INFO_FRESH_HOME_DAYS);
}

void page_home_staleness_card(struct req *r)
{
	struct info_column_fresh *cols;
	size_t n, stale = 0, empty = 0;
	if (info_fresh_columns(req_reader(r), r->user.agency_id, req_now(r), &cols, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		stale += cols[i].stale;
		empty += cols[i].published == 0;
	}
	home_alert(r);
	if (stale) {
		page_printf(&r->page,
			    "<div class=\"notice notice-warn\" id=\"stale-columns\"><p><strong>栏目更新提醒：</strong>"
			    "%zu 个栏目超过规定期限未更新（动态、要闻类 2 周，其他栏目 6 个月，国办秘函〔2019〕19号"
			    "）。</p>\n<ul>\n",
			    stale);
		for (size_t i = 0; i < n; i++)
			stale_row(r, &cols[i]);
		page_raw(&r->page, "</ul></div>\n");
	}
	if (empty)
		page_printf(&r->page,
			    "<p class=\"notice\">另有 %zu 个栏目尚无信息，公开页面对其显示空栏目说明（见"
			    "<a href=\"/admin/info/categories\">目录管理</a>）。</p>\n",
			    empty);
	free(cols);
}
