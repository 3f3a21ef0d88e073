/* read_pdf_grid.c — rebuilding the rows and columns of a PDF page from where its glyphs are placed,
 * for PDF and OFD reports alike.
 *
 * A PDF has no tables, only glyphs at positions (in any order). Text extractors that print the page
 * as text lines (pdftotext -layout) split a vertical group label one character per line between
 * table rows, interleave a wrapped row label with its numbers and keep the page numbers. Here the
 * page is read geometrically instead: glyphs on one baseline form a line, a wide gap splits it into
 * fragments; a column of single CJK characters stacked without gaps is one vertical label; a line
 * of labels only, beside a row of numbers and left of them, is the wrapped rest of that row's
 * label; numbers in a run of such rows are put into column slots found from their x extents; page
 * numbers in the margins are dropped. The input is pure data, so the fuzzer drives this file alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_formats.h"

#define SPLIT_GAP	 0.45 /* a gap wider than this many glyph heights separates fragments */
#define SPLIT_GAP_CJK	 0.8  /* … but between two ideographs (text justified across a cell) this */
#define SPACE_GAP	 0.15 /* a narrower gap than SPLIT_GAP but wider than this is a space */
#define BASELINE_TOL	 0.2  /* glyphs of one fragment sit on one baseline (box bottoms this close) */
#define LINE_TOL	 0.35 /* glyph centres closer than this many heights share a line */
#define STACK_GAP	 0.3  /* vertical gap between stacked characters of a vertical label */
#define WRAP_DISTANCE	 2.2  /* a label line this many heights from a row of numbers may join it */
#define ENCLOSE_DISTANCE 8.0  /* rows of numbers this near above and below enclose a label line */
#define WRAP_HUG	 1.6  /* a label line this close (box gap, in heights) to a row is part of it */
#define MARGIN_SHARE	 0.12 /* top and bottom share of the page where page numbers live */
#define HEADING_SIZE	 1.2  /* glyphs this many times the page's mean height are a heading's */
#define MAX_STACKS	 64   /* vertical labels read on one page (a page has a handful) */

void pdf_glyphs_new_page(struct pdf_glyphs *pg, double height)
{
	pg->page_height = xrealloc(pg->page_height, (pg->npages + 1) * sizeof *pg->page_height);
	pg->page_height[pg->npages++] = isfinite(height) && height > 0 ? height : 842;
}

static bool is_space_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return len == 3 && memcmp(s, "\u3000", 3) == 0;
	return true;
}

void pdf_glyphs_add(struct pdf_glyphs *pg, double x0, double y0, double x1, double y1, const char *s, size_t len)
{
	if (pg->npages == 0 || len == 0 || len > 16 || is_space_text(s, len))
		return;
	if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1) || fabs(x0) > 1e6 || fabs(x1) > 1e6 ||
	    fabs(y0) > 1e6 || fabs(y1) > 1e6)
		return;
	if (pg->n >= READ_PDF_MAX_GLYPHS) {
		pg->truncated = true;
		return;
	}
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 1024;
		pg->g = xrealloc(pg->g, pg->cap * sizeof *pg->g);
	}
	if (x1 < x0) {
		double t = x0;
		x0 = x1, x1 = t;
	}
	if (y1 < y0) {
		double t = y0;
		y0 = y1, y1 = t;
	}
	if (y1 - y0 < 1) /* a glyph without height still has a line */
		y1 = y0 + 1;
	pg->g[pg->n++] = (struct pdf_glyph){x0, y0, x1, y1, pg->npages - 1, (uint32_t)pg->text.len, (uint32_t)len};
	buf_append(&pg->text, s, len);
}

void pdf_glyphs_free(struct pdf_glyphs *pg)
{
	free(pg->g);
	buf_free(&pg->text);
	free(pg->page_height);
	*pg = (struct pdf_glyphs){0};
}

