/* parse_internal.h — the pieces of the annual-report parser shared between its files; not a public
 * interface (callers use report_parse.h).
 *
 * The parser has two front ends and one back end. The input is decoded to UTF-8 and normalised
 * (parse_encoding.c, parse_normalize.c). Structured input (HTML tables: parse_html.c; other readers
 * add theirs through plines_open_line/plines_add_cell/plines_close_line) becomes a cell grid
 * directly; flat text (web copies in one line, pdftotext, Markdown) is first anchored on the labels
 * of parse_labels.c wherever they stand (parse_anchor.c), then cut into cells (parse_text.c). The
 * one dispatch on content is read_front_end() in report_parse.c. The back end reads title, edition
 * and sections (report_parse.c) and assembles the tables on the same label table (parse_tables.c),
 * splitting digits that ran together with the identities (parse_recover.c per row, then table 三 as
 * a whole). All cell texts live in one storage buffer and are referred to by offset, so splitting
 * costs no allocation per cell. */
#ifndef GONGKAI_REPORT_PARSE_INTERNAL_H
#define GONGKAI_REPORT_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/findings.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/utf8.h"

/* Bounds that keep memory linear in the input whatever it holds (colspan amplification, many lines). */
#define PLINES_MAX_CELLS (1u << 21)
#define PLINES_MAX_LINES (1u << 20)
#define PLINES_MAX_TEXT	 (256u << 20)
#define PLINE_NO_RAW	 UINT32_MAX /* raw text of a line = its cells joined by spaces (HTML table rows) */

/* A cell: a slice of the storage buffer, trimmed, not NUL-terminated. */
struct pcell {
	uint32_t off, len;
};

/* A line: its cells and the raw text it came from (for section texts and the title). */
struct pline {
	uint32_t first, n;	   /* cells[first .. first+n) */
	uint32_t raw_off, raw_len; /* raw_off == PLINE_NO_RAW: join the cells */
};

struct plines {
	struct buf text; /* storage of every cell and raw line, normalised UTF-8 */
	struct pcell *cells;
	size_t ncells, cells_cap;
	struct pline *lines;
	size_t nlines, lines_cap;
	size_t open_first; /* first cell of the line being built */
	bool truncated;	   /* a bound above was reached; the rest of the input was dropped */
};

/* A constant word with its length, for the many small lookups of the parser. */
struct word {
	const char *s;
	size_t len;
};
#define WORD(lit)                                                                                                      \
	{                                                                                                              \
		lit, sizeof(lit) - 1                                                                                   \
	}

/* True when needle occurs in hay; cheaper than memmem on the short strings compared here. The
 * needles are mostly ideographs, whose first byte is the first byte of every third character of the
 * hay, so the scan compares the first three bytes inline instead of calling memchr per hit. */
static inline bool text_has(const char *hay, size_t hay_len, const char *needle, size_t needle_len)
{
	if (needle_len == 0)
		return true;
	if (hay_len < needle_len)
		return false;
	const char *last = hay + (hay_len - needle_len);
	if (needle_len < 3)
		return memmem(hay, hay_len, needle, needle_len) != NULL;
	const char a = needle[0], b = needle[1], c = needle[2];
	for (const char *p = hay; p <= last; p++)
		if (p[0] == a && p[1] == b && p[2] == c && memcmp(p + 3, needle + 3, needle_len - 3) == 0)
			return true;
	return false;
}

static inline bool word_has(const char *hay, size_t hay_len, struct word w)
{
	return text_has(hay, hay_len, w.s, w.len);
}

/* word_has for a label key (parse_label_key: whole ideographs and letters, nothing else) and a word
 * of at least one ideograph: the word is tried only where a character of the key starts. */
static inline bool key_has(const char *key, size_t key_len, struct word w)
{
	if (w.len < 3)
		return text_has(key, key_len, w.s, w.len);
	if (key_len < w.len)
		return false;
	const char *last = key + (key_len - w.len);
	for (const char *p = key; p <= last; p += (unsigned char)p[0] >= 0xE0 ? 3 : 1)
		if (p[0] == w.s[0] && p[1] == w.s[1] && p[2] == w.s[2] && memcmp(p + 3, w.s + 3, w.len - 3) == 0)
			return true;
	return false;
}

/* True when s[0, len) equals the word. */
static inline bool word_is(const char *s, size_t len, struct word w)
{
	return len == w.len && memcmp(s, w.s, len) == 0;
}

/* ---- parse_labels.c: the labels anchored on ---- */

enum parse_label_kind {
	PL_ROW,	    /* a row of table 二 or 三 */
	PL_GROUP,   /* a group label of table 三 that carries no numbers ("（三）不予公开") */
	PL_HEADING, /* a top-level section heading */
	PL_HEADER,  /* the heading row of a part of a table ("第二十条第（五）项") */
	PL_EXTRA,   /* a row the template does not have ("其中修订件"), after the numbers of a row */
};

