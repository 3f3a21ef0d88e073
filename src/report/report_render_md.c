/* report_render_md.c — Markdown: "#" title, "##" section headings, section lines as paragraphs,
 * tables as pipe tables (merged cells expanded as in plain text; each sub-table of table 二 is a
 * table of its own, its heading row "第二十条第（一）项" serving as the Markdown header row).
 * Agency text is written as it is except for HTML: a '<' that would open a tag becomes "&lt;", so a
 * Markdown viewer never meets raw HTML (a <script> in a section stays text). The output parses back
 * into the same report unless the text itself holds such markup. */
#include "report/report_render.h"

#include <ctype.h>
#include <string.h>

#include "report/report_render_priv.h"

/* Appends text[0..len) with every '<' that could open HTML in a Markdown viewer (before an ASCII
 * letter, '/', '!' or '?': a tag, a comment, an autolink) written as "&lt;". A '<' before anything
 * else — "<政府信息公开条例>" as Chinese reports write book titles — cannot, and stays. */
static void md_text(struct buf *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char next = i + 1 < len ? (unsigned char)text[i + 1] : 0;
		if (text[i] == '<' && (isalpha(next) || next == '/' || next == '!' || next == '?'))
			buf_puts(out, "&lt;");
		else
			buf_putc(out, text[i]);
	}
}

static void md_title(struct report_writer *w, const char *title)
{
	buf_puts(w->out, "# ");
	md_text(w->out, title, strlen(title));
	buf_putc(w->out, '\n');
}

static void md_section_begin(struct report_writer *w, const char *heading)
{
	buf_puts(w->out, "\n## ");
	md_text(w->out, heading, strlen(heading));
	buf_putc(w->out, '\n');
}

static void md_section_end(struct report_writer *w)
{
	(void)w;
}

static void md_paragraph(struct report_writer *w, const char *line, size_t len)
{
	buf_putc(w->out, '\n');
	md_text(w->out, line, len);
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

/* Writes a cell, escaping the pipe that would end it and HTML. */
static void md_cell(struct buf *out, const char *text)
{
	for (const char *bar; (bar = strchr(text, '|')); text = bar + 1) {
		md_text(out, text, (size_t)(bar - text));
		buf_puts(out, "\\|");
	}
	md_text(out, text, strlen(text));
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
