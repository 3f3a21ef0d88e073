/* page_info_check.h — back-office pages of the publishing safeguards (page_info_check.c): the
 * 发布前检查 section of an item's page, the 错敏 wording list and the scan of published items. */
#ifndef GONGKAI_HTTP_PAGE_INFO_CHECK_H
#define GONGKAI_HTTP_PAGE_INFO_CHECK_H

#include "http/req.h"
#include "info/info.h"

/* Writes the findings of the 错敏 and personal-data check for the item, and the reviewer's override
 * form when a hit blocks and the user may override. Nothing for classified or withdrawn items. */
void info_check_admin_section(struct req *r, const struct info_item *it);

int page_info_wording(struct req *r);	   /* GET /admin/info/wording */
int page_info_wording_save(struct req *r); /* POST /admin/info/wording (op=add|retire; admin) */
int page_info_wording_scan(struct req *r); /* GET /admin/info/wording/scan */

#endif
