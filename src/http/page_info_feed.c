/* page_info_feed.c — machine-readable views of the published items: an Atom feed per agency and per
 * category (/info/feed[?agency=ID|?category=ID], the 50 newest items) and /sitemap.xml (the portal's columns,
 * the non-empty categories and every published item with its lastmod). Only visible published items
 * appear, through info_public_each(). Text goes through %h, which escapes & < > " ' as XML needs. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annual/annual_archive.h"
#include "domain/agency.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "info/info_fresh.h"
#include "info/info_search.h"
#include "util/china_time.h"

#define FEED_ENTRIES 50
#define SITEMAP_MAX  50000 /* the sitemap protocol's limit per file */

/* RFC 3339 time in China time ("2024-03-01T10:00:00+08:00"), in the arena. */
static const char *rfc3339(struct req *r, int64_t t)
{
	char text[CHINA_TIME_SIZE];
	return arena_strdup(&r->arena, china_time_format(t, CHINA_RFC3339, text));
}

struct feed_ctx {
	struct req *r;
	const char *base;
};

static void feed_entry(void *ctx, const struct info_public_ref *ref)
{
	struct feed_ctx *fc = ctx;
	struct req *r = fc->r;
	struct info_item it;
	if (info_item_get(req_reader(r), ref->id, &it) != 1)
		return;
	const char *url = arena_printf(&r->arena, "%s%s", fc->base, info_http_item_path(r, it.id));
	page_printf(&r->page,
		    "<entry>\n<title>%h</title>\n<id>%h</id>\n<link rel=\"alternate\" href=\"%h\"/>\n"
		    "<published>%h</published>\n<updated>%h</updated>\n<author><name>%h</name></author>\n"
		    "<category term=\"%h\"/>\n<summary>%h</summary>\n</entry>\n",
		    it.title, url, url, rfc3339(r, it.published_at), rfc3339(r, it.published_at), it.publisher,
		    it.category_name, it.summary);
	info_item_free(&it);
}

/* The feed's agency: the category's, else ?agency=ID, else the portal's. Returns 0, 404 (no such
 * agency or category) or 503 (the database did not answer). */
static int feed_agency(struct req *r, int64_t category_id, struct info_category *c, struct agency *out)
{
	int64_t id = req_positive(req_query(r, "agency"));
	if (req_query(r, "category")) {
		int rc = category_id ? info_category_get(req_reader(r), category_id, c) : 0;
		if (rc != 1)
			return rc < 0 ? 503 : 404;
		id = c->agency_id;
	}
	return layout_public_agency(r, id, out);
}

int page_info_feed(struct req *r)
{
	int64_t category_id = req_positive(req_query(r, "category"));
	struct info_category c = {0};
	struct agency agency;
	int found = feed_agency(r, category_id, &c, &agency);
	if (found)
		return req_error(r, found,
				 found == 404 ? "没有这个机关或信息类别。" : layout_public_agency_error(found));
	const struct agency *site = &agency;
	struct feed_ctx fc = {r, info_http_base_url(r)};
	const char *self = category_id
			       ? arena_printf(&r->arena, "%s/info/feed?category=%lld", fc.base, (long long)category_id)
			       : arena_printf(&r->arena, "%s/info/feed?agency=%lld", fc.base, (long long)site->id);
	r->content_type = "application/atom+xml; charset=utf-8";
	page_printf(&r->page,
		    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
		    "<title>%h%h%h</title>\n<id>%h</id>\n<link rel=\"self\" href=\"%h\"/>\n"
		    "<link rel=\"alternate\" href=\"%h/info\"/>\n<updated>%h</updated>\n<author><name>%h</name>"
		    "</author>\n",
		    site->name, category_id ? " - " : " - 主动公开", c.name, self, self, fc.base,
		    rfc3339(r, req_now(r)), site->name);
	if (info_public_each(req_reader(r), site->id, category_id, req_now(r), FEED_ENTRIES, feed_entry, &fc) < 0) {
		page_free(&r->page);
		return req_error(r, 500, NULL);
	}
	page_raw(&r->page, "</feed>\n");
	return 200;
}

static void sitemap_url(struct req *r, const char *base, const char *path, const char *lastmod)
{
	page_printf(&r->page, "<url><loc>%h%h</loc>", base, path);
	if (lastmod)
		page_printf(&r->page, "<lastmod>%h</lastmod>", lastmod);
	page_raw(&r->page, "</url>\n");
}

static void sitemap_item(void *ctx, const struct info_public_ref *ref)
{
	struct feed_ctx *fc = ctx;
	char day[CAL_ISO_SIZE];
	int64_t changed = ref->updated_at > ref->published_at ? ref->updated_at : ref->published_at;
	sitemap_url(fc->r, fc->base, info_http_item_path(fc->r, ref->id), cal_format_iso(china_day(changed), day));
}

/* The non-empty categories of one agency, each with the day of its newest item. */
static void sitemap_categories(struct req *r, const char *base, int64_t agency_id)
{
	struct info_column_fresh *cols = NULL;
	size_t n = 0;
	if (info_fresh_columns(req_reader(r), agency_id, req_now(r), &cols, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (cols[i].published > 0)
				sitemap_url(r, base,
					    arena_printf(&r->arena, "/info?category=%lld&agency=%lld",
							 (long long)cols[i].category_id, (long long)agency_id),
					    info_http_day(r, cols[i].last_published_at));
	free(cols);
}

/* The published annual reports (政府信息公开年报), each with its publication day. */
static void sitemap_annual(struct req *r, const char *base)
{
	int64_t *agencies = NULL;
	int *years = NULL;
	size_t n = 0;
	if (annual_public_years(req_reader(r), &agencies, &years, &n) < 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		struct annual_version v;
		if (annual_version_public(req_reader(r), agencies[i], years[i], 0, &v) == 1)
			sitemap_url(r, base,
				    arena_printf(&r->arena, "/annual/%lld/%d", (long long)agencies[i], years[i]),
				    info_http_day(r, v.published_at ? v.published_at : v.created_at));
	}
	free(agencies);
	free(years);
}

int page_info_sitemap_xml(struct req *r)
{
	struct feed_ctx fc = {r, info_http_base_url(r)};
	r->content_type = "application/xml; charset=utf-8";
	page_raw(&r->page, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			   "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	static const char *const columns[] = {"/",	     "/info/statutory", "/info/standard", "/info",
					      "/info/guide", "/apply",		"/apply/new",	  "/apply/query",
					      "/annual",     "/rules",		"/sitemap",	  "/contact"};
	const struct agency *site = layout_site(r);
	int64_t newest = site ? info_fresh_newest(req_reader(r), site->id, req_now(r)) : 0;
	const char *site_day =
	    info_http_day(r, newest > 0 ? newest : req_now(r)); /* pages that change with the items */
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
		sitemap_url(r, fc.base, columns[i], site_day);
	sitemap_annual(r, fc.base);
	struct agency *agencies = NULL;
	size_t n = 0;
	if (agency_list(req_reader(r), &agencies, &n) == 0)
		for (size_t i = 0; i < n; i++)
			sitemap_categories(r, fc.base, agencies[i].id);
	free(agencies);
	if (info_public_each(req_reader(r), 0, 0, req_now(r), SITEMAP_MAX, sitemap_item, &fc) < 0) {
		page_free(&r->page);
		return req_error(r, 500, NULL);
	}
	page_raw(&r->page, "</urlset>\n");
	return 200;
}