/* A run of glyphs read as one piece of text: a cell, a label or a line of prose. */
struct frag {
	double x0, y0, x1, y1;
	uint32_t off, len; /* normalised text in the page's scratch buffer */
	int line;	   /* line it belongs to (-1: removed) */
	bool value;	   /* the text is a number or an explicit blank */
	bool stack;	   /* a vertical label */
};

struct line {
	double y0, y1;
	size_t first, n; /* frags[first .. first+n) at building time */
	bool numeric;	 /* holds a value fragment */
	int joined_to;	 /* -1, or the numeric line this label line was merged into */
	double value_x0; /* left edge of its first value fragment */
};

struct page {
	const struct pdf_glyphs *pg;
	const struct pdf_glyph **gl; /* the page's glyphs */
	size_t ngl;
	struct frag *frags;
	size_t nfrags, frags_cap;
	struct line *lines;
	size_t nlines, lines_cap;
	struct buf text; /* fragment texts, normalised */
	struct buf raw;	 /* scratch */
};

static double height_of(const struct pdf_glyph *g)
{
	return g->y1 - g->y0;
}

static double centre_y(const struct pdf_glyph *g)
{
	return (g->y0 + g->y1) / 2;
}

static int by_centre_y(const void *a, const void *b)
{
	double ya = centre_y(*(const struct pdf_glyph *const *)a), yb = centre_y(*(const struct pdf_glyph *const *)b);
	return ya < yb ? -1 : ya > yb;
}

static int by_x0(const void *a, const void *b)
{
	double xa = (*(const struct pdf_glyph *const *)a)->x0, xb = (*(const struct pdf_glyph *const *)b)->x0;
	return xa < xb ? -1 : xa > xb;
}

static const char *glyph_text(const struct page *p, const struct pdf_glyph *g)
{
	return p->pg->text.data + g->off;
}

static void push_frag(struct page *p, struct frag f)
{
	if (p->nfrags == p->frags_cap) {
		p->frags_cap = p->frags_cap ? p->frags_cap * 2 : 256;
		p->frags = xrealloc(p->frags, p->frags_cap * sizeof *p->frags);
	}
	p->frags[p->nfrags++] = f;
}

/* Closes the fragment whose raw text was gathered in p->raw. */
static void end_frag(struct page *p, struct frag *f)
{
	if (p->raw.len == 0)
		return;
	f->off = (uint32_t)p->text.len;
	parse_normalize(&p->text, p->raw.data, p->raw.len);
	f->len = (uint32_t)(p->text.len - f->off);
	f->value = f->len > 0 && vkind_is_value(parse_value(p->text.data + f->off, f->len, NULL));
	push_frag(p, *f);
	buf_reset(&p->raw);
}

/* True for a CJK ideograph (U+4E00–U+9FFF), not its punctuation. */
static bool is_ideograph(const struct page *p, const struct pdf_glyph *g)
{
	unsigned char c = (unsigned char)glyph_text(p, g)[0];
	return g->len == 3 && c >= 0xE4 && c <= 0xE9;
}

/* Splits the glyphs gl[0, n) of one line (sorted by x) into fragments at wide gaps, skipping the
 * glyphs of vertical labels. A glyph drawn twice at the same place (fake bold) is read once. */
static void split_fragments(struct page *p, const struct pdf_glyph **gl, const bool *stacked, size_t n, int line)
{
	struct frag f = {0};
	buf_reset(&p->raw);
	const struct pdf_glyph *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct pdf_glyph *g = gl[i];
		if (stacked[i])
			continue;
		double h = prev ? fmax(height_of(g), height_of(prev)) : height_of(g);
		if (prev) {
			double gap = g->x0 - prev->x1;
			if (fabs(g->x0 - prev->x0) < 0.1 * h && g->len == prev->len &&
			    memcmp(glyph_text(p, g), glyph_text(p, prev), g->len) == 0)
				continue;
			bool other_baseline = fabs(g->y1 - prev->y1) > BASELINE_TOL * h;
			double split = is_ideograph(p, prev) && is_ideograph(p, g) ? SPLIT_GAP_CJK : SPLIT_GAP;
			if (gap > split * h || other_baseline) {
				end_frag(p, &f);
				prev = NULL;
			} else if (gap > SPACE_GAP * h) {
				buf_putc(&p->raw, ' ');
			}
		}
		if (!prev)
			f = (struct frag){g->x0, g->y0, g->x1, g->y1, 0, 0, line, false, false};
		f.x0 = fmin(f.x0, g->x0), f.x1 = fmax(f.x1, g->x1);
		f.y0 = fmin(f.y0, g->y0), f.y1 = fmax(f.y1, g->y1);
		buf_append(&p->raw, glyph_text(p, g), g->len);
		prev = g;
	}
	end_frag(p, &f);
}

