/* report_parse.c — reading a published annual report (plain text or HTML page) into the report
 * model: the driver of the parser.
 *
 * It decodes the bytes (parse_encoding.c), splits them into lines of cells (parse_text.c or
 * parse_html.c), then reads what is not a table: the edition from the markers of FORMAT.md §2.5,
 * year and agency from the title, the six top-level sections by keyword, the free text of sections
 * 一/五/六 and the 信息处理费 from section 六. The tables are read by parse_tables.c. Anything missing
 * becomes an incomplete finding (P1); the parser never fills a value it did not read. */
#include "report/report_parse.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/parse_internal.h"
#include "report/read_formats.h"

#define HEADING_MAX_BYTES 150 /* a top-level heading is short */

/* ---- edition ---- */

static const struct word markers_2019[] = {WORD("本年新制作数量"), WORD("本年新公开数量"), WORD("对外公开总数量"),
					   WORD("上一年项目数量"), WORD("本年增减"),	   WORD("其他对外管理服务事项"),
					   WORD("采购项目数量"),   WORD("采购总金额"),	   WORD("政府集中采购")};
static const struct word markers_2019_exact[] = {WORD("处理决定数量"), WORD("规范性文件")};
static const struct word markers_2021[] = {WORD("本年制发件数"),     WORD("本年废止件数"), WORD("现行有效件数"),
					   WORD("本年处理决定数量"), WORD("本年收费金额"), WORD("行政规范性文件")};
/* Table 三 has its own edition (mixed reports exist: 229, 243 keep the 2019 single （六） row). */
static const struct word markers_2021_app[] = {
    WORD("申请人无正当理由逾期不补正"), WORD("申请人逾期未按收费通知要求缴纳费用"), WORD("申请人逾期未缴纳费用")};
static const struct word markers_table3[] = {WORD("本年新收政府信息公开申请数量"), WORD("上年结转政府信息公开申请数量"),
					     WORD("本年度办理结果"), WORD("结转下年度继续办理")};

#define COUNT_OF(a) (sizeof(a) / sizeof *(a))

struct marker_counts {
	unsigned found19, found21, found21_app, found3; /* bit i: marker i seen */
};

/* The markers found anywhere in a key (all but the exact ones), indexed once per process by their
 * first character (three bytes, hashed into a bucket) so that a key is scanned once instead of
 * once per marker. */
enum marker_group { MG_2019, MG_2021, MG_2021_APP, MG_TABLE3, MG_COUNT };
static const struct {
	const struct word *words;
	size_t n;
} marker_groups[MG_COUNT] = {
    [MG_2019] = {markers_2019, COUNT_OF(markers_2019)},
    [MG_2021] = {markers_2021, COUNT_OF(markers_2021)},
    [MG_2021_APP] = {markers_2021_app, COUNT_OF(markers_2021_app)},
    [MG_TABLE3] = {markers_table3, COUNT_OF(markers_table3)},
};
#define MARKER_MAX     32
#define MARKER_BUCKETS 1024 /* most characters of a key hash to an empty bucket */
struct marker_ref {
	const struct word *w;
	unsigned char group, bit;
	signed char next; /* next marker in the same bucket, -1 at the end */
};
static struct marker_ref marker_refs[MARKER_MAX];
static signed char marker_head[MARKER_BUCKETS];
static pthread_once_t marker_index_once = PTHREAD_ONCE_INIT;

static unsigned marker_bucket(const char *c)
{
	const unsigned char *u = (const unsigned char *)c;
	return (u[0] * 961u + u[1] * 31u + u[2]) & (MARKER_BUCKETS - 1);
}

static void fill_marker_index(void)
{
	size_t n = 0;
	memset(marker_head, -1, sizeof marker_head);
	for (int g = 0; g < MG_COUNT; g++)
		for (size_t i = 0; i < marker_groups[g].n && n < MARKER_MAX; i++, n++) {
			const struct word *w = &marker_groups[g].words[i];
			unsigned b = marker_bucket(w->s);
			marker_refs[n] = (struct marker_ref){w, (unsigned char)g, (unsigned char)i, marker_head[b]};
			marker_head[b] = (signed char)n;
		}
}