/* One label variant. Rows: table 2 (row = enum pro_row) or 3 (enum app_row), the editions that
 * have the row, the item number written before it ("2.其他法律…" → 2; 0 for none). Headings: row is
 * the template section 1–6, or 0 for a section the template does not have. */
struct parse_label {
	enum parse_label_kind kind;
	int table;
	int row;
	unsigned editions; /* EDITION_BIT_* */
	int item;
	struct word key; /* parse_label_key form */
};
extern const struct parse_label parse_labels[];
extern const size_t parse_label_count;

/* Column headings: a line whose label cells are parse_header_words (or contain one of
 * parse_header_parts) is a header, not a row; parse_header_ambiguous are headings that are also
 * row labels ("总计"), a header only next to other headings. */
extern const struct word parse_header_words[], parse_header_parts[], parse_header_ambiguous[];
extern const size_t parse_header_word_count, parse_header_part_count, parse_header_ambiguous_count;

/* Finds the longest label of the given kinds (bit 1 << kind) spelled at the start of s (spaces,
 * line breaks and punctuation between its characters allowed); sets *end to the bytes it spans.
 * Returns NULL when none. */
const struct parse_label *parse_label_at(const char *s, size_t len, unsigned kinds, size_t *end);
/* Finds the longest label of the given kinds spelled so that it ends at s[end] (no spaces after
 * it); sets *start to where it begins. Returns NULL when none. */
const struct parse_label *parse_label_before(const char *s, size_t end, unsigned kinds, size_t *start);
/* The labels whose key may end with the character at c[0, 3): the first index into parse_labels,
 * then the next ones (ascending), -1 after the last. Keys sharing a bucket are listed too: callers
 * compare the whole key. */
int parse_label_ending_first(const char *c);
int parse_label_ending_next(int i);
/* Section (0–6, see struct parse_label) of a heading whose key starts key[0, len), or -1. */
int parse_heading_of_key(const char *key, size_t len);

/* ---- parse_anchor.c: flat text to anchored lines ---- */

/* Rewrites the normalised text s[0, len) into out so that every row label, group label and section
 * heading found in it starts a line, wherever it stood (mid-line, glued to the digits of the row
 * before, after an item number glued to them), with two spaces between a row label and its
 * numbers; removes page footers ("-4-"). Line breaks inside a label become spaces. */
void parse_anchor_text(struct buf *out, const char *s, size_t len);

/* ---- parse_text.c: lines of cells ---- */

/* Frees what pl owns and leaves it empty. */
void plines_free(struct plines *pl);
/* Starts a new line; cells added until plines_close_line belong to it. */
void plines_open_line(struct plines *pl);
/* Adds the slice text[off, off+len) as a cell of the open line: trims spaces, and splits trailing
 * space-separated value tokens off it ("本年新收…数量 1 0 0" → label, "1", "0", "0"). Empty
 * slices become empty cells (they keep positions in tab and HTML layouts). */
void plines_add_cell(struct plines *pl, size_t off, size_t len);
/* Ends the open line; a line without cells or with only empty cells is dropped. */
void plines_close_line(struct plines *pl, size_t raw_off, size_t raw_len);
/* Splits the normalised text text[start, end) of pl's storage into lines of cells: tabs, then
 * `|` pipe tables (Markdown separator lines skipped), then runs of two or more spaces. */
void parse_text_lines(struct plines *pl, size_t start, size_t end);

static inline const char *pcell_text(const struct plines *pl, const struct pcell *c)
{
	return pl->text.data + c->off;
}

/* ---- parse_html.c ---- */

/* Turns an HTML page (UTF-8) into lines of cells: tables become grids with rowspan/colspan
 * expanded (text in the top-left slot, empty slots elsewhere), other block elements one-cell
 * lines. Returns 0, or -1 with the reason in err (libxml2 cannot be loaded, or cannot read the
 * page at all). */
int parse_html(const char *data, size_t len, struct plines *pl, char *err, size_t errsize);
/* True when the content looks like an HTML page rather than plain text. */
bool parse_looks_like_html(const char *data, size_t len);

/* ---- parse_encoding.c ---- */

/* True for a control character the binary test counts: one other than NUL (reported apart) and the
 * layout characters \t \n \v \f \r. */
static inline bool parse_counted_control(unsigned char c)
{
	return (c >= 0x01 && c <= 0x08) || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
}

/* Makes data readable as UTF-8: valid UTF-8 is returned as is (*out = NULL, BOM skipped through
 * *start), otherwise it is converted from GB18030 into a malloc'd *out (caller frees). Returns 0,
 * or -1 with a Chinese message in err when the bytes are binary or in no known encoding.
 * normalized (may be NULL): when data is UTF-8 text that does not look like HTML, it receives
 * parse_normalize of the text, made in the same pass that checks the UTF-8 (normalized->data stays
 * NULL otherwise, and on error; the caller frees it). */
