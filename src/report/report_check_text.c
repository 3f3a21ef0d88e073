/* report_check_text.c — the checker's rules about words rather than cells: R9 (规章 figures of an
 * agency that cannot make 规章), R10 (numbers quoted in 一、总体情况 against the tables), T1 (a
 * 统计期限 of another year) and T2 (section 五 copied from last year's report).
 *
 * The text rules are warnings and deliberately conservative: they fire only on clear patterns
 * ("无法提供 1 件", "2022年1月1日至12月31日"), so that a clerk is never told to fix a sentence that
 * was right. Matching works on a compact copy of the text (spaces removed, full-width digits made
 * ASCII), so "依申请公开 1 件" and "依申请公开1件" read alike. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_check_priv.h"
#include "util/buf.h"
#include "util/utf8.h"

#define OVERVIEW_TITLE "一、总体情况"

/* The first bytes are compared before strncmp is called: most positions tried differ there. */
static bool starts_with(const char *s, const char *prefix)
{
	return prefix[0] == '\0' || (s[0] == prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* ---- R9: 规章 figures of an agency without 规章制定权 ---- */

/* True when the name clearly shows an agency that cannot make 规章: 街道/乡/镇, 县/区/旗 governments
 * and local departments (…局, …委员会, …办公室, …办事处). 省/自治区/直辖市/设区的市/自治州 governments
 * and 国务院 departments may make them; anything unclear is given the benefit of the doubt. */
static bool lacks_rule_making_power(const char *agency)
{
	static const char *const national[] = {"中华人民共和国", "国务院", "国家", "中国人民银行"};
	static const char *const powerless_governments[] = {"县人民政府", "旗人民政府",	  "镇人民政府",
							    "乡人民政府", "苏木人民政府", "区人民政府"};
	static const char *const department_suffixes[] = {"局", "委员会", "委", "办公室", "办", "办事处",
							  "厅", "中心",	  "所", "站",	  "队", "处"};
	for (size_t i = 0; i < sizeof national / sizeof national[0]; i++)
		if (starts_with(agency, national[i]))
			return false;
	if (strstr(agency, "街道"))
		return true;
	if (ends_with(agency, "人民政府")) {
		if (ends_with(agency, "自治区人民政府"))
			return false;
		for (size_t i = 0; i < sizeof powerless_governments / sizeof powerless_governments[0]; i++)
			if (ends_with(agency, powerless_governments[i]))
				return true;
		return false;
	}
	for (size_t i = 0; i < sizeof department_suffixes / sizeof department_suffixes[0]; i++)
		if (ends_with(agency, department_suffixes[i]))
			return true;
	return false;
}

static void check_regulation_power(const struct report *r, struct findings *f)
{
	const struct pro_row_def *def = report_pro_row(r->edition, PRO_REGULATIONS);
	if (!def || !r->agency || !lacks_rule_making_power(r->agency))
		return;
	struct buf figures = {0};
	const char *first_col = NULL;
	for (int c = 0; c < def->ncols; c++) {
		struct rcell cell = r->proactive[PRO_REGULATIONS][c];
		if (!cell.present || cell.value == 0)
			continue;
		buf_printf(&figures, "%s%s 为 %" PRId64, first_col ? "、" : "", def->col_labels[c], cell.value);
		if (!first_col)
			first_col = def->col_labels[c];
	}
	if (first_col)
		findings_add(f, "R9", SEV_WARNING, false, "表二", def->label, first_col,
			     "表二 规章 %s，但“%s”从名称看没有规章制定权（只有省、自治区、直辖市、设区的市、自治州"
			     "人民政府和国务院部门可以制定规章），请核实是否误填",
			     figures.data, r->agency);
	buf_free(&figures);
}

/* ---- compact text ---- */

/* The bytes where compact_text's run of plain bytes stops: the end and the first bytes of what it
 * rewrites. */
static const bool compact_stop[256] = {
    [0] = true, [' '] = true, ['\t'] = true, ['\r'] = true, [0xC2] = true, [0xE3] = true, [0xEF] = true};

/* Returns a malloc'd copy of text without ASCII spaces/tabs, NBSP and U+3000, with full-width
 * digits turned into ASCII ones (newlines are kept as sentence boundaries). Caller frees. */
static char *compact_text(const char *text)
{
	size_t len = strlen(text);
	char *out = xmalloc(len + 1), *o = out; /* compacting never lengthens the text */
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		const unsigned char *run = p; /* bytes no rule applies to are copied a run at a time */
		while (!compact_stop[*p])
			p++;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (!*p)
			break;
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
		} else if (p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			*o++ = (char)('0' + (p[2] - 0x90));
			p += 3;
		} else {
			*o++ = (char)*p++;
		}
	}
	*o = '\0';
	return out;
}

