/* parse_html.c — turning a published report's web page into lines of cells with libxml2's
 * forgiving HTML parser.
 *
 * Data tables become grids: rowspan/colspan are expanded, the merged cell's text sits in its
 * top-left slot and the covered slots are empty, so a row label such as "（三）不予公开" spanning
 * eight rows is read once, as on paper. Tables used for page layout (a cell holding another table,
 * a heading or a whole article) are walked as ordinary blocks. Every other block element (p, div,
 * h1…, li, br-separated runs) becomes a one-cell line; <pre> goes through the plain-text splitter.
 * libxml2 is opened with the first page (report/xml_lib.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/parse_internal.h"
#include "report/xml_lib.h"

#define HTML_MAX_DEPTH	 200
#define GRID_MAX_COLS	 64
#define GRID_MAX_ROWSPAN 1000
#define LAYOUT_CELL_TEXT 1500 /* a cell with more text than this holds an article, not a value */

struct html_walk {
	struct plines *pl;
	struct buf line; /* inline text of the block being read, not yet normalised */
	struct buf scratch;
};

static bool name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *names)
{
	if (n->type != XML_ELEMENT_NODE || !n->name)
		return false;
	for (; *names; names++)
		if (strcmp((const char *)n->name, *names) == 0)
			return true;
	return false;
}

static const char *const skipped_elements[] = {"script", "style",  "noscript", "template", "iframe",   "object",
					       "svg",	 "select", "button",   "input",	   "textarea", NULL};
static const char *const block_elements[] = {
    "p",      "div",	 "h1",	    "h2",     "h3",	"h4",	      "h5",	"h6",	   "li",     "ul",
    "ol",     "section", "article", "header", "footer", "blockquote", "dd",	"dt",	   "dl",     "title",
    "center", "form",	 "nav",	    "aside",  "main",	"address",    "hr",	"caption", "figure", "figcaption",
    "tr",     "td",	 "th",	    "body",   "html",	"head",	      "option", NULL};
static const char *const heading_elements[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};

/* Appends a text node to out, collapsing runs of ASCII whitespace into one space. */
static void append_collapsed(struct buf *out, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
			if (out->len && out->data[out->len - 1] != ' ')
				buf_putc(out, ' ');
		} else {
			buf_putc(out, c);
		}
	}
}

/* Emits the gathered inline text as a one-cell line. */
static void flush_line(struct html_walk *w)
{
	struct plines *pl = w->pl;
	if (w->line.len == 0 || pl->truncated)
		goto out;
	if (pl->text.len + w->line.len > PLINES_MAX_TEXT) {
		pl->truncated = true;
		goto out;
	}
	size_t off = pl->text.len;
	parse_normalize(&pl->text, w->line.data, w->line.len);
	plines_open_line(pl);
	plines_add_cell(pl, off, pl->text.len - off);
	plines_close_line(pl, off, pl->text.len - off);
out:
	buf_reset(&w->line);
}

/* Appends the text of n's subtree to out (block boundaries and <br> become spaces), stopping once
 * out holds more than limit bytes. */
static void gather_text_max(const xmlNode *n, struct buf *out, int depth, size_t limit)
{
	for (; n && out->len <= limit; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				append_collapsed(out, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && depth < HTML_MAX_DEPTH && !name_in(n, skipped_elements)) {
			bool spaced = name_is(n, "br") || name_in(n, block_elements);
			if (spaced && out->len && out->data[out->len - 1] != ' ')
				buf_putc(out, ' ');
			gather_text_max(n->children, out, depth + 1, limit);
			if (spaced && out->len && out->data[out->len - 1] != ' ')
				buf_putc(out, ' ');
		}
	}
}

static void gather_text(const xmlNode *n, struct buf *out, int depth)
{
	gather_text_max(n, out, depth, SIZE_MAX);
}