static void push_line(struct page *p, struct line l)
{
	if (p->nlines == p->lines_cap) {
		p->lines_cap = p->lines_cap ? p->lines_cap * 2 : 64;
		p->lines = xrealloc(p->lines, p->lines_cap * sizeof *p->lines);
	}
	p->lines[p->nlines++] = l;
}

/* True for one CJK character (three UTF-8 bytes from U+2000 on: ideographs and their punctuation). */
static bool is_cjk_glyph(const struct page *p, const struct pdf_glyph *g)
{
	return g->len == 3 && (unsigned char)glyph_text(p, g)[0] >= 0xE2;
}

/* Sorts the page's glyphs into lines (p->gl reordered: by line, then by x); marks in isolated[]
 * the CJK glyphs with no neighbour close beside them on their line. Returns the number of lines,
 * their ranges in bounds[] (line k = gl[bounds[k], bounds[k+1])). */
static size_t sort_into_lines(struct page *p, size_t *bounds, bool *isolated)
{
	qsort(p->gl, p->ngl, sizeof *p->gl, by_centre_y);
	size_t i = 0, n = 0;
	while (i < p->ngl) {
		double sum = centre_y(p->gl[i]), h = height_of(p->gl[i]);
		size_t j = i + 1;
		while (j < p->ngl &&
		       centre_y(p->gl[j]) - sum / (double)(j - i) <= LINE_TOL * fmax(h, height_of(p->gl[j]))) {
			sum += centre_y(p->gl[j]);
			h = fmax(h, height_of(p->gl[j]));
			j++;
		}
		qsort(p->gl + i, j - i, sizeof *p->gl, by_x0);
		for (size_t k = i; k < j; k++) {
			const struct pdf_glyph *g = p->gl[k];
			double near = SPACE_GAP * height_of(g);
			bool left = k > i && g->x0 - p->gl[k - 1]->x1 <= near;
			bool right = k + 1 < j && p->gl[k + 1]->x0 - g->x1 <= near;
			isolated[k] = is_cjk_glyph(p, g) && !left && !right;
		}
		bounds[n++] = i;
		i = j;
	}
	bounds[n] = p->ngl;
	return n;
}

static int glyph_by_x_then_y(const void *a, const void *b, void *ctx)
{
	const struct pdf_glyph *const *gl = ctx;
	const struct pdf_glyph *ga = gl[*(const size_t *)a], *gb = gl[*(const size_t *)b];
	double ka = round(ga->x0), kb = round(gb->x0);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return ga->y0 < gb->y0 ? -1 : ga->y0 > gb->y0;
}

/* Finds columns of isolated CJK glyphs stacked without vertical gaps (a group label written one
 * character per line), marks them in stacked[] and adds each column as one fragment (at most
 * MAX_STACKS per page; further columns stay ordinary glyphs). */
