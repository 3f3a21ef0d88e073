/* search_index.c — the search index of information items on both backends (see info_search_index.h for
 * what is stored and why the match is exact): the query side (FTS5 MATCH expression on SQLite; tsquery,
 * phrase patterns and bm25 inputs on PostgreSQL) and, on PostgreSQL, the index rows gongkai writes
 * itself (search_index_item, info_search_reindex). Every token comes from the storage layer's bigram
 * tokenizer (fts_bigram_split): nothing here splits text on its own. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info/info_internal.h"
#include "info/info_search_index.h"
#include "storage/fts_bigram.h"

#define UNIT_MAX       (FTS_BIGRAM_WORD_MAX + 8)
#define REINDEX_BATCH  500
#define TERM_UNITS_MAX (INFO_SEARCH_TERM_MAX + 1)
#define PHRASE_PARAMS  INFO_SEARCH_MAX_TERMS

/* ---- positions ("units") from the tokenizer's document mode ----
 * Position p of a document gets a non-colocated token; a CJK character that is not the last of its
 * run gets the bigram it starts plus itself as a colocated unigram. So a position's unit is its last
 * token, and the position continues a CJK run into the next one exactly when it had a bigram. */

typedef void (*unit_fn)(void *ctx, const char *unit, size_t len, bool joined);

struct unit_walk {
	unit_fn fn;
	void *ctx;
	char unit[UNIT_MAX];
	size_t len;
	bool have, bigram, prev_bigram;
};

static void unit_flush(struct unit_walk *w)
{
	if (!w->have)
		return;
	w->fn(w->ctx, w->unit, w->len, w->prev_bigram);
	w->prev_bigram = w->bigram;
	w->have = false;
}

static int unit_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)start, (void)end;
	struct unit_walk *w = ctx;
	if (!colocated)
		unit_flush(w);
	w->len = len < sizeof w->unit ? len : sizeof w->unit;
	memcpy(w->unit, token, w->len);
	w->bigram = colocated; /* a colocated unigram follows the bigram its character starts */
	w->have = true;
	return 0;
}

/* Calls fn for each position of text: its unit and whether it continues the previous one's CJK run. */
static void walk_units(const char *text, unit_fn fn, void *ctx)
{
	struct unit_walk w = {.fn = fn, .ctx = ctx};
	if (text)
		fts_bigram_split(text, strlen(text), FTS_BIGRAM_DOCUMENT, unit_token, &w);
	unit_flush(&w);
}

/* ---- documents ---- */

struct fold_ctx {
	struct buf *out;
	bool first;
	int64_t units;
};

static void fold_unit(void *ctx, const char *unit, size_t len, bool joined)
{
	struct fold_ctx *f = ctx;
	if (!f->first && !joined)
		buf_putc(f->out, ' ');
	buf_append(f->out, unit, len);
	f->first = false;
	f->units++;
}

struct token_list {
	struct buf bytes; /* tokens, each followed by '\0' */
	size_t *offsets;
	size_t count, cap;
};

static int collect_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)colocated, (void)start, (void)end;
	struct token_list *l = ctx;
	if (l->count == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->offsets = xrealloc(l->offsets, l->cap * sizeof *l->offsets);
	}
	l->offsets[l->count++] = l->bytes.len;
	buf_append(&l->bytes, token, len);
	buf_putc(&l->bytes, '\0');
	return 0;
}

