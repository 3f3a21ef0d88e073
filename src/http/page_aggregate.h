/* page_aggregate.h — the HTTP face of the aggregated report 汇总年报 (src/supervise/aggregate.h,
 * page_aggregate.c, docs/supervision.md "汇总年报") and the trends of the subtree (page_trends.c): the
 * handlers named in routes.c. Each takes
 * agency= (default: the user's agency; it must be the user's or below it, else 404) and year=. */
#ifndef GONGKAI_HTTP_PAGE_AGGREGATE_H
#define GONGKAI_HTTP_PAGE_AGGREGATE_H

#include <stdint.h>

#include "http/req.h"

/* The supervising agency and year a request asks for (query or form agency=, year=; default the user's
 * agency and last year); agency_id 0 when the user may not act for that agency (VIEW roles: supervisor,
 * admin, leader of it or of an agency above it). */
struct aggregate_target {
	int64_t agency_id;
	int year;
};
struct aggregate_target aggregate_http_target(struct req *r);

int page_aggregate(struct req *r);	    /* GET /admin/supervise/aggregate?agency=&year= */
int page_aggregate_download(struct req *r); /* GET /admin/supervise/aggregate/download?…&format=[&published=1] */
int page_aggregate_save(struct req *r);	    /* POST /admin/supervise/aggregate/save: parts, narrative */
int page_aggregate_approve(struct req *r);  /* POST /admin/supervise/aggregate/approve */
int page_aggregate_publish(struct req *r);  /* POST /admin/supervise/aggregate/publish */
/* Year over year and across agencies (page_trends.c): charts and findings, and the findings as CSV. */
int page_trends(struct req *r);	    /* GET /admin/supervise/trends?agency=&year=&years= */
int page_trends_csv(struct req *r); /* GET /admin/supervise/trends.csv?agency=&year=&years= */

#endif