/* Reads 1–9 ASCII digits at *p into *value and advances *p; false when there are none (or more). */
static bool read_number(const char **p, int64_t *value)
{
	const char *s = *p;
	int64_t v = 0;
	int n = 0;
	while (*s >= '0' && *s <= '9' && n < 10) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0 || n > 9)
		return false;
	*value = v;
	*p = s;
	return true;
}

/* After a phrase: skips up to three filler words ("共", "为", "申请", "案件" …), then reads "N件".
 * On success *end points just past "件". */
static bool read_count_after(const char *s, int64_t *value, const char **end)
{
	static const char *const fillers[] = {"共", "为", "计", "达", "了", "：", ":", "案件", "申请", "数量", "数"};
	for (int round = 0; round < 3; round++) {
		bool skipped = false;
		for (size_t i = 0; i < sizeof fillers / sizeof fillers[0] && !skipped; i++)
			if (starts_with(s, fillers[i])) {
				s += strlen(fillers[i]);
				skipped = true;
			}
		if (!skipped)
			break;
	}
	if (!read_number(&s, value) || !starts_with(s, "件"))
		return false;
	*end = s + strlen("件");
	return true;
}

/* ---- R10: numbers quoted in 一、总体情况 ---- */

enum quoted_kind {
	QUOTED_RECEIVED,
	QUOTED_GRANTED,
	QUOTED_PARTIAL,
	QUOTED_DENIED,
	QUOTED_UNABLE,
	QUOTED_REJECTED,
	QUOTED_RECONSIDERATION,
	QUOTED_LITIGATION,
};

struct quoted_phrase {
	const char *phrase;
	enum quoted_kind kind;
};

static const struct quoted_phrase quoted_phrases[] = {
    {"依申请公开", QUOTED_RECEIVED},	  {"予以公开", QUOTED_GRANTED},	   {"部分公开", QUOTED_PARTIAL},
    {"不予公开", QUOTED_DENIED},	  {"无法提供", QUOTED_UNABLE},	   {"不予处理", QUOTED_REJECTED},
    {"行政复议", QUOTED_RECONSIDERATION}, {"行政诉讼", QUOTED_LITIGATION},
};

/* What the tables say for one kind of quoted number: up to three acceptable values. */
struct table_figure {
	int64_t accepted[3];
	int naccepted;
	char what[256]; /* "表三 （四）无法提供 各项总计之和为 1" */
};

static bool group_total(const struct report *r, enum app_group g, int64_t *sum)
{
	*sum = 0;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		if (report_app_rows[a].group == g && report_app_row_in(report_app_edition(r), a) &&
		    !check_add(sum, r->applications[a][APP_COL_TOTAL]))
			return false;
	return true;
}

