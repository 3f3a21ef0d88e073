/* layout.c — the portal and back-office page shell and the error page (see layout.h). Everything
 * variable goes through page_printf's escaping conversions; literal markup through page_raw. */
#include "http/layout.h"

#include "http/acting.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/site_url.h"

enum { LAYOUT_PAGE_RESERVE = 16 * 1024 }; /* portal pages are 5–12 KB */

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One "label：value" item of the footer, only when the value is configured. */
static void footer_item(struct page *p, const char *label, const char *value)
{
	if (value && *value)
		page_printf(p, "<span class=\"footer-item\">%h：%h</span>\n", label, value);
}

/* The footer of the portal whose agency is site (NULL: none; the configured site name then): built
 * when the site is loaded, not on every page. */
static char *footer_html(const struct agency *site, const struct config *cfg)
{
	struct page out = {0};
	struct page *p = &out;
	page_raw(p, "<footer class=\"site-footer\">\n<div class=\"wrap\">\n<ul class=\"footer-links\">"
		    "<li><a href=\"/sitemap\">网站地图</a></li><li><a href=\"/contact\">联系我们</a></li>"
		    "<li><a href=\"/login\">工作人员登录</a></li></ul>\n<p>\n");
	footer_item(p, "主办单位", site ? site->name : cfg->site_name);
	if (site) {
		footer_item(p, "地址", site->address);
		footer_item(p, "邮编", site->postcode);
		footer_item(p, "联系电话", site->phone);
		footer_item(p, "电子邮箱", site->email);
	}
	page_raw(p, "</p>\n<p>\n");
	if (site && site->website_code[0])
		footer_item(p, "政府网站标识码", site->website_code);
	if (site && site->icp[0])
		page_printf(p, "<a class=\"footer-item\" href=\"https://beian.miit.gov.cn/\">%h</a>\n", site->icp);
	if (site && site->police_record[0]) {
		char digits[32] = "";
		size_t n = 0;
		for (const char *c = site->police_record; *c && n < sizeof digits - 1; c++)
			if (*c >= '0' && *c <= '9')
				digits[n++] = *c;
		page_printf(p,
			    "<a class=\"footer-item\" href=\"http://www.beian.gov.cn/portal/registerSystemInfo?"
			    "recordcode=%t\">%h</a>\n",
			    digits, site->police_record);
	}
	const char *conac = cfg->conac_id;
	if (conac && *conac) /* 党政机关网站标识: links to the issuer's verification page */
		page_printf(
		    p,
		    "<a class=\"footer-item conac-mark\" href=\"https://bszs.conac.cn/sitename?method=show&amp;id=%t\">"
		    "党政机关网站标识</a>\n",
		    conac);
	page_raw(p, "</p>\n</div>\n</footer>\n");
	return buf_take(&out.out);
}

/* Reads the portal's agency (agency_site_id: the configured one, else the first root) into *out.
 * Returns true when there is one. */
static bool load_site(struct req *r, struct agency *out)
{
	struct db *db = req_reader(r);
	int64_t id = db ? agency_site_id(db) : -1;
	return id > 0 && agency_get(db, id, out) == 1;
}

int layout_public_agency(struct req *r, int64_t id, struct agency *out)
{
	struct db *db = req_reader(r);
	if (!db)
		return 503;
	if (id) {
		int rc = agency_get(db, id, out);
		return rc == 1 ? 0 : rc == 0 ? 404 : 503;
	}
	const struct agency *site = layout_site(r);
	if (!site)
		return agency_site_id(db) < 0 ? 503 : 404;
	*out = *site;
	return 0;
}

const char *layout_public_agency_error(int status)
{
	return status == 404 ? "没有这个机关。" : "数据库暂时无法访问，请稍后刷新页面。";
}

