/* search.c — search and browsing of published items (see info_search.h). SQL must be string literals
 * (db_prepare), so the variable parts of a query are parameters: the terms that yield index tokens form
 * the index condition (search_index.c: one FTS5 MATCH expression on SQLite, "部门预算" AND "低保"; a
 * tsquery plus exact phrase patterns over info_item_search on PostgreSQL); terms that yield none (only
 * punctuation, "〔〕") are scanned with instr(), bound as :s1…:s8 ('' = no term). A query with indexed
 * terms uses the statement variant that joins the index, written once per backend below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "info/info_internal.h"
#include "info/info_search.h"
#include "info/info_search_index.h"
#include "storage/fts_bigram.h"
#include "util/buf.h"
#include "util/utf8.h"

#define DEFAULT_LIMIT	   20
#define MAX_LIMIT	   100
#define SNIPPET_CHARS	   100
#define SNIPPET_LEAD_CHARS 20

/* ---- terms ---- */

/* Length of a separator at p (ASCII space/tab/newline or U+3000), else 0. */
static size_t separator_len(const char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		return 1;
	if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
		return 3;
	return 0;
}

static int add_term(struct info_terms *out, const char *start, size_t len, char *err, size_t errlen)
{
	if (len > INFO_SEARCH_TERM_MAX) {
		snprintf(err, errlen, "检索词过长（每个词最多 %d 字节）", INFO_SEARCH_TERM_MAX);
		return -1;
	}
	for (size_t i = 0; i < out->count; i++)
		if (strlen(out->term[i]) == len && memcmp(out->term[i], start, len) == 0)
			return 0;
	if (out->count == INFO_SEARCH_MAX_TERMS) {
		snprintf(err, errlen, "检索词过多（最多 %d 个）", INFO_SEARCH_MAX_TERMS);
		return -1;
	}
	memcpy(out->term[out->count], start, len);
	out->term[out->count++][len] = '\0';
	return 0;
}