static bool received_figure(const struct report *r, struct table_figure *t, bool describe)
{
	int64_t fresh = 0, with_carried = 0, concluded = 0;
	if (!check_add(&fresh, r->applications[APP_NEW][APP_COL_TOTAL]) ||
	    !check_add(&with_carried, r->applications[APP_NEW][APP_COL_TOTAL]) ||
	    !check_add(&with_carried, r->applications[APP_CARRIED_OVER][APP_COL_TOTAL]) ||
	    !check_add(&concluded, r->applications[APP_TOTAL][APP_COL_TOTAL]))
		return false;
	*t = (struct table_figure){{fresh, with_carried, concluded}, 3, ""};
	if (describe)
		snprintf(t->what, sizeof t->what,
			 "表三 一、本年新收政府信息公开申请数量 总计为 %" PRId64 "（加上年结转为 %" PRId64
			 "，（七）总计为 %" PRId64 "）",
			 fresh, with_carried, concluded);
	return true;
}

static bool case_figure(const struct report *r, enum quoted_kind kind, struct table_figure *t, bool describe)
{
	int64_t sum = 0;
	if (kind == QUOTED_RECONSIDERATION) {
		if (!check_add(&sum, r->cases[CASE_RECONSIDERATION][CASE_TOTAL]))
			return false;
		if (describe)
			snprintf(t->what, sizeof t->what, "表四 行政复议 总计为 %" PRId64, sum);
	} else {
		if (!check_add(&sum, r->cases[CASE_LITIGATION_DIRECT][CASE_TOTAL]) ||
		    !check_add(&sum, r->cases[CASE_LITIGATION_AFTER][CASE_TOTAL]))
			return false;
		if (describe)
			snprintf(t->what, sizeof t->what,
				 "表四 行政诉讼（未经复议直接起诉与复议后起诉）总计之和为 %" PRId64, sum);
	}
	t->accepted[0] = sum;
	t->naccepted = 1;
	return true;
}

/* Fills t with the tables' figure for kind (t->what only when describe: the text of a finding,
 * formatted for a mismatch alone); false when a cell involved is blank. */
static bool table_figure_of(const struct report *r, enum quoted_kind kind, struct table_figure *t, bool describe)
{
	static const enum app_group groups[] = {
	    [QUOTED_GRANTED] = APP_GROUP_GRANTED,   [QUOTED_PARTIAL] = APP_GROUP_PARTIAL,
	    [QUOTED_DENIED] = APP_GROUP_DENIED,	    [QUOTED_UNABLE] = APP_GROUP_UNABLE,
	    [QUOTED_REJECTED] = APP_GROUP_REJECTED,
	};
	if (kind == QUOTED_RECEIVED)
		return received_figure(r, t, describe);
	if (kind == QUOTED_RECONSIDERATION || kind == QUOTED_LITIGATION)
		return case_figure(r, kind, t, describe);
	int64_t sum;
	if (!group_total(r, groups[kind], &sum))
		return false;
	t->accepted[0] = sum;
	t->naccepted = 1;
	t->what[0] = '\0';
	bool single = kind == QUOTED_GRANTED || kind == QUOTED_PARTIAL;
	if (describe)
		snprintf(t->what, sizeof t->what, "表三 %s %s为 %" PRId64, report_app_group_labels[groups[kind]],
			 single ? "总计" : "各项总计之和", sum);
	return true;
}

/* Numbers already compared, by position in the compact text (two patterns may find one number). */
struct seen_numbers {
	const char *at[64];
	int n;
};

static bool seen_before(struct seen_numbers *seen, const char *number)
{
	for (int i = 0; i < seen->n; i++)
		if (seen->at[i] == number)
			return true;
	if (seen->n == (int)(sizeof seen->at / sizeof seen->at[0]))
		return true; /* too many quotes to track: stay silent rather than repeat */
	seen->at[seen->n++] = number;
	return false;
}

static void compare_quote(const struct report *r, struct findings *f, struct seen_numbers *seen, enum quoted_kind kind,
			  const char *quote, const char *after_phrase)
{
	int64_t value;
	const char *end;
	struct table_figure t;
	if (!read_count_after(after_phrase, &value, &end) || seen_before(seen, after_phrase) ||
	    !table_figure_of(r, kind, &t, false))
		return;
	for (int i = 0; i < t.naccepted; i++)
		if (t.accepted[i] == value)
			return;
	table_figure_of(r, kind, &t, true);
	findings_add(f, "R10", SEV_WARNING, false, "正文", OVERVIEW_TITLE, NULL,
		     "正文 一、总体情况 写“%.*s”，但%s，请核对文字与表格", (int)(end - quote), quote, t.what);
}