/* Sets in found[group] bit i for every marker i of that group that occurs in key[0, len). */
static void markers_in(const char *key, size_t len, unsigned found[MG_COUNT])
{
	pthread_once(&marker_index_once, fill_marker_index);
	size_t step;
	for (size_t p = 0; p + 3 <= len; p += step) {
		unsigned char lead = (unsigned char)key[p];
		step = lead >= 0xE0 && lead < 0xF0 ? 3 : 1; /* a key holds ideographs and letters */
		if ((lead & 0xC0) == 0x80)
			continue; /* markers start with an ideograph: only at a character's first byte */
		for (int m = marker_head[marker_bucket(key + p)]; m >= 0; m = marker_refs[m].next) {
			const struct word *w = marker_refs[m].w; /* its first character inline, then memcmp */
			if (w->len <= len - p && lead == (unsigned char)w->s[0] && key[p + 1] == w->s[1] &&
			    key[p + 2] == w->s[2] && memcmp(key + p, w->s, w->len) == 0)
				found[marker_refs[m].group] |= 1u << marker_refs[m].bit;
		}
	}
}

static unsigned exact_markers(const char *key, size_t len)
{
	unsigned bits = 0;
	for (size_t i = 0; i < COUNT_OF(markers_2019_exact); i++)
		if (word_is(key, len, markers_2019_exact[i]))
			bits |= 1u << i;
	return bits;
}

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/* Collects the edition markers from the cells of the table sections 二 and 三 (of every line when no
 * section heading was found). */
static void count_markers(const struct plines *pl, struct pkeys *keys, const signed char *line_section, unsigned found,
			  struct marker_counts *mc)
{
	unsigned found_in[MG_COUNT] = {0};
	bool all = !(found & ((1u << 2) | (1u << 3)));
	for (size_t l = 0; l < pl->nlines; l++) {
		if (!all && line_section[l] != 2 && line_section[l] != 3)
			continue;
		const struct pline *ln = &pl->lines[l];
		for (uint32_t k = 0; k < ln->n; k++) {
			const struct pcell *c = &pl->cells[ln->first + k];
			if (c->len < 6 || c->len > 240)
				continue;
			size_t kl;
			const char *key = pkeys_get(keys, ln->first + k, &kl);
			if (kl < 6)
				continue;
			markers_in(key, kl, found_in);
			found_in[MG_2019] |= exact_markers(key, kl) << COUNT_OF(markers_2019);
		}
	}
	mc->found19 = found_in[MG_2019];
	mc->found21 = found_in[MG_2021];
	mc->found21_app = found_in[MG_2021_APP];
	mc->found3 = found_in[MG_TABLE3];
}

/* Edition from the markers (the year breaks ties), or UNKNOWN when the text is no report. */
static int decide_edition(const struct marker_counts *mc, int year, bool *guessed)
{
	int n19 = popcount(mc->found19), n21 = popcount(mc->found21);
	int by_year = year > 0 && year <= 2020 ? REPORT_EDITION_2019 : REPORT_EDITION_2021;
	*guessed = false;
	if (n19 > n21)
		return REPORT_EDITION_2019;
	if (n21 > n19)
		return REPORT_EDITION_2021;
	if (n19 > 0)
		return by_year;
	if (mc->found21_app)
		return REPORT_EDITION_2021;
	if (popcount(mc->found3) >= 2) {
		*guessed = true;
		return by_year;
	}
	return REPORT_EDITION_UNKNOWN;
}

/* Edition of table 三: 2021 when its （六） sub-rows are there, 2019 when table 三 is there without
 * them (the single （六）其他处理 row), else the report's. */
static int decide_app_edition(const struct marker_counts *mc, int edition)
{
	if (mc->found21_app)
		return REPORT_EDITION_2021;
	return popcount(mc->found3) >= 2 ? REPORT_EDITION_2019 : edition;
}

/* ---- lines as text ---- */

