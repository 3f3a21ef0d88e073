/* search_suggest.c — "did you mean" for a portal search that found nothing (see info_search.h). The
 * suggestions come from the published text itself: a term that finds nothing is looked up with one
 * character replaced by LIKE's '_' in titles and summaries (among the items the index finds for the
 * unchanged parts when they are Chinese), and the variant found in most items wins.
 * No word list is kept, so the suggestion can only ever lead to something the site has published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info/info_internal.h"
#include "info/info_search.h"
#include "info/info_search_index.h"
#include "storage/fts_bigram.h"
#include "util/buf.h"
#include "util/utf8.h"

#define SUGGEST_TEXTS	   20 /* titles/summaries read per pattern */
#define SUGGEST_CANDIDATES 32

#define VISIBLE                                                                                                        \
	"FROM info_item i WHERE i.status = 'published' AND i.published_at > 0 AND i.published_at <= :now "             \
	"AND (:agency = 0 OR i.agency_id = :agency) "

/* 1 when some visible item of the query's agency has term (through the index, as the search does); 0
 * when none; -1 on error. */
static int term_found(struct db *db, const char *term, const struct info_query *q, int64_t now)
{
	struct info_query one = {.agency_id = q->agency_id, .q = term, .doc_type = -1, .limit = 1};
	struct info_hits hits;
	struct outcome out;
	if (info_search(db, &one, now, &hits, &out) != OUTCOME_OK)
		return -1;
	int found = hits.total > 0;
	info_hits_free(&hits);
	return found;
}

struct candidate {
	char text[INFO_SEARCH_TERM_MAX + 1];
	int items; /* texts it was found in */
};

/* Byte offsets of the n characters of s (offsets[n] = strlen). */
static size_t char_offsets(const char *s, size_t offsets[INFO_SUGGEST_MAX_CHARS + 1])
{
	size_t n = 0, pos = 0;
	while (s[pos] && n < INFO_SUGGEST_MAX_CHARS) {
		offsets[n++] = pos;
		pos += utf8_char_len(s + pos);
	}
	offsets[n] = pos;
	return s[pos] ? INFO_SUGGEST_MAX_CHARS + 1 : n;
}

/* LIKE pattern "%<term with character k as _>%", '%', '_' and '\' escaped with '\'. */
static char *like_pattern(const char *term, const size_t *off, size_t k)
{
	struct buf b = {0};
	buf_putc(&b, '%');
	for (size_t pos = 0; term[pos]; pos++) {
		if (pos == off[k]) {
			buf_putc(&b, '_');
			pos = off[k + 1] - 1;
			continue;
		}
		if (term[pos] == '%' || term[pos] == '_' || term[pos] == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, term[pos]);
	}
	buf_putc(&b, '%');
	return buf_take(&b);
}

/* Records in list every substring of text that equals term except at character k (once per text). */
static void collect(const char *text, const char *term, const size_t *off, size_t nchars, size_t k,
		    struct candidate *list, size_t *n)
{
	size_t before = off[k], after_len = off[nchars] - off[k + 1];
	for (const char *p = text; *p; p += utf8_char_len(p)) {
		if (strncmp(p, term, before) != 0)
			continue;
		const char *mid = p + before;
		if (!*mid)
			break;
		size_t mid_len = utf8_char_len(mid);
		if (strncmp(mid + mid_len, term + off[k + 1], after_len) != 0 ||
		    before + mid_len + after_len > INFO_SEARCH_TERM_MAX)
			continue;
		char found[INFO_SEARCH_TERM_MAX + 1];
		snprintf(found, sizeof found, "%.*s", (int)(before + mid_len + after_len), p);
		if (strcmp(found, term) == 0)
			continue;
		size_t i = 0;
		while (i < *n && strcmp(list[i].text, found) != 0)
			i++;
		if (i == *n) {
			if (*n == SUGGEST_CANDIDATES)
				return;
			snprintf(list[(*n)++].text, sizeof list[0].text, "%s", found);
			list[i].items = 0;
		}
		list[i].items++;
		return;
	}
}

/* The terms requiring the parts of term before and after character k that are all CJK (道路, 皂), into
 * sides. False when neither part is. */
static bool cjk_sides(const char *term, const size_t *off, size_t nchars, size_t k, struct info_terms *sides)
{
	char before[INFO_SEARCH_TERM_MAX + 1], after[INFO_SEARCH_TERM_MAX + 1];
	snprintf(before, sizeof before, "%.*s", (int)off[k], term);
	snprintf(after, sizeof after, "%.*s", (int)(off[nchars] - off[k + 1]), term + off[k + 1]);
	bool b = fts_bigram_all_cjk(before), a = fts_bigram_all_cjk(after);
	memset(sides, 0, sizeof *sides);
	if (b)
		snprintf(sides->term[sides->count++], sizeof sides->term[0], "%s", before);
	if (a)
		snprintf(sides->term[sides->count++], sizeof sides->term[0], "%s", after);
	return a || b;
}