/* The first bytes of the clause ends below and of "申请" (E7): a byte not listed starts neither. */
static const bool clause_scan_stop[256] = {
    [0xEF] = true, [0xE3] = true, [','] = true, [';'] = true, ['\n'] = true, [0xE7] = true};

/* "收到/受理/新收 …申请 N 件": from the verb, looks for "申请" followed by a count within the clause. */
static void check_received_clauses(const struct report *r, struct findings *f, struct seen_numbers *seen,
				   const char *text)
{
	static const char *const verbs[] = {"收到", "受理", "新收"};
	static const char *const clause_ends[] = {"，", "。", "；", "！", "？", ",", ";", "\n"};
	for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++) {
		for (const char *p = strstr(text, verbs[v]); p; p = strstr(p + 1, verbs[v])) {
			const char *s = p + strlen(verbs[v]);
			for (int steps = 0; *s && steps < 90; steps++, s++) {
				if (!clause_scan_stop[(unsigned char)*s])
					continue;
				bool clause_end = false;
				for (size_t e = 0; e < sizeof clause_ends / sizeof clause_ends[0]; e++)
					clause_end |= starts_with(s, clause_ends[e]);
				if (clause_end)
					break;
				if (starts_with(s, "申请"))
					compare_quote(r, f, seen, QUOTED_RECEIVED, p, s + strlen("申请"));
			}
		}
	}
}

static void check_quoted_numbers(const struct report *r, struct findings *f, const char *text)
{
	struct seen_numbers seen = {.n = 0};
	for (size_t i = 0; i < sizeof quoted_phrases / sizeof quoted_phrases[0]; i++) {
		const struct quoted_phrase *q = &quoted_phrases[i];
		for (const char *p = strstr(text, q->phrase); p; p = strstr(p + 1, q->phrase)) {
			if (q->kind == QUOTED_GRANTED && p - text >= 3 && starts_with(p - 3, "不"))
				continue; /* "不予以公开" is not "予以公开" */
			compare_quote(r, f, &seen, q->kind, p, p + strlen(q->phrase));
		}
	}
	check_received_clauses(r, f, &seen, text);
}

/* ---- T1: the statistics period names another year ---- */

/* Reads "YYYY年" ending just before p (p points at "1月1日"…); 0 when absent. */
static int year_before(const char *text, const char *p)
{
	if ((size_t)(p - text) < strlen("年") + 4 || !starts_with(p - strlen("年"), "年"))
		return 0;
	const char *y = p - strlen("年") - 4;
	int year = 0;
	for (int i = 0; i < 4; i++) {
		if (y[i] < '0' || y[i] > '9')
			return 0;
		year = year * 10 + (y[i] - '0');
	}
	return year;
}

/* Skips "YYYY年" at *p when present; returns the year or 0. */
static int skip_year(const char **p)
{
	const char *s = *p;
	int64_t year;
	if (!read_number(&s, &year) || s - *p != 4 || !starts_with(s, "年"))
		return 0;
	*p = s + strlen("年");
	return (int)year;
}

static bool skip_any(const char **p, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (starts_with(*p, words[i])) {
			*p += strlen(words[i]);
			return true;
		}
	return false;
}

/* Matches "YYYY年1月1日[起]至[YYYY年]12月31日" around the "1月1日" at p: fills the years (to = 0 when
 * the end date names no year) and *end, just past "12月31日". */
