/* page_aggregate.h — the HTTP face of the aggregated report 汇总年报 (src/supervise/aggregate.h,
 * page_aggregate.c, docs/supervision.md "汇总年报"): the handlers named in routes.c. Each takes
 * agency= (default: the user's agency; it must be the user's or below it, else 404) and year=. */
#ifndef GONGKAI_HTTP_PAGE_AGGREGATE_H
#define GONGKAI_HTTP_PAGE_AGGREGATE_H

#include "http/req.h"

int page_aggregate(struct req *r);	    /* GET /admin/supervise/aggregate?agency=&year= */
int page_aggregate_download(struct req *r); /* GET /admin/supervise/aggregate/download?…&format=[&published=1] */
int page_aggregate_save(struct req *r);	    /* POST /admin/supervise/aggregate/save: parts, narrative */
int page_aggregate_approve(struct req *r);  /* POST /admin/supervise/aggregate/approve */
int page_aggregate_publish(struct req *r);  /* POST /admin/supervise/aggregate/publish */

#endif