const struct agency *layout_site(struct req *r)
{
	if (r->site_loaded)
		return r->site;
	r->site_loaded = true;
	struct http_app *app = r->app;
	struct agency *copy = arena_alloc(&r->arena, sizeof *copy);
	int64_t now = monotonic_ms();
	uint64_t generation = app->store ? store_generation(app->store) : 0; /* before the read, as the page cache */
	pthread_mutex_lock(&app->site_lock);
	int64_t age = now - app->site_cached_at_ms;
	/* another process's commit (store_watch) makes it reload, at most every STORE_WATCH_MS */
	bool fresh = app->site_cached_at_ms && age < app->cache_ms &&
		     (generation == app->site_cached_generation || age < STORE_WATCH_MS);
	bool found = app->site_cached;
	if (fresh) {
		if (found)
			*copy = app->site_cache;
		r->site_footer = arena_strdup(&r->arena, app->site_footer);
	}
	pthread_mutex_unlock(&app->site_lock);
	if (!fresh) {
		found = load_site(r, copy);
		char *footer = footer_html(found ? copy : NULL, app->cfg);
		r->site_footer = arena_strdup(&r->arena, footer);
		pthread_mutex_lock(&app->site_lock);
		app->site_cached = found;
		if (found)
			app->site_cache = *copy;
		free(app->site_footer);
		app->site_footer = footer;
		app->site_cached_at_ms = now;
		app->site_cached_generation = generation;
		pthread_mutex_unlock(&app->site_lock);
	}
	r->site = found ? copy : NULL;
	return r->site;
}

void layout_site_changed(struct http_app *app)
{
	pthread_mutex_lock(&app->site_lock);
	app->site_cached_at_ms = 0;
	pthread_mutex_unlock(&app->site_lock);
}

const char *layout_site_name(struct req *r)
{
	const struct agency *site = layout_site(r);
	return site ? site->name : r->app->cfg->site_name;
}

struct nav_item {
	enum layout_column column;
	const char *href;
	const char *label;
	unsigned roles; /* back office: shown only to users with one of these roles (0 = everyone) */
};

static const struct nav_item portal_nav[] = {
    {COLUMN_HOME, "/", "首页", 0},
    {COLUMN_GUIDE, "/info/guide", "政府信息公开指南", 0},
    {COLUMN_STATUTORY, "/info/statutory", "法定主动公开内容", 0},
    {COLUMN_CATALOG, "/info", "政府信息公开目录", 0},
    {COLUMN_APPLY, "/apply", "依申请公开", 0},
    {COLUMN_ANNUAL, "/annual", "政府信息公开年报", 0},
    {COLUMN_RULES, "/rules", "政府信息公开制度", 0},
};

static const struct nav_item admin_nav[] = {
    {COLUMN_ADMIN_HOME, "/admin", "工作台", 0},
    {COLUMN_ADMIN_INFO, "/admin/info", "信息发布", 0},
    {COLUMN_ADMIN_APPLY, "/admin/applications", "依申请公开", ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR},
    {COLUMN_ADMIN_ANNUAL, "/admin/annual", "年度报告", 0},
    {COLUMN_ADMIN_CALENDAR, "/admin/calendar", "放假安排", ROLE_ADMIN},
    {COLUMN_ADMIN_USERS, "/admin/users", "用户管理", ROLE_ADMIN},
    {COLUMN_ADMIN_AGENCIES, "/admin/agencies", "机构管理", ROLE_ADMIN},
    {COLUMN_ADMIN_PASSWORD, "/account/password", "修改密码", 0},
};

static const char *column_label(enum layout_column column)
{
	for (size_t i = 0; i < sizeof portal_nav / sizeof portal_nav[0]; i++)
		if (portal_nav[i].column == column)
			return portal_nav[i].label;
	for (size_t i = 0; i < sizeof admin_nav / sizeof admin_nav[0]; i++)
		if (admin_nav[i].column == column)
			return admin_nav[i].label;
	return NULL;
}

/* The navigation's list items for a user with roles, column marked as the current page. */
static void nav_items(struct page *p, bool backoffice, enum layout_column column, unsigned roles)
{
	const struct nav_item *items = backoffice ? admin_nav : portal_nav;
	size_t n = backoffice ? sizeof admin_nav / sizeof admin_nav[0] : sizeof portal_nav / sizeof portal_nav[0];
	page_printf(p, "<nav class=\"main-nav\" aria-label=\"%h\">\n<div class=\"wrap\"><ul>\n",
		    backoffice ? "后台导航" : "主导航");
	for (size_t i = 0; i < n; i++) {
		if (items[i].roles && !(roles & items[i].roles))
			continue;
		if (items[i].column == column)
			page_printf(p, "<li><a href=\"%h\" aria-current=\"page\">%h</a></li>\n", items[i].href,
				    items[i].label);
		else
			page_printf(p, "<li><a href=\"%h\">%h</a></li>\n", items[i].href, items[i].label);
	}
}