static void find_stacks(struct page *p, const bool *isolated, bool *stacked)
{
	size_t *c = xmalloc((p->ngl + 1) * sizeof *c), n = 0, nstacks = 0;
	for (size_t i = 0; i < p->ngl; i++)
		if (isolated[i])
			c[n++] = i;
	qsort_r(c, n, sizeof *c, glyph_by_x_then_y, p->gl);
	size_t i = 0;
	while (i < n) {
		size_t j = i + 1;
		while (j < n) {
			const struct pdf_glyph *a = p->gl[c[j - 1]], *b = p->gl[c[j]];
			double h = height_of(a);
			if (fabs(b->x0 - a->x0) > 0.3 * h || b->y0 - a->y1 > STACK_GAP * h || b->y0 < a->y0 + 0.5 * h)
				break;
			j++;
		}
		if (j - i >= 3 && nstacks < MAX_STACKS) {
			const struct pdf_glyph *g0 = p->gl[c[i]];
			struct frag s = {g0->x0, g0->y0, g0->x1, g0->y1, (uint32_t)p->text.len, 0, -1, false, true};
			for (size_t k = i; k < j; k++) {
				const struct pdf_glyph *g = p->gl[c[k]];
				buf_append(&p->text, glyph_text(p, g), g->len);
				s.x0 = fmin(s.x0, g->x0), s.x1 = fmax(s.x1, g->x1), s.y1 = fmax(s.y1, g->y1);
				stacked[c[k]] = true;
			}
			s.len = (uint32_t)(p->text.len - s.off);
			push_frag(p, s);
			nstacks++;
		}
		i = j;
	}
	free(c);
}

/* Groups the page's glyphs into lines by their vertical centres, finds the vertical labels, then
 * splits each line into fragments. */
static void build_lines(struct page *p)
{
	size_t *bounds = xmalloc((p->ngl + 2) * sizeof *bounds);
	bool *isolated = xcalloc(p->ngl + 1, sizeof *isolated), *stacked = xcalloc(p->ngl + 1, sizeof *stacked);
	size_t nl = sort_into_lines(p, bounds, isolated);
	find_stacks(p, isolated, stacked);
	for (size_t k = 0; k < nl; k++) {
		size_t first = p->nfrags;
		split_fragments(p, p->gl + bounds[k], stacked + bounds[k], bounds[k + 1] - bounds[k], (int)p->nlines);
		if (p->nfrags > first)
			push_line(p, (struct line){.first = first, .n = p->nfrags - first, .joined_to = -1});
	}
	free(bounds);
	free(isolated);
	free(stacked);
}

static bool overlaps_x(const struct frag *a, double x0, double x1)
{
	double w = fmin(a->x1 - a->x0, x1 - x0);
	return fmin(a->x1, x1) - fmax(a->x0, x0) > 0.3 * w;
}

static bool frag_alive(const struct frag *f)
{
	return f->line >= 0;
}

/* True when s[0, len) reads as a page number: at most two groups of at most six digits in all,
 * with furniture such as "-4-", "— 4 —", "第 4 页", "第4页 共12页", "4/12" (two groups need
 * furniture between them, so a row of two numbers is not taken for one). */
static bool page_number_text(const char *s, size_t len)
{
	static const char *const furniture[] = {"第", "页", "共", "—", "–", "－", "-", "/", ".", " "};
	size_t digits = 0, groups = 0, marks = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] >= '0' && s[i] <= '9') {
			groups += i == 0 || s[i - 1] < '0' || s[i - 1] > '9';
			digits++, i++;
			continue;
		}
		size_t k = 0;
		while (k < sizeof furniture / sizeof *furniture &&
		       (len - i < strlen(furniture[k]) || memcmp(s + i, furniture[k], strlen(furniture[k])) != 0))
			k++;
		if (k == sizeof furniture / sizeof *furniture)
			return false;
		marks += s[i] != ' ';
		i += strlen(furniture[k]);
	}
	return digits > 0 && digits <= 6 && (groups == 1 || (groups == 2 && marks > 0));
}

/* True when a line is a page number in the top or bottom margin of the page. */
static bool is_page_number(struct page *p, const struct line *l, double page_h)
{
	buf_reset(&p->raw);
	for (size_t i = l->first; i < l->first + l->n; i++) {
		const struct frag *f = &p->frags[i];
		if (!frag_alive(f))
			continue;
		if (f->y0 > page_h * MARGIN_SHARE && f->y1 < page_h * (1 - MARGIN_SHARE))
			return false;
		if (p->raw.len)
			buf_putc(&p->raw, ' ');
		buf_append(&p->raw, p->text.data + f->off, f->len);
		if (p->raw.len > 64)
			return false;
	}
	return p->raw.len > 0 && page_number_text(p->raw.data, p->raw.len);
}