/* The raw text of line i (for HTML table rows: the cells joined by spaces, built in tmp). */
static void line_text(const struct plines *pl, size_t i, struct buf *tmp, const char **s, size_t *len)
{
	const struct pline *ln = &pl->lines[i];
	if (ln->raw_off != PLINE_NO_RAW) {
		*s = pl->text.data + ln->raw_off;
		*len = ln->raw_len;
		return;
	}
	buf_reset(tmp);
	for (uint32_t k = 0; k < ln->n; k++) {
		const struct pcell *c = &pl->cells[ln->first + k];
		if (c->len == 0)
			continue;
		if (tmp->len)
			buf_putc(tmp, ' ');
		buf_append(tmp, pcell_text(pl, c), c->len);
	}
	*s = tmp->data ? tmp->data : "";
	*len = tmp->len;
}

static bool has(const char *s, size_t len, const char *needle)
{
	return text_has(s, len, needle, strlen(needle));
}

/* ---- title ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Finds the statistics year ("2023年", "2023 年度") in s; sets *at to its offset. */
static int find_year(const char *s, size_t len, size_t *at)
{
	for (size_t i = 0; i + 4 <= len; i++) {
		if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])) || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
		    !is_digit(s[i + 3]) || (i + 4 < len && is_digit(s[i + 4])))
			continue;
		size_t j = i + 4;
		while (j < len && s[j] == ' ')
			j++;
		int year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
		if (len - j >= 3 && memcmp(s + j, "年", 3) == 0 && year >= 1990 && year <= 2100) {
			*at = i;
			return year;
		}
	}
	return 0;
}

/* True for the first bytes of the junk of clean_agency. */
static bool may_start_junk(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '"' || c == ':' || c == 0xE2 || c == 0xE3 || c == 0xEF;
}

/* Copies s without spaces and title punctuation (《》“” etc.) into a malloc'd string, or NULL. */
static char *clean_agency(const char *s, size_t len)
{
	static const char *const junk[] = {" ", "\t", "《", "》", "“", "”", "\"", "【", "】", "「", "」", ":", "："};
	struct buf b = {0};
	size_t i = 0;
	while (i < len) {
		size_t run = i; /* bytes that start no junk are copied in one piece */
		while (i < len && !may_start_junk((unsigned char)s[i]))
			i++;
		buf_append(&b, s + run, i - run);
		if (i == len)
			break;
		size_t k;
		for (k = 0; k < COUNT_OF(junk); k++) {
			size_t jl = strlen(junk[k]);
			if (len - i >= jl && memcmp(s + i, junk[k], jl) == 0)
				break;
		}
		if (k < COUNT_OF(junk)) {
			i += strlen(junk[k]);
			continue;
		}
		buf_putc(&b, s[i]);
		i++;
	}
	static const char *const suffixes[] = {"关于报送", "关于", "的"};
	for (size_t k = 0; k < COUNT_OF(suffixes); k++) {
		size_t sl = strlen(suffixes[k]);
		if (b.len >= sl && memcmp(b.data + b.len - sl, suffixes[k], sl) == 0)
			b.len -= sl;
	}
	char *out = b.len ? xstrndup(b.data, b.len) : NULL;
	buf_free(&b);
	return out;
}

/* Agency named after the year ("2023年XX局政府信息公开工作年度报告"). */
static char *agency_after_year(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (is_digit(s[i]) || s[i] == ' '))
		i++;
	if (len - i >= 6 && memcmp(s + i, "年度", 6) == 0)
		i += 6;
	else if (len - i >= 3 && memcmp(s + i, "年", 3) == 0)
		i += 3;
	static const char *const ends[] = {"政府信息公开", "政务公开", "信息公开", "工作年度报告", "年度报告"};
	size_t end = len;
	for (size_t k = 0; k < COUNT_OF(ends); k++) {
		const char *p = memmem(s + i, len - i, ends[k], strlen(ends[k]));
		if (p && (size_t)(p - s) < end)
			end = (size_t)(p - s);
	}
	return end > i ? clean_agency(s + i, end - i) : NULL;
}

#define TITLE_SEARCH_BYTES (64u << 10) /* the title is near the top */
#define TITLE_YEAR_BACK	   90	       /* bytes between the year and "年度报告" in a title */
#define AGENCY_MAX_CHARS   40
#define SIGNATURE_BYTES	   600 /* the signature is near the end */

/* Start of the run of CJK characters and letters (at most AGENCY_MAX_CHARS) that ends at s[end]
 * (spaces and line breaks before end skipped); *run_end gets where it ends. */