static bool match_period(const char *text, const char *p, int *from, int *to, const char **end)
{
	static const char *const jan1[] = {"1月1日", "01月01日"};
	static const char *const to_words[] = {"至", "到", "—", "－", "-", "～", "~"};
	static const char *const dec31[] = {"12月31日"};
	*from = year_before(text, p);
	if (!*from || !skip_any(&p, jan1, 2))
		return false;
	if (starts_with(p, "起"))
		p += strlen("起");
	if (!skip_any(&p, to_words, sizeof to_words / sizeof to_words[0]))
		return false;
	*to = skip_year(&p);
	if (!skip_any(&p, dec31, 1))
		return false;
	*end = p;
	return true;
}

static void check_statistics_year(const struct report *r, struct findings *f, const char *text)
{
	if (!r->year)
		return;
	for (const char *p = strstr(text, "1月1日"); p; p = strstr(p + 1, "1月1日")) {
		int from, to;
		const char *end;
		if (p > text && p[-1] >= '0' && p[-1] <= '9')
			continue; /* "11月1日" */
		if (!match_period(text, p, &from, &to, &end))
			continue;
		if (from == r->year && (to == 0 || to == r->year))
			continue;
		const char *quote = p - strlen("年") - 4;
		findings_add(f, "T1", SEV_WARNING, false, "正文", OVERVIEW_TITLE, NULL,
			     "正文 一、总体情况 写统计期限“%.*s”，但报告标题的年度为 %d 年，请核实年度",
			     (int)(end - quote), quote, r->year);
		return;
	}
}

void check_text_rules(const struct report *r, struct findings *f)
{
	check_regulation_power(r, f);
	if (!r->overview)
		return;
	char *text = compact_text(r->overview);
	check_quoted_numbers(r, f, text);
	check_statistics_year(r, f, text);
	free(text);
}

/* ---- T2: 年年雷同 ---- */

#define T2_MIN_CHARS 20
#define T2_THRESHOLD 0.9

/* The key of the character at *p, 0 for whitespace (skipped), and advances *p. Only equality of keys
 * matters, so a common character's key is its bytes as they stand (ASCII, and the three-byte
 * characters whose lead E1–EC, EE–EF admits no overlong or surrogate form: every ideograph), not
 * decoded; any other character is decoded and keyed by its code point with bit 31 set, so that the
 * two kinds never meet (an invalid byte counts as one character of its own). Every digit is keyed
 * as '0' so that changed years do not hide a copy. */
static uint32_t next_char_key(const unsigned char **p)
{
	const unsigned char *u = *p;
	if (u[0] < 0x80) {
		*p += 1;
		if (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r')
			return 0;
		return u[0] >= '0' && u[0] <= '9' ? '0' : u[0];
	}
	if (u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
		*p += 3; /* u[2] is read only after u[1], a continuation byte, which a NUL is not */
		if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
			return 0; /* U+3000 */
		if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
			return '0'; /* a full-width digit */
		return (uint32_t)u[0] << 16 | (uint32_t)u[1] << 8 | u[2];
	}
	size_t n;
	uint32_t c = utf8_decode((const char *)u, SIZE_MAX, &n);
	*p += n;
	if (c == UTF8_INVALID)
		return 0x80000000u | (0x110000u + u[0]);
	return c == 0xA0 ? 0 : 0x80000000u | c;
}

/* Character bigrams of text (whitespace skipped, digits as '0'), each packed as
 * (first key << 32 | second key), never 0, into *v (grown as needed; *cap its capacity). Returns
 * the count. */
static size_t text_bigrams(const char *text, uint64_t **v, size_t *cap)
{
	size_t need = strlen(text);
	if (*cap < need) {
		free(*v);
		*cap = need;
		*v = xmalloc(need * sizeof **v);
	}
	uint64_t *out = *v;
	size_t n = 0;
	uint32_t prev = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		uint32_t c = next_char_key(&p);
		if (c == 0)
			continue;
		if (prev)
			out[n++] = (uint64_t)prev << 32 | c;
		prev = c;
	}
	return n;
}

/* A multiset of bigrams: open addressing on the packed bigram, with the number of copies not yet
 * matched. A slot belongs to the current comparison when its stamp is the table's: the table is
 * reused from pair to pair without being cleared. Counting replaces sorting both lists. */