/* The pieces of the page shell that are the same on every page (or every page of a column): they
 * depend only on the assets and on constants, so they are written once, with page_printf's escaping,
 * and appended as they are. */
struct layout_parts {
	char *head_links;		  /* the stylesheets and the icon */
	char *brand[2];			  /* the banner's link and logo: portal, back office */
	char *portal_nav[LAYOUT_COLUMNS]; /* the portal's navigation up to its last item, column marked */
};

struct layout_parts *layout_parts_new(const struct assets *assets)
{
	struct layout_parts *parts = xcalloc(1, sizeof *parts);
	struct page p = {0};
	page_printf(&p, "<link rel=\"stylesheet\" href=\"%h\">\n", assets_url(assets, "gongkai.css"));
	page_printf(&p, "<link rel=\"stylesheet\" href=\"%h\" media=\"print\">\n", assets_url(assets, "print.css"));
	page_printf(&p, "<link rel=\"icon\" href=\"%h\" type=\"image/svg+xml\">\n", assets_url(assets, "logo.svg"));
	parts->head_links = buf_take(&p.out);
	for (int backoffice = 0; backoffice < 2; backoffice++) {
		page_printf(&p, "<a class=\"brand\" href=\"%h\"><img src=\"%h\" alt=\"\" width=\"48\" height=\"48\">",
			    backoffice ? "/admin" : "/", assets_url(assets, "logo.svg"));
		parts->brand[backoffice] = buf_take(&p.out);
	}
	for (size_t column = 0; column < LAYOUT_COLUMNS; column++) {
		nav_items(&p, false, (enum layout_column)column, 0);
		parts->portal_nav[column] = buf_take(&p.out);
	}
	return parts;
}

void layout_parts_free(struct layout_parts *parts)
{
	if (!parts)
		return;
	free(parts->head_links);
	free(parts->brand[0]);
	free(parts->brand[1]);
	for (size_t column = 0; column < LAYOUT_COLUMNS; column++)
		free(parts->portal_nav[column]);
	free(parts);
}

