/* pdf_text.c — the PDF writer of pdf_text.h: pango lays out each block, and its lines are placed one
 * by one on A4 pages drawn by cairo's PDF surface into a memory buffer, so a block that does not fit
 * continues on the next page. Every page gets its number when it is closed.
 *
 * Lines are placed on a fixed pitch per font size (body 16 pt on 28 pt, close to the 22 lines of a
 * 公文 page), which keeps pages even whatever the fallback fonts' metrics. */
#include "util/pdf_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/pango_lib.h"

#define MM	       (72.0 / 25.4)
#define PAGE_W	       (210.0 * MM)
#define PAGE_H	       (297.0 * MM)
#define MARGIN_TOP     (37.0 * MM)
#define MARGIN_BOTTOM  (35.0 * MM)
#define MARGIN_LEFT    (28.0 * MM)
#define MARGIN_RIGHT   (26.0 * MM)
#define TEXT_W	       (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define TEXT_BOTTOM    (PAGE_H - MARGIN_BOTTOM)
#define BODY_SIZE      16.0
#define SMALL_SIZE     12.0
#define TABLE_SIZE     10.5
#define LINE_FACTOR    1.75 /* line pitch / font size */
#define CELL_PAD       4.0
#define PAGE_NO_SIZE   14.0
#define MAX_TABLE_COLS 32

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
/* cairo 1.16 leaks a few buffers of each font subset it embeds (inside cairo_surface_finish), and
 * fontconfig a few bytes while parsing its configuration; neither is reachable from our code, and
 * LeakSanitizer would report them from every process that writes a PDF. This hook tells it to ignore
 * leaks allocated inside those two libraries only. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
#endif

struct pdf_text {
	struct buf out;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fonts; /* per document: nothing cached between documents or threads */
	PangoContext *pango;
	double y;	 /* top of the next line on the current page */
	int page;	 /* 1-based number of the current page */
	bool page_empty; /* nothing placed on the current page yet */
};

static cairo_status_t write_to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

struct pdf_text *pdf_text_new(const char *title, const char *author)
{
	struct pdf_text *d = xcalloc(1, sizeof *d);
	if (gk_pango_load(NULL, 0) < 0)
		return d; /* no pango: a document without a page (cr NULL); pdf_text_finish says why */
	d->surface = cairo_pdf_surface_create_for_stream(write_to_buf, &d->out, PAGE_W, PAGE_H);
	if (title)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	if (author)
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "gongkai");
	d->cr = cairo_create(d->surface);
	d->fonts = pango_cairo_font_map_new();
	d->pango = pango_font_map_create_context(d->fonts);
	pango_cairo_update_context(d->cr, d->pango);
	d->y = MARGIN_TOP;
	d->page = 1;
	d->page_empty = true;
	return d;
}

void pdf_text_free(struct pdf_text *d)
{
	if (!d)
		return;
	if (d->cr) {
		g_object_unref(d->pango);
		g_object_unref(d->fonts);
		cairo_destroy(d->cr);
		cairo_surface_destroy(d->surface);
	}
	buf_free(&d->out);
	free(d);
}

int pdf_text_pages(const struct pdf_text *d)
{
	return d->page;
}

/* ---- pages ---- */

static PangoLayout *new_layout(struct pdf_text *d, const char *family, double size, bool bold, double width)
{
	PangoLayout *layout = pango_layout_new(d->pango);
	PangoFontDescription *font = pango_font_description_new();
	pango_font_description_set_family(font, family);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	return layout;
}

static void draw_page_number(struct pdf_text *d)
{
	char text[32];
	snprintf(text, sizeof text, "— %d —", d->page);
	PangoLayout *layout = new_layout(d, PDF_FONT_SERIF, PAGE_NO_SIZE, false, TEXT_W);
	pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
	pango_layout_set_text(layout, text, -1);
	cairo_move_to(d->cr, MARGIN_LEFT, TEXT_BOTTOM + 7.0 * MM);
	pango_cairo_show_layout(d->cr, layout);
	g_object_unref(layout);
}