static void line_extent(struct page *p, struct line *l)
{
	l->y0 = INFINITY, l->y1 = -INFINITY, l->numeric = false, l->value_x0 = INFINITY;
	for (size_t i = l->first; i < l->first + l->n; i++) {
		const struct frag *f = &p->frags[i];
		if (!frag_alive(f))
			continue;
		l->y0 = fmin(l->y0, f->y0), l->y1 = fmax(l->y1, f->y1);
		if (f->value) {
			l->numeric = true;
			l->value_x0 = fmin(l->value_x0, f->x0);
		}
	}
}

static bool line_alive(const struct line *l)
{
	return l->joined_to < 0 && l->y0 <= l->y1;
}

/* True when every fragment of a label line lies left of the numbers of the numeric line n. */
static bool left_of_values(const struct page *p, const struct line *l, const struct line *n)
{
	for (size_t i = l->first; i < l->first + l->n; i++) {
		const struct frag *f = &p->frags[i];
		if (frag_alive(f) && (f->value || f->x1 > n->value_x0))
			return false;
	}
	return true;
}

/* True when a line holds no value fragment. */
static bool labels_only(const struct page *p, const struct line *l)
{
	for (size_t i = l->first; i < l->first + l->n; i++)
		if (frag_alive(&p->frags[i]) && p->frags[i].value)
			return false;
	return true;
}

/* True when every fragment of line l overlaps in x a label fragment of line n of the same type
 * size (the continuation of a wrapped label starts in the label's own column; a heading is
 * larger). */
static bool under_labels_of(const struct page *p, const struct line *l, const struct line *n)
{
	for (size_t i = l->first; i < l->first + l->n; i++) {
		const struct frag *f = &p->frags[i];
		bool found = !frag_alive(f);
		for (size_t k = n->first; k < n->first + n->n && !found; k++) {
			const struct frag *g = &p->frags[k];
			double hf = f->y1 - f->y0, hg = g->y1 - g->y0;
			found = frag_alive(g) && !g->value && overlaps_x(g, f->x0, f->x1) &&
				fabs(hf - hg) <= 0.25 * fmax(hf, hg);
		}
		if (!found)
			return false;
	}
	return true;
}

/* The numeric line nearest to label line i in direction dir within ENCLOSE_DISTANCE (only across
 * label lines that are left of its numbers too), with the distance between their centres; -1 when
 * none. */
static int nearest_numeric(const struct page *p, size_t i, int dir, double *dist)
{
	const struct line *l = &p->lines[i];
	double centre = (l->y0 + l->y1) / 2, reach = ENCLOSE_DISTANCE * (l->y1 - l->y0);
	size_t k = i;
	for (;;) {
		if (dir < 0 ? k == 0 : k + 1 >= p->nlines)
			return -1;
		k = dir < 0 ? k - 1 : k + 1;
		const struct line *n = &p->lines[k];
		if (!(n->y0 <= n->y1))
			continue; /* a dropped page number */
		if (fabs((n->y0 + n->y1) / 2 - centre) > reach)
			return -1; /* lines are in vertical order: the rest are farther */
		if (n->joined_to < 0 && n->numeric)
			break;
	}
	const struct line *n = &p->lines[k];
	for (size_t m = dir < 0 ? k + 1 : i + 1; m < (dir < 0 ? i : k); m++)
		if (line_alive(&p->lines[m]) && !left_of_values(p, &p->lines[m], n))
			return -1;
	*dist = fabs((l->y0 + l->y1) / 2 - (n->y0 + n->y1) / 2);
	return (int)k;
}

/* Joins each label-only line that lies beside a row of numbers, left of them, to the nearest such
 * row: the wrapped rest of that row's label, or a group label centred on its rows. A label line
 * joins only when rows of numbers enclose it (a heading or a header row between two tables does
 * not), or when it hugs the row right under (or over) the row's own label. */