int parse_decode(const char *data, size_t len, char **out, size_t *out_len, const char **start, size_t *start_len,
		 struct buf *normalized, char *err, size_t errsize);

/* ---- parse_normalize.c ---- */

/* Appends s (UTF-8) normalised to out: full-width digits, letters and the punctuation of numbers to
 * ASCII, NBSP / U+3000 and other spaces to ' ', zero-width characters dropped, CR LF to LF, other
 * control characters dropped. */
void parse_normalize(struct buf *out, const char *s, size_t len);
/* parse_normalize of s[0, len) while checking that it is UTF-8, in one pass: returns false at the
 * first invalid sequence (out then holds a part: discard it). Counts in *controls the control
 * characters other than \t \n \v \f \r and sets *nul at a NUL byte, as far as it read. */
bool parse_normalize_utf8(struct buf *out, const char *s, size_t len, size_t *controls, bool *nul);
/* CJK ideographs (the characters of labels) and the numerals 一…十. */
static inline bool parse_is_cjk(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

static inline bool parse_is_cn_numeral(uint32_t cp)
{
	return cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 || cp == 0x516D ||
	       cp == 0x4E03 || cp == 0x516B || cp == 0x4E5D || cp == 0x5341; /* 一二三四五六七八九十 */
}

#define PARSE_KEY_MAX 1024
/* Writes the matching key of a label into out (size PARSE_KEY_MAX): only CJK ideographs and
 * letters remain, numbering such as "（一）", "一、", "1." and all punctuation and spaces are
 * removed. Returns the key length (the key is truncated on a character boundary if too long). */
size_t parse_label_key(const char *s, size_t len, char *out);

/* The label keys of a plines' cells, each computed on first use and kept: the edition markers
 * (report_parse.c) and the table reader (parse_tables.c) read the keys of the same cells. */
struct pkeys {
	const struct plines *pl;
	struct buf text; /* the keys computed so far, one after another */
	uint32_t *off;	 /* per cell: offset of its key in text, or PKEY_UNSET */
	uint32_t *len;	 /* per cell: key length */
};
#define PKEY_UNSET UINT32_MAX
/* Prepares an empty memo for the cells of pl (which must not change while k is used). */
void pkeys_init(struct pkeys *k, const struct plines *pl);
void pkeys_free(struct pkeys *k);
/* parse_label_key of the text of cell ci (an index into pl->cells); sets *len. The pointer is
 * valid until the next pkeys_get. */
const char *pkeys_get(struct pkeys *k, size_t ci, size_t *len);

enum vkind {
	VK_LABEL, /* text */
	VK_EMPTY, /* nothing, or a merged-cell marker (〃 ↑ ←) */
	VK_BLANK, /* explicit blank: - — / */
	VK_NUMBER,
};

struct pnum {
	bool negative;
	bool leading_zero; /* written like "007" */
	bool plain_digits; /* only digits: no sign, separator, decimals or unit */
	bool overflow;	   /* too many digits */
	int frac_digits;   /* decimals written (0 for an integer) */
	int64_t whole;	   /* integer part */
	int64_t frac;	   /* decimals scaled to REPORT_MONEY_SCALE */
	const char *unit;  /* "万元", "元", … (static) or NULL */
};

/* Classifies a trimmed cell text; for VK_NUMBER fills *num (may be NULL). */
enum vkind parse_value(const char *s, size_t len, struct pnum *num);
/* True for the value-ish kinds (empty, blank, number). */
static inline bool vkind_is_value(enum vkind k)
{
	return k != VK_LABEL;
}

/* ---- parse_recover.c: numbers run together ---- */

enum row_rule {
	RULE_NONE,  /* no arithmetic inside the row (table 二) */
	RULE_APP,   /* table 三: the 7th cell is the sum of the first six */
	RULE_CASES, /* table 四: in each block of five the fifth is the sum of the four */
};

#define RECOVER_MAX_VALUES   15
#define RECOVER_MAX_READINGS 8

struct recovery {
	int64_t readings[RECOVER_MAX_READINGS][RECOVER_MAX_VALUES];
	size_t count;	/* readings found (only the first RECOVER_MAX_READINGS are stored) */
	bool exhausted; /* the search budget ran out: the count is a lower bound */
};

/* Enumerates the ways to split the digit strings toks[0..ntoks) (each split into one or more
 * numbers, no leading zeros except "0") into exactly n numbers that satisfy rule. */
void parse_recover(const char *const *toks, const size_t *lens, size_t ntoks, size_t n, enum row_rule rule,
		   struct recovery *out);
bool parse_rule_holds(const int64_t *v, size_t n, enum row_rule rule);

/* ---- parse_tables.c ---- */

/* Section of each line: 0 before the first heading, 1–6 inside a section, -1 for heading lines. */
void parse_tables(const struct plines *pl, struct pkeys *keys, const signed char *line_section, struct report *r,
		  struct findings *f);

#endif
