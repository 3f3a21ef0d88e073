/* report_pdf.c — a report as an A4 PDF (pango + cairo; cairo embeds subsets of the Noto CJK fonts):
 * the title, the six sections with their text, bordered tables with the template's merged headers,
 * and a page number on every page. A writer of the shared layout description (report_render_priv.h),
 * like the HTML and XLSX writers, so labels and spans are the template's.
 *
 * Text flows line by line (a long section breaks across pages); a table is laid out once it is
 * complete — column widths from the label/number columns, row heights from the wrapped text — and
 * drawn in blocks of rows tied together by row spans, each block kept on one page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_export.h"
#include "report/report_render.h"
#include "util/pango_lib.h"
#include "util/utf8.h"

#define PAGE_W	       595.276 /* A4 in points */
#define PAGE_H	       841.890
#define MARGIN_X       62.0
#define MARGIN_TOP     64.0
#define MARGIN_BOTTOM  70.0
#define CONTENT_W      (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD       3.0
#define MAX_TABLE_ROWS 64
#define FONT_FAMILY    "Noto Sans CJK SC"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
/* As in src/util/pdf_text.c (whose definition wins when both are linked, hence weak here): cairo 1.16
 * leaks a few buffers of each embedded font subset inside cairo_surface_finish, and fontconfig a few
 * bytes while parsing its configuration, unreachable from our code; LeakSanitizer is told to ignore
 * leaks allocated inside those two libraries only, so a process that writes a report PDF stays clean. */
const char *__lsan_default_suppressions(void);
__attribute__((weak)) const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
#endif

struct pdf_cell {
	char *text;
	int col, colspan, rowspan;
	enum tcell_role role;
};

struct pdf_row {
	struct pdf_cell cells[RENDER_MAX_COLS];
	int n;
};

struct pdf_writer {
	struct report_writer base; /* first: the callbacks receive &base */
	cairo_t *cr;
	PangoContext *pango; /* of a font map private to this document, released with it */
	double y;	     /* top of the free space on the current page */
	int page;
	struct pdf_row rows[MAX_TABLE_ROWS];
	int nrows, ncols;
	int covered[RENDER_MAX_COLS];
};

static void footer(struct pdf_writer *p)
{
	char text[32];
	snprintf(text, sizeof text, "— %d —", p->page);
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY " 9");
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_width(l, (int)(CONTENT_W * PANGO_SCALE));
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	cairo_move_to(p->cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM / 2 - 6);
	pango_cairo_show_layout(p->cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
}

static void next_page(struct pdf_writer *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN_TOP;
}

/* Starts a new page unless h more points fit (or the page is still empty). */
static void ensure(struct pdf_writer *p, double h)
{
	if (p->y + h > PAGE_H - MARGIN_BOTTOM && p->y > MARGIN_TOP)
		next_page(p);
}

static PangoLayout *make_layout(struct pdf_writer *p, const char *text, size_t len, const char *font, double width,
				PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, (int)len);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	return l;
}

/* Draws a layout line by line at the left margin, breaking pages between lines. */
static void flow_layout(struct pdf_writer *p, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		double line_top = (double)logical.y / PANGO_SCALE;
		double baseline = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - line_top;
		ensure(p, h);
		cairo_move_to(p->cr, MARGIN_X + (double)logical.x / PANGO_SCALE, p->y + baseline);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += h * 1.15;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void p_title(struct report_writer *w, const char *title)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	PangoLayout *l = make_layout(p, title, strlen(title), FONT_FAMILY " Bold 16", CONTENT_W, PANGO_ALIGN_CENTER);
	flow_layout(p, l);
	g_object_unref(l);
	p->y += 14;
}

static void p_section_begin(struct report_writer *w, const char *heading)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	p->y += 8;
	ensure(p, 120); /* keep a heading with what follows */
	PangoLayout *l = make_layout(p, heading, strlen(heading), FONT_FAMILY " Bold 13", CONTENT_W, PANGO_ALIGN_LEFT);
	flow_layout(p, l);
	g_object_unref(l);
	p->y += 4;
}

static void p_section_end(struct report_writer *w)
{
	(void)w;
}

