/* page_supervise.h — the HTTP face of supervision across the agency tree (src/supervise/,
 * docs/supervision.md): the handlers named in routes.c ("supervision routes").
 *   page_supervise_collect.c  /admin/supervise/reports: the 年报 collection of a year (sortable,
 *                             filterable, CSV/XLSX export) and GET /api/v1/agencies/{id}/reports;
 *   page_supervise_batch.c    uploading external reports in a batch, the batch's result page, confirming
 *                             which agency an unsure file is;
 *   page_supervise_notice.c   整改 notices: list, send, answer. */
#ifndef GONGKAI_HTTP_PAGE_SUPERVISE_H
#define GONGKAI_HTTP_PAGE_SUPERVISE_H

#include "http/req.h"

int page_supervise_reports(struct req *r);
int api_supervise_reports(struct req *r);
int page_supervise_upload_form(struct req *r);
int page_supervise_upload(struct req *r);
int page_supervise_batch(struct req *r);
int page_supervise_confirm(struct req *r);
int page_supervise_notices(struct req *r);
int page_supervise_notice_send(struct req *r);
int page_supervise_notice_reply(struct req *r);

/* ---- shared by the three files (page_supervise_collect.c) ---- */

/* The supervising agency of the request (query or form "agency", else the user's own) when the user may
 * supervise it (collect_may_supervise); else 0 after answering 403 (400 for a malformed id), the status
 * in *status. */
int64_t supervise_http_agency(struct req *r, int *status);

/* A positive id from query or form field name, or 0. */
int64_t supervise_http_id(struct req *r, const char *name);

/* The agencies below agency_id (active, tree order) as <option>s, selected one preselected. */
void supervise_http_agency_options(struct req *r, int64_t agency_id, int64_t selected);

/* The links between the supervision pages. */
void supervise_http_nav(struct req *r, int64_t agency_id, int year);

#endif
