/* page_annual.h — the HTTP face of the annual report (src/annual/, docs/annual.md): the handlers named
 * in routes.c ("annual report routes") and the helpers their files share.
 *   page_annual_common.c   actor, environment, report loading and the download response;
 *   page_annual_portal.c   政府信息公开年报 column: /annual, one page per agency and year, downloads;
 *   page_annual_admin.c    back office /admin/annual: draft, findings, texts, approve, publish;
 *   page_annual_drill.c    the records behind each number of tables 二–四;
 *   page_annual_records.c  the cases register and the table-二 figures (form and CSV import);
 *   api_annual.c           GET /api/v1/reports/{agency_id}/{year}[?format=…]. */
#ifndef GONGKAI_HTTP_PAGE_ANNUAL_H
#define GONGKAI_HTTP_PAGE_ANNUAL_H

#include "annual/annual.h"
#include "annual/annual_archive.h"
#include "http/req.h"

/* ---- shared helpers (page_annual_common.c) ---- */

/* The process calendar and today's date in China for the request. */
struct annual_env annual_http_env(const struct req *r);

/* Parses a year in 2008…2099 (0 when text is not one). */
int annual_http_year(const char *text);

/* The year a page was asked for (query or form field "year", as annual_http_year reads it), else last
 * year (China time). */
int annual_http_chosen_year(struct req *r);

/* "YYYY-MM-DD" of a day number or of Unix seconds (China time), in the arena; "" for none. */
const char *annual_http_day(struct req *r, int day);
const char *annual_http_date(struct req *r, int64_t unix_seconds);

/* Answers with report rep in format (json, txt, md, html, xlsx, pdf) as a download named
 * "<stem>.<format>" (inline for json). For a published version (report_id > 0) the text forms frozen
 * at publication are sent as they were published. Returns the HTTP status. */
int annual_http_send(struct req *r, const struct report *rep, int64_t report_id, const char *format, const char *stem);

/* Writes the three charts (outcomes, applicant types, five-year trend ending with rep's year) of
 * agency_id into the page. */
void annual_http_charts(struct req *r, int64_t agency_id, const struct report *rep);

/* Writes a report fragment made by report_render_html_fragment (which escapes every text) into the
 * page, without its own <h1> title: the page's heading already says it. */
void annual_http_fragment(struct req *r, const char *html);

/* Writes the findings as a list (errors first), or nothing when there are none. */
void annual_http_findings(struct req *r, const struct findings *f);

/* The workbench card (deadline, status of last year's report, link to /admin/annual) for the lead's
 * /admin page: call it inside the page body for a logged-in user. Writes nothing on error. */
void page_annual_workbench_card(struct req *r);

/* ---- public portal (page_annual_portal.c) ---- */
int page_annual_index(struct req *r); /* GET /annual */
int page_annual_year(struct req *r); /* GET /annual/{agency}/{year}[?v=N], /annual/{agency}/{year}/report.{fmt}[?v=N] */

/* ---- back office (page_annual_admin.c, page_annual_drill.c, page_annual_records.c) ---- */
int page_annual_admin(struct req *r);	       /* GET /admin/annual[?year=Y] */
int page_annual_download(struct req *r);       /* GET /admin/annual/download?year=&format= : the draft */
int page_annual_text_save(struct req *r);      /* POST /admin/annual/text */
int page_annual_approve(struct req *r);	       /* POST /admin/annual/approve */
int page_annual_revoke(struct req *r);	       /* POST /admin/annual/revoke */
int page_annual_publish(struct req *r);	       /* POST /admin/annual/publish */
int page_annual_drill(struct req *r);	       /* GET /admin/annual/drill?year=&table=&row=&col= */
int page_annual_cases(struct req *r);	       /* GET /admin/annual/cases */
int page_annual_case_add(struct req *r);       /* POST /admin/annual/cases */
int page_annual_case_result(struct req *r);    /* POST /admin/annual/cases/result */
int page_annual_figures(struct req *r);	       /* GET /admin/annual/figures */
int page_annual_figures_save(struct req *r);   /* POST /admin/annual/figures */
int page_annual_figures_import(struct req *r); /* POST /admin/annual/figures/import (CSV) */

/* ---- JSON API (api_annual.c) ---- */
int api_annual_report(struct req *r); /* GET /api/v1/reports/{agency_id}/{year}[?format=…] */

#endif
