/* page_info_portal.c — the public pages of 主动公开: the 政府信息公开目录 (browse by category, year and
 * document type, newest first, paginated, with search and highlighted snippets), the item page with
 * its metadata table and the ArticleTitle / PubDate / ContentSource meta tags, its print view, and
 * the 政府信息公开指南 generated from the agency's data as 条例第十二条 requires. Only items the
 * domain says are visible are ever shown; a withdrawn item's URL answers 410 with a notice. */
#include <stdlib.h>
#include <string.h>

#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_attach.h"
#include "http/page_info_meta.h"
#include "info/info_meta.h"
#include "info/info_search.h"
#include "info/info_search_fold.h"
#include "util/china_time.h"

#define PER_PAGE 20

static const struct crumb catalog_crumb[] = {{"政府信息公开目录", NULL}};

/* Inserts extra <head> markup (escaped by the caller through page_printf) before "</head>" of the page
 * written by layout_begin: the layout has no slot yet for article meta tags or feed links. */
static void head_insert(struct req *r, struct page *extra)
{
	struct buf *out = &r->page.out;
	char *end = out->data ? strstr(out->data, "</head>") : NULL;
	if (!end || !extra->out.len) {
		page_free(extra);
		return;
	}
	size_t at = (size_t)(end - out->data), tail = out->len - at;
	buf_grow(out, extra->out.len);
	memmove(out->data + at + extra->out.len, out->data + at, tail + 1);
	memcpy(out->data + at, extra->out.data, extra->out.len);
	out->len += extra->out.len;
	page_free(extra);
}

static void feed_link(struct req *r, int64_t category_id)
{
	struct page extra = {0};
	if (category_id)
		page_printf(&extra,
			    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"订阅本栏目\" "
			    "href=\"/info/feed?category=%lld\">\n",
			    (long long)category_id);
	else
		page_raw(&extra, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"订阅主动公开信息\" "
				 "href=\"/info/feed\">\n");
	head_insert(r, &extra);
}

/* ---- 目录 ---- */

/* Items in each category's subtree, so empty branches can be hidden (no empty columns). */
static void subtree_counts(const struct info_category *c, size_t n, int64_t *sums)
{
	for (size_t i = 0; i < n; i++)
		sums[i] = c[i].published;
	for (size_t i = n; i-- > 0;)
		for (size_t j = 0; j < i; j++)
			if (c[j].id == c[i].parent_id)
				sums[j] += sums[i];
}

static void category_tree(struct req *r, const struct info_category *c, size_t n, int64_t current, int64_t agency)
{
	int64_t *sums = xcalloc(n + 1, sizeof *sums);
	subtree_counts(c, n, sums);
	page_raw(&r->page, "<nav class=\"info-tree\" aria-label=\"信息类别\"><h2>信息类别</h2>\n<ul>\n");
	page_printf(&r->page, "<li><a href=\"/info?agency=%lld\" aria-current=\"%h\">全部信息</a></li>\n",
		    (long long)agency, current == 0 ? "page" : "false");
	for (size_t i = 0; i < n; i++) {
		if (sums[i] == 0)
			continue;
		page_printf(&r->page,
			    "<li class=\"depth-%d\"><a href=\"/info?category=%lld\" aria-current=\"%h\">%h</a> <span "
			    "class=\"muted\">(%lld)</span></li>\n",
			    c[i].depth, (long long)c[i].id, c[i].id == current ? "page" : "false", c[i].name,
			    (long long)sums[i]);
	}
	page_raw(&r->page, "</ul></nav>\n");
	free(sums);
}

/* The publication date range of the search (发布日期 from … to …, both optional). */
static void date_range_fields(struct req *r, const struct info_query *q)
{
	char from[CAL_ISO_SIZE] = "", to[CAL_ISO_SIZE] = "";
	if (q->from_day > 0)
		cal_format_iso(q->from_day, from);
	if (q->to_day > 0)
		cal_format_iso(q->to_day, to);
	page_printf(
	    &r->page,
	    "<fieldset class=\"date-range\"><legend>发布日期范围</legend>\n"
	    "<p><label for=\"from\">从</label>\n<input id=\"from\" name=\"from\" type=\"date\" value=\"%h\"></p>\n"
	    "<p><label for=\"to\">至</label>\n<input id=\"to\" name=\"to\" type=\"date\" value=\"%h\"></p>\n"
	    "</fieldset>\n",
	    from, to);
}