static void join_wrapped_labels(struct page *p)
{
	for (size_t i = 0; i < p->nlines; i++) {
		struct line *l = &p->lines[i];
		if (!line_alive(l) || l->numeric || !labels_only(p, l))
			continue;
		double h = l->y1 - l->y0, up = INFINITY, down = INFINITY;
		int above = nearest_numeric(p, i, -1, &up), below = nearest_numeric(p, i, 1, &down);
		int to = up <= down ? above : below;
		double best = up <= down ? up : down;
		if (to < 0 || best > WRAP_DISTANCE * h || !left_of_values(p, l, &p->lines[to]))
			continue;
		const struct line *n = &p->lines[to];
		bool hugging = fmax(n->y0 - l->y1, l->y0 - n->y1) < WRAP_HUG * h && under_labels_of(p, l, n);
		if ((above >= 0 && below >= 0) || hugging)
			l->joined_to = to;
	}
}

/* The only alive fragment of line l, or NULL when it has none or several. */
static const struct frag *single_frag(const struct page *p, const struct line *l)
{
	const struct frag *f = NULL;
	for (size_t i = l->first; i < l->first + l->n; i++)
		if (frag_alive(&p->frags[i])) {
			if (f)
				return NULL;
			f = &p->frags[i];
		}
	return f;
}

/* Joins a title wrapped over several lines: consecutive one-fragment label lines in a type larger
 * than the page's text (HEADING_SIZE times its mean glyph height), of one size, centred on one
 * another and close together, become one line ("…政府信息公开工作" + "年度报告"). */
static void join_wrapped_titles(struct page *p)
{
	double sum = 0;
	for (size_t i = 0; i < p->ngl; i++)
		sum += height_of(p->gl[i]);
	double body = p->ngl ? sum / (double)p->ngl : 0;
	int head = -1; /* the line the current title run joins to */
	for (size_t i = 0; i < p->nlines; i++) {
		struct line *l = &p->lines[i];
		const struct frag *f = line_alive(l) && !l->numeric ? single_frag(p, l) : NULL;
		double h = f ? f->y1 - f->y0 : 0;
		if (!f || h < HEADING_SIZE * body) {
			head = -1;
			continue;
		}
		if (head >= 0) {
			const struct line *t = &p->lines[head];
			const struct frag *g = single_frag(p, &p->lines[i - 1]);
			double hg = g->y1 - g->y0, centre_f = (f->x0 + f->x1) / 2, centre_g = (g->x0 + g->x1) / 2;
			if (fabs(h - hg) <= 0.1 * hg && fabs(centre_f - centre_g) <= 1.5 * hg &&
			    f->y0 - t->y1 < 0.8 * hg) {
				l->joined_to = head;
				continue;
			}
		}
		head = (int)i;
	}
}

/* Places each vertical label on the first row of numbers beside it (or on its own line). */
static void place_stacks(struct page *p)
{
	for (size_t i = 0; i < p->nfrags; i++) {
		struct frag *s = &p->frags[i];
		if (!s->stack)
			continue;
		int at = -1;
		for (size_t k = 0; k < p->nlines && at < 0; k++) {
			const struct line *l = &p->lines[k];
			if (line_alive(l) && l->numeric && l->y1 > s->y0 && l->y0 < s->y1)
				at = (int)k;
		}
		if (at < 0) {
			push_line(p, (struct line){.first = i, .n = 1, .joined_to = -1, .y0 = s->y0, .y1 = s->y0});
			at = (int)p->nlines - 1;
		}
		s->line = at;
	}
}

/* ---- emitting the lines ---- */

struct band {
	double x0, x1;
};

static int band_cmp(const void *a, const void *b)
{
	const struct band *ba = a, *bb = b;
	return ba->x0 < bb->x0 ? -1 : ba->x0 > bb->x0;
}

/* The members of each line (its own fragments and those of the lines joined to it): line k owns
 * members[start[k] .. start[k+1]). */