static int by_token(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends s as an element of a PostgreSQL array literal ("…", with " and \ escaped). */
static void array_element(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

void search_doc_build(const char *const fields[4], struct search_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	struct token_list l = {0};
	buf_puts(&doc->folded, "");
	for (int i = 0; i < 4; i++) {
		const char *text = fields[i] ? fields[i] : "";
		if (i)
			buf_putc(&doc->folded, '\n');
		buf_putc(&doc->folded, ' ');
		struct fold_ctx f = {.out = &doc->folded, .first = true};
		walk_units(text, fold_unit, &f);
		buf_putc(&doc->folded, ' ');
		doc->units += f.units;
		fts_bigram_split(text, strlen(text), FTS_BIGRAM_DOCUMENT, collect_token, &l);
	}
	/* the buffer no longer moves: sort pointers to the tokens, then write each distinct one once */
	const char **sorted = xcalloc(l.count + 1, sizeof *sorted);
	for (size_t i = 0; i < l.count; i++)
		sorted[i] = l.bytes.data + l.offsets[i];
	if (l.count)
		qsort(sorted, l.count, sizeof *sorted, by_token);
	buf_putc(&doc->lexemes, '{');
	const char *prev = NULL;
	for (size_t i = 0; i < l.count; i++) {
		const char *tok = sorted[i];
		if (prev && strcmp(prev, tok) == 0)
			continue;
		if (prev)
			buf_putc(&doc->lexemes, ',');
		array_element(&doc->lexemes, tok);
		doc->lexeme_bytes += strlen(tok);
		prev = tok;
	}
	buf_putc(&doc->lexemes, '}');
	free(sorted);
	free(l.offsets);
	buf_free(&l.bytes);
}

void search_doc_free(struct search_doc *doc)
{
	buf_free(&doc->lexemes);
	buf_free(&doc->folded);
	memset(doc, 0, sizeof *doc);
}

/* ---- queries ---- */

/* Appends 'token' in tsquery quoting (' and \ doubled), ANDed to what out holds. */
static int tsquery_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)colocated, (void)start, (void)end;
	struct buf *out = ctx;
	if (out->len)
		buf_puts(out, " & ");
	buf_putc(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (token[i] == '\'' || token[i] == '\\')
			buf_putc(out, token[i]);
		buf_putc(out, token[i]);
	}
	buf_putc(out, '\'');
	return 0;
}

void search_tsquery(const char *text, struct buf *out)
{
	buf_reset(out);
	buf_puts(out, "");
	if (text)
		fts_bigram_split(text, strlen(text), FTS_BIGRAM_QUERY, tsquery_token, out);
}

struct term_units {
	char unit[TERM_UNITS_MAX][UNIT_MAX + 1];
	bool joined[TERM_UNITS_MAX], cjk[TERM_UNITS_MAX];
	size_t count;
};

static void term_unit(void *ctx, const char *unit, size_t len, bool joined)
{
	struct term_units *t = ctx;
	if (t->count == TERM_UNITS_MAX)
		return; /* a term of at most INFO_SEARCH_TERM_MAX bytes has fewer positions */
	memcpy(t->unit[t->count], unit, len);
	t->unit[t->count][len] = '\0';
	t->joined[t->count] = joined;
	t->cjk[t->count] = fts_bigram_all_cjk(t->unit[t->count]);
	t->count++;
}

/* Appends a unit to a regular expression: characters that could be operators are escaped (units hold
 * letters, digits and CJK characters only, so this is a safeguard). */
static void regex_unit(struct buf *out, const char *unit)
{
	for (const char *p = unit; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
}

/* Appends the term's pattern: as a regular expression (units escaped, " ?" where two CJK runs meet) or
 * as a literal (only valid when no two CJK runs meet). */
static void render_pattern(const struct term_units *t, bool as_regex, struct buf *out)
{
	buf_puts(out, "");
	if (t->count && !t->cjk[0])
		buf_putc(out, ' ');
	for (size_t j = 0; j < t->count; j++) {
		if (j && !t->joined[j])
			buf_puts(out, t->cjk[j - 1] && t->cjk[j] ? " ?" : " ");
		if (as_regex)
			regex_unit(out, t->unit[j]);
		else
			buf_puts(out, t->unit[j]);
	}
	if (t->count && !t->cjk[t->count - 1])
		buf_putc(out, ' ');
}

/* Whether two CJK runs of the term meet (then only a regular expression expresses it). */
static bool runs_meet(const struct term_units *t)
{
	for (size_t j = 1; j < t->count; j++)
		if (!t->joined[j] && t->cjk[j - 1] && t->cjk[j])
			return true;
	return false;
}

static int count_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)colocated, (void)token, (void)len, (void)start, (void)end;
	++*(size_t *)ctx;
	return 0;
}