struct bigram_slot {
	uint64_t bigram;
	uint32_t count;
	uint32_t stamp;
};

/* Readies t for a comparison of up to n bigrams (at most half full). */
static void bigram_table_start(struct bigram_table *t, size_t n)
{
	size_t size = 16;
	while (size < 2 * n)
		size *= 2;
	if (size > t->size) {
		free(t->slots);
		t->slots = xcalloc(size, sizeof *t->slots);
		t->size = size;
		t->stamp = 0;
	}
	if (++t->stamp == 0) { /* after 2^32 comparisons: stamps start again from a clean table */
		memset(t->slots, 0, t->size * sizeof *t->slots);
		t->stamp = 1;
	}
}

/* The slot of bigram, or the free slot (stamp not current) where it would go. */
static struct bigram_slot *bigram_find(const struct bigram_table *t, uint64_t bigram)
{
	size_t mask = t->size - 1, i = (size_t)((bigram * 0x9E3779B97F4A7C15ull) >> 32) & mask;
	while (t->slots[i].stamp == t->stamp && t->slots[i].bigram != bigram)
		i = (i + 1) & mask;
	return &t->slots[i];
}

/* Size of the multiset intersection of x[0, nx) and y[0, ny), counted in t. */
static size_t common_bigrams(struct bigram_table *t, const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
	bigram_table_start(t, nx);
	for (size_t i = 0; i < nx; i++) {
		struct bigram_slot *s = bigram_find(t, x[i]);
		if (s->stamp != t->stamp)
			*s = (struct bigram_slot){.bigram = x[i], .stamp = t->stamp};
		s->count++;
	}
	size_t common = 0;
	for (size_t j = 0; j < ny; j++) {
		struct bigram_slot *s = bigram_find(t, y[j]);
		if (s->stamp == t->stamp && s->count > 0) {
			s->count--;
			common++;
		}
	}
	return common;
}

void report_years_memo_free(struct report_years_memo *memo)
{
	free(memo->bigrams);
	free(memo->spare);
	free(memo->table.slots);
	*memo = (struct report_years_memo){0};
}

void check_repeated_problems(const struct report_years *prev, const struct report_years *cur, struct findings *f,
			     struct report_years_memo *memo)
{
	if (!prev->problems || !cur->problems)
		return;
	struct report_years_memo once = {0}; /* without a memo: computed here, freed below */
	struct report_years_memo *m = memo ? memo : &once;
	if (m->report != prev) /* prev's bigrams are not the ones kept: computed (into the kept buffer) */
		m->n = text_bigrams(prev->problems, &m->bigrams, &m->cap);
	size_t ny = text_bigrams(cur->problems, &m->spare, &m->spare_cap);
	double similarity = -1;
	if (m->n + 1 >= T2_MIN_CHARS && ny + 1 >= T2_MIN_CHARS) /* Dice coefficient, in [0, 1] */
		similarity =
		    2.0 * (double)common_bigrams(&m->table, m->bigrams, m->n, m->spare, ny) / (double)(m->n + ny);
	/* cur's bigrams become the kept ones; prev's buffer is the spare for the next call */
	uint64_t *kept = m->spare;
	size_t kept_cap = m->spare_cap;
	m->spare = m->bigrams, m->spare_cap = m->cap;
	m->bigrams = kept, m->cap = kept_cap, m->n = ny;
	m->report = cur;
	if (!memo)
		report_years_memo_free(&once);
	if (similarity < T2_THRESHOLD)
		return;
	findings_add(f, "T2", SEV_WARNING, false, "正文", report_section_titles[4], NULL,
		     "正文 %s 与 %d 年年报的相似度为 %d%%（按字符二元组计算），疑似照搬上年内容（年年雷同），"
		     "问题查找和改进举措应当针对本年度实际",
		     report_section_titles[4], prev->year, (int)(similarity * 100));
}