static void write_head(struct req *r, const struct layout *l)
{
	const struct agency *site = layout_site(r);
	const char *column = l->column_name ? l->column_name : column_label(l->column);
	page_raw(&r->page, "<!DOCTYPE html>\n");
	if (r->elder_mode)
		page_raw(&r->page, "<html lang=\"zh-CN\" class=\"elder\">\n");
	else
		page_raw(&r->page, "<html lang=\"zh-CN\">\n");
	page_raw(&r->page, "<head>\n<meta charset=\"utf-8\">\n");
	page_raw(&r->page, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	page_printf(&r->page, "<title>%h - %h</title>\n", l->title, layout_site_name(r));
	page_printf(&r->page, "<meta name=\"SiteName\" content=\"%h\">\n", layout_site_name(r));
	page_printf(&r->page, "<meta name=\"SiteDomain\" content=\"%h\">\n", site_domain(r));
	page_printf(&r->page, "<meta name=\"SiteIDCode\" content=\"%h\">\n", site ? site->website_code : "");
	page_printf(&r->page, "<meta name=\"ColumnName\" content=\"%h\">\n", column ? column : l->title);
	page_printf(&r->page, "<meta name=\"ColumnType\" content=\"%h\">\n",
		    l->column_type ? l->column_type : "栏目页");
	column = column ? column : l->title;
	if (l->description)
		page_printf(&r->page, "<meta name=\"ColumnDescription\" content=\"%h\">\n", l->description);
	else
		page_printf(&r->page, "<meta name=\"ColumnDescription\" content=\"%h%h栏目\">\n", layout_site_name(r),
			    column);
	if (l->keywords)
		page_printf(&r->page, "<meta name=\"ColumnKeywords\" content=\"%h\">\n", l->keywords);
	else
		page_printf(&r->page, "<meta name=\"ColumnKeywords\" content=\"%h,政府信息公开\">\n", column);
	if (l->article_title)
		page_printf(&r->page,
			    "<meta name=\"ArticleTitle\" content=\"%h\">\n<meta name=\"PubDate\" content=\"%h\">\n"
			    "<meta name=\"ContentSource\" content=\"%h\">\n",
			    l->article_title, l->pub_date, l->content_source ? l->content_source : layout_site_name(r));
	page_trusted_html(&r->page, r->app->layout->head_links); /* layout_parts_new: escaped with %h */
	page_raw(&r->page, "</head>\n");
}

static void write_nav(struct req *r, const struct layout *l)
{
	if (!l->backoffice) { /* the same for everyone: built once per column (layout_parts_new) */
		size_t column = (size_t)l->column < LAYOUT_COLUMNS ? (size_t)l->column : 0;
		page_trusted_html(&r->page, r->app->layout->portal_nav[column]); /* nav_items: escaped with %h */
		page_raw(&r->page, "</ul></div>\n</nav>\n");
		return;
	}
	nav_items(&r->page, true, l->column, r->user.roles);
	if (r->logged_in) {
		page_raw(&r->page, "<li class=\"nav-form\"><form method=\"post\" action=\"/logout\">");
		layout_csrf_field(r);
		page_raw(&r->page, "<button type=\"submit\">退出登录</button></form></li>\n");
	}
	page_raw(&r->page, "</ul></div>\n</nav>\n");
}

/* 代表机关: the agency the page acts for, and the way to change it. */
static void acting_banner(struct req *r, const char *here)
{
	struct agency a;
	struct db *db = req_reader(r);
	if (!db || agency_get(db, acting_agency(r), &a) != 1)
		return;
	page_printf(
	    &r->page,
	    "<span class=\"who acting\" id=\"acting\">代表机关：<strong>%h</strong> "
	    "<a href=\"/admin/acting?back=%t\">切换<span class=\"visually-hidden\">代表的机关</span></a></span> ",
	    a.name, here);
}

static void write_header(struct req *r, const struct layout *l)
{
	const char *here = r->target ? r->target : "/";
	page_raw(&r->page, "<body>\n<a class=\"skip-link\" href=\"#main\">跳转到主要内容</a>\n");
	page_raw(&r->page, "<header class=\"site-header\">\n<div class=\"wrap banner\">\n");
	page_trusted_html(&r->page, r->app->layout->brand[l->backoffice]); /* layout_parts_new: escaped with %h */
	page_printf(&r->page,
		    "<span class=\"brand-text\"><span class=\"site-name\">%h</span>"
		    "<span class=\"site-sub\">%h</span></span></a>\n",
		    layout_site_name(r), l->backoffice ? "政府信息公开工作平台" : "政府信息公开");
	page_raw(&r->page, "<div class=\"tools\">");
	if (l->backoffice && r->logged_in)
		page_printf(&r->page, "<span class=\"who\">%h</span> ", r->user.display_name);
	if (l->backoffice && l->acting && acting_can_pick(r))
		acting_banner(r, here);
	page_printf(&r->page, "<a href=\"/elder?on=%d&amp;back=%t\">%h</a>", r->elder_mode ? 0 : 1, here,
		    r->elder_mode ? "退出长者模式" : "长者模式");
	page_raw(&r->page, "</div>\n</div>\n");
	write_nav(r, l);
	page_raw(&r->page, "</header>\n");
}

static void write_breadcrumb(struct req *r, const struct layout *l)
{
	page_raw(&r->page, "<nav class=\"breadcrumb wrap\" aria-label=\"当前位置\"><ol>");
	if (l->column == COLUMN_HOME) {
		page_raw(&r->page, "<li aria-current=\"page\">首页</li></ol></nav>\n");
		return;
	}
	page_printf(&r->page, "<li><a href=\"%h\">%h</a></li>", l->backoffice ? "/admin" : "/",
		    l->backoffice ? "工作台" : "首页");
	for (size_t i = 0; i < l->crumb_count; i++) {
		if (l->crumbs[i].href)
			page_printf(&r->page, "<li><a href=\"%h\">%h</a></li>", l->crumbs[i].href, l->crumbs[i].label);
		else
			page_printf(&r->page, "<li aria-current=\"page\">%h</li>", l->crumbs[i].label);
	}
	page_raw(&r->page, "</ol></nav>\n");
}

void layout_begin(struct req *r, const struct layout *l)
{
	r->content_type = "text/html; charset=utf-8";
	/* one allocation for most pages instead of a dozen regrowths (- 1: the NUL fits in the reserve) */
	buf_grow(&r->page.out, LAYOUT_PAGE_RESERVE - 1);
	write_head(r, l);
	write_header(r, l);
	write_breadcrumb(r, l);
	page_raw(&r->page, "<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n");
	if (!l->no_h1)
		page_printf(&r->page, "<h1>%h</h1>\n", l->title);
}

static void write_footer(struct req *r)
{
	layout_site(r);
	page_trusted_html(&r->page, r->site_footer); /* footer_html: every value went through %h / %t */
}

void layout_end(struct req *r)
{
	page_raw(&r->page, "</main>\n");
	write_footer(r);
	page_raw(&r->page, "</body>\n</html>\n");
}

void layout_notice(struct req *r, const char *message, bool is_error)
{
	if (message)
		page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n",
			    is_error ? " notice-error" : "", is_error ? "alert" : "status", message);
}

