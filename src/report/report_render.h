/* report_render.h — rendering a report as plain text (laid out like published reports, tables
 * tab-separated), Markdown, HTML (one self-contained accessible page, merged header cells via
 * rowspan/colspan, <caption>, <th scope>) or an HTML fragment for embedding in the portal.
 * Every renderer's output parses back (report_parse) into the same report. */
#ifndef GONGKAI_REPORT_REPORT_RENDER_H
#define GONGKAI_REPORT_REPORT_RENDER_H

#include "report/report.h"
#include "util/buf.h"

/* "汝州市钟楼街道办事处2023年政府信息公开工作年度报告" (placeholders when agency/year unknown). */
void report_title(const struct report *r, struct buf *out);

void report_render_txt(const struct report *r, struct buf *out);
void report_render_md(const struct report *r, struct buf *out);
/* A complete HTML document (inline CSS only, no scripts). */
void report_render_html(const struct report *r, struct buf *out);
/* The report body only (<article> with sections and tables), all text escaped. */
void report_render_html_fragment(const struct report *r, struct buf *out);

#endif