/* The statement reading titles and summaries like :p, among the items the index finds for the
 * unchanged parts when indexed (each backend's index condition, search_index.c). */
static struct db_stmt *prepare_variants(struct db *db, bool indexed)
{
	if (!indexed)
		return db_prepare(db, "SELECT i.title, i.summary " VISIBLE
				      "AND (i.title LIKE :p ESCAPE '\\' OR i.summary LIKE :p ESCAPE '\\') "
				      "ORDER BY i.published_at DESC LIMIT :max");
	if (db_is_postgresql(db))
		return db_prepare(
		    db, "SELECT i.title, i.summary " VISIBLE
			"AND EXISTS (SELECT 1 FROM info_item_search s WHERE s.item_id = i.id " SEARCH_PG_ROW_MATCHES
			") AND (i.title LIKE :p ESCAPE '\\' OR i.summary LIKE :p ESCAPE '\\') "
			"ORDER BY i.published_at DESC LIMIT :max");
	return db_prepare(db, "SELECT i.title, i.summary " VISIBLE
			      "AND i.id IN (SELECT rowid FROM info_item_fts WHERE info_item_fts MATCH :match) "
			      "AND (i.title LIKE :p ESCAPE '\\' OR i.summary LIKE :p ESCAPE '\\') "
			      "ORDER BY i.published_at DESC LIMIT :max");
}

/* The best one-character variant of term in the published titles and summaries, into best; returns 1,
 * 0 when there is none, -1 on error. */
static int best_variant(struct db *db, const char *term, const struct info_query *q, int64_t now,
			char best[INFO_SEARCH_TERM_MAX + 1])
{
	size_t off[INFO_SUGGEST_MAX_CHARS + 1];
	size_t nchars = char_offsets(term, off);
	if (nchars < 2 || nchars > INFO_SUGGEST_MAX_CHARS)
		return 0;
	struct candidate list[SUGGEST_CANDIDATES];
	size_t n = 0;
	for (size_t k = 0; k < nchars; k++) {
		/* The unchanged parts of the term (the characters before and after k) must occur in the text:
		 * those that are all CJK go to the index as phrases ("道路" AND "皂"), so LIKE only looks at
		 * the few items that have them; when neither is (letters, digits: whole-word tokens) LIKE
		 * scans every title and summary. */
		struct info_terms sides;
		bool indexed = cjk_sides(term, off, nchars, k, &sides);
		struct db_stmt *st = prepare_variants(db, indexed);
		if (!st)
			return -1;
		char *pattern = like_pattern(term, off, k);
		db_bind_int(st, ":now", now);
		db_bind_int(st, ":agency", q->agency_id);
		db_bind_text(st, ":p", pattern);
		db_bind_int(st, ":max", SUGGEST_TEXTS);
		struct search_match match;
		search_match_build(&sides, &match);
		if (indexed)
			search_match_bind(st, &match, db_is_postgresql(db) ? SEARCH_ROW : SEARCH_FTS5);
		search_match_free(&match);
		int rc;
		struct buf text = {0};
		while ((rc = db_step(st)) == 1) {
			/* title and summary as one text (a variant counts once per item), apart by a line */
			buf_reset(&text);
			buf_printf(&text, "%s\n%s", db_column_text(st, 0), db_column_text(st, 1));
			collect(text.data, term, off, nchars, k, list, &n);
		}
		buf_free(&text);
		free(pattern);
		if (rc < 0)
			return -1;
	}
	size_t pick = n;
	for (size_t i = 0; i < n; i++)
		if (pick == n || list[i].items > list[pick].items)
			pick = i;
	if (pick == n)
		return 0;
	memcpy(best, list[pick].text, sizeof list[pick].text);
	return 1;
}

int info_search_suggest(struct db *db, const struct info_query *q, int64_t now, char *out, size_t outlen)
{
	struct info_terms terms;
	char why[128];
	if (outlen)
		*out = '\0';
	if (info_terms_parse(q->q, &terms, why, sizeof why) < 0 || terms.count == 0)
		return 0;
	if (search_plans_begin(db) < 0)
		return -1;
	bool replaced = false;
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < terms.count; i++) {
		char variant[INFO_SEARCH_TERM_MAX + 1];
		int found = term_found(db, terms.term[i], q, now);
		int better = found == 0 ? best_variant(db, terms.term[i], q, now, variant) : 0;
		if (found < 0 || better < 0) {
			search_plans_end(db);
			buf_free(&b);
			return -1;
		}
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, better ? variant : terms.term[i]);
		replaced |= better == 1;
	}
	search_plans_end(db);
	if (replaced)
		snprintf(out, outlen, "%s", b.data);
	buf_free(&b);
	return replaced ? 1 : 0;
}
