/* calendar_load.c — the parser of holiday schedule texts (data/holidays-cn.txt and files an
 * administrator loads for a new year) and the merge of a parsed text into a calendar.
 *
 * The text is parsed whole into a scratch calendar first, so a bad line leaves the live calendar
 * untouched; then each year the text declares replaces that year in the live calendar. Errors name
 * the line in Chinese because the person who fixes them is the administrator who typed the file. */
#include "calendar/calendar.h"
#include "calendar/calendar_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/embedded.h"
#include "util/utf8.h"

#define MAX_NAME_BYTES	 64
#define MAX_SOURCE_BYTES 1024
#define MAX_LABEL_BYTES	 128

struct span {
	const char *p;
	size_t len;
};

struct parser {
	struct calendar *scratch;
	int year; /* schedule year of the current section, 0 before the first "year" line */
	size_t line_no;
	char *err;
	size_t errsize;
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	if (!ps->err || !ps->errsize)
		return -1;
	int used = snprintf(ps->err, ps->errsize, "第 %zu 行：", ps->line_no);
	if (used >= 0 && (size_t)used < ps->errsize) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ps->err + used, ps->errsize - (size_t)used, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct span trim(struct span s)
{
	while (s.len && is_blank(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && is_blank(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* Cuts the first blank-separated token off *rest and returns it (empty when none is left). */
static struct span next_token(struct span *rest)
{
	*rest = trim(*rest);
	struct span tok = {rest->p, 0};
	while (tok.len < rest->len && !is_blank(rest->p[tok.len]))
		tok.len++;
	rest->p += tok.len;
	rest->len -= tok.len;
	*rest = trim(*rest);
	return tok;
}

static bool span_is(struct span s, const char *word)
{
	return s.len == strlen(word) && memcmp(s.p, word, s.len) == 0;
}

/* True when s is well-formed UTF-8 without control characters (tabs allowed): names and sources
 * end up in HTML pages and JSON, which both need valid text. */
static bool text_ok(struct span s)
{
	if (!utf8_valid(s.p, s.len))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			return false;
	}
	return true;
}

/* Appends a year record; takes ownership of source. */
static void add_year(struct calendar *cal, int year, char *source)
{
	if (cal->nyears == cal->capyears) {
		cal->capyears = cal->capyears ? cal->capyears * 2 : 16;
		cal->years = xrealloc(cal->years, cal->capyears * sizeof *cal->years);
	}
	cal->years[cal->nyears++] = (struct cal_year){year, source};
}

static void add_entry(struct calendar *cal, struct cal_entry e)
{
	if (cal->ndays == cal->capdays) {
		cal->capdays = cal->capdays ? cal->capdays * 2 : 64;
		cal->days = xrealloc(cal->days, cal->capdays * sizeof *cal->days);
	}
	cal->days[cal->ndays++] = e;
}

static int parse_version(struct parser *ps, struct span rest)
{
	rest = trim(rest);
	if (!rest.len || rest.len > MAX_LABEL_BYTES || !text_ok(rest))
		return fail(ps, "“# version”后应为不超过 %d 字节的版本说明", MAX_LABEL_BYTES);
	free(ps->scratch->label);
	ps->scratch->label = xstrndup(rest.p, rest.len);
	return 0;
}

/* The value of four ASCII digits, or -1. */
static int four_digits(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int parse_year_line(struct parser *ps, struct span rest)
{
	struct span tok = next_token(&rest);
	int year = tok.len == 4 ? four_digits(tok.p) : -1;
	if (year <= CAL_MIN_YEAR || year >= CAL_MAX_YEAR)
		return fail(ps, "year 后应为四位年份（%d–%d），实为“%.*s”", CAL_MIN_YEAR + 1, CAL_MAX_YEAR - 1,
			    (int)tok.len, tok.p);
	if (calendar_has_year(ps->scratch, year))
		return fail(ps, "%d 年度的安排在本文件中重复出现", year);
	if (rest.len > MAX_SOURCE_BYTES || !text_ok(rest))
		return fail(ps, "%d 年度的来源说明过长或含有无效字符", year);
	add_year(ps->scratch, year, xstrndup(rest.p, rest.len));
	calendar_sort(ps->scratch);
	ps->year = year;
	return 0;
}

static bool listed_in(const struct calendar *cal, int day)
{
	for (size_t i = 0; i < cal->ndays; i++)
		if (cal->days[i].day == day)
			return true;
	return false;
}

/* A "work" Monday–Friday is allowed: the 2020 schedule lists 2020-02-03 that way, marking the end
 * of the extended 春节 after the 02-01 调休 was cancelled. */
static int check_day(struct parser *ps, int day, struct span date)
{
	int y, m, d;
	cal_date_from_day(day, &y, &m, &d);
	if (y < ps->year - 1 || y > ps->year + 1)
		return fail(ps, "日期 %.*s 不属于 %d 年度的安排（只能是 %d–%d 年的日期）", (int)date.len, date.p,
			    ps->year, ps->year - 1, ps->year + 1);
	if (listed_in(ps->scratch, day))
		return fail(ps, "日期 %.*s 在本文件中重复出现", (int)date.len, date.p);
	return 0;
}

static int parse_day_line(struct parser *ps, struct span date, struct span rest)
{
	int day;
	if (cal_parse_iso(date.p, date.len, &day) != 0)
		return fail(ps, "“%.*s”不是有效日期（应为 YYYY-MM-DD，且日期真实存在）", (int)date.len, date.p);
	if (!ps->year)
		return fail(ps, "日期行之前缺少“year 年份”行，无法确定属于哪一年度的安排");
	struct span kind = next_token(&rest);
	bool off = span_is(kind, "off");
	if (!off && !span_is(kind, "work"))
		return fail(ps, "第二项应为 off（放假）或 work（调休上班），实为“%.*s”", (int)kind.len, kind.p);
	if (!rest.len)
		return fail(ps, "缺少第三项：节日名称");
	if (rest.len > MAX_NAME_BYTES || !text_ok(rest))
		return fail(ps, "节日名称过长（最多 %d 字节）或含有无效字符", MAX_NAME_BYTES);
	if (check_day(ps, day, date) != 0)
		return -1;
	add_entry(ps->scratch, (struct cal_entry){day, ps->year, off, xstrndup(rest.p, rest.len)});
	return 0;
}

static int parse_line(struct parser *ps, struct span line)
{
	line = trim(line);
	if (!line.len)
		return 0;
	if (memchr(line.p, '\0', line.len))
		return fail(ps, "含有空字符");
	if (line.p[0] == '#') {
		struct span rest = {line.p + 1, line.len - 1};
		struct span word = next_token(&rest);
		return span_is(word, "version") ? parse_version(ps, rest) : 0;
	}
	struct span rest = line;
	struct span first = next_token(&rest);
	if (span_is(first, "year"))
		return parse_year_line(ps, rest);
	return parse_day_line(ps, first, rest);
}

static int parse_text(struct parser *ps, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		ps->line_no++;
		if (parse_line(ps, (struct span){p, (size_t)(stop - p)}) != 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	if (!ps->scratch->nyears) {
		if (ps->err && ps->errsize)
			snprintf(ps->err, ps->errsize, "节假日安排中没有任何“year 年份”行，未载入任何年度");
		return -1;
	}
	return 0;
}

/* Drops every listed day and the year record of this schedule year from cal. */
static void remove_year(struct calendar *cal, int year)
{
	size_t kept = 0;
	for (size_t i = 0; i < cal->ndays; i++) {
		if (cal->days[i].year == year)
			free(cal->days[i].name);
		else
			cal->days[kept++] = cal->days[i];
	}
	cal->ndays = kept;
	kept = 0;
	for (size_t i = 0; i < cal->nyears; i++) {
		if (cal->years[i].year == year)
			free(cal->years[i].source);
		else
			cal->years[kept++] = cal->years[i];
	}
	cal->nyears = kept;
}

/* Moves the content of scratch into cal (scratch is left empty, to be freed by the caller). */
static void merge(struct calendar *cal, struct calendar *scratch)
{
	for (size_t i = 0; i < scratch->nyears; i++) {
		remove_year(cal, scratch->years[i].year);
		add_year(cal, scratch->years[i].year, scratch->years[i].source);
	}
	scratch->nyears = 0;
	for (size_t i = 0; i < scratch->ndays; i++)
		add_entry(cal, scratch->days[i]);
	scratch->ndays = 0;
	if (scratch->label) {
		free(cal->label);
		cal->label = scratch->label;
		scratch->label = NULL;
	}
	calendar_sort(cal);
	calendar_update_version(cal);
}

int calendar_load_text(struct calendar *cal, const char *text, size_t len, char *err, size_t errsize)
{
	struct parser ps = {.scratch = calendar_new(), .err = err, .errsize = errsize};
	int rc = parse_text(&ps, text, len);
	if (rc == 0)
		merge(cal, ps.scratch);
	calendar_free(ps.scratch);
	return rc;
}

int calendar_load_embedded(struct calendar *cal, char *err, size_t errsize)
{
	const struct embedded_file *f = embedded_find("data/holidays-cn.txt");
	if (!f) {
		if (err && errsize)
			snprintf(err, errsize, "程序中没有内置节假日数据（data/holidays-cn.txt）");
		return -1;
	}
	return calendar_load_text(cal, (const char *)f->data, f->size, err, errsize);
}
