/* report_parse.h — reading published annual reports (plain text as copied from web pages or PDF
 * text, HTML pages, PDF and Word files as published) into the report model.
 *
 * Rows are recognised by their normalised label, never by position; the edition comes from the
 * markers of FORMAT.md §2.5, year and agency from the title. Where cell boundaries were lost and
 * numbers run together, a row is recovered only when the row and column sums leave exactly one
 * reading (finding P2, a warning saying so); otherwise the row is reported unreadable. The parser
 * never invents a number: a cell it cannot read stays blank and carries an incomplete finding. */
#ifndef GONGKAI_REPORT_REPORT_PARSE_H
#define GONGKAI_REPORT_REPORT_PARSE_H

#include <stddef.h>

#include "report/findings.h"
#include "report/report.h"

#define REPORT_PARSE_MAX_BYTES (16u << 20) /* larger inputs are refused before parsing */

/* Parses data (a PDF or DOCX file, or text/HTML in UTF-8, GB18030 or UTF-16, all detected from the
 * content; old DOC/XLS files, images and scans are refused with a message)
 * into r, which it initialises. Parser findings (P*: missing tables, rows or sections, unreadable
 * or recovered rows) are appended to f. Returns 0 when the input is an annual report of a known
 * edition (possibly incomplete), or -1 when it is not one at all or cannot be read (binary data,
 * invalid encoding, no report markers); err then holds a Chinese message. Caller frees r and f. */
int report_parse(const char *data, size_t len, struct report *r, struct findings *f, char *err, size_t errsize);

/* A zip of several reports (a bundle, not a DOCX or OFD file): calls each(name, bytes, len, ctx) for every
 * file in it in archive order (folders, hidden files and __MACOSX entries skipped; name is the path in
 * the archive), within the bounds of the zip reader. each returns 0 to go on, anything else to stop.
 * Returns the number of files handed out (> 0); 0 when data is not a bundle (a single report of any
 * format: read it with report_parse); -1 with a Chinese message in err when the zip cannot be read,
 * is empty, a limit is hit or each stopped. */
typedef int (*report_bundle_fn)(const char *name, const char *data, size_t len, void *ctx);
int report_bundle_each(const char *data, size_t len, report_bundle_fn each, void *ctx, char *err, size_t errsize);

#endif