static void search_form(struct req *r, const struct info_query *q, const struct info_theme *themes, size_t nthemes)
{
	page_raw(&r->page, "<form class=\"form info-search\" method=\"get\" action=\"/info\" role=\"search\">\n");
	page_printf(&r->page,
		    "<p><label for=\"q\">检索（标题、文号、正文）</label>\n"
		    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%h\" maxlength=\"200\"></p>\n",
		    q->q ? q->q : "");
	page_printf(&r->page, "<input type=\"hidden\" name=\"agency\" value=\"%lld\">\n", (long long)q->agency_id);
	if (q->category_id)
		page_printf(&r->page, "<input type=\"hidden\" name=\"category\" value=\"%lld\">\n",
			    (long long)q->category_id);
	page_raw(&r->page, "<p><label for=\"year\">发布年度</label>\n<select id=\"year\" name=\"year\">"
			   "<option value=\"\">全部</option>\n");
	int this_year;
	cal_date_from_day(china_day(req_now(r)), &this_year, &(int){0}, &(int){0});
	for (int y = this_year; y >= this_year - 10; y--)
		page_printf(&r->page, "<option value=\"%d\"%h>%d 年</option>\n", y, q->year == y ? " selected" : "", y);
	page_raw(&r->page, "</select></p>\n<p><label for=\"doc_type\">文件类型</label>\n"
			   "<select id=\"doc_type\" name=\"doc_type\"><option value=\"\">全部</option>\n");
	for (int t = INFO_DOC_REGULATION; t < INFO_DOC_TYPE_COUNT; t++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", info_doc_type_name((enum info_doc_type)t),
			    q->doc_type == t ? " selected" : "", info_doc_type_zh((enum info_doc_type)t));
	page_raw(&r->page, "</select></p>\n");
	info_theme_search_field(r, themes, nthemes, q->theme);
	date_range_fields(r, q);
	page_printf(&r->page,
		    "<p><label for=\"order\">排序</label>\n<select id=\"order\" name=\"order\">"
		    "<option value=\"date\">按发布日期</option><option value=\"relevance\"%h>按相关度</option>"
		    "</select></p>\n<p><button type=\"submit\">检索</button></p>\n</form>\n",
		    q->order == INFO_ORDER_RELEVANCE ? " selected" : "");
}