static size_t cjk_run_before(const char *s, size_t end, size_t *run_end)
{
	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\n')) /* a title may be set on two lines */
		end--;
	*run_end = end;
	size_t b = end, n;
	for (int chars = 0; b > 0 && chars < AGENCY_MAX_CHARS; chars++) {
		if ((s[b - 1] | 0x20) >= 'a' && (s[b - 1] | 0x20) <= 'z') /* "XX市…" */
			b--;
		else if (b >= 3 && parse_is_cjk(utf8_decode_unchecked(s + b - 3, 3, &n)))
			b -= 3;
		else
			break;
	}
	return b;
}

/* The last statistics year in s[from, to); sets *at. */
static int last_year(const char *s, size_t from, size_t to, size_t *at)
{
	int year = 0;
	size_t off;
	while (from < to) {
		int y = find_year(s + from, to - from, &off);
		if (!y)
			break;
		year = y;
		*at = from + off;
		from += off + 4;
	}
	return year;
}

/* Agency named in a signature at the end: the CJK run, ending like an agency's name, before the
 * first date near the end ("平潭综合实验区君山片区管理局 2023年1月9日"; a later "…党政办公室 …印发"
 * is the printing office). */
static char *agency_in_signature(const char *s, size_t len)
{
	static const char *const ends[] = {"局", "委员会", "委",   "办公室", "政府",
					   "厅", "院",	   "中心", "办事处", "管委会"};
	size_t from = len > SIGNATURE_BYTES ? len - SIGNATURE_BYTES : 0, off;
	from = utf8_next_boundary(s, len, from);
	while (from < len && find_year(s + from, len - from, &off)) {
		size_t at = from + off, run_end, b = cjk_run_before(s, at, &run_end);
		from = at + 4;
		for (size_t k = 0; k < COUNT_OF(ends); k++) {
			size_t el = strlen(ends[k]);
			if (run_end - b >= el + 6 && memcmp(s + run_end - el, ends[k], el) == 0)
				return clean_agency(s + b, run_end - b);
		}
	}
	return NULL;
}

/* Reads year and agency from the title wherever it stands (a title line, the archive header, the
 * first paragraph): "<agency><year>年(度)…年度报告"; the agency may also follow the year or, when
 * the title names none, come from the signature. */
static void read_title(const char *s, size_t len, int *year, char **agency)
{
	static const struct word ends[] = {WORD("年度报告"), WORD("年报"), WORD("工作报告")};
	size_t limit = len < TITLE_SEARCH_BYTES ? len : TITLE_SEARCH_BYTES, from = 0;
	*year = 0;
	*agency = NULL;
	while (!*agency && from < limit) {
		size_t end = limit, end_len = 0; /* the earliest title ending from here */
		for (size_t k = 0; k < COUNT_OF(ends); k++) {
			const char *p = memmem(s + from, end - from, ends[k].s, ends[k].len);
			if (p)
				end = (size_t)(p - s), end_len = ends[k].len;
		}
		if (!end_len)
			break;
		size_t at = 0, back = end > TITLE_YEAR_BACK ? end - TITLE_YEAR_BACK : 0;
		from = end + end_len;
		int y = last_year(s, back, end, &at);
		if (!y || (*year && y != *year))
			continue;
		*year = y;
		size_t run_end, b = cjk_run_before(s, at, &run_end);
		bool same_line = !memchr(s + run_end, '\n', at - run_end);
		const char *about = memmem(s + b, run_end - b, "关于", 6);
		size_t after =
		    about ? run_end - (size_t)(about - s) - 6 : 0; /* "关于" ends it, or "关于报送": a title */
		if (about && after && !(after == 6 && memcmp(about + 6, "报送", 6) == 0))
			continue; /* "…办公室关于做好2024年…年度报告编制…": a notice quoted in the text */
		if (run_end > b && same_line)
			*agency = clean_agency(s + b, run_end - b);
		else if (!(*agency = agency_after_year(s + at, from - at)) && run_end > b)
			*agency = clean_agency(s + b, run_end - b); /* the line before: "XX区人民政府\n2024 年…" */
	}
	if (*year && !*agency)
		*agency = agency_in_signature(s, len);
}