static void p_paragraph(struct report_writer *w, const char *line, size_t len)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	PangoLayout *l = make_layout(p, line, len, FONT_FAMILY " 10.5", CONTENT_W, PANGO_ALIGN_LEFT);
	pango_layout_set_indent(l, 21 * PANGO_SCALE);
	flow_layout(p, l);
	g_object_unref(l);
	p->y += 2;
}

static void p_table_begin(struct report_writer *w, const char *caption, int ncols)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	(void)caption;
	p->nrows = 0;
	p->ncols = ncols < RENDER_MAX_COLS ? ncols : RENDER_MAX_COLS;
	memset(p->covered, 0, sizeof p->covered);
}

static void p_rows_begin(struct report_writer *w, bool head)
{
	(void)w, (void)head;
}

static void p_row(struct report_writer *w, const struct tcell *cells, int n)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	if (p->nrows == MAX_TABLE_ROWS || n > RENDER_MAX_COLS)
		return;
	struct pdf_row *row = &p->rows[p->nrows++];
	int first[RENDER_MAX_COLS];
	report_export_place_row(p->covered, p->ncols, cells, n, first);
	row->n = 0;
	for (int i = 0; i < n; i++) {
		if (first[i] >= p->ncols)
			continue;
		const char *text = strcmp(cells[i].text, "-") == 0 ? "" : cells[i].text; /* the blank-edge mark */
		row->cells[row->n++] = (struct pdf_cell){.text = xstrdup(text),
							 .col = first[i],
							 .colspan = cells[i].colspan,
							 .rowspan = cells[i].rowspan,
							 .role = cells[i].role};
	}
}

/* Characters (not bytes) of UTF-8 text. */
static int char_count(const char *s)
{
	return (int)utf8_chars(s);
}

/* Column widths: a number column weighs 1; a column where single-column row labels start weighs by
 * its longest label (a quarter per character, between 2 and 6), so long leaf labels wrap little. */
static void column_widths(const struct pdf_writer *p, double *x)
{
	double weight[RENDER_MAX_COLS], total = 0;
	for (int c = 0; c < p->ncols; c++)
		weight[c] = 1;
	for (int r = 0; r < p->nrows; r++)
		for (int i = 0; i < p->rows[r].n; i++) {
			const struct pdf_cell *c = &p->rows[r].cells[i];
			if ((c->role != TCELL_ROW && c->role != TCELL_ROWGROUP) || c->colspan != 1)
				continue;
			double w = char_count(c->text) / 4.0;
			w = w < 2 ? 2 : w > 6 ? 6 : w;
			if (w > weight[c->col])
				weight[c->col] = w;
		}
	for (int c = 0; c < p->ncols; c++)
		total += weight[c];
	x[0] = MARGIN_X;
	for (int c = 0; c < p->ncols; c++)
		x[c + 1] = x[c] + CONTENT_W * weight[c] / total;
}

static PangoLayout *cell_layout(struct pdf_writer *p, const struct pdf_cell *c, const double *x)
{
	PangoAlignment align = c->role == TCELL_ROW || c->role == TCELL_ROWGROUP || c->role == TCELL_NOTE
				   ? PANGO_ALIGN_LEFT
				   : PANGO_ALIGN_CENTER;
	double width = x[c->col + c->colspan] - x[c->col] - 2 * CELL_PAD;
	return make_layout(p, c->text, strlen(c->text), c->role == TCELL_NOTE ? FONT_FAMILY " 7.5" : FONT_FAMILY " 8.5",
			   width > 4 ? width : 4, align);
}

static double text_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Row heights: the tallest single-row cell; a spanning cell that needs more grows its last row. */
static void row_heights(struct pdf_writer *p, const double *x, double *h)
{
	for (int r = 0; r < p->nrows; r++)
		h[r] = 16;
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < p->nrows; r++)
			for (int i = 0; i < p->rows[r].n; i++) {
				const struct pdf_cell *c = &p->rows[r].cells[i];
				int last = r + c->rowspan - 1 < p->nrows ? r + c->rowspan - 1 : p->nrows - 1;
				if ((pass == 0) != (last == r))
					continue;
				PangoLayout *l = cell_layout(p, c, x);
				double need = text_height(l) + 2 * CELL_PAD, have = 0;
				g_object_unref(l);
				for (int k = r; k <= last; k++)
					have += h[k];
				if (need > have)
					h[last] += need - have;
			}
}