int info_terms_parse(const char *q, struct info_terms *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	for (const char *p = q ? q : ""; *p;) {
		size_t sep = separator_len(p);
		if (sep) {
			p += sep;
			continue;
		}
		const char *start = p;
		while (*p && !separator_len(p))
			p++;
		if (add_term(out, start, (size_t)(p - start), err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* ---- highlighting ---- */

/* Length of the term matching at p (longest), or 0. */
static size_t term_at(const char *p, const struct info_terms *terms)
{
	size_t best = 0;
	for (size_t i = 0; i < terms->count; i++) {
		size_t n = strlen(terms->term[i]);
		if (n > best && strncasecmp(p, terms->term[i], n) == 0)
			best = n;
	}
	return best;
}

/* Byte offset where the window of width characters starts: a few characters (a quarter of the width, at
 * most SNIPPET_LEAD_CHARS) before the first match; 0 when nothing matches. */
static size_t window_start(const char *text, const struct info_terms *terms, size_t width)
{
	size_t lead = width / 4 < SNIPPET_LEAD_CHARS ? width / 4 : SNIPPET_LEAD_CHARS;
	const char *first = NULL;
	for (size_t i = 0; i < terms->count; i++) {
		const char *hit = strcasestr(text, terms->term[i]);
		if (hit && (!first || hit < first))
			first = hit;
	}
	if (!first)
		return 0;
	size_t pos = (size_t)(first - text);
	for (size_t back = 0; back < lead && pos > 0; back++)
		pos = utf8_back(text, pos);
	return pos;
}

char *info_highlight_html(const char *text, const struct info_terms *terms, size_t width)
{
	struct buf b = {0};
	buf_puts(&b, "");
	const char *s = text ? text : "";
	size_t start = width ? window_start(s, terms, width) : 0;
	if (start > 0)
		buf_puts(&b, "…");
	const char *p = s + start;
	for (size_t chars = 0; *p && (width == 0 || chars < width); chars++) {
		size_t n = terms->count ? term_at(p, terms) : 0;
		if (n) {
			buf_puts(&b, "<mark>");
			buf_html_n(&b, p, n);
			buf_puts(&b, "</mark>");
			for (size_t k = utf8_char_len(p); k < n; k += utf8_char_len(p + k))
				chars++;
			p += n;
			continue;
		}
		n = utf8_char_len(p);
		if (*p == '\n' || *p == '\r' || *p == '\t')
			buf_putc(&b, ' ');
		else
			buf_html_n(&b, p, n);
		p += n;
	}
	if (*p)
		buf_puts(&b, "…");
	return buf_take(&b);
}

/* ---- queries ---- */

#define HIT_COLUMNS                                                                                                    \
	"SELECT i.id, i.agency_id, i.category_id, i.index_no, coalesce(c.name, ''), i.title, i.doc_no, "               \
	"i.publisher, i.summary, i.body_text, i.formed_on, i.published_on, i.published_at, i.updated_at, "             \
	"i.doc_type, i.validity, i.theme_code, coalesce((SELECT t.name FROM info_theme t WHERE t.code = "              \
	"i.theme_code), '') "
#define CATEGORY_JOIN "LEFT JOIN info_category c ON c.id = i.category_id "

#define SHORT_TERM(s)                                                                                                  \
	"AND (" s " = '' OR instr(i.title, " s ") > 0 OR instr(i.doc_no, " s ") > 0 OR instr(i.summary, " s            \
	") > 0 OR instr(i.body_text, " s ") > 0) "

#define SCANNED_TERMS                                                                                                  \
	SHORT_TERM(":s1")                                                                                              \
	SHORT_TERM(":s2")                                                                                              \
	SHORT_TERM(":s3") SHORT_TERM(":s4") SHORT_TERM(":s5") SHORT_TERM(":s6") SHORT_TERM(":s7") SHORT_TERM(":s8")

#define PUBLIC_FILTERS                                                                                                 \
	"WHERE i.status = 'published' AND i.published_at > 0 AND i.published_at <= :now "                              \
	"AND (:agency = 0 OR i.agency_id = :agency) AND (:year = 0 OR i.pub_year = :year) "                            \
	"AND (:doc_type = '' OR i.doc_type = :doc_type) "                                                              \
	"AND (:from = '' OR i.published_on >= :from) AND (:to = '' OR i.published_on <= :to) "                         \
	"AND (:theme = '' OR i.theme_code = :theme) "                                                                  \
	"AND (:category = 0 OR i.category_id IN (WITH RECURSIVE sub(id) AS (SELECT :category UNION ALL "               \
	"SELECT k.id FROM info_category k JOIN sub ON k.parent_id = sub.id) SELECT id FROM sub)) " SCANNED_TERMS

/* Two ways to join the index. FROM_MATCHES walks the index's matches and looks each item up (CROSS JOIN
 * keeps that order on SQLite; PostgreSQL's planner picks the order): cheap when there are few matches,
 * and the count stops at the cap. IN_MATCHES walks the published items newest first and keeps those in
 * the match list: cheap for the first page when matches are many (it stops after offset + limit), a
 * full scan when they are few. */
#define FROM_ITEMS   "FROM info_item i "
#define FROM_MATCHES "FROM info_item_fts f CROSS JOIN info_item i ON i.id = f.rowid "
#define MATCHES	     "AND info_item_fts MATCH :match "
#define IN_MATCHES   "AND i.id IN (SELECT rowid FROM info_item_fts WHERE info_item_fts MATCH :match) "
#define ORDER_PAGE   "ORDER BY i.published_at DESC, i.id DESC LIMIT :limit OFFSET :offset"
/* bm25 weights: title 10, 文号 5, 内容概述 3, body 1 (the index's column order) */
#define ORDER_RELEVANCE                                                                                                \
	"ORDER BY bm25(info_item_fts, 10.0, 5.0, 3.0, 1.0), i.published_at DESC, i.id DESC LIMIT :limit OFFSET "       \
	":offset"

/* PostgreSQL: info_item_search (search_index.c). The relevance order is FTS5's bm25 written out: for
 * each phrase k its weighted occurrences f (10 × title + 5 × 文号 + 3 × 概述 + body, counted with the
 * lookahead :ck on each field of the folded text) give idf × (f × (k1 + 1)) / (f + k1 × (1 − b + b ×
 * positions / avgdl)), summed in phrase order; search_bm25_bind binds the inputs. */
#define PG_FROM_MATCHES		"FROM info_item_search s JOIN info_item i ON i.id = s.item_id "
#define PG_IN_MATCHES		"AND EXISTS (SELECT 1 FROM info_item_search s WHERE s.item_id = i.id " SEARCH_PG_ROW_MATCHES ") "
#define PG_FIELD_HITS(k, field) "regexp_count(split_part(s.folded, chr(10), " field "), :c" k ")"
#define PG_FREQ(k)                                                                                                     \
	"CASE WHEN :c" k " = '' THEN CAST(0 AS float8) ELSE CAST(10 * " PG_FIELD_HITS(k, "1") " + 5 * " PG_FIELD_HITS( \
	    k, "2") " + 3 * " PG_FIELD_HITS(k, "3") " + " PG_FIELD_HITS(k, "4") " AS float8) END AS f" k
#define PG_FREQS                                                                                                       \
	"CROSS JOIN LATERAL (SELECT " PG_FREQ("1") ", " PG_FREQ("2") ", " PG_FREQ("3") ", " PG_FREQ("4") ", " PG_FREQ( \
	    "5") ", " PG_FREQ("6") ", " PG_FREQ("7") ", " PG_FREQ("8") ") AS fr "
#define PG_BM25_TERM(k)                                                                                                \
	" + CASE WHEN :c" k " = '' THEN CAST(0 AS float8) ELSE CAST(:idf" k " AS float8) * ((fr.f" k                   \
	" * CAST(:k1p1 AS float8)) / (fr.f" k " + CAST(:k1 AS float8) * (CAST(:omb AS float8) + CAST(:b AS float8) * " \
	"CAST(s.units AS float8) / CAST(:avgdl AS float8)))) END"
#define PG_ORDER_RELEVANCE                                                                                             \
	"ORDER BY (CAST(0 AS float8)" PG_BM25_TERM("1") PG_BM25_TERM("2") PG_BM25_TERM("3") PG_BM25_TERM("4")          \
	    PG_BM25_TERM("5") PG_BM25_TERM("6") PG_BM25_TERM("7")                                                      \
		PG_BM25_TERM("8") ") DESC, i.published_at DESC, i.id DESC LIMIT :limit OFFSET :offset"

enum page_plan {
	PAGE_BROWSE,	   /* no indexed term */
	PAGE_FROM_MATCHES, /* at most INFO_SEARCH_COUNT_CAP matches: sort them */
	PAGE_NEWEST_FIRST, /* more: scan newest first, keep matches */
	PAGE_RELEVANCE,	   /* by relevance: rank every match */
};

static struct db_stmt *prepare_page_pg(struct db *db, enum page_plan plan)
{
	switch (plan) {
	case PAGE_FROM_MATCHES:
		return db_prepare(
		    db, HIT_COLUMNS PG_FROM_MATCHES CATEGORY_JOIN PUBLIC_FILTERS SEARCH_PG_MATCHES ORDER_PAGE);
	case PAGE_NEWEST_FIRST:
		return db_prepare(db, HIT_COLUMNS FROM_ITEMS CATEGORY_JOIN PUBLIC_FILTERS PG_IN_MATCHES ORDER_PAGE);
	case PAGE_RELEVANCE:
		return db_prepare(db, HIT_COLUMNS PG_FROM_MATCHES PG_FREQS CATEGORY_JOIN PUBLIC_FILTERS
					  SEARCH_PG_MATCHES PG_ORDER_RELEVANCE);
	default:
		return db_prepare(db, HIT_COLUMNS FROM_ITEMS CATEGORY_JOIN PUBLIC_FILTERS ORDER_PAGE);
	}
}

static struct db_stmt *prepare_page(struct db *db, enum page_plan plan)
{
	if (db_is_postgresql(db))
		return prepare_page_pg(db, plan);
	switch (plan) {
	case PAGE_FROM_MATCHES:
		return db_prepare(db, HIT_COLUMNS FROM_MATCHES CATEGORY_JOIN PUBLIC_FILTERS MATCHES ORDER_PAGE);
	case PAGE_NEWEST_FIRST:
		return db_prepare(db, HIT_COLUMNS FROM_ITEMS CATEGORY_JOIN PUBLIC_FILTERS IN_MATCHES ORDER_PAGE);
	case PAGE_RELEVANCE:
		return db_prepare(db, HIT_COLUMNS FROM_MATCHES CATEGORY_JOIN PUBLIC_FILTERS MATCHES ORDER_RELEVANCE);
	default:
		return db_prepare(db, HIT_COLUMNS FROM_ITEMS CATEGORY_JOIN PUBLIC_FILTERS ORDER_PAGE);
	}
}

/* PostgreSQL: counting a term most items hold through the GIN index is slow at a million items (long
 * posting lists, and plans that read every candidate's lexemes, which are stored out of line), while
 * checking the items one by one on their folded text finds the cap's worth of matches in a few thousand
 * rows. So when the planner expects at least PROBE_MIN_SHARE of the rows to match
 * (info_item_search_estimate, migration pg/085), the PROBE_ROWS newest items (by id) are checked first:
 * more than the cap among them settles the total (capped, as the full count would be); otherwise the
 * index counts as for any term. */
#define PROBE_MIN_SHARE 0.1
#define PROBE_ROWS	20000
#define PG_PROBE                                                                                                       \
	"SELECT count(*) FROM (SELECT 1 FROM (SELECT i.id FROM info_item i " PUBLIC_FILTERS "ORDER BY i.id DESC "      \
	"LIMIT :probe) AS r JOIN info_item_search s ON s.item_id = r.id WHERE TRUE " SEARCH_PG_ROW_MATCHES             \
	"LIMIT :cap) AS hits"

static struct db_stmt *prepare_count(struct db *db, bool indexed)
{
	if (!indexed)
		return db_prepare(db,
				  "SELECT count(*) FROM (SELECT 1 " FROM_ITEMS PUBLIC_FILTERS "LIMIT :cap) AS hits");
	if (db_is_postgresql(db))
		return db_prepare(db, "SELECT count(*) FROM (SELECT 1 " PG_FROM_MATCHES PUBLIC_FILTERS SEARCH_PG_MATCHES
				      "LIMIT :cap) AS hits");
	return db_prepare(db,
			  "SELECT count(*) FROM (SELECT 1 " FROM_MATCHES PUBLIC_FILTERS MATCHES "LIMIT :cap) AS hits");
}

/* Binds the filters; scanned terms (:s1…:s8) are those without index tokens, or every term when the
 * index is not used (m == NULL); the index condition when it is. */
static void bind_filters(struct db_stmt *st, const struct info_query *q, const struct info_terms *t,
			 const struct search_match *m, enum search_form form, int64_t now)
{
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":agency", q->agency_id);
	db_bind_int(st, ":year", q->year);
	db_bind_text(st, ":doc_type", q->doc_type >= 0 ? info_doc_type_name((enum info_doc_type)q->doc_type) : "");
	db_bind_int(st, ":category", q->category_id);
	char from[CAL_ISO_SIZE] = "", to[CAL_ISO_SIZE] = "";
	if (q->from_day > 0)
		cal_format_iso(q->from_day, from);
	if (q->to_day > 0)
		cal_format_iso(q->to_day, to);
	db_bind_text(st, ":from", from);
	db_bind_text(st, ":to", to);
	db_bind_text(st, ":theme", q->theme ? q->theme : "");
	static const char *const names[INFO_SEARCH_MAX_TERMS] = {":s1", ":s2", ":s3", ":s4",
								 ":s5", ":s6", ":s7", ":s8"};
	size_t k = 0;
	for (size_t i = 0; i < t->count && k < INFO_SEARCH_MAX_TERMS; i++)
		if (!m || !fts_bigram_has_token(t->term[i]))
			db_bind_text(st, names[k++], t->term[i]);
	for (; k < INFO_SEARCH_MAX_TERMS; k++)
		db_bind_text(st, names[k], "");
	if (m)
		search_match_bind(st, m, form);
}

/* PostgreSQL: the share of items the planner expects the index condition to match, or -1. */
static double expected_share(struct db *db, const struct search_match *m)
{
	struct db_stmt *st = db_prepare(db, "SELECT info_item_search_estimate(:tsq)");
	if (!st || db_bind_text(st, ":tsq", m->tsquery) < 0 || db_step(st) != 1)
		return -1;
	const char *share = db_column_text(st, 0);
	double value = share ? strtod(share, NULL) : 0;
	db_reset(st);
	return value;
}

/* PostgreSQL: the probe of PG_PROBE when the term is common. Returns 1 with *total set when the probe
 * settles it (more than the cap found), 0 when the index must count, -1 on error. */
static int probe_count(struct db *db, const struct info_query *q, const struct info_terms *t,
		       const struct search_match *m, int64_t now, int64_t *total)
{
	double share = expected_share(db, m);
	if (share < 0)
		return -1;
	if (share < PROBE_MIN_SHARE)
		return 0;
	struct db_stmt *st = db_prepare(db, PG_PROBE);
	if (!st)
		return -1;
	bind_filters(st, q, t, m, SEARCH_ROW, now);
	db_bind_int(st, ":probe", PROBE_ROWS);
	db_bind_int(st, ":cap", INFO_SEARCH_COUNT_CAP + 1);
	int64_t found = 0;
	if (db_step_int(st, &found) != 1)
		return -1;
	if (found <= INFO_SEARCH_COUNT_CAP)
		return 0;
	*total = found;
	return 1;
}

static int day_of_text(const char *text)
{
	int day;
	return text && cal_parse_iso(text, strlen(text), &day) == 0 ? day : CAL_NO_DAY;
}

static char *dup_column(struct db_stmt *st, int col)
{
	char *s = db_column_dup(st, col);
	return s ? s : xstrdup("");
}

static void read_hit(struct db_stmt *st, const struct info_terms *t, struct info_hit *h)
{
	memset(h, 0, sizeof *h);
	h->id = db_column_int(st, 0);
	h->agency_id = db_column_int(st, 1);
	h->category_id = db_column_int(st, 2);
	db_column_copy(st, 3, h->index_no, sizeof h->index_no);
	db_column_copy(st, 4, h->category_name, sizeof h->category_name);
	h->title = dup_column(st, 5);
	h->doc_no = dup_column(st, 6);
	h->publisher = dup_column(st, 7);
	h->summary = dup_column(st, 8);
	const char *body = db_column_text(st, 9);
	h->formed_on = day_of_text(db_column_text(st, 10));
	h->published_on = day_of_text(db_column_text(st, 11));
	h->published_at = db_column_int(st, 12);
	h->updated_at = db_column_int(st, 13);
	int type = info_doc_type_parse(db_column_text(st, 14));
	h->doc_type = type < 0 ? INFO_DOC_OTHER : (enum info_doc_type)type;
	int validity = info_validity_parse(db_column_text(st, 15));
	h->validity = validity < 0 ? INFO_VALID : (enum info_validity)validity;
	db_column_copy(st, 16, h->theme_code, sizeof h->theme_code);
	db_column_copy(st, 17, h->theme_name, sizeof h->theme_name);
	h->title_html = info_highlight_html(h->title, t, 0);
	bool body_hit = false;
	for (size_t i = 0; body && i < t->count && !body_hit; i++)
		body_hit = strcasestr(body, t->term[i]) != NULL;
	h->snippet_html = info_highlight_html(body_hit || !*h->summary ? body : h->summary, t, SNIPPET_CHARS);
}

static int run_page(struct db_stmt *st, const struct info_terms *t, struct info_hits *out, size_t limit)
{
	out->items = xcalloc(limit, sizeof *out->items);
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (out->count == limit) {
			db_reset(st);
			break;
		}
		read_hit(st, t, &out->items[out->count++]);
	}
	return rc < 0 ? -1 : 0;
}

enum outcome_code info_search(struct db *db, const struct info_query *q, int64_t now, struct info_hits *out,
			      struct outcome *outcome)
{
	memset(out, 0, sizeof *out);
	outcome_clear(outcome);
	struct info_terms terms;
	char why[128];
	if (info_terms_parse(q->q, &terms, why, sizeof why) < 0)
		return outcome_fail(outcome, OUTCOME_INVALID, "q", "检索词：%s", why);
	size_t limit = q->limit == 0 ? DEFAULT_LIMIT : q->limit > MAX_LIMIT ? MAX_LIMIT : q->limit;
	struct search_match match;
	search_match_build(&terms, &match);
	bool pg = db_is_postgresql(db), indexed = match.phrases > 0;
	if (search_plans_begin(db) < 0) {
		search_match_free(&match);
		return outcome_fail(outcome, OUTCOME_STORAGE, NULL, "检索失败：%s", db_errmsg(db));
	}
	enum outcome_code code = OUTCOME_OK;
	struct db_stmt *count = prepare_count(db, indexed);
	if (!count && indexed && !pg) {
		/* SQLite only: the bigram index is unusable on this connection (the tokenizer could not be
		 * registered): scan for every term instead (exact substrings, so full-width and case variants
		 * are not found; slower). PostgreSQL's index is an ordinary table: no such case. */
		indexed = false;
		count = prepare_count(db, false);
	}
	const struct search_match *m = indexed ? &match : NULL;
	int64_t total = 0;
	if (count) {
		bind_filters(count, q, &terms, m, search_form_of(db), now);
		db_bind_int(count, ":cap", INFO_SEARCH_COUNT_CAP + 1);
	}
	int probed = pg && indexed && count ? probe_count(db, q, &terms, m, now, &total) : 0;
	if (probed < 0 || (!probed && (!count || db_step_int(count, &total) != 1)))
		code = outcome_fail(outcome, OUTCOME_STORAGE, NULL, "检索失败：%s", db_errmsg(db));
	out->total = total > INFO_SEARCH_COUNT_CAP ? INFO_SEARCH_COUNT_CAP : total;
	out->total_capped = total > INFO_SEARCH_COUNT_CAP;
	enum page_plan plan = !indexed				 ? PAGE_BROWSE
			      : q->order == INFO_ORDER_RELEVANCE ? PAGE_RELEVANCE
			      : out->total_capped		 ? PAGE_NEWEST_FIRST
								 : PAGE_FROM_MATCHES;
	/* nothing counted: no page to read (the count has the page's conditions) */
	bool read = code == OUTCOME_OK && total > 0;
	struct db_stmt *page = read ? prepare_page(db, plan) : NULL;
	if (page) {
		/* PostgreSQL's newest-first plan checks the items it walks one by one */
		bind_filters(page, q, &terms, m, pg && plan == PAGE_NEWEST_FIRST ? SEARCH_ROW : search_form_of(db),
			     now);
		db_bind_int(page, ":limit", (int64_t)limit);
		db_bind_int(page, ":offset", (int64_t)q->offset);
		if (pg && plan == PAGE_RELEVANCE && search_bm25_bind(db, page, &match) < 0)
			page = NULL;
	}
	if (read && (!page || run_page(page, &terms, out, limit) < 0))
		code = outcome_fail(outcome, OUTCOME_STORAGE, NULL, "检索失败：%s", db_errmsg(db));
	search_plans_end(db);
	search_match_free(&match);
	if (code != OUTCOME_OK)
		info_hits_free(out);
	return code;
}

void info_hits_free(struct info_hits *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->count; i++) {
		struct info_hit *x = &h->items[i];
		free(x->title);
		free(x->doc_no);
		free(x->publisher);
		free(x->summary);
		free(x->title_html);
		free(x->snippet_html);
	}
	free(h->items);
	memset(h, 0, sizeof *h);
}

int64_t info_public_each(struct db *db, int64_t agency_id, int64_t category_id, int64_t now, size_t max,
			 void (*fn)(void *ctx, const struct info_public_ref *ref), void *ctx)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT i.id, i.category_id, i.published_at, i.updated_at FROM info_item i "
		"WHERE i.status = 'published' AND i.published_at > 0 AND i.published_at <= :now "
		"AND (:agency = 0 OR i.agency_id = :agency) AND (:category = 0 OR i.category_id IN (WITH RECURSIVE "
		"sub(id) AS (SELECT :category UNION ALL SELECT k.id FROM info_category k JOIN sub ON "
		"k.parent_id = sub.id) SELECT id FROM sub)) ORDER BY i.published_at DESC, i.id DESC LIMIT :max");
	if (!st)
		return -1;
	db_bind_int(st, ":now", now);
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":category", category_id);
	db_bind_int(st, ":max", (int64_t)max);
	int64_t n = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		struct info_public_ref ref = {db_column_int(st, 0), db_column_int(st, 1), db_column_int(st, 2),
					      db_column_int(st, 3)};
		fn(ctx, &ref);
		n++;
	}
	return rc < 0 ? -1 : n;
}
