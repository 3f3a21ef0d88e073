/* report_xlsx.c — a report as an XLSX workbook (libxlsxwriter): one sheet per table — 表二, 表三, 表四 —
 * each headed by its section title and laid out like the national template, with the template's
 * merged header cells; numbers are written as numbers (so a spreadsheet can sum them), blank cells
 * stay empty. It is a writer of the shared layout description (report_render_priv.h): the text
 * sections are not part of the workbook (they are in the other formats).
 *
 * libxlsxwriter 1.1.4 writes only to a file, so the workbook goes to a private temporary file that
 * is read back and removed. The library is opened with the first workbook (util/xlsx_lib.h). Also home of
 * report_export_place_row, used by the PDF writer too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_export.h"
#include "report/report_render.h"
#include "util/temp_output.h"
#include "util/xlsx_lib.h"

void report_export_place_row(int *covered, int ncols, const struct tcell *cells, int n, int *first_col)
{
	int col = 0;
	for (int i = 0; i < n; i++) {
		while (col < ncols && covered[col] > 0)
			col++;
		first_col[i] = col;
		for (int k = 0; k < cells[i].colspan && col < ncols; k++, col++)
			covered[col] = cells[i].rowspan;
	}
	for (int c = 0; c < ncols; c++)
		if (covered[c] > 0)
			covered[c]--;
}

struct xlsx_writer {
	struct report_writer base; /* first: the callbacks receive &base */
	lxw_workbook *book;
	lxw_worksheet *sheet;
	lxw_format *title, *header, *label, *number, *note;
	const char *section; /* heading of the current section */
	int row, ncols;
	int covered[RENDER_MAX_COLS];
	bool failed;
};

static void x_title(struct report_writer *w, const char *title)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;
	lxw_doc_properties props = {.title = (char *)title, .author = (char *)"gongkai"};
	workbook_set_properties(x->book, &props);
}

static void x_section_begin(struct report_writer *w, const char *heading)
{
	((struct xlsx_writer *)w)->section = heading;
}

static void x_section_end(struct report_writer *w)
{
	(void)w;
}

static void x_paragraph(struct report_writer *w, const char *line, size_t len)
{
	(void)w, (void)line, (void)len;
}

/* "表二 主动公开数据" → sheet "表二" (the caption's first word). */
static void x_table_begin(struct report_writer *w, const char *caption, int ncols)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;
	char name[32];
	const char *space = strchr(caption, ' ');
	size_t len = space ? (size_t)(space - caption) : strlen(caption);
	snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name - 1 ? len : sizeof name - 1), caption);
	x->sheet = workbook_add_worksheet(x->book, name);
	x->ncols = ncols < RENDER_MAX_COLS ? ncols : RENDER_MAX_COLS;
	memset(x->covered, 0, sizeof x->covered);
	if (!x->sheet) {
		x->failed = true;
		return;
	}
	int labels = x->ncols == 4 ? 1 : x->ncols == 10 ? 3 : 0; /* label columns of 表二 / 表三; 表四 has none */
	if (labels > 0)
		worksheet_set_column(x->sheet, 0, (lxw_col_t)(labels - 1), labels == 1 ? 24 : 18, NULL);
	worksheet_set_column(x->sheet, (lxw_col_t)labels, (lxw_col_t)(x->ncols - 1), labels == 1 ? 14 : 9, NULL);
	worksheet_set_row(x->sheet, 0, 28, NULL);
	worksheet_merge_range(x->sheet, 0, 0, 0, (lxw_col_t)(x->ncols - 1), x->section ? x->section : caption,
			      x->title);
	x->row = 1;
}

static void x_rows_begin(struct report_writer *w, bool head)
{
	(void)w, (void)head;
}