/* Appends the raw text of a <pre> subtree, newlines kept. */
static void gather_pre(const xmlNode *n, struct buf *out, int depth)
{
	for (; n; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			buf_puts(out, (const char *)n->content);
		else if (name_is(n, "br"))
			buf_putc(out, '\n');
		else if (n->type == XML_ELEMENT_NODE && depth < HTML_MAX_DEPTH)
			gather_pre(n->children, out, depth + 1);
	}
}

static void walk(struct html_walk *w, const xmlNode *n, int depth);

static void read_pre(struct html_walk *w, const xmlNode *n, int depth)
{
	flush_line(w);
	buf_reset(&w->scratch);
	gather_pre(n->children, &w->scratch, depth + 1);
	struct plines *pl = w->pl;
	if (pl->text.len + w->scratch.len > PLINES_MAX_TEXT) {
		pl->truncated = true;
		return;
	}
	size_t off = pl->text.len;
	parse_normalize(&pl->text, w->scratch.data ? w->scratch.data : "", w->scratch.len);
	parse_text_lines(pl, off, pl->text.len);
}

/* Stores up to max rows (tr) of the table in rows, looking into thead/tbody/tfoot but not into
 * nested tables; returns how many there are. */
static size_t collect_rows(const xmlNode *table, const xmlNode **rows, size_t max)
{
	size_t n = 0;
	for (const xmlNode *c = table->children; c; c = c->next) {
		if (name_is(c, "tr")) {
			if (n < max)
				rows[n] = c;
			n++;
		} else if (name_is(c, "thead") || name_is(c, "tbody") || name_is(c, "tfoot")) {
			for (const xmlNode *r = c->children; r; r = r->next)
				if (name_is(r, "tr")) {
					if (n < max)
						rows[n] = r;
					n++;
				}
		}
	}
	return n;
}

static bool is_cell(const xmlNode *n)
{
	return name_is(n, "td") || name_is(n, "th");
}

/* True when the subtree holds a table or a heading (bounded search). */
static bool holds_structure(const xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		if (name_is(n, "table") || name_in(n, heading_elements))
			return true;
		if (n->type == XML_ELEMENT_NODE && depth < HTML_MAX_DEPTH && holds_structure(n->children, depth + 1))
			return true;
	}
	return false;
}

/* A layout table: one of its cells holds a table, a heading or a whole article. */
static bool is_layout_table(const xmlNode *const *rows, size_t nrows, struct buf *scratch, int depth)
{
	for (size_t i = 0; i < nrows; i++)
		for (const xmlNode *c = rows[i]->children; c; c = c->next) {
			if (!is_cell(c))
				continue;
			if (holds_structure(c->children, depth))
				return true;
			buf_reset(scratch);
			gather_text_max(c->children, scratch, depth, LAYOUT_CELL_TEXT);
			if (scratch->len > LAYOUT_CELL_TEXT)
				return true;
		}
	return false;
}

static int span_attr(const xmlNode *n, const char *name, int max)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return 1;
	long x = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return x < 1 ? 1 : x > max ? max : (int)x;
}

/* Adds the text of a cell element as a cell of the open line. */
static void add_cell_text(struct html_walk *w, const xmlNode *cell, int depth)
{
	struct plines *pl = w->pl;
	buf_reset(&w->scratch);
	gather_text(cell->children, &w->scratch, depth);
	if (pl->text.len + w->scratch.len > PLINES_MAX_TEXT) {
		pl->truncated = true;
		return;
	}
	size_t off = pl->text.len;
	parse_normalize(&pl->text, w->scratch.data ? w->scratch.data : "", w->scratch.len);
	plines_add_cell(pl, off, pl->text.len - off);
}

static void add_empty_cell(struct plines *pl)
{
	plines_add_cell(pl, pl->text.len, 0);
}