static void result_table(struct req *r, const struct info_hits *hits)
{
	char formed[CAL_ISO_SIZE], published[CAL_ISO_SIZE];
	page_raw(&r->page, "<div class=\"table-wrap\"><table class=\"info-list\">\n<thead><tr><th scope=\"col\">索引号"
			   "</th><th scope=\"col\">名称</th><th scope=\"col\">生成日期</th><th scope=\"col\">发布日期"
			   "</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < hits->count; i++) {
		const struct info_hit *h = &hits->items[i];
		page_printf(&r->page, "<tr><td>%h</td><td><a href=\"%h\">", h->index_no, info_http_item_path(r, h->id));
		page_trusted_html(&r->page, h->title_html); /* escaped by info_highlight_html, only <mark> added */
		page_raw(&r->page, "</a>");
		if (*h->doc_no)
			page_printf(&r->page, "<br><span class=\"muted\">%h</span>", h->doc_no);
		page_raw(&r->page, "<br><span class=\"snippet\">");
		page_trusted_html(&r->page, h->snippet_html); /* escaped by info_highlight_html */
		page_printf(&r->page, "</span></td><td>%h</td><td>%h</td></tr>\n", info_http_date(h->formed_on, formed),
			    info_http_date(h->published_on, published));
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

/* The query string of the current filters with another page number. */
static const char *page_link(struct req *r, const struct info_query *q, size_t page)
{
	struct page p = {0};
	page_printf(&p, "/info?page=%zu&agency=%lld", page, (long long)q->agency_id);
	if (q->q && *q->q)
		page_printf(&p, "&q=%t", q->q);
	if (q->category_id)
		page_printf(&p, "&category=%lld", (long long)q->category_id);
	if (q->year)
		page_printf(&p, "&year=%d", q->year);
	if (q->doc_type >= 0)
		page_printf(&p, "&doc_type=%t", info_doc_type_name((enum info_doc_type)q->doc_type));
	if (q->theme)
		page_printf(&p, "&theme=%t", q->theme);
	char day[CAL_ISO_SIZE];
	if (q->from_day > 0)
		page_printf(&p, "&from=%t", cal_format_iso(q->from_day, day));
	if (q->to_day > 0)
		page_printf(&p, "&to=%t", cal_format_iso(q->to_day, day));
	if (q->order == INFO_ORDER_RELEVANCE)
		page_raw(&p, "&order=relevance");
	const char *link = arena_strdup(&r->arena, p.out.data);
	page_free(&p);
	return link;
}

static void pagination(struct req *r, const struct info_query *q, const struct info_hits *hits, size_t page)
{
	size_t pages = ((size_t)hits->total + PER_PAGE - 1) / PER_PAGE;
	layout_pager(r, arena_printf(&r->arena, "共 %lld%s 条", (long long)hits->total, hits->total_capped ? "+" : ""),
		     page, pages ? pages : 1, page > 1 ? page_link(r, q, page - 1) : NULL,
		     page < pages ? page_link(r, q, page + 1) : NULL);
}

/* "您是不是要找": a query with a one-character typo corrected from the published text (search_suggest.c),
 * as a link keeping the other filters. */
static void did_you_mean(struct req *r, const struct info_query *q)
{
	char suggestion[INFO_SEARCH_MAX_TERMS * (INFO_SEARCH_TERM_MAX + 1)];
	if (!q->q || !*q->q || info_search_suggest(req_reader(r), q, req_now(r), suggestion, sizeof suggestion) != 1)
		return;
	struct info_query fixed = *q;
	fixed.q = suggestion;
	page_printf(&r->page, "<p class=\"suggest\">您是不是要找：<a href=\"%h\">%h</a></p>\n", page_link(r, &fixed, 1),
		    suggestion);
}

/* Copies a malloc'd string into the request arena and frees it. */
static const char *arena_strdup_free(struct req *r, char *s)
{
	const char *copy = arena_strdup(&r->arena, s);
	free(s);
	return copy;
}

/* Reads the filters; returns 0 or an error status. */
static int catalog_query(struct req *r, int64_t agency_id, struct info_query *q, size_t *page)
{
	memset(q, 0, sizeof *q);
	*page = 1;
	q->agency_id = agency_id;
	q->q = req_query(r, "q");
	if (q->q && *q->q) /* 預算 finds 预算 (search_fold.c) */
		q->q = arena_strdup_free(r, info_fold_simplified(q->q));
	q->category_id = req_positive(req_query(r, "category"));
	const char *year = req_query(r, "year");
	q->year = year && *year ? (int)req_positive(year) : 0;
	const char *type = req_query(r, "doc_type");
	q->doc_type = type && *type ? info_doc_type_parse(type) : -1;
	const char *bad = info_http_search_filters(r, q); /* theme, from, to, order (page_info_meta.c) */
	if (bad)
		return req_error(r, 400, bad);
	const char *p = req_query(r, "page");
	*page = p ? (size_t)req_positive(p) : 1;
	if (*page == 0 || *page > 10000 || (year && *year && (q->year < 1900 || q->year > 9999)) ||
	    (type && *type && q->doc_type < 0))
		return req_error(r, 400, "检索条件不正确（年度应为四位数字，页码应为正整数）。");
	q->limit = PER_PAGE;
	q->offset = (*page - 1) * PER_PAGE;
	return 0;
}

/* Links to the catalogues of the other agencies served here (集约化: one portal, several agencies). */
static void agency_links(struct req *r, int64_t current)
{
	struct agency *list;
	size_t n;
	if (agency_list(req_reader(r), &list, &n) < 0 || n < 2) {
		free(list);
		return;
	}
	page_raw(&r->page, "<nav class=\"info-agencies\" aria-label=\"公开主体\"><p>公开主体：");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "%h<a href=\"/info?agency=%lld\" aria-current=\"%h\">%h</a>", i ? " · " : "",
			    (long long)list[i].id, list[i].id == current ? "page" : "false", list[i].name);
	page_raw(&r->page, "</p></nav>\n");
	free(list);
}

int page_info_catalog(struct req *r)
{
	struct agency site; /* ?agency=ID (any agency of this instance), else the portal's */
	int found = layout_public_agency(r, req_positive(req_query(r, "agency")), &site);
	if (found)
		return req_error(r, found, layout_public_agency_error(found));
	struct info_query q;
	size_t page;
	int status = catalog_query(r, site.id, &q, &page);
	if (status)
		return status;
	int64_t by_index = info_item_by_index_no(req_reader(r), req_query(r, "q"), req_now(r));
	if (by_index > 0) /* a 索引号 leads straight to its item */
		return req_redirect(r, info_http_item_path(r, by_index));
	struct info_hits hits;
	struct outcome out;
	if (info_search(req_reader(r), &q, req_now(r), &hits, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	struct info_category *cats = NULL;
	size_t ncats = 0;
	if (info_category_list(req_reader(r), site.id, true, req_now(r), &cats, &ncats) < 0) {
		info_hits_free(&hits);
		return req_error(r, 500, NULL);
	}
	const char *column_name = NULL; /* ColumnName: the category when one is shown */
	for (size_t i = 0; q.category_id && i < ncats; i++)
		if (cats[i].id == q.category_id)
			column_name = arena_printf(&r->arena, "%s", cats[i].name);
	if (!column_name && q.theme) /* browsing a 主题分类 */
		column_name = info_theme_name(r, q.theme);
	layout_begin(r, &(struct layout){.title = "政府信息公开目录",
					 .column = COLUMN_CATALOG,
					 .column_name = column_name,
					 .crumbs = catalog_crumb,
					 .crumb_count = 1,
					 .column_type = "栏目页"});
	feed_link(r, q.category_id);
	page_printf(&r->page,
		    "<p>本目录列出%h主动公开的政府信息（《条例》第十二条：索引、名称、内容概述、生成日期），"
		    "按发布日期由新到旧排列。另见<a href=\"/info/guide\">政府信息公开指南</a>。</p>\n",
		    site.name);
	agency_links(r, site.id);
	category_tree(r, cats, ncats, q.category_id, site.id);
	struct info_theme *themes = NULL; /* 主题分类 with items: navigation and search field */
	size_t nthemes = 0;
	if (info_theme_counts(req_reader(r), site.id, req_now(r), &themes, &nthemes) < 0)
		nthemes = 0;
	info_theme_nav(r, themes, nthemes, site.id, q.theme);
	search_form(r, &q, themes, nthemes);
	free(themes);
	if (hits.count == 0) {
		page_raw(&r->page, "<div class=\"notice\"><p>没有找到符合条件的已公开信息。可以更换检索词或类别，"
				   "也可以<a href=\"/apply\">依申请公开</a>。</p>\n");
		did_you_mean(r, &q);
		page_raw(&r->page, "</div>\n");
	} else
		result_table(r, &hits);
	pagination(r, &q, &hits, page);
	page_printf(&r->page, "<p><a href=\"%h\">订阅（Atom）</a></p>\n",
		    q.category_id ? arena_printf(&r->arena, "/info/feed?category=%lld", (long long)q.category_id)
				  : arena_printf(&r->arena, "/info/feed?agency=%lld", (long long)site.id));
	layout_end(r);
	free(cats);
	info_hits_free(&hits);
	return 200;
}

/* ---- item page ---- */

static const char *validity_text(struct req *r, const struct info_item *it)
{
	char on[CAL_ISO_SIZE];
	if (it->validity == INFO_VALID || it->validity_on == CAL_NO_DAY)
		return info_validity_zh(it->validity);
	return arena_printf(&r->arena, "%s（%s 起）", info_validity_zh(it->validity),
			    cal_format_iso(it->validity_on, on));
}

/* A repealed or expired document says so above its metadata, not only in the table, and links to the
 * document that replaced it when the editor recorded one (and it is public). */
static void validity_banner(struct req *r, const struct info_item *it)
{
	if (it->validity == INFO_VALID)
		return;
	page_printf(&r->page,
		    "<div class=\"notice notice-warn validity-banner\" role=\"note\"><p><strong>本文件已%h</strong>"
		    "（%h），仅供查阅，不再作为执行依据。</p>",
		    info_validity_zh(it->validity), validity_text(r, it));
	struct info_item by;
	if (it->replaced_by && info_item_get_public(req_reader(r), it->replaced_by, req_now(r), &by) == 1) {
		page_printf(&r->page,
			    "<p>替代文件：<a href=\"%h\" rel=\"successor-version\">%h</a>（索引号 %h%h%h）</p>",
			    info_http_item_path(r, by.id), by.title, by.index_no, *by.doc_no ? "，" : "", by.doc_no);
		info_item_free(&by);
	}
	page_raw(&r->page, "</div>\n");
}

static void metadata_table(struct req *r, const struct info_item *it)
{
	char formed[CAL_ISO_SIZE], published[CAL_ISO_SIZE];
	page_raw(&r->page, "<table class=\"info-meta\">\n");
	page_printf(&r->page,
		    "<tr><th scope=\"row\">索引号</th><td>%h</td><th scope=\"row\">信息分类</th><td>%h</td></tr>\n",
		    it->index_no, it->category_name);
	page_printf(&r->page,
		    "<tr><th scope=\"row\">发布机构</th><td>%h</td><th scope=\"row\">生成日期</th><td>%h</td></tr>\n",
		    it->publisher, info_http_date(it->formed_on, formed));
	page_printf(&r->page, "<tr><th scope=\"row\">名称</th><td colspan=\"3\">%h</td></tr>\n", it->title);
	if (*it->doc_no)
		page_printf(&r->page, "<tr><th scope=\"row\">文号</th><td colspan=\"3\">%h</td></tr>\n", it->doc_no);
	page_printf(
	    &r->page,
	    "<tr><th scope=\"row\">发布日期</th><td>%h</td><th scope=\"row\">公开属性</th><td>主动公开</td></tr>\n",
	    info_http_date(it->published_on, published));
	page_printf(&r->page,
		    "<tr><th scope=\"row\">文件类型</th><td>%h</td><th scope=\"row\">有效性</th><td>%h</td></tr>\n",
		    info_doc_type_zh(it->doc_type), validity_text(r, it));
	if (*it->theme_code)
		page_printf(
		    &r->page,
		    "<tr><th scope=\"row\">主题分类</th><td colspan=\"3\"><a href=\"/info?agency=%lld&amp;theme=%t\">"
		    "%h</a></td></tr>\n",
		    (long long)it->agency_id, it->theme_code, it->theme_name);
	else
		page_raw(&r->page, "<tr><th scope=\"row\">主题分类</th><td colspan=\"3\">未分类</td></tr>\n");
	page_printf(&r->page, "<tr><th scope=\"row\">内容概述</th><td colspan=\"3\">%h</td></tr>\n</table>\n",
		    it->summary);
}

static void article_meta(struct req *r, const struct info_item *it)
{
	struct page extra = {0};
	char when[CHINA_TIME_SIZE];
	page_printf(&extra, "<meta name=\"ArticleTitle\" content=\"%h\">\n", it->title);
	page_printf(&extra, "<meta name=\"PubDate\" content=\"%h\">\n",
		    china_time_format(it->published_at, CHINA_MINUTE, when));
	page_printf(&extra, "<meta name=\"ContentSource\" content=\"%h\">\n", it->publisher);
	page_printf(&extra, "<meta name=\"Description\" content=\"%h\">\n", it->summary);
	head_insert(r, &extra);
}

/* The withdrawn notice (410): the URL stays meaningful but the content is gone. */
static int withdrawn_page(struct req *r, const struct info_item *it)
{
	char on[CAL_ISO_SIZE];
	layout_begin(r,
		     &(struct layout){
			 .title = "信息已撤回", .column = COLUMN_CATALOG, .crumbs = catalog_crumb, .crumb_count = 1});
	page_printf(&r->page,
		    "<div class=\"notice\"><p>索引号为 %h 的信息已于 %h 撤回，不再公开。</p>"
		    "<p>撤回原因：%h</p></div>\n<p><a href=\"/info\">返回政府信息公开目录</a></p>\n",
		    it->index_no, cal_format_iso(china_day(it->withdrawn_at), on), it->withdraw_reason);
	layout_end(r);
	return 410;
}

/* The print view: a plain document with the metadata and the body, printed by the browser. */
static void print_view(struct req *r, const struct info_item *it)
{
	page_raw(&r->page, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
	page_printf(&r->page, "<title>%h - %h</title>\n", it->title, layout_site_name(r));
	page_printf(&r->page,
		    "<meta name=\"robots\" content=\"noindex\">\n<link rel=\"stylesheet\" href=\"%h\">\n"
		    "</head>\n<body class=\"print-view\">\n<header><p class=\"print-site\">%h · 政府信息公开</p>"
		    "</header>\n<main>\n<h1>%h</h1>\n",
		    assets_url(&r->app->assets, "print.css"), layout_site_name(r), it->title);
	validity_banner(r, it);
	metadata_table(r, it);
	page_raw(&r->page, "<div class=\"info-body\">\n");
	page_trusted_html(&r->page, it->body_html); /* cmark with CMARK_OPT_SAFE: no raw HTML, no unsafe links */
	page_printf(&r->page, "</div>\n</main>\n<footer><p>本页地址：%h%h</p></footer>\n</body>\n</html>\n",
		    info_http_base_url(r), info_http_item_path(r, it->id));
}

int page_info_item(struct req *r)
{
	int64_t id = req_positive(r->path + strlen("/info/item/"));
	struct info_item it;
	int rc = id ? info_item_get(req_reader(r), id, &it) : 0;
	if (rc < 0)
		return req_error(r, 500, NULL);
	if (rc == 1 && it.status == INFO_WITHDRAWN && it.published_at > 0) {
		int status = withdrawn_page(r, &it);
		info_item_free(&it);
		return status;
	}
	if (rc == 0 || !info_item_public(&it, req_now(r))) {
		if (rc == 1)
			info_item_free(&it);
		return req_error(r, 404, "没有这条信息，或它尚未公开。");
	}
	const char *print = req_query(r, "print");
	if (print && strcmp(print, "1") == 0) {
		print_view(r, &it);
		info_item_free(&it);
		return 200;
	}
	struct crumb crumbs[] = {{"政府信息公开目录", "/info"}, {it.title, NULL}};
	layout_begin(r, &(struct layout){.title = it.title,
					 .column = COLUMN_CATALOG,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .column_type = "文章页"});
	article_meta(r, &it);
	validity_banner(r, &it);
	metadata_table(r, &it);
	page_raw(&r->page, "<div class=\"info-body\">\n");
	page_trusted_html(&r->page, it.body_html); /* cmark with CMARK_OPT_SAFE: no raw HTML, no unsafe links */
	page_raw(&r->page, "</div>\n");
	info_attach_public_list(r, it.id); /* page_info_attach.c */
	page_printf(&r->page,
		    "<p><a href=\"%h?print=1\">打印本页</a> · <a href=\"/info?category=%lld\">"
		    "返回“%h”</a></p>\n",
		    info_http_item_path(r, it.id), (long long)it.category_id, it.category_name);
	layout_end(r);
	info_item_free(&it);
	return 200;
}
