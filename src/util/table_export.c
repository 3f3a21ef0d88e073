/* table_export.c — a plain table as CSV or XLSX; see table_export.h. */
#include "util/table_export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/temp_output.h"
#include "util/xlsx_lib.h"

static void csv_field(struct buf *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void csv_row(struct buf *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		csv_field(out, cells[i]);
	}
	buf_puts(out, "\r\n");
}

void table_export_csv(const struct table_export *t, struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF");
	csv_row(out, t->header, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		csv_row(out, t->cells + r * t->ncols, t->ncols);
}

/* Whether s is a plain decimal number ("12", "-3", "33.3"), written as a number. */
static bool numeric(const char *s, double *value)
{
	if (!s || !*s || strlen(s) > 20)
		return false;
	char *end;
	*value = strtod(s, &end);
	return *end == '\0' && strspn(s, "-0123456789.") == strlen(s);
}

static int write_book(const char *path, const void *ctx)
{
	const struct table_export *t = ctx;
	lxw_workbook *book = workbook_new(path);
	if (!book)
		return -1;
	lxw_worksheet *sheet = workbook_add_worksheet(book, NULL);
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	worksheet_write_string(sheet, 0, 0, t->title ? t->title : "", bold);
	for (size_t c = 0; c < t->ncols; c++) {
		worksheet_write_string(sheet, 1, (lxw_col_t)c, t->header[c], bold);
		worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 32 : 12, NULL);
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			double v;
			if (numeric(cell, &v))
				worksheet_write_number(sheet, (lxw_row_t)(r + 2), (lxw_col_t)c, v, NULL);
			else if (cell)
				worksheet_write_string(sheet, (lxw_row_t)(r + 2), (lxw_col_t)c, cell, NULL);
		}
	return workbook_close(book) == LXW_NO_ERROR ? 0 : -1;
}

int table_export_xlsx(const struct table_export *t, struct buf *out, char *err, size_t errsize)
{
	if (gk_xlsx_load(err, errsize) < 0) /* libxlsxwriter is opened with the first workbook */
		return -1;
	return temp_output(write_book, t, "XLSX 文件", out, err, errsize);
}