struct owners {
	struct frag **members;
	size_t *start;
};

static int owner_of(const struct page *p, const struct frag *f)
{
	int k = f->line;
	return p->lines[k].joined_to >= 0 ? p->lines[k].joined_to : k;
}

static void owners_build(const struct page *p, struct owners *o)
{
	o->start = xcalloc(p->nlines + 2, sizeof *o->start);
	o->members = xmalloc((p->nfrags + 1) * sizeof *o->members);
	for (size_t i = 0; i < p->nfrags; i++)
		if (p->frags[i].line >= 0)
			o->start[owner_of(p, &p->frags[i]) + 2]++;
	for (size_t k = 2; k < p->nlines + 2; k++)
		o->start[k] += o->start[k - 1];
	for (size_t i = 0; i < p->nfrags; i++)
		if (p->frags[i].line >= 0)
			o->members[o->start[owner_of(p, &p->frags[i]) + 1]++] = &p->frags[i];
}

static void owners_free(struct owners *o)
{
	free(o->members);
	free(o->start);
}

/* The column bands of a run of numeric lines: the x extents of their value fragments, merged where
 * they overlap. Returns the number of bands (at most max). */
static size_t column_bands(const struct owners *o, const size_t *rows, size_t nrows, struct band *out, size_t max)
{
	size_t n = 0, cap = 0;
	for (size_t r = 0; r < nrows; r++)
		cap += o->start[rows[r] + 1] - o->start[rows[r]];
	struct band *b = xmalloc((cap + 1) * sizeof *b);
	for (size_t r = 0; r < nrows; r++)
		for (size_t i = o->start[rows[r]]; i < o->start[rows[r] + 1]; i++) {
			const struct frag *f = o->members[i];
			if (f->value && !f->stack)
				b[n++] = (struct band){f->x0, f->x1};
		}
	qsort(b, n, sizeof *b, band_cmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && b[i].x0 < out[m - 1].x1)
			out[m - 1].x1 = fmax(out[m - 1].x1, b[i].x1);
		else if (m < max)
			out[m++] = b[i];
	}
	free(b);
	return m;
}

static int frag_by_x(const void *a, const void *b)
{
	const struct frag *fa = *(const struct frag *const *)a, *fb = *(const struct frag *const *)b;
	return fa->x0 < fb->x0 ? -1 : fa->x0 > fb->x0;
}

static int frag_by_y(const void *a, const void *b)
{
	const struct frag *fa = *(const struct frag *const *)a, *fb = *(const struct frag *const *)b;
	if (fa->y0 != fb->y0)
		return fa->y0 < fb->y0 ? -1 : 1;
	return fa->x0 < fb->x0 ? -1 : fa->x0 > fb->x0;
}

/* Adds the texts of f[0, n) (one cell) to pl, in reading order, as one cell. */
static void add_joined_cell(const struct page *p, struct frag **f, size_t n, struct plines *pl)
{
	qsort(f, n, sizeof *f, frag_by_y);
	size_t off = pl->text.len;
	for (size_t i = 0; i < n; i++)
		buf_append(&pl->text, p->text.data + f[i]->off, f[i]->len);
	plines_add_cell(pl, off, pl->text.len - off);
}

/* Emits the label fragments f[0, n) of a row, sorted by x: fragments overlapping in x (a label and
 * its wrapped continuation) are one cell. */
static void emit_labels(const struct page *p, struct frag **f, size_t n, struct plines *pl)
{
	qsort(f, n, sizeof *f, frag_by_x);
	size_t i = 0;
	while (i < n) {
		double x0 = f[i]->x0, x1 = f[i]->x1;
		size_t j = i + 1;
		while (j < n && overlaps_x(f[j], x0, x1))
			x1 = fmax(x1, f[j]->x1), j++;
		add_joined_cell(p, f + i, j - i, pl);
		i = j;
	}
}