bool search_index_exact(const char *term)
{
	size_t tokens = 0;
	fts_bigram_split(term, strlen(term), FTS_BIGRAM_QUERY, count_token, &tokens);
	return tokens == 1;
}

void search_pattern(const char *term, struct buf *out, bool *regex)
{
	struct term_units t = {0};
	walk_units(term, term_unit, &t);
	*regex = runs_meet(&t);
	render_pattern(&t, *regex, out);
}

/* The FTS5 phrase of a term: the term quoted, quotes doubled. */
static void fts5_phrase(struct buf *out, const char *term)
{
	buf_putc(out, '"');
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

void search_match_build(const struct info_terms *terms, struct search_match *m)
{
	memset(m, 0, sizeof *m);
	struct buf fts5 = {0}, all = {0};
	buf_puts(&fts5, "");
	buf_puts(&all, "");
	for (size_t i = 0; i < terms->count; i++) {
		const char *term = terms->term[i];
		if (!fts_bigram_has_token(term))
			continue;
		size_t k = m->phrases++;
		if (fts5.len)
			buf_puts(&fts5, " AND ");
		fts5_phrase(&fts5, term);
		struct buf tsq = {0}, pattern = {0}, count = {0};
		search_tsquery(term, &tsq);
		if (all.len)
			buf_puts(&all, " & ");
		buf_puts(&all, tsq.data);
		m->phrase_tsquery[k] = buf_take(&tsq);
		struct term_units t = {0};
		walk_units(term, term_unit, &t);
		bool regex = runs_meet(&t);
		render_pattern(&t, regex, &pattern);
		buf_puts(&count, "(?=");
		render_pattern(&t, true, &count);
		buf_putc(&count, ')');
		m->exact[k] = search_index_exact(term);
		m->literal[k] = regex ? xstrdup("") : xstrdup(pattern.data);
		m->regex[k] = regex ? xstrdup(pattern.data) : xstrdup("");
		m->count_regex[k] = buf_take(&count);
		buf_free(&pattern);
	}
	m->fts5 = buf_take(&fts5);
	m->tsquery = buf_take(&all);
}

void search_match_free(struct search_match *m)
{
	free(m->fts5);
	free(m->tsquery);
	for (size_t k = 0; k < INFO_SEARCH_MAX_TERMS; k++) {
		free(m->phrase_tsquery[k]);
		free(m->literal[k]);
		free(m->regex[k]);
		free(m->count_regex[k]);
	}
	memset(m, 0, sizeof *m);
}

/* ---- plans ---- */

int search_plans_begin(struct db *db)
{
	if (!db_is_postgresql(db))
		return 0;
	if (db_read_begin(db) < 0)
		return -1;
	/* and without parallel workers: a search is short, and the workers' start costs more than they
	 * save (measured at 1,000,000 items: 道路改造's count 17 ms alone, 34–59 ms with two workers) */
	if (db_step(db_prepare(db, "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
				   "set_config('max_parallel_workers_per_gather', '0', true)")) < 0) {
		db_read_end(db);
		return -1;
	}
	return 0;
}

void search_plans_end(struct db *db)
{
	if (db_is_postgresql(db))
		db_read_end(db);
}

/* ---- binding ---- */

static const char *const f_names[PHRASE_PARAMS] = {":f1", ":f2", ":f3", ":f4", ":f5", ":f6", ":f7", ":f8"};
static const char *const r_names[PHRASE_PARAMS] = {":r1", ":r2", ":r3", ":r4", ":r5", ":r6", ":r7", ":r8"};
static const char *const c_names[PHRASE_PARAMS] = {":c1", ":c2", ":c3", ":c4", ":c5", ":c6", ":c7", ":c8"};
static const char *const idf_names[PHRASE_PARAMS] = {":idf1", ":idf2", ":idf3", ":idf4",
						     ":idf5", ":idf6", ":idf7", ":idf8"};

enum search_form search_form_of(struct db *db)
{
	return db_is_postgresql(db) ? SEARCH_INDEX : SEARCH_FTS5;
}

int search_match_bind(struct db_stmt *st, const struct search_match *m, enum search_form form)
{
	if (form == SEARCH_FTS5)
		return db_bind_text(st, ":match", m->fts5);
	int rc = form == SEARCH_INDEX ? db_bind_text(st, ":tsq", m->tsquery) : 0;
	for (size_t k = 0; k < PHRASE_PARAMS; k++) {
		/* beside the index, a phrase it answers alone needs no pattern */
		bool pattern = k < m->phrases && !(form == SEARCH_INDEX && m->exact[k]);
		rc |= db_bind_text(st, f_names[k], pattern ? m->literal[k] : "");
		rc |= db_bind_text(st, r_names[k], pattern ? m->regex[k] : "");
	}
	return rc ? -1 : 0;
}

static int bind_double(struct db_stmt *st, const char *name, double value)
{
	char text[40];
	snprintf(text, sizeof text, "%.17g", value); /* 17 digits: read back as the same double */
	return db_bind_text(st, name, text);
}

/* Rows matching phrase k among all indexed items (FTS5's nHit), or -1. */
static int64_t phrase_rows(struct db *db, const struct search_match *m, size_t k)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM info_item_search s WHERE s.lexemes @@ "
					    "CAST(:tsq AS tsquery) " SEARCH_PG_RECHECK("1"));
	int64_t hits = -1;
	bool pattern = !m->exact[k];
	if (!st || db_bind_text(st, ":tsq", m->phrase_tsquery[k]) < 0 ||
	    db_bind_text(st, ":f1", pattern ? m->literal[k] : "") < 0 ||
	    db_bind_text(st, ":r1", pattern ? m->regex[k] : "") < 0 || db_step_int(st, &hits) != 1)
		return -1;
	return hits;
}

