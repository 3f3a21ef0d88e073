/* page_info_meta.h — the pages and page parts of item metadata (page_info_meta.c): 主题分类 (portal
 * browsing, the filter of the search form, the list administrators maintain), the 发布机构 select of
 * the edit form, and the back-office section of an item with its 主题分类 and its validity and
 * 替代文件 (info/info_meta.h). */
#ifndef GONGKAI_HTTP_PAGE_INFO_META_H
#define GONGKAI_HTTP_PAGE_INFO_META_H

#include <stddef.h>
#include <stdint.h>

#include "http/req.h"
#include "info/info.h"
#include "util/outcome.h"

struct info_theme;

/* Portal: the 主题分类 of agency_id's visible items (themes: info_theme_counts) with their counts, as
 * links to /info?theme=CODE; current (may be NULL) is marked. Nothing when no item has a theme. */
void info_theme_nav(struct req *r, const struct info_theme *themes, size_t n, int64_t agency_id, const char *current);

/* Portal: the 主题分类 select of the search form (the same themes; current selected). */
void info_theme_search_field(struct req *r, const struct info_theme *themes, size_t n, const char *current);

struct info_query;

/* The search filters the portal's 目录 and the items API share: theme (a 主题分类 code), from and to
 * (publication dates YYYY-MM-DD, inclusive) and order (date | relevance), into q. Returns NULL, or a
 * Chinese message naming the filter that is wrong. */
const char *info_http_search_filters(struct req *r, struct info_query *q);

/* The ?theme= parameter: NULL when absent or empty, the code (arena) of a theme, or *bad = true when it
 * names no theme. */
const char *info_theme_param(struct req *r, bool *bad);

/* The name of theme code (arena), NULL when none. */
const char *info_theme_name(struct req *r, const char *code);

/* Back office, the item's page: its 主题分类 (editors change it) and, for a published 规章 or 行政规范性
 * 文件, its 有效性 with the 替代文件 (editors and leaders change them). */
void info_meta_admin_section(struct req *r, const struct info_item *it);

/* Back office, the edit form: 发布机构 as a select of the agency's own, superior and subordinate
 * agencies (info_publisher_choices), current selected ("" = the agency's own). Shows the field's error. */
void info_publisher_field(struct req *r, const struct outcome *out, const char *current);

int page_info_meta_save(struct req *r);	  /* POST /admin/info/meta (op=theme|validity) */
int page_info_themes(struct req *r);	  /* GET /admin/info/themes */
int page_info_themes_save(struct req *r); /* POST /admin/info/themes (op=add|rename|retire; admin) */

/* page_info_settings.c: the agency's 主动公开 settings (索引号 pattern and code, leader approval,
 * channel, 指南 supplement). */
int page_info_settings(struct req *r);	    /* GET /admin/info/settings */
int page_info_settings_save(struct req *r); /* POST /admin/info/settings (admin of the agency) */

#endif
