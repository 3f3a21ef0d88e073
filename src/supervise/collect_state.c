/* collect_state.c — the pure parts of the 年报 collection (collect.h): the state of an agency's report
 * from the facts, which agency a received report names, and ordering and filtering the rows. No
 * database: unit-tested alone (test_collect.c). */
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "supervise/collect.h"
#include "util/utf8.h"

static const char *const state_names[COLLECT_STATE_COUNT] = {
    "no_records", "draft", "approved", "published", "published_late", "external_received", "external_missing"};
static const char *const state_zh[COLLECT_STATE_COUNT] = {"无记录",   "草稿",		"已批准待发布",	 "已按时发布",
							  "逾期发布", "已收到（外部）", "未收到（外部）"};

const char *collect_state_name(int state)
{
	return state >= 0 && state < COLLECT_STATE_COUNT ? state_names[state] : NULL;
}

const char *collect_state_zh(int state)
{
	return state >= 0 && state < COLLECT_STATE_COUNT ? state_zh[state] : NULL;
}

int collect_state_parse(const char *name)
{
	for (int i = 0; name && i < COLLECT_STATE_COUNT; i++)
		if (strcmp(name, state_names[i]) == 0)
			return i;
	return -1;
}

enum collect_state collect_state_of(const struct collect_facts *f)
{
	bool in_force = f->published_on != CAL_NO_DAY;
	if (f->external)
		return in_force ? COLLECT_EXTERNAL_RECEIVED : COLLECT_EXTERNAL_MISSING;
	if (in_force)
		return f->published_on <= f->due_on ? COLLECT_PUBLISHED : COLLECT_PUBLISHED_LATE;
	if (f->approved)
		return COLLECT_APPROVED;
	return f->has_records ? COLLECT_DRAFT : COLLECT_NO_RECORDS;
}

/* ---- matching ---- */

#define MAX_BIGRAMS 128

/* The character bigrams of s (code point pairs), at most MAX_BIGRAMS; returns how many. */
static size_t bigrams(const char *s, uint64_t out[MAX_BIGRAMS])
{
	size_t n = 0, len = strlen(s), at = 0, step;
	uint32_t prev = 0;
	while (at < len && n < MAX_BIGRAMS) {
		uint32_t cp = utf8_decode(s + at, len - at, &step);
		at += step;
		if (cp == UTF8_INVALID || cp == ' ' || cp == 0x3000)
			continue;
		if (prev)
			out[n++] = (uint64_t)prev << 32 | cp;
		prev = cp;
	}
	return n;
}

int collect_similarity(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	uint64_t x[MAX_BIGRAMS], y[MAX_BIGRAMS];
	size_t nx = bigrams(a, x), ny = bigrams(b, y);
	if (nx + ny == 0)
		return 0;
	bool used[MAX_BIGRAMS] = {false};
	size_t common = 0;
	for (size_t i = 0; i < nx; i++)
		for (size_t k = 0; k < ny; k++)
			if (!used[k] && x[i] == y[k]) {
				used[k] = true;
				common++;
				break;
			}
	return (int)(2000 * common / (nx + ny));
}

struct collect_match collect_match_agency(const char *read_name, const struct collect_candidate *c, size_t n)
{
	struct collect_match m = {0};
	if (!read_name || !*read_name)
		return m;
	size_t longest = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(c[i].name);
		if (len > longest && strstr(read_name, c[i].name)) {
			longest = len;
			m = (struct collect_match){.agency_id = c[i].id, .exact = true, .score = 1000};
		}
	}
	if (m.exact)
		return m;
	for (size_t i = 0; i < n; i++) {
		int s = collect_similarity(read_name, c[i].name);
		int t = c[i].short_name && *c[i].short_name ? collect_similarity(read_name, c[i].short_name) : 0;
		if (t > s)
			s = t;
		if (s > m.score)
			m = (struct collect_match){.agency_id = c[i].id, .score = s};
	}
	return m;
}

/* ---- rows ---- */

size_t collect_filter(struct collect_row *rows, size_t n, int state)
{
	if (state < 0)
		return n;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if ((int)rows[i].state == state) {
			if (kept != i)
				rows[kept] = rows[i];
			kept++;
		}
	return kept;
}

enum sort_key { SORT_TREE, SORT_NAME, SORT_STATE, SORT_PUBLISHED, SORT_FINDINGS };

static int compare(const struct collect_row *a, const struct collect_row *b, enum sort_key key)
{
	switch (key) {
	case SORT_NAME:
		return strcmp(a->agency.name, b->agency.name);
	case SORT_STATE:
		return (int)a->state - (int)b->state;
	case SORT_PUBLISHED: {
		bool na = a->published_on == CAL_NO_DAY, nb = b->published_on == CAL_NO_DAY;
		if (na || nb)
			return (int)na - (int)nb;
		return a->published_on < b->published_on ? -1 : a->published_on > b->published_on;
	}
	case SORT_FINDINGS:
		if (a->errors != b->errors)
			return a->errors < b->errors ? -1 : 1;
		return a->warnings < b->warnings ? -1 : a->warnings > b->warnings;
	default:
		return 0;
	}
}

void collect_sort(struct collect_row *rows, size_t n, const char *key, bool desc)
{
	static const char *const keys[] = {"", "name", "state", "published", "findings"};
	enum sort_key k = SORT_TREE;
	for (size_t i = 1; key && i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i]) == 0)
			k = (enum sort_key)i;
	if (k == SORT_TREE || n < 2)
		return;
	/* a stable insertion sort of indices (a collection is a few hundred rows; a row is large) */
	size_t *order = xmalloc(n * sizeof *order);
	struct collect_row *sorted = xmalloc(n * sizeof *sorted);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0) {
			int c = compare(&rows[order[j - 1]], &rows[i], k);
			if (desc ? c >= 0 : c <= 0)
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = rows[order[i]];
	memcpy(rows, sorted, n * sizeof *rows);
	free(sorted);
	free(order);
}

void collect_rules_text(const struct collect_row *row, struct buf *out)
{
	for (size_t i = 0; i < row->nrules; i++)
		buf_printf(out, "%s%s×%u", i ? " " : "", row->rules[i].rule, row->rules[i].count);
	if (!out->data)
		buf_puts(out, "");
}