int search_bm25_bind(struct db *db, struct db_stmt *st, const struct search_match *m)
{
	/* FTS5's bm25 (fts5_aux.c): k1 1.2, b 0.75, IDF = log((N - nHit + 0.5) / (nHit + 0.5)) floored at
	 * 1e-6, avgdl = positions of all rows / rows */
	const double k1 = 1.2, b = 0.75;
	struct db_stmt *totals = db_prepare(db, "SELECT count(*), coalesce(sum(units), 0) FROM info_item_search");
	if (!totals || db_step(totals) != 1)
		return -1;
	int64_t rows = db_column_int(totals, 0), positions = db_column_int(totals, 1);
	db_reset(totals);
	int rc = 0;
	for (size_t k = 0; k < PHRASE_PARAMS; k++) {
		double idf = 0;
		if (k < m->phrases) {
			int64_t hits = phrase_rows(db, m, k);
			if (hits < 0)
				return -1;
			idf = log(((double)(rows - hits) + 0.5) / ((double)hits + 0.5));
			if (idf <= 0.0)
				idf = 1e-6;
		}
		rc |= db_bind_text(st, c_names[k], k < m->phrases ? m->count_regex[k] : "");
		rc |= bind_double(st, idf_names[k], idf);
	}
	rc |= bind_double(st, ":avgdl", rows > 0 ? (double)positions / (double)rows : 1.0);
	rc |= bind_double(st, ":k1", k1);
	rc |= bind_double(st, ":k1p1", k1 + 1.0);
	rc |= bind_double(st, ":b", b);
	rc |= bind_double(st, ":omb", 1 - b);
	return rc ? -1 : 0;
}

