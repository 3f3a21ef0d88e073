/* parse_text.c — turning plain text (copied from a web page, a PDF or a word processor) into lines
 * of cells, the form every later stage of the parser reads.
 *
 * Cells are separated by tabs when a line has them, by `|` in pipe (Markdown) tables, otherwise by
 * runs of two or more spaces. Trailing numbers separated by single spaces are split off a cell, so
 * "一、本年新收…数量 1 0 0 0 0 0 1" gives a label and seven values whatever the layout. */
#include <stdlib.h>
#include <string.h>

#include "report/parse_internal.h"

void plines_free(struct plines *pl)
{
	buf_free(&pl->text);
	free(pl->cells);
	free(pl->lines);
	*pl = (struct plines){0};
}

void plines_open_line(struct plines *pl)
{
	pl->open_first = pl->ncells;
}

static void push_cell(struct plines *pl, size_t off, size_t len)
{
	if (pl->ncells >= PLINES_MAX_CELLS) {
		pl->truncated = true;
		return;
	}
	if (pl->ncells == pl->cells_cap) {
		pl->cells_cap = pl->cells_cap ? pl->cells_cap * 2 : 256;
		pl->cells = xrealloc(pl->cells, pl->cells_cap * sizeof *pl->cells);
	}
	pl->cells[pl->ncells++] = (struct pcell){(uint32_t)off, (uint32_t)len};
}

/* Finds the last space-separated token of s[0, end): sets *ts to its start; returns false if none. */
static bool last_token(const char *s, size_t end, size_t *ts)
{
	while (end > 0 && s[end - 1] == ' ')
		end--;
	if (end == 0)
		return false;
	const char *space = memrchr(s, ' ', end); /* the token may be a long run of text */
	*ts = space ? (size_t)(space - s) + 1 : 0;
	return true;
}

/* Start of the trailing run of value tokens in s[0, len) (len when there is none). A unit written
 * apart ("12.5 万元") stays with its number. */
static size_t value_tail_start(const char *s, size_t len)
{
	size_t tail = len, end = len, ts;
	while (last_token(s, end, &ts)) {
		size_t te = end;
		while (te > ts && s[te - 1] == ' ')
			te--;
		enum vkind k = parse_value(s + ts, te - ts, NULL);
		if (k == VK_LABEL && ts > 0) {
			size_t ps; /* a unit token: try it together with the number before it */
			if (last_token(s, ts, &ps) && parse_value(s + ps, te - ps, NULL) == VK_NUMBER &&
			    parse_value(s + ps, ts - 1 - ps, NULL) == VK_NUMBER)
				ts = ps, k = VK_NUMBER;
		}
		if (k == VK_LABEL)
			break;
		tail = ts;
		end = ts;
	}
	return tail;
}

/* Pushes the tokens of s[from, to) (absolute offsets from base) as separate cells. */
static void push_tokens(struct plines *pl, size_t base, size_t from, size_t to)
{
	const char *s = pl->text.data + base;
	size_t i = from;
	while (i < to) {
		while (i < to && s[i] == ' ')
			i++;
		if (i >= to)
			break;
		size_t b = i;
		while (i < to && s[i] != ' ')
			i++;
		size_t e = i, j = i; /* glue a following unit to its number */
		while (j < to && s[j] == ' ')
			j++;
		size_t ue = j;
		while (ue < to && s[ue] != ' ')
			ue++;
		if (j < to && parse_value(s + j, ue - j, NULL) == VK_LABEL &&
		    parse_value(s + b, ue - b, NULL) == VK_NUMBER)
			e = i = ue;
		push_cell(pl, base + b, e - b);
	}
}

void plines_add_cell(struct plines *pl, size_t off, size_t len)
{
	const char *s = pl->text.data + off;
	while (len > 0 && (s[0] == ' ' || s[0] == '\t'))
		s++, off++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || memchr(s, ' ', len) == NULL || parse_value(s, len, NULL) != VK_LABEL) {
		push_cell(pl, off, len);
		return;
	}
	size_t tail = value_tail_start(s, len);
	if (tail == len) {
		push_cell(pl, off, len);
		return;
	}
	size_t label_end = tail;
	while (label_end > 0 && s[label_end - 1] == ' ')
		label_end--;
	if (label_end > 0)
		push_cell(pl, off, label_end);
	push_tokens(pl, off, tail, len);
}