static void draw_cell(struct pdf_writer *p, const struct pdf_cell *c, const double *x, double top, double height)
{
	double left = x[c->col], width = x[c->col + c->colspan] - left;
	cairo_rectangle(p->cr, left, top, width, height);
	if (c->role != TCELL_DATA && c->role != TCELL_ROW && c->role != TCELL_ROWGROUP) {
		cairo_set_source_rgb(p->cr, 0.94, 0.94, 0.94);
		cairo_fill_preserve(p->cr);
	}
	cairo_set_source_rgb(p->cr, 0.2, 0.2, 0.2);
	cairo_set_line_width(p->cr, 0.6);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	PangoLayout *l = cell_layout(p, c, x);
	cairo_move_to(p->cr, left + CELL_PAD, top + (height - text_height(l)) / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* True when a row holds only column headers (it belongs with the row below it). */
static bool header_only(const struct pdf_row *row)
{
	for (int i = 0; i < row->n; i++)
		if (row->cells[i].role != TCELL_COL && row->cells[i].role != TCELL_COLGROUP)
			return false;
	return true;
}

/* The last row of the block starting at first: rows tied by row spans, and header rows with the row
 * after them, stay together on one page. */
static int block_end(const struct pdf_writer *p, int first)
{
	int end = first;
	for (int r = first; r <= end; r++) {
		for (int i = 0; i < p->rows[r].n; i++) {
			int last = r + p->rows[r].cells[i].rowspan - 1;
			if (last > end)
				end = last < p->nrows ? last : p->nrows - 1;
		}
		if (r == end && end + 1 < p->nrows && header_only(&p->rows[r]))
			end++;
	}
	return end;
}

static void p_table_end(struct report_writer *w)
{
	struct pdf_writer *p = (struct pdf_writer *)w;
	double x[RENDER_MAX_COLS + 1], h[MAX_TABLE_ROWS];
	column_widths(p, x);
	row_heights(p, x, h);
	for (int first = 0; first < p->nrows;) {
		int last = block_end(p, first);
		double block = 0, top;
		for (int r = first; r <= last; r++)
			block += h[r];
		ensure(p, block);
		top = p->y;
		for (int r = first; r <= last; r++) {
			for (int i = 0; i < p->rows[r].n; i++) {
				const struct pdf_cell *c = &p->rows[r].cells[i];
				double height = 0;
				for (int k = r; k < r + c->rowspan && k < p->nrows; k++)
					height += h[k];
				draw_cell(p, c, x, top, height);
			}
			top += h[r];
		}
		p->y = top;
		first = last + 1;
	}
	for (int r = 0; r < p->nrows; r++)
		for (int i = 0; i < p->rows[r].n; i++)
			free(p->rows[r].cells[i].text);
	p->nrows = 0;
	p->y += 10;
}

static cairo_status_t append_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

int report_render_pdf(const struct report *r, struct buf *out, char *err, size_t errsize)
{
	if (gk_pango_load(err, errsize) < 0)
		return -1;
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append_to_buf, out, PAGE_W, PAGE_H);
	struct buf title = {0};
	report_title(r, &title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.data);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "gongkai");
	buf_free(&title);
	struct pdf_writer p = {
	    .base = {.title = p_title,
		     .section_begin = p_section_begin,
		     .section_end = p_section_end,
		     .paragraph = p_paragraph,
		     .table_begin = p_table_begin,
		     .rows_begin = p_rows_begin,
		     .row = p_row,
		     .table_end = p_table_end},
	    .cr = cairo_create(surface),
	    .y = MARGIN_TOP,
	    .page = 1,
	};
	/* A private font map rather than pango's per-thread default: everything it caches is released
	 * with the document, so a long-running server does not accumulate font state. */
	PangoFontMap *fonts = pango_cairo_font_map_new();
	p.pango = pango_font_map_create_context(fonts);
	pango_cairo_update_context(p.cr, p.pango);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	render_report(r, &p.base);
	footer(&p);
	cairo_show_page(p.cr);
	cairo_status_t status = cairo_status(p.cr);
	g_object_unref(p.pango);
	g_object_unref(fonts);
	cairo_destroy(p.cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errsize, "生成 PDF 文件失败：%s", cairo_status_to_string(status));
		return -1;
	}
	return 0;
}
