/* report_render_md.c — Markdown: "#" title, "##" section headings, section lines as paragraphs,
 * tables as pipe tables (merged cells expanded as in plain text; each sub-table of table 二 is a
 * table of its own, its heading row "第二十条第（一）项" serving as the Markdown header row).
 * Section text is written as it is, so that the output parses back into the same report. */
#include "report/report_render.h"

#include <string.h>

#include "report/report_render_priv.h"

static void md_title(struct report_writer *w, const char *title)
{
	buf_printf(w->out, "# %s\n", title);
}

static void md_section_begin(struct report_writer *w, const char *heading)
{
	buf_printf(w->out, "\n## %s\n", heading);
}

static void md_section_end(struct report_writer *w)
{
	(void)w;
}

static void md_paragraph(struct report_writer *w, const char *line, size_t len)
{
	buf_putc(w->out, '\n');
	buf_append(w->out, line, len);
	buf_putc(w->out, '\n');
}

static void md_table_begin(struct report_writer *w, const char *caption, int ncols)
{
	(void)caption;
	render_grid_reset(w, ncols);
}

static void md_rows_begin(struct report_writer *w, bool head)
{
	if (head)
		w->rows_in_table = 0; /* a header group starts a new pipe table */
}

/* Writes a cell, escaping the pipe that would end it. */
static void md_cell(struct buf *out, const char *text)
{
	for (const char *bar; (bar = strchr(text, '|')); text = bar + 1) {
		buf_append(out, text, (size_t)(bar - text));
		buf_puts(out, "\\|");
	}
	buf_puts(out, text);
}

static void md_row(struct report_writer *w, const struct tcell *cells, int n)
{
	const char *slots[RENDER_MAX_COLS];
	render_grid_row(w, cells, n, slots);
	if (w->rows_in_table == 0)
		buf_putc(w->out, '\n');
	buf_putc(w->out, '|');
	for (int c = 0; c < w->ncols; c++) {
		buf_putc(w->out, ' ');
		md_cell(w->out, slots[c]);
		buf_puts(w->out, " |");
	}
	buf_putc(w->out, '\n');
	if (w->rows_in_table++ == 0) {
		buf_putc(w->out, '|');
		for (int c = 0; c < w->ncols; c++)
			buf_puts(w->out, "---|");
		buf_putc(w->out, '\n');
	}
}

static void md_table_end(struct report_writer *w)
{
	(void)w;
}

void report_render_md(const struct report *r, struct buf *out)
{
	struct report_writer w = {
	    .out = out,
	    .title = md_title,
	    .section_begin = md_section_begin,
	    .section_end = md_section_end,
	    .paragraph = md_paragraph,
	    .table_begin = md_table_begin,
	    .rows_begin = md_rows_begin,
	    .row = md_row,
	    .table_end = md_table_end,
	};
	render_report(r, &w);
}