/* Emits a line from its members f[0, n): labels, then one slot per band. */
static void emit_line(const struct page *p, struct frag *const *f, size_t n, const struct band *b, size_t nb,
		      struct plines *pl)
{
	struct frag **labels = xmalloc((n + 1) * sizeof *labels), **slots = xmalloc((n + 1) * sizeof *slots);
	size_t nl = 0, ns = 0;
	for (size_t i = 0; i < n; i++) {
		if (nb && (f[i]->x0 + f[i]->x1) / 2 >= b[0].x0 && !f[i]->stack)
			slots[ns++] = f[i];
		else
			labels[nl++] = f[i];
	}
	plines_open_line(pl);
	emit_labels(p, labels, nl, pl);
	qsort(slots, ns, sizeof *slots, frag_by_x);
	size_t s = 0;
	for (size_t c = 0; c < nb; c++) {
		double right = c + 1 < nb ? b[c + 1].x0 : INFINITY;
		size_t e = s;
		while (e < ns && (slots[e]->x0 + slots[e]->x1) / 2 < right)
			e++;
		if (e > s)
			add_joined_cell(p, slots + s, e - s, pl);
		else
			plines_add_cell(pl, pl->text.len, 0);
		s = e;
	}
	if (!nb)
		emit_labels(p, slots, ns, pl);
	plines_close_line(pl, PLINE_NO_RAW, 0);
	free(labels);
	free(slots);
}

static int line_order(const void *a, const void *b, void *ctx)
{
	const struct line *l = ctx;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	return l[ia].y0 < l[ib].y0 ? -1 : l[ia].y0 > l[ib].y0;
}

#define MAX_BANDS 64

/* Emits the page's lines in reading order; runs of consecutive numeric lines share column bands. */
static void emit_page(struct page *p, struct plines *pl)
{
	size_t *order = xmalloc((p->nlines + 1) * sizeof *order), n = 0;
	for (size_t i = 0; i < p->nlines; i++)
		if (line_alive(&p->lines[i]))
			order[n++] = i;
	qsort_r(order, n, sizeof *order, line_order, p->lines);
	struct owners o;
	owners_build(p, &o);
	struct band b[MAX_BANDS];
	size_t i = 0;
	while (i < n && !pl->truncated) {
		size_t j = i;
		while (j < n && p->lines[order[j]].numeric)
			j++;
		size_t nb = j > i ? column_bands(&o, order + i, j - i, b, MAX_BANDS) : 0;
		if (j == i)
			j = i + 1;
		for (size_t k = i; k < j; k++) {
			size_t from = o.start[order[k]], to = o.start[order[k] + 1];
			emit_line(p, o.members + from, to - from, b, nb, pl);
		}
		i = j;
	}
	owners_free(&o);
	free(order);
}

static void read_page(struct page *p, double page_h, struct plines *pl)
{
	p->nfrags = p->nlines = 0;
	buf_reset(&p->text);
	build_lines(p);
	for (size_t i = 0; i < p->nlines; i++) {
		struct line *l = &p->lines[i];
		if (is_page_number(p, l, page_h))
			for (size_t k = l->first; k < l->first + l->n; k++)
				p->frags[k].line = -1;
		line_extent(p, l);
	}
	join_wrapped_titles(p);
	join_wrapped_labels(p);
	place_stacks(p);
	emit_page(p, pl);
}

void pdf_glyphs_to_lines(const struct pdf_glyphs *pg, struct plines *pl)
{
	struct page p = {.pg = pg};
	buf_append(&pl->text, "", 0); /* empty cells point into the storage: it must exist */
	p.gl = xmalloc((pg->n + 1) * sizeof *p.gl);
	size_t i = 0;
	for (uint32_t page = 0; page < pg->npages && !pl->truncated; page++) {
		p.ngl = 0;
		while (i < pg->n && pg->g[i].page == page)
			p.gl[p.ngl++] = &pg->g[i++];
		if (p.ngl)
			read_page(&p, pg->page_height[page], pl);
	}
	if (pg->truncated)
		pl->truncated = true;
	free(p.gl);
	free(p.frags);
	free(p.lines);
	buf_free(&p.text);
	buf_free(&p.raw);
}