/* ---- sections ---- */

static bool is_cn_digit(const char *s, size_t len, int *n)
{
	static const char *const digits[] = {"一", "二", "三", "四", "五", "六"};
	for (int i = 0; i < 6; i++)
		if (len >= 3 && memcmp(s, digits[i], 3) == 0) {
			*n = i + 1;
			return true;
		}
	return false;
}

/* True when the label key key[0, len) holds the word. */
static bool key_holds(const char *key, size_t len, const char *word)
{
	return key_has(key, len, (struct word){word, strlen(word)});
}

static int keyword_section(const char *key, size_t len)
{
	if (key_holds(key, len, "总体情况") || key_holds(key, len, "总体概况") || key_holds(key, len, "概述"))
		return 1;
	if (key_holds(key, len, "主动公开"))
		return 2;
	if (key_holds(key, len, "复议") || key_holds(key, len, "诉讼"))
		return 4;
	if (key_holds(key, len, "申请") &&
	    (key_holds(key, len, "收到") || key_holds(key, len, "处理") || key_holds(key, len, "依申请")))
		return 3;
	if (key_holds(key, len, "问题"))
		return 5;
	if (key_holds(key, len, "其他") && (key_holds(key, len, "报告") || key_holds(key, len, "事项")))
		return 6;
	return 0;
}

static bool starts_with_title(const char *key, size_t len)
{
	static const char *const titles[] = {"总体情况",
					     "主动公开政府信息情况",
					     "收到和处理政府信息公开申请情况",
					     "政府信息公开行政复议行政诉讼情况",
					     "存在的主要问题",
					     "其他需要报告的事项"};
	for (size_t i = 0; i < COUNT_OF(titles); i++) {
		size_t tl = strlen(titles[i]);
		if (len >= tl && memcmp(key, titles[i], tl) == 0 && len <= tl + 30)
			return true;
	}
	return false;
}

#define SECTION_EXTRA 7 /* a section the template does not have (parse_labels.c) */

/* Section of a top-level heading line: 1–6, SECTION_EXTRA, or 0 when the line is no heading.
 * *listed is set when the heading is one of parse_labels.c (else it was recognised by keyword). */
static int heading_section(const struct plines *pl, const struct pline *ln, bool *listed)
{
	const struct pcell *only = NULL;
	*listed = false;
	for (uint32_t k = 0; k < ln->n; k++) {
		const struct pcell *c = &pl->cells[ln->first + k];
		if (c->len == 0)
			continue;
		if (only)
			return 0;
		only = c;
	}
	if (!only || only->len > HEADING_MAX_BYTES)
		return 0;
	const char *s = pcell_text(pl, only);
	size_t len = only->len;
	int n = 0;
	if (is_cn_digit(s, len, &n)) {
		const char *p = s + 3;
		size_t rest = len - 3;
		bool sep = rest > 0 && (*p == '.' || *p == ' ' || *p == ',');
		sep |= rest >= 3 && (memcmp(p, "、", 3) == 0 || memcmp(p, "，", 3) == 0);
		if (!sep)
			return 0;
	}
	char key[PARSE_KEY_MAX];
	size_t kl = parse_label_key(s, len, key);
	int listed_section = parse_heading_of_key(key, kl);
	if (listed_section >= 0) {
		*listed = true;
		return listed_section ? listed_section : SECTION_EXTRA;
	}
	if (n == 0) /* no numbering: a heading only when it starts like a template title */
		return starts_with_title(key, kl) ? keyword_section(key, kl) : 0;
	int sec = keyword_section(key, kl);
	return sec == n ? sec : 0;
}

/* Marks every line with its section (-1 for the heading lines themselves); returns which
 * sections were found (bit s). Template sections come in order; a section the template does not
 * have (SECTION_EXTRA) may stand between them and ends the one before. */
static unsigned mark_sections(const struct plines *pl, signed char *line_section)
{
	unsigned found = 0;
	int current = 0, last_template = 0;
	for (size_t i = 0; i < pl->nlines; i++) {
		bool listed;
		int s = heading_section(pl, &pl->lines[i], &listed);
		bool take = s == SECTION_EXTRA ? current != SECTION_EXTRA : s > last_template;
		if (s > 0 && take) {
			current = s;
			if (s != SECTION_EXTRA)
				last_template = s;
			found |= 1u << s;
			line_section[i] = -1;
		} else {
			line_section[i] = (signed char)current;
		}
	}
	return found;
}

