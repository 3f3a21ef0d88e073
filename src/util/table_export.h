/* table_export.h — a plain table (a header row and rows of text cells) written as CSV (RFC 4180, UTF-8
 * with a byte-order mark so spreadsheet programs read the Chinese correctly, CRLF line ends) or as a
 * one-sheet XLSX workbook (libxlsxwriter; cells that are plain decimal numbers become numbers). For
 * exports of lists and figures (e.g. the per-agency figures of 年度考核); the annual report itself has
 * its own layout (report_xlsx.c). */
#ifndef GONGKAI_UTIL_TABLE_EXPORT_H
#define GONGKAI_UTIL_TABLE_EXPORT_H

#include <stddef.h>

#include "util/buf.h"

struct table_export {
	const char *title;	   /* sheet name and first line of the XLSX (<= 31 characters for the sheet) */
	const char *const *header; /* ncols labels */
	size_t ncols;
	const char *const *cells; /* nrows * ncols cells, row by row; NULL cells are empty */
	size_t nrows;
};

/* Appends the table as CSV (header first) to out. */
void table_export_csv(const struct table_export *t, struct buf *out);

/* Appends the table as an XLSX workbook to out (through a temporary file in $TMPDIR or /tmp). Returns 0,
 * or -1 with a Chinese message in err. */
int table_export_xlsx(const struct table_export *t, struct buf *out, char *err, size_t errsize);

#endif
