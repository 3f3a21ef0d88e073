/* report_render_html.c — a report as one self-contained, accessible, printable HTML page (inline
 * CSS only, no scripts) or as the <article> fragment the portal embeds in its own layout.
 *
 * Tables keep the template's merged cells (rowspan/colspan), carry a <caption> and mark every
 * header with <th scope>. Every piece of text goes through buf_html: agency names and section
 * text come from users and from published files. */
#include "report/report_render.h"

#include <string.h>

#include "report/report_render_priv.h"

static const char page_style[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;"
    "line-height:1.75;color:#111;background:#fff;margin:0 auto;max-width:64rem;padding:1rem}\n"
    "h1{font-size:1.6rem;text-align:center;margin:1rem 0 2rem}\n"
    "h2{font-size:1.25rem;margin:2rem 0 .75rem}\n"
    "h3{font-size:1.05rem;margin:1.25rem 0 .5rem}\n"
    "p{text-indent:2em;margin:.4rem 0}\n"
    "table{border-collapse:collapse;width:100%;margin:.75rem 0 1.5rem;font-size:.9rem}\n"
    "caption{font-weight:bold;text-align:left;padding:.25rem 0}\n"
    "th,td{border:1px solid #444;padding:.3rem .45rem;vertical-align:middle}\n"
    "th{background:#f0f0f0;font-weight:normal;text-align:left}\n"
    "thead th{text-align:center}\n"
    "td{text-align:right;font-variant-numeric:tabular-nums;min-width:2.5em}\n"
    ".gk-note{font-size:.8rem;text-align:left;background:#fafafa}\n"
    "@media (max-width:40rem){body{padding:.5rem}table{font-size:.75rem}th,td{padding:.2rem}}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}th{background:none}"
    "tr,h2,h3{break-inside:avoid}h2,h3{break-after:avoid}}\n";

static void html_title(struct report_writer *w, const char *title)
{
	buf_puts(w->out, "<h1>");
	buf_html(w->out, title);
	buf_puts(w->out, "</h1>\n");
}

static void html_section_begin(struct report_writer *w, const char *heading)
{
	buf_puts(w->out, "<section>\n<h2>");
	buf_html(w->out, heading);
	buf_puts(w->out, "</h2>\n");
}

static void html_section_end(struct report_writer *w)
{
	buf_puts(w->out, "</section>\n");
}

/* A line such as "（一）主动公开情况": short, numbered with a Chinese numeral in full-width
 * parentheses, not a sentence. Written as <h3> so that screen readers can jump between them. */
static bool is_sub_heading(const char *line, size_t len)
{
	static const char open[] = "（", close[] = "）";
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	if (len > 90 || len < strlen(open) || memcmp(line, open, strlen(open)) != 0)
		return false;
	size_t i = strlen(open), start = i;
	for (bool found = true; found;) {
		found = false;
		for (size_t k = 0; k < sizeof numerals / sizeof numerals[0] && !found; k++)
			if (len - i >= strlen(numerals[k]) && memcmp(line + i, numerals[k], strlen(numerals[k])) == 0) {
				i += strlen(numerals[k]);
				found = true;
			}
	}
	if (i == start || len - i < strlen(close) || memcmp(line + i, close, strlen(close)) != 0)
		return false;
	for (size_t k = 0; k + 3 <= len; k++)
		if (memcmp(line + k, "。", 3) == 0 || memcmp(line + k, "；", 3) == 0 || memcmp(line + k, "，", 3) == 0)
			return false;
	return true;
}

static void html_paragraph(struct report_writer *w, const char *line, size_t len)
{
	const char *tag = is_sub_heading(line, len) ? "h3" : "p";
	buf_printf(w->out, "<%s>", tag);
	buf_html_n(w->out, line, len);
	buf_printf(w->out, "</%s>\n", tag);
}

static void html_table_begin(struct report_writer *w, const char *caption, int ncols)
{
	(void)ncols;
	w->open_group = NULL;
	w->rows_in_table = 0;
	buf_puts(w->out, "<table>\n<caption>");
	buf_html(w->out, caption);
	buf_puts(w->out, "</caption>\n");
}

static void close_group(struct report_writer *w)
{
	if (w->open_group)
		buf_printf(w->out, "</%s>\n", w->open_group);
	w->open_group = NULL;
}

/* The first header group is the <thead>. A later header group (a sub-table of table 二: its
 * "第二十条第（五）项" and "信息内容" rows) opens a <tbody> that its body rows then share. */
static void html_rows_begin(struct report_writer *w, bool head)
{
	const char *group = head && !w->rows_in_table ? "thead" : "tbody";
	if (!head && w->open_group && strcmp(w->open_group, "tbody") == 0)
		return;
	close_group(w);
	buf_printf(w->out, "<%s>\n", group);
	w->open_group = group;
}

static void html_cell(struct buf *out, const struct tcell *c)
{
	static const char *const scopes[] = {
	    [TCELL_COL] = "col", [TCELL_COLGROUP] = "colgroup", [TCELL_ROW] = "row", [TCELL_ROWGROUP] = "rowgroup"};
	const char *tag = c->role == TCELL_DATA || c->role == TCELL_NOTE ? "td" : "th";
	buf_printf(out, "<%s", tag);
	if (c->role == TCELL_NOTE)
		buf_puts(out, " class=\"gk-note\"");
	else if (c->role != TCELL_DATA)
		buf_printf(out, " scope=\"%s\"", scopes[c->role]);
	if (c->rowspan > 1)
		buf_printf(out, " rowspan=\"%d\"", c->rowspan);
	if (c->colspan > 1)
		buf_printf(out, " colspan=\"%d\"", c->colspan);
	buf_putc(out, '>');
	buf_html(out, c->text);
	buf_printf(out, "</%s>", tag);
}

static void html_row(struct report_writer *w, const struct tcell *cells, int n)
{
	buf_puts(w->out, "<tr>");
	for (int i = 0; i < n; i++)
		html_cell(w->out, &cells[i]);
	buf_puts(w->out, "</tr>\n");
	w->rows_in_table++;
}

static void html_table_end(struct report_writer *w)
{
	close_group(w);
	buf_puts(w->out, "</table>\n");
	w->rows_in_table = 0;
}

void report_render_html_fragment(const struct report *r, struct buf *out)
{
	struct report_writer w = {
	    .out = out,
	    .title = html_title,
	    .section_begin = html_section_begin,
	    .section_end = html_section_end,
	    .paragraph = html_paragraph,
	    .table_begin = html_table_begin,
	    .rows_begin = html_rows_begin,
	    .row = html_row,
	    .table_end = html_table_end,
	};
	buf_puts(out, "<article class=\"gk-report\">\n");
	render_report(r, &w);
	buf_puts(out, "</article>\n");
}

void report_render_html(const struct report *r, struct buf *out)
{
	buf_puts(out, "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	struct buf title = {0};
	report_title(r, &title);
	buf_html(out, title.data);
	buf_free(&title);
	buf_puts(out, "</title>\n<style>\n");
	buf_puts(out, page_style);
	buf_puts(out, "</style>\n</head>\n<body>\n");
	report_render_html_fragment(r, out);
	buf_puts(out, "</body>\n</html>\n");
}