/* Where web-page furniture starts in s[0, len) (it ends the last section of a page), or len. */
static size_t page_footer_at(const char *s, size_t len)
{
	static const char *const words[] = {"版权所有", "网站标识码", "ICP备",	  "主办单位", "技术支持", "打印本页",
					    "关闭窗口", "【打印】",   "【关闭】", "分享到",   "附件下载"};
	size_t at = len;
	for (size_t i = 0; i < COUNT_OF(words); i++) {
		const char *p = memmem(s, at, words[i], strlen(words[i]));
		if (p)
			at = (size_t)(p - s);
	}
	return at;
}

/* Gathers the raw lines of section `section` joined by '\n' into out; returns false if none. */
static bool section_text(const struct plines *pl, const signed char *line_section, int section, struct buf *out)
{
	struct buf tmp = {0};
	bool any = false;
	for (size_t i = 0; i < pl->nlines; i++) {
		if (line_section[i] != section)
			continue;
		const char *s;
		size_t len;
		line_text(pl, i, &tmp, &s, &len);
		size_t footer = section == 6 ? page_footer_at(s, len) : len;
		if (footer > 0) {
			buf_append(out, s, footer);
			buf_putc(out, '\n');
			any = true;
		}
		if (footer < len)
			break;
	}
	buf_free(&tmp);
	return any;
}

/* ---- 信息处理费 ---- */

static bool has_any(const char *s, size_t len, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (has(s, len, words[i]))
			return true;
	return false;
}

/* Finds "<number> 元" or "<number> 万元" in s; stores the amount in 元 (money scale). */
static bool amount_in(const char *s, size_t len, int64_t *amount)
{
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',')))
			continue;
		size_t j = i;
		while (j < len && (is_digit(s[j]) || s[j] == '.' || s[j] == ','))
			j++;
		size_t k = j;
		while (k < len && s[k] == ' ')
			k++;
		int64_t mult = len - k >= 6 && memcmp(s + k, "万元", 6) == 0 ? 10000
			       : len - k >= 3 && memcmp(s + k, "元", 3) == 0 ? 1
									     : 0;
		struct pnum num;
		if (!mult || parse_value(s + i, j - i, &num) != VK_NUMBER || num.overflow || num.whole > 100000000)
			continue;
		*amount = (num.whole * REPORT_MONEY_SCALE + num.frac) * mult;
		return true;
	}
	return false;
}

static void read_fee(const char *text, size_t len, struct report *r)
{
	static const char *const none[] = {"未收取", "没有收取", "未曾收取", "不收取", "无收取",      "未发生",
					   "未产生", "没有产生", "免收",     "均未",   "无信息处理费"};
	bool zero = false;
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && text[e] != '\n' &&
		       !(len - e >= 3 && (memcmp(text + e, "。", 3) == 0 || memcmp(text + e, "；", 3) == 0)))
			e++;
		if (has(text + i, e - i, "信息处理费")) {
			int64_t amount;
			if (amount_in(text + i, e - i, &amount)) {
				r->processing_fee = rcell_of(amount);
				return;
			}
			zero |= has_any(text + i, e - i, none, COUNT_OF(none));
		}
		i = e + (e < len && text[e] == '\n' ? 1 : 3);
	}
	if (zero)
		r->processing_fee = rcell_of(0);
}

/* ---- the whole ---- */

/* The one dispatch on content: picks the front end that turns the input into lines of cells.
 * HTML pages give a cell grid (parse_html.c); flat text (web copies, pdftotext, Markdown) is
 * anchored on its labels (parse_anchor.c) and cut into cells (parse_text.c). */
static int read_front_end(const char *s, size_t len, struct buf *flat, struct plines *pl, char *err, size_t errsize)
{
	if (parse_looks_like_html(s, len))
		return parse_html(s, len, pl, err, errsize);
	if (!flat->data) /* not normalised while its UTF-8 was checked (converted from GB18030, UTF-16) */
		parse_normalize(flat, s, len);
	parse_anchor_text(&pl->text, flat->data ? flat->data : "", flat->len);
	parse_text_lines(pl, 0, pl->text.len);
	return 0;
}