void plines_close_line(struct plines *pl, size_t raw_off, size_t raw_len)
{
	bool any = false;
	for (size_t i = pl->open_first; i < pl->ncells && !any; i++)
		any = pl->cells[i].len > 0;
	if (!any || pl->nlines >= PLINES_MAX_LINES) {
		pl->truncated |= any;
		pl->ncells = pl->open_first;
		return;
	}
	if (pl->nlines == pl->lines_cap) {
		pl->lines_cap = pl->lines_cap ? pl->lines_cap * 2 : 128;
		pl->lines = xrealloc(pl->lines, pl->lines_cap * sizeof *pl->lines);
	}
	pl->lines[pl->nlines++] = (struct pline){
	    .first = (uint32_t)pl->open_first,
	    .n = (uint32_t)(pl->ncells - pl->open_first),
	    .raw_off = (uint32_t)raw_off,
	    .raw_len = raw_off == PLINE_NO_RAW ? 0 : (uint32_t)raw_len,
	};
}

/* True for a Markdown separator line such as "|---|:--:|". */
static bool is_pipe_separator(const char *s, size_t len)
{
	bool dash = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-')
			dash = true;
		else if (s[i] != '|' && s[i] != ':' && s[i] != ' ' && s[i] != '+')
			return false;
	}
	return dash;
}

static void split_on(struct plines *pl, size_t off, size_t len, char sep)
{
	const char *s = pl->text.data + off;
	size_t b = 0;
	for (;;) {
		const char *hit = memchr(s + b, sep, len - b);
		size_t i = hit ? (size_t)(hit - s) : len;
		plines_add_cell(pl, off + b, i - b);
		if (!hit)
			return;
		b = i + 1;
	}
}

static void split_pipes(struct plines *pl, size_t off, size_t len)
{
	const char *s = pl->text.data + off;
	if (s[0] == '|')
		off++, s++, len--;
	if (len > 0 && s[len - 1] == '|')
		len--;
	split_on(pl, off, len, '|');
}

static void split_spaces(struct plines *pl, size_t off, size_t len)
{
	const char *s = pl->text.data + off;
	size_t b = 0, i = 0;
	while (i < len) {
		const char *space = memchr(s + i, ' ', len - i);
		if (!space)
			break;
		i = (size_t)(space - s);
		if (i + 1 < len && s[i + 1] == ' ') {
			plines_add_cell(pl, off + b, i - b);
			while (i < len && s[i] == ' ')
				i++;
			b = i;
		} else {
			i++;
		}
	}
	if (b < len)
		plines_add_cell(pl, off + b, len - b);
}

/* True when c occurs at least twice in s[0, len) (memchr: most lines have none). */
static bool occurs_twice(const char *s, size_t len, char c)
{
	const char *p = memchr(s, c, len);
	return p && memchr(p + 1, c, len - (size_t)(p - s) - 1) != NULL;
}

/* Narrows [*b, *e) of a text line to its content without Markdown heading, quote and emphasis
 * marks ("## 一、总体情况", "> …", "**二、…**"). */
static void strip_markdown(const char *s, size_t *b, size_t *e)
{
	size_t i = *b;
	while (i < *e && (s[i] == '#' || s[i] == '>'))
		i++;
	if (i > *b && i < *e && s[i] != ' ')
		i = *b; /* "#1" is text, "# 1" a heading */
	while (i < *e && s[i] == ' ')
		i++;
	size_t j = *e;
	if (j - i >= 4 && ((s[i] == '*' && s[i + 1] == '*' && s[j - 1] == '*' && s[j - 2] == '*') ||
			   (s[i] == '_' && s[i + 1] == '_' && s[j - 1] == '_' && s[j - 2] == '_'))) {
		i += 2;
		j -= 2;
	}
	*b = i;
	*e = j;
}

/* Splits one line text[off, off+len) into cells. */
static void split_line(struct plines *pl, size_t off, size_t len)
{
	const char *s = pl->text.data + off;
	size_t b = 0, e = len;
	while (b < e && s[b] == ' ')
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (b == e)
		return;
	plines_open_line(pl);
	if (memchr(s + b, '\t', e - b)) {
		split_on(pl, off, e, '\t');
	} else if (s[b] == '|' || occurs_twice(s + b, e - b, '|')) {
		if (is_pipe_separator(s + b, e - b))
			return;
		split_pipes(pl, off + b, e - b);
	} else {
		strip_markdown(s, &b, &e);
		split_spaces(pl, off + b, e - b);
		plines_close_line(pl, off + b, e - b);
		return;
	}
	plines_close_line(pl, off, len);
}

void parse_text_lines(struct plines *pl, size_t start, size_t end)
{
	size_t i = start;
	while (i < end && !pl->truncated) {
		const char *nl = memchr(pl->text.data + i, '\n', end - i);
		size_t e = nl ? (size_t)(nl - pl->text.data) : end;
		split_line(pl, i, e - i);
		i = e + 1;
	}
}
