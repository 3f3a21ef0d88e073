/* page_info.h — the HTTP face of 主动公开 (src/info/): handlers named in routes.c and the helpers
 * they share. Files: page_info_common.c (actor, dates, outcome → status), page_info_portal.c (目录,
 * search, item page, print view), page_info_guide.c (公开指南), page_info_feed.c (Atom feeds, sitemap.xml),
 * page_info_admin.c (back office: item list, edit form, review queue, history, actions,
 * categories) and api_info.c (JSON API /api/v1/items…, docs/info.md). */
#ifndef GONGKAI_HTTP_PAGE_INFO_H
#define GONGKAI_HTTP_PAGE_INFO_H

#include "calendar/calendar.h"
#include "http/req.h"
#include "info/info.h"

/* ---- shared helpers (page_info_common.c) ---- */

/* The server calendar for the 第二十六条 deadline (the app's calendar_cache, shared with 依申请公开, with
 * the holiday schedules administrators loaded; NULL if unloadable). */
const struct calendar *info_http_calendar(const struct req *r);

/* Parses a publication time: "" (now → *out = 0), Unix seconds, or China-time "YYYY-MM-DD HH:MM" /
 * "YYYY-MM-DDTHH:MM". Returns 0 or -1. */
int info_http_parse_time(const char *text, int64_t *out);

/* "YYYY-MM-DD" of a day into out (CAL_ISO_SIZE), "" for CAL_NO_DAY. */
const char *info_http_date(int day, char out[CAL_ISO_SIZE]);

/* A time as "YYYY-MM-DD HH:MM" in China time (arena string). */
const char *info_http_time(struct req *r, int64_t t);
/* A trail step in Chinese (info_step_zh), "其他操作" for an unknown one: never an English code on screen. */
const char *info_http_step(const char *action);

/* The China-time day of a time as "YYYY-MM-DD" (arena string). */
const char *info_http_day(struct req *r, int64_t t);

/* Public URL path of an item: "/info/item/<id>" in the request arena. */
const char *info_http_item_path(struct req *r, int64_t id);

/* The absolute base URL of the site (site_url.h: base_url, else the listen address; never the Host
 * header), in the arena, without a trailing slash. */
const char *info_http_base_url(struct req *r);

/* ---- public portal (page_info_portal.c, page_info_feed.c) ---- */

int page_info_catalog(struct req *r);	  /* GET /info: 目录 and search */
int page_info_item(struct req *r);	  /* GET /info/item/<id>[?print=1] */
int page_info_guide(struct req *r);	  /* GET /info/guide: 政府信息公开指南 */
int page_info_feed(struct req *r);	  /* GET /info/feed[?category=ID]: Atom */
int page_info_sitemap_xml(struct req *r); /* GET /sitemap.xml */

/* ---- back office (page_info_admin.c) ---- */

int page_info_admin_list(struct req *r);	  /* GET /admin/info?status=… */
int page_info_admin_edit_form(struct req *r);	  /* GET /admin/info/edit[?id=] */
int page_info_admin_edit(struct req *r);	  /* POST /admin/info/edit */
int page_info_admin_view(struct req *r);	  /* GET /admin/info/view?id= : item, trail, actions */
int page_info_admin_action(struct req *r);	  /* POST /admin/info/action */
int page_info_admin_queue(struct req *r);	  /* GET /admin/info/review : 保密审查 / 审批 queue */
int page_info_admin_history(struct req *r);	  /* GET /admin/info/history : my steps */
int page_info_admin_categories(struct req *r);	  /* GET /admin/info/categories */
int page_info_admin_category_save(struct req *r); /* POST /admin/info/categories */

/* ---- JSON API (api_info.c) ---- */

int api_info_create(struct req *r);		 /* POST /api/v1/items */
int api_info_list(struct req *r);		 /* GET /api/v1/items?q=&category=&year= */
int api_info_get(struct req *r);		 /* GET /api/v1/items/{id} */
int api_info_post(struct req *r);		 /* POST /api/v1/items/{id}/submit|review|approve|publish|withdraw */
int api_info_categories(struct req *r);		 /* GET /api/v1/categories */
int api_info_categories_defaults(struct req *r); /* POST /api/v1/categories/defaults (admin) */

#endif
