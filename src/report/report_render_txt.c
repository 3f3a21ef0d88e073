/* report_render_txt.c — plain text laid out like published reports (see the seed report with
 * `cat -A`): the title, each section heading and each line of section text as a paragraph
 * separated by blank lines, tables as tab-separated lines with merged cells expanded (the text in
 * the first slot, empty strings in the covered ones; blank cells are empty strings too). */
#include "report/report_render.h"

#include "report/report_render_priv.h"

static void txt_title(struct report_writer *w, const char *title)
{
	buf_printf(w->out, "%s\n", title);
}

static void txt_section_begin(struct report_writer *w, const char *heading)
{
	buf_printf(w->out, "\n%s\n", heading);
}

static void txt_section_end(struct report_writer *w)
{
	(void)w;
}

static void txt_paragraph(struct report_writer *w, const char *line, size_t len)
{
	buf_putc(w->out, '\n');
	buf_append(w->out, line, len);
	buf_putc(w->out, '\n');
}

static void txt_table_begin(struct report_writer *w, const char *caption, int ncols)
{
	(void)caption; /* published text copies carry no captions; the section heading names the table */
	render_grid_reset(w, ncols);
	buf_putc(w->out, '\n');
}

static void txt_rows_begin(struct report_writer *w, bool head)
{
	(void)w;
	(void)head;
}

static void txt_row(struct report_writer *w, const struct tcell *cells, int n)
{
	const char *slots[RENDER_MAX_COLS];
	render_grid_row(w, cells, n, slots);
	for (int c = 0; c < w->ncols; c++) {
		if (c)
			buf_putc(w->out, '\t');
		buf_puts(w->out, slots[c]);
	}
	buf_putc(w->out, '\n');
}

static void txt_table_end(struct report_writer *w)
{
	(void)w;
}

void report_render_txt(const struct report *r, struct buf *out)
{
	struct report_writer w = {
	    .out = out,
	    .title = txt_title,
	    .section_begin = txt_section_begin,
	    .section_end = txt_section_end,
	    .paragraph = txt_paragraph,
	    .table_begin = txt_table_begin,
	    .rows_begin = txt_rows_begin,
	    .row = txt_row,
	    .table_end = txt_table_end,
	};
	render_report(r, &w);
}
