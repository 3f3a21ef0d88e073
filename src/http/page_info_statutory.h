/* page_info_statutory.h — the 法定主动公开内容 column and the 基层政务公开标准目录 (page_info_statutory.c). */
#ifndef GONGKAI_HTTP_PAGE_INFO_STATUTORY_H
#define GONGKAI_HTTP_PAGE_INFO_STATUTORY_H

#include "http/req.h"

int page_info_statutory(struct req *r);		   /* GET /info/statutory */
int page_info_standard(struct req *r);		   /* GET /info/standard */
int page_info_standard_admin(struct req *r);	   /* GET /admin/info/standard */
int page_info_standard_admin_save(struct req *r);  /* POST /admin/info/standard (op=add|retire; admin) */
int page_info_statutory_admin(struct req *r);	   /* GET /admin/info/statutory: reasons for empty items */
int page_info_statutory_admin_save(struct req *r); /* POST /admin/info/statutory (id, reason; admin) */

#endif