static void new_page(struct pdf_text *d)
{
	draw_page_number(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_TOP;
	d->page_empty = true;
}

void pdf_text_page_break(struct pdf_text *d)
{
	if (d->cr && !d->page_empty)
		new_page(d);
}

void pdf_text_space(struct pdf_text *d, double points)
{
	if (!d->cr || d->page_empty || points <= 0)
		return;
	d->y += points;
	if (d->y > TEXT_BOTTOM)
		d->y = TEXT_BOTTOM;
}

/* ---- text blocks ---- */

/* Places the lines of a laid-out block at x, each on `pitch` points, breaking pages as needed.
 * keep_lines: lines that must stay together at the start (a heading with the next line). */
static void place_lines(struct pdf_text *d, PangoLayout *layout, double x, double pitch, int keep_lines)
{
	int count = pango_layout_get_line_count(layout);
	if (keep_lines > count)
		keep_lines = count;
	if (d->y + keep_lines * pitch > TEXT_BOTTOM)
		pdf_text_page_break(d);
	PangoLayoutIter *iter = pango_layout_get_iter(layout);
	do {
		if (d->y + pitch > TEXT_BOTTOM + 0.01)
			new_page(d);
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		double ascent = (pango_layout_iter_get_baseline(iter) - logical.y) / (double)PANGO_SCALE;
		double height = logical.height / (double)PANGO_SCALE;
		cairo_move_to(d->cr, x + logical.x / (double)PANGO_SCALE, d->y + (pitch - height) / 2 + ascent);
		pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(iter));
		d->y += pitch;
		d->page_empty = false;
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
}

static PangoAlignment alignment_of(unsigned flags)
{
	return flags & PDF_CENTER ? PANGO_ALIGN_CENTER : flags & PDF_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

void pdf_text_paragraph(struct pdf_text *d, const char *text, unsigned flags)
{
	if (!d->cr)
		return;
	double size = flags & PDF_SMALL ? SMALL_SIZE : BODY_SIZE;
	PangoLayout *layout =
	    new_layout(d, flags & PDF_SANS ? PDF_FONT_SANS : PDF_FONT_SERIF, size, flags & PDF_BOLD, TEXT_W);
	pango_layout_set_alignment(layout, alignment_of(flags));
	pango_layout_set_justify(layout, !(flags & (PDF_CENTER | PDF_RIGHT)));
	if (flags & PDF_INDENT)
		pango_layout_set_indent(layout, (int)(2 * size * PANGO_SCALE));
	pango_layout_set_text(layout, text ? text : "", -1);
	int keep = flags & PDF_KEEP ? pango_layout_get_line_count(layout) : 1;
	if (keep * size * LINE_FACTOR > TEXT_BOTTOM - MARGIN_TOP)
		keep = 1; /* longer than a page: just flow */
	place_lines(d, layout, MARGIN_LEFT, size * LINE_FACTOR, keep);
	g_object_unref(layout);
}

void pdf_text_heading(struct pdf_text *d, int level, const char *text)
{
	if (!d->cr)
		return;
	double size = level <= 1 ? 22.0 : level == 2 ? 16.0 : 14.0;
	PangoLayout *layout = new_layout(d, level <= 1 ? PDF_FONT_SERIF : PDF_FONT_SANS, size, true, TEXT_W);
	pango_layout_set_alignment(layout, level <= 1 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, text ? text : "", -1);
	/* the heading's lines plus room for one line of what follows */
	int lines = pango_layout_get_line_count(layout);
	double pitch = size * (level <= 1 ? 1.6 : LINE_FACTOR);
	if (d->y + lines * pitch + BODY_SIZE * LINE_FACTOR > TEXT_BOTTOM)
		pdf_text_page_break(d);
	place_lines(d, layout, MARGIN_LEFT, pitch, lines);
	g_object_unref(layout);
}

/* ---- tables ---- */

struct table {
	size_t ncols;
	double x[MAX_TABLE_COLS + 1]; /* left edge of each column, and the right edge of the last */
	const char *const *cells;
	size_t header_rows;
};

/* Lays out the cells of a row; returns the row height. layouts[ncols] are created. */
static double row_layouts(struct pdf_text *d, const struct table *t, size_t row, PangoLayout **layouts)
{
	double height = TABLE_SIZE * LINE_FACTOR;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *text = t->cells[row * t->ncols + c];
		layouts[c] = new_layout(d, PDF_FONT_SANS, TABLE_SIZE, row < t->header_rows,
					t->x[c + 1] - t->x[c] - 2 * CELL_PAD);
		pango_layout_set_text(layouts[c], text ? text : "", -1);
		int h;
		pango_layout_get_size(layouts[c], NULL, &h);
		double cell = h / (double)PANGO_SCALE + 2 * CELL_PAD;
		if (cell > height)
			height = cell;
	}
	return height;
}

static void draw_row(struct pdf_text *d, const struct table *t, PangoLayout **layouts, double height)
{
	cairo_set_line_width(d->cr, 0.6);
	for (size_t c = 0; c < t->ncols; c++) {
		cairo_rectangle(d->cr, t->x[c], d->y, t->x[c + 1] - t->x[c], height);
		cairo_stroke(d->cr);
		cairo_move_to(d->cr, t->x[c] + CELL_PAD, d->y + CELL_PAD);
		pango_cairo_show_layout(d->cr, layouts[c]);
	}
	d->y += height;
	d->page_empty = false;
}

/* Lays out and draws one row at the current position (no page check). */
static void put_row(struct pdf_text *d, const struct table *t, size_t row)
{
	PangoLayout *layouts[MAX_TABLE_COLS];
	double height = row_layouts(d, t, row, layouts);
	draw_row(d, t, layouts, height);
	for (size_t c = 0; c < t->ncols; c++)
		g_object_unref(layouts[c]);
}

void pdf_text_table(struct pdf_text *d, size_t ncols, const double *widths, const char *const *cells, size_t nrows,
		    size_t header_rows)
{
	if (!d->cr || ncols == 0 || ncols > MAX_TABLE_COLS || !cells)
		return;
	struct table t = {.ncols = ncols, .cells = cells, .header_rows = header_rows < nrows ? header_rows : nrows};
	double total = 0;
	for (size_t c = 0; c < ncols; c++)
		total += widths && widths[c] > 0 ? widths[c] : 1.0;
	t.x[0] = MARGIN_LEFT;
	for (size_t c = 0; c < ncols; c++)
		t.x[c + 1] = t.x[c] + TEXT_W * (widths && widths[c] > 0 ? widths[c] : 1.0) / total;
	for (size_t row = 0; row < nrows; row++) {
		PangoLayout *layouts[MAX_TABLE_COLS];
		double height = row_layouts(d, &t, row, layouts);
		if (d->y + height > TEXT_BOTTOM && !d->page_empty) {
			new_page(d);
			for (size_t h = 0; row >= t.header_rows && h < t.header_rows; h++)
				put_row(d, &t, h); /* the header again on the continuation page */
		}
		draw_row(d, &t, layouts, height);
		for (size_t c = 0; c < ncols; c++)
			g_object_unref(layouts[c]);
	}
	d->y += TABLE_SIZE * 0.5;
}

/* ---- the end ---- */

unsigned char *pdf_text_finish(struct pdf_text *d, size_t *len, char *err, size_t errsize)
{
	*len = 0;
	if (!d->cr) { /* pango could not be loaded (pdf_text_new) */
		gk_pango_load(err, errsize);
		free(d);
		return NULL;
	}
	draw_page_number(d);
	cairo_show_page(d->cr);
	g_object_unref(d->pango);
	g_object_unref(d->fonts);
	cairo_destroy(d->cr);
	d->cr = NULL;
	cairo_surface_finish(d->surface);
	cairo_status_t status = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	unsigned char *bytes = NULL;
	if (status != CAIRO_STATUS_SUCCESS || d->out.len == 0) {
		if (err && errsize)
			snprintf(err, errsize, "生成 PDF 失败：%s", cairo_status_to_string(status));
		buf_free(&d->out);
	} else {
		*len = d->out.len;
		bytes = (unsigned char *)buf_take(&d->out);
	}
	free(d);
	return bytes;
}