/* A data cell: a number when the text is one, else (blank, "-") an empty bordered cell. */
static void x_data(struct xlsx_writer *x, int row, int col, const struct tcell *c)
{
	char *end = NULL;
	double v = *c->text ? strtod(c->text, &end) : 0;
	bool numeric = *c->text && end && *end == '\0';
	if (c->colspan > 1 || c->rowspan > 1)
		worksheet_merge_range(x->sheet, (lxw_row_t)row, (lxw_col_t)col, (lxw_row_t)(row + c->rowspan - 1),
				      (lxw_col_t)(col + c->colspan - 1), "", x->number);
	if (numeric)
		worksheet_write_number(x->sheet, (lxw_row_t)row, (lxw_col_t)col, v, x->number);
	else
		worksheet_write_blank(x->sheet, (lxw_row_t)row, (lxw_col_t)col, x->number);
}

static lxw_format *format_of(struct xlsx_writer *x, enum tcell_role role)
{
	if (role == TCELL_NOTE)
		return x->note;
	return role == TCELL_ROW || role == TCELL_ROWGROUP ? x->label : x->header;
}

static void x_row(struct report_writer *w, const struct tcell *cells, int n)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;
	if (!x->sheet)
		return;
	int first[RENDER_MAX_COLS];
	report_export_place_row(x->covered, x->ncols, cells, n, first);
	for (int i = 0; i < n; i++) {
		const struct tcell *c = &cells[i];
		int col = first[i];
		if (col >= x->ncols)
			continue;
		if (c->role == TCELL_DATA) {
			x_data(x, x->row, col, c);
		} else if (c->colspan > 1 || c->rowspan > 1) {
			worksheet_merge_range(x->sheet, (lxw_row_t)x->row, (lxw_col_t)col,
					      (lxw_row_t)(x->row + c->rowspan - 1), (lxw_col_t)(col + c->colspan - 1),
					      c->text, format_of(x, c->role));
		} else {
			worksheet_write_string(x->sheet, (lxw_row_t)x->row, (lxw_col_t)col, c->text,
					       format_of(x, c->role));
		}
	}
	x->row++;
}

static void x_table_end(struct report_writer *w)
{
	((struct xlsx_writer *)w)->sheet = NULL;
}

static lxw_format *bordered(lxw_workbook *book, bool wrap)
{
	lxw_format *f = workbook_add_format(book);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 10);
	if (wrap)
		format_set_text_wrap(f);
	return f;
}

static void make_formats(struct xlsx_writer *x)
{
	x->title = workbook_add_format(x->book);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	format_set_font_name(x->title, "黑体");
	format_set_align(x->title, LXW_ALIGN_CENTER);
	format_set_align(x->title, LXW_ALIGN_VERTICAL_CENTER);
	x->header = bordered(x->book, true);
	format_set_align(x->header, LXW_ALIGN_CENTER);
	format_set_bg_color(x->header, 0xF0F0F0);
	x->label = bordered(x->book, true);
	x->note = bordered(x->book, true);
	format_set_font_size(x->note, 9);
	x->number = bordered(x->book, false);
	format_set_align(x->number, LXW_ALIGN_RIGHT);
	format_set_num_format(x->number, "General");
}

/* Writes the workbook of report ctx to path. Returns 0 or -1. */
static int write_workbook(const char *path, const void *ctx)
{
	const struct report *r = ctx;
	struct xlsx_writer x = {
	    .base = {.title = x_title,
		     .section_begin = x_section_begin,
		     .section_end = x_section_end,
		     .paragraph = x_paragraph,
		     .table_begin = x_table_begin,
		     .rows_begin = x_rows_begin,
		     .row = x_row,
		     .table_end = x_table_end},
	};
	x.book = workbook_new(path);
	if (!x.book)
		return -1;
	make_formats(&x);
	render_report(r, &x.base);
	lxw_error rc = workbook_close(x.book);
	return rc == LXW_NO_ERROR && !x.failed ? 0 : -1;
}

int report_render_xlsx(const struct report *r, struct buf *out, char *err, size_t errsize)
{
	if (gk_xlsx_load(err, errsize) < 0) /* libxlsxwriter is opened with the first workbook */
		return -1;
	return temp_output(write_workbook, r, "XLSX 文件", out, err, errsize);
}
