/* report_export.h — the binary exports of a report, the documents agencies actually file:
 *   XLSX (report_xlsx.c, libxlsxwriter): one sheet per table (表二, 表三, 表四) laid out like the
 *        national template with its merged headers, numbers written as numbers, blank cells empty;
 *   PDF  (report_pdf.c, pango + cairo): A4, Noto CJK embedded, the title, the six sections, bordered
 *        tables with the template's merged headers, page numbers.
 * Both walk the same layout description as the text renderers (report_render_priv.h), so the labels
 * and spans cannot disagree with the HTML. Pure: no database, no HTTP. */
#ifndef GONGKAI_REPORT_REPORT_EXPORT_H
#define GONGKAI_REPORT_REPORT_EXPORT_H

#include <stddef.h>

#include "report/report.h"
#include "report/report_render_priv.h"
#include "util/buf.h"

/* Appends the XLSX file of r to out. Returns 0, or -1 with a Chinese message in err. */
int report_render_xlsx(const struct report *r, struct buf *out, char *err, size_t errsize);

/* Appends the PDF file of r to out. Returns 0, or -1 with a Chinese message in err. */
int report_render_pdf(const struct report *r, struct buf *out, char *err, size_t errsize);

/* Placement of spanned cells on a grid (shared by the XLSX and PDF writers): for each cell of a row,
 * the column where it starts, skipping the slots still covered by a rowspan from above. covered[]
 * (ncols entries, zero at the start of a table) is updated. */
void report_export_place_row(int *covered, int ncols, const struct tcell *cells, int n, int *first_col);

#endif