static void read_sections(const struct plines *pl, const signed char *line_section, unsigned found, struct report *r,
			  struct findings *f)
{
	char **fields[7] = {[1] = &r->overview, [5] = &r->problems, [6] = &r->other};
	struct buf text = {0};
	buf_grow(&text, pl->text.len); /* a section is at most the whole text: no growing line by line */
	for (int s = 1; s <= 6; s++) {
		if (!fields[s])
			continue;
		buf_reset(&text);
		if (found & (1u << s) && section_text(pl, line_section, s, &text))
			report_set_text(fields[s], text.data);
		if (s == 6 && text.len)
			read_fee(text.data, text.len, r);
		if (!(found & (1u << s)))
			findings_add(f, "P6", SEV_WARNING, false, "正文", report_section_titles[s - 1], NULL,
				     "缺少“%s”部分（表格完整，按缺少文字部分处理）", report_section_titles[s - 1]);
	}
	buf_free(&text);
}

int report_parse(const char *data, size_t len, struct report *r, struct findings *f, char *err, size_t errsize)
{
	report_init(r, REPORT_EDITION_UNKNOWN);
	if (len > REPORT_PARSE_MAX_BYTES) {
		snprintf(err, errsize, "文件超过 %u MiB 上限，未解析", REPORT_PARSE_MAX_BYTES >> 20);
		return -1;
	}
	char *decoded = NULL;
	size_t decoded_len, text_len = 0;
	const char *text = NULL;
	struct plines pl = {0};
	struct buf flat = {0};				       /* the text normalised (flat text only) */
	int rc = read_published(data, len, &pl, err, errsize); /* PDF, DOCX, OFD: 1 = read into pl */
	if (rc < 0)
		return -1;
	if (rc == 0 && parse_decode(data, len, &decoded, &decoded_len, &text, &text_len, &flat, err, errsize) < 0)
		return -1;
	if (rc == 0)
		rc = read_front_end(text, text_len, &flat, &pl, err, errsize);
	buf_free(&flat);
	free(decoded);
	if (rc < 0) {
		plines_free(&pl);
		return -1;
	}
	signed char *line_section = xmalloc(pl.nlines + 1);
	unsigned found = mark_sections(&pl, line_section);
	int year = 0;
	char *agency = NULL;
	read_title(pl.text.data ? pl.text.data : "", pl.text.len, &year, &agency);
	struct marker_counts mc;
	struct pkeys keys;
	pkeys_init(&keys, &pl);
	count_markers(&pl, &keys, line_section, found, &mc);
	bool guessed;
	int edition = decide_edition(&mc, year, &guessed);
	if (edition == REPORT_EDITION_UNKNOWN) {
		snprintf(err, errsize, "未找到年度报告表格的栏目，不是政府信息公开工作年度报告");
		pkeys_free(&keys);
		free(agency);
		free(line_section);
		plines_free(&pl);
		return -1;
	}
	report_init(r, edition);
	int app_edition = decide_app_edition(&mc, edition);
	if (app_edition != edition) {
		r->app_edition = app_edition;
		findings_add(f, "P5", SEV_WARNING, false, "表三", NULL, NULL,
			     "表二按 %d 年版格式、表三按 %d 年版格式填写（新旧格式混用），各表按其格式检查", edition,
			     app_edition);
	}
	r->year = year;
	r->agency = agency;
	if (guessed)
		findings_add(f, "P5", SEV_WARNING, false, NULL, NULL, NULL,
			     "未找到区分 2019 年版与 2021 年版格式的栏目，按年度推定为 %d 年版", edition);
	if (pl.truncated)
		findings_add(f, "P1", SEV_ERROR, true, "正文", NULL, NULL, "内容超出解析上限，其后部分未读取");
	read_sections(&pl, line_section, found, r, f);
	parse_tables(&pl, &keys, line_section, r, f);
	pkeys_free(&keys);
	free(line_section);
	plines_free(&pl);
	return 0;
}
