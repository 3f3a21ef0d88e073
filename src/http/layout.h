/* layout.h — the page shell shared by every HTML page: the portal layout following Chinese
 * government-site conventions (agency banner, the 政府信息公开 navigation, breadcrumb, footer with
 * 主办单位 / 联系方式 / 政府网站标识码 / ICP备案 / 公安备案, SiteName… meta tags, skip link, 长者模式)
 * and the back-office layout (工作台, 用户管理, 机构管理, 修改密码, 退出), plus the error page.
 *
 * A handler writes: layout_begin(r, &(struct layout){…}); its <main> content; layout_end(r). */
#ifndef GONGKAI_HTTP_LAYOUT_H
#define GONGKAI_HTTP_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "http/req.h"

/* One breadcrumb step after 首页; href NULL marks the current page. */
struct crumb {
	const char *label;
	const char *href;
};

/* The portal columns, for the navigation's current-page mark. */
enum layout_column {
	COLUMN_NONE = 0,
	COLUMN_HOME,
	COLUMN_GUIDE,	   /* 政府信息公开指南 */
	COLUMN_CATALOG,	   /* 政府信息公开目录 */
	COLUMN_APPLY,	   /* 依申请公开 */
	COLUMN_ANNUAL,	   /* 政府信息公开年报 */
	COLUMN_RULES,	   /* 政府信息公开制度 */
	COLUMN_STATUTORY,  /* 法定主动公开内容 */
	COLUMN_ADMIN_HOME, /* back office: 工作台 */
	COLUMN_ADMIN_USERS,
	COLUMN_ADMIN_AGENCIES,
	COLUMN_ADMIN_PASSWORD,
	COLUMN_ADMIN_INFO,     /* 主动公开 (信息发布) */
	COLUMN_ADMIN_APPLY,    /* 依申请公开办理 */
	COLUMN_ADMIN_ANNUAL,   /* 年度报告 */
	COLUMN_ADMIN_CALENDAR, /* 放假安排 (working-day calendar) */
	LAYOUT_COLUMNS	       /* how many there are */
};

/* The parts of the page shell that never change while the process runs (asset links, the portal's
 * navigation for each column), written once: http_app_init builds them into app->layout. Free with
 * layout_parts_free (NULL allowed). */
struct layout_parts *layout_parts_new(const struct assets *assets);
void layout_parts_free(struct layout_parts *parts);

struct layout {
	const char *title; /* <title> (before the site name) and, unless no_h1, the page's <h1> */
	enum layout_column column;
	const char *column_type;    /* <meta name="ColumnType">, e.g. "首页", "栏目页" */
	const char *column_name;    /* <meta name="ColumnName"> when it differs from the nav label (a category) */
	const char *description;    /* <meta name="ColumnDescription"> (NULL: a sentence naming the column) */
	const char *keywords;	    /* <meta name="ColumnKeywords"> (NULL: the column name and 政府信息公开) */
	const char *article_title;  /* article pages: <meta name="ArticleTitle"> (NULL: none) */
	const char *pub_date;	    /* article pages: <meta name="PubDate">, "YYYY-MM-DD HH:MM" */
	const char *content_source; /* article pages: <meta name="ContentSource"> */
	const struct crumb *crumbs; /* breadcrumb after 首页 (may be NULL) */
	size_t crumb_count;
	bool backoffice; /* back-office navigation instead of the portal's */
	bool no_h1;	 /* the handler writes its own <h1> */
	bool acting;	 /* the page acts for acting_agency() (acting.h): the header names it, with the picker */
};

/* The agency this portal belongs to (agency_site_id(): the one set with agency_set_site, else the first
 * root agency), or NULL when the database has none.
 * Taken from the application's short-lived cache (see struct http_app) or the database, once per
 * request; the copy is owned by the request. */
const struct agency *layout_site(struct req *r);

/* The agency a public page is about: agency id when it is not 0, else the portal's (layout_site).
 * Returns 0 (out filled), 404 when there is no such agency, or 503 when the database did not answer
 * (a page must not tell a crawler "no such page" while the database restarts). */
int layout_public_agency(struct req *r, int64_t id, struct agency *out);

/* The message of layout_public_agency's status (404 or 503), for req_error. */
const char *layout_public_agency_error(int status);

/* Drops the cached site agency after an agency was added or changed. */
void layout_site_changed(struct http_app *app);

/* The site name: the agency's full name, else the configured site_name. */
const char *layout_site_name(struct req *r);

/* Writes everything up to and including the opening <main> (and the <h1>). */
void layout_begin(struct req *r, const struct layout *l);

/* Closes <main> and writes the footer and the end of the document. */
void layout_end(struct req *r);

/* A whole error page: status title, explanation, optional detail, and ways back. */
void layout_error(struct req *r, int status, const char *title, const char *explanation, const char *detail);

/* A notice box at the top of a page: message (nothing when NULL) as an alert (is_error) or a status. */
void layout_notice(struct req *r, const char *message, bool is_error);

/* The page navigation under a long list: "<total>，第 page / pages 页" with 上一页 / 下一页 links
 * (prev_href, next_href: NULL on the first and last page). */
void layout_pager(struct req *r, const char *total, size_t page, size_t pages, const char *prev_href,
		  const char *next_href);

/* The hidden CSRF field for forms of this request (session token, or the pre-login token — which
 * this call creates and sets as the gk_csrf cookie when needed). */
void layout_csrf_field(struct req *r);

#endif