/* ---- index rows (PostgreSQL) ---- */

int search_index_item(struct db *w, int64_t id, const char *title, const char *doc_no, const char *summary,
		      const char *body_text)
{
	if (!db_is_postgresql(w))
		return 0; /* SQLite: the FTS5 triggers of migration 011 */
	const char *const fields[4] = {title, doc_no, summary, body_text};
	struct search_doc doc;
	search_doc_build(fields, &doc);
	int rc = 1;
	if (doc.lexeme_bytes <= SEARCH_LEXEME_BYTES_MAX) {
		struct db_stmt *st = db_prepare(
		    w, "INSERT INTO info_item_search (item_id, lexemes, folded, units) VALUES (:id, "
		       "array_to_tsvector(CAST(:lexemes AS text[])), :folded, :units) ON CONFLICT (item_id) DO UPDATE "
		       "SET lexemes = excluded.lexemes, folded = excluded.folded, units = excluded.units");
		rc = st && db_bind_int(st, ":id", id) == 0 && db_bind_text(st, ":lexemes", doc.lexemes.data) == 0 &&
			     db_bind_text(st, ":folded", doc.folded.data) == 0 &&
			     db_bind_int(st, ":units", doc.units) == 0 && db_step(st) == 0
			 ? 0
			 : -1;
	}
	search_doc_free(&doc);
	return rc;
}

struct reindex_job {
	int64_t after;	 /* in: index items with a larger id */
	int64_t written; /* out: rows written by this batch */
	int64_t last;	 /* out: the largest id seen */
	bool more;	 /* out: the batch was full */
};

static enum outcome_code reindex_batch(struct db *w, void *ctx, struct outcome *out)
{
	struct reindex_job *j = ctx;
	j->written = 0;
	j->last = j->after;
	j->more = false;
	struct db_stmt *st = db_prepare(w, "SELECT i.id, i.title, i.doc_no, i.summary, i.body_text FROM info_item i "
					   "WHERE i.id > :after AND NOT EXISTS (SELECT 1 FROM info_item_search s "
					   "WHERE s.item_id = i.id) ORDER BY i.id LIMIT :batch");
	db_bind_int(st, ":after", j->after);
	db_bind_int(st, ":batch", REINDEX_BATCH);
	int rc, rows = 0;
	while ((rc = db_step(st)) == 1) {
		/* PostgreSQL hands over the whole result at the first step: writing meanwhile is safe */
		rows++;
		j->last = db_column_int(st, 0);
		int done = search_index_item(w, j->last, db_column_text(st, 1), db_column_text(st, 2),
					     db_column_text(st, 3), db_column_text(st, 4));
		if (done < 0) {
			db_reset(st);
			rc = -1;
			break;
		}
		j->written += done == 0; /* an item too large for a tsvector stays unindexed */
	}
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "建立检索索引失败：%s", db_errmsg(w));
	j->more = rows == REINDEX_BATCH;
	return OUTCOME_OK;
}

int64_t info_search_reindex(struct store *store, char *err, size_t errlen)
{
	struct db *r = store_reader(store);
	if (!r || !db_is_postgresql(r))
		return r ? 0 : -1;
	int64_t missing = 0;
	int rc = db_step_int(db_prepare(r, "SELECT (SELECT count(*) FROM info_item) - "
					   "(SELECT count(*) FROM info_item_search)"),
			     &missing);
	db_release(r);
	if (rc != 1) {
		snprintf(err, errlen, "无法检查检索索引：%s", db_errmsg(r));
		return -1;
	}
	int64_t written = 0;
	struct reindex_job job = {0};
	for (bool more = missing > 0; more;) {
		struct outcome out;
		if (store_write(store, reindex_batch, &job, &out) != OUTCOME_OK) {
			snprintf(err, errlen, "%s", out.message);
			return -1;
		}
		written += job.written;
		job.after = job.last;
		more = job.more;
	}
	return written;
}
