/* annual_charts.h — server-rendered SVG charts of the annual report for the portal report page and the
 * back office (charts.c). Each function appends one <figure>: an <svg role="img"> with <title> and
 * <desc> (the numbers in words), a <figcaption>, and a visually-hidden <table> of the same data. All
 * text is HTML-escaped, so callers may emit the result with page_trusted_html. */
#ifndef GONGKAI_ANNUAL_ANNUAL_CHARTS_H
#define GONGKAI_ANNUAL_ANNUAL_CHARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annual/annual_archive.h"
#include "report/report.h"
#include "util/buf.h"

/* Applications answered in r's year by outcome group (（一）予以公开 … （六）其他处理, 总计 column). */
void annual_chart_outcomes(const struct report *r, struct buf *out);

/* Applications received in r's year by applicant type (本年新收 row). */
void annual_chart_applicants(const struct report *r, struct buf *out);

/* Received / answered / carried forward over the years of p (oldest first, see annual_trend); years
 * without data are marked 无数据. Writes nothing when n == 0. */
void annual_chart_trend(const struct annual_trend_point *p, size_t n, struct buf *out);

/* One year of a case count: 行政复议 and 行政诉讼 cases (table 四, every 总计 column) of year. */
struct annual_case_point {
	int year;
	bool known; /* false: no report for that year (drawn as 无数据) */
	int64_t cases;
};

/* Cases per year over p (oldest first, at most 16 years shown). Writes nothing when n == 0. */
void annual_chart_cases(const struct annual_case_point *p, size_t n, struct buf *out);

#endif