void layout_pager(struct req *r, const char *total, size_t page, size_t pages, const char *prev_href,
		  const char *next_href)
{
	page_printf(&r->page, "<nav class=\"pager\" aria-label=\"分页\"><p>%h，第 %zu / %zu 页", total, page, pages);
	if (prev_href)
		page_printf(&r->page, " <a href=\"%h\" rel=\"prev\">上一页</a>", prev_href);
	if (next_href)
		page_printf(&r->page, " <a href=\"%h\" rel=\"next\">下一页</a>", next_href);
	page_raw(&r->page, "</p></nav>\n");
}

void layout_csrf_field(struct req *r)
{
	const char *token = r->logged_in && !r->via_token ? r->session.csrf : r->prelogin_csrf;
	if (!token) {
		const char *cookie = req_cookie(r, "gk_csrf");
		if (cookie && strlen(cookie) == SESSION_ID_LEN) {
			token = cookie;
		} else {
			unsigned char raw[SESSION_ID_LEN / 2];
			char *hex = arena_alloc(&r->arena, SESSION_ID_LEN + 1);
			randombytes_buf(raw, sizeof raw);
			sodium_bin2hex(hex, SESSION_ID_LEN + 1, raw, sizeof raw);
			req_set_cookie(r, "gk_csrf", hex, -1);
			token = hex;
		}
		r->prelogin_csrf = token;
	}
	page_printf(&r->page, "<input type=\"hidden\" name=\"csrf\" value=\"%h\">", token);
}

void layout_error(struct req *r, int status, const char *title, const char *explanation, const char *detail)
{
	char heading[96];
	snprintf(heading, sizeof heading, "%d %s", status, title);
	bool backoffice = r->path && (strncmp(r->path, "/admin", 6) == 0 || strncmp(r->path, "/account", 8) == 0);
	struct crumb crumb = {title, NULL};
	layout_begin(r, &(struct layout){.title = heading,
					 .column_type = "错误页",
					 .crumbs = &crumb,
					 .crumb_count = 1,
					 .backoffice = backoffice && r->logged_in});
	page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\">\n<p>%h</p>\n", explanation);
	if (detail)
		page_printf(&r->page, "<p>%h</p>\n", detail);
	page_printf(&r->page, "<p class=\"muted\">请求编号：%h（如需反映问题，请告知此编号）</p>\n</div>\n", r->id);
	page_raw(&r->page,
		 "<ul class=\"link-list\"><li><a href=\"/\">返回首页</a></li>"
		 "<li><a href=\"/sitemap\">网站地图</a></li><li><a href=\"/contact\">联系我们</a></li></ul>\n");
	layout_end(r);
}