/* One grid row: covered slots (pending rowspans) are empty cells. */
static void grid_row(struct html_walk *w, const xmlNode *tr, int *pending, int *width, int depth)
{
	struct plines *pl = w->pl;
	int col = 0;
	plines_open_line(pl);
	for (const xmlNode *c = tr->children; c && !pl->truncated; c = c->next) {
		if (!is_cell(c))
			continue;
		while (col < GRID_MAX_COLS && pending[col] > 0) {
			pending[col]--;
			add_empty_cell(pl);
			col++;
		}
		int rs = span_attr(c, "rowspan", GRID_MAX_ROWSPAN), cs = span_attr(c, "colspan", GRID_MAX_COLS);
		for (int k = 0; k < cs && col < GRID_MAX_COLS; k++, col++) {
			if (k == 0)
				add_cell_text(w, c, depth);
			else
				add_empty_cell(pl);
			pending[col] = rs - 1;
		}
	}
	for (; col < *width && col < GRID_MAX_COLS; col++) {
		if (pending[col] > 0)
			pending[col]--;
		add_empty_cell(pl);
	}
	if (col > *width)
		*width = col;
	plines_close_line(pl, PLINE_NO_RAW, 0);
}

static void read_table(struct html_walk *w, const xmlNode *table, int depth)
{
	flush_line(w);
	size_t nrows = collect_rows(table, NULL, 0);
	if (nrows == 0) {
		walk(w, table->children, depth + 1);
		return;
	}
	const xmlNode **rows = xmalloc(nrows * sizeof *rows);
	collect_rows(table, rows, nrows);
	if (is_layout_table(rows, nrows, &w->scratch, depth)) {
		for (size_t i = 0; i < nrows; i++)
			for (const xmlNode *c = rows[i]->children; c; c = c->next) {
				flush_line(w);
				walk(w, c->children, depth + 2);
				flush_line(w);
			}
	} else {
		int pending[GRID_MAX_COLS] = {0}, width = 0;
		for (size_t i = 0; i < nrows && !w->pl->truncated; i++)
			grid_row(w, rows[i], pending, &width, depth + 2);
	}
	free(rows);
}

static void walk(struct html_walk *w, const xmlNode *n, int depth)
{
	for (; n && !w->pl->truncated; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				append_collapsed(&w->line, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || depth >= HTML_MAX_DEPTH || name_in(n, skipped_elements))
			continue;
		if (name_is(n, "br")) {
			flush_line(w);
		} else if (name_is(n, "table")) {
			read_table(w, n, depth);
		} else if (name_is(n, "pre")) {
			read_pre(w, n, depth);
		} else if (name_in(n, block_elements)) {
			flush_line(w);
			walk(w, n->children, depth + 1);
			flush_line(w);
		} else {
			walk(w, n->children, depth + 1);
		}
	}
}

bool parse_looks_like_html(const char *data, size_t len)
{
	static const char *const tags[] = {"<html", "<!doctype html", "<body", "<table", "<p>", "<p ", "<div",
					   "<meta", "<head",	      "<br",   "<h1",	 "<h2", "<tr", "<td"};
	size_t n = len < 4096 ? len : 4096;
	size_t i = 0;
	while (i < n && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	if (i >= n || data[i] != '<')
		return false;
	for (; i < n; i++) {
		if (data[i] != '<')
			continue;
		for (size_t k = 0; k < sizeof tags / sizeof *tags; k++) {
			size_t tl = strlen(tags[k]);
			if (n - i >= tl && strncasecmp(data + i, tags[k], tl) == 0)
				return true;
		}
	}
	return false;
}

int parse_html(const char *data, size_t len, struct plines *pl, char *err, size_t errsize)
{
	int opts = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_RECOVER |
		   HTML_PARSE_NOBLANKS | HTML_PARSE_IGNORE_ENC; /* the bytes were already made UTF-8 */
	if (gk_xml_load(err, errsize) < 0)
		return -1; /* err names the library and its package */
	htmlDocPtr doc = len > (size_t)INT32_MAX ? NULL : htmlReadMemory(data, (int)len, NULL, "UTF-8", opts);
	if (!doc) {
		snprintf(err, errsize, "无法解析 HTML 网页内容");
		return -1;
	}
	struct html_walk w = {.pl = pl};
	walk(&w, xmlDocGetRootElement(doc), 0);
	flush_line(&w);
	buf_free(&w.line);
	buf_free(&w.scratch);
	xmlFreeDoc(doc);
	return 0;
}
