/* info_search_index.h — the search index seen from the info module, for both backends (inside src/info/
 * only; the public search API is info_search.h).
 *
 * SQLite: info_item_fts (FTS5, the storage layer's bigram tokenizer, kept by triggers). A query is one
 * MATCH expression, each indexed term a quoted phrase ("部门预算" AND "低保").
 *
 * PostgreSQL: info_item_search (migrations/pg/070), written by gongkai in the job that writes the item.
 * The same tokenizer (storage/fts_bigram.h) gives each item
 *   - its lexemes: every document-mode token, without positions, in a tsvector with a GIN index;
 *   - its folded text: the positions of title, 文号, 内容概述 and body text, one unit (a CJK character or
 *     a Latin/digit word) per position; characters of one CJK run are written together, all other units
 *     are separated by one space, each field is framed by spaces and the fields are separated by "\n".
 * A term then matches an item exactly when (1) the tsquery of its query-mode tokens matches the lexemes
 * (the GIN index finds those items) and (2) its pattern occurs in the folded text. The pattern is the
 * term's units joined the same way, framed by a space on a side that ends in a word (words match whole),
 * with "optional space" where two CJK runs of the term meet (FTS5 matches "部门，预算" in 部门预算 too:
 * the query emits no bigram across the comma). That is FTS5's phrase match, position by position:
 * test_info_search_index checks both against an FTS5-style phrase matcher on the tokenizer's output. */
#ifndef GONGKAI_INFO_INFO_SEARCH_INDEX_H
#define GONGKAI_INFO_INFO_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info_search.h"
#include "util/buf.h"

/* The index condition of a query's terms, for either backend. Terms without any token (only
 * punctuation) are not in it: they are scanned (instr) by the caller. */
struct search_match {
	size_t phrases;				     /* indexed terms (0 = the index is not used) */
	char *fts5;				     /* SQLite: the MATCH expression */
	char *tsquery;				     /* PostgreSQL: every phrase's tokens ANDed */
	char *phrase_tsquery[INFO_SEARCH_MAX_TERMS]; /* PostgreSQL: each phrase's tokens */
	char *literal[INFO_SEARCH_MAX_TERMS];	     /* its pattern for strpos, or "" when regex */
	char *regex[INFO_SEARCH_MAX_TERMS];	     /* its pattern as a regular expression, or "" */
	bool exact[INFO_SEARCH_MAX_TERMS];	     /* the lexemes alone answer it (search_index_exact) */
	char *count_regex[INFO_SEARCH_MAX_TERMS];    /* a lookahead counting every occurrence */
};

/* The index condition in SQL (string literals, so statements stay literals). SQLite: info_item_fts
 * MATCH :match. PostgreSQL, on info_item_search aliased s, two forms:
 *   SEARCH_PG_MATCHES      finds the items: the tsquery (:tsq) through the GIN index, then the pattern
 *                          of each phrase the lexemes do not answer alone (:f1…:f8 for strpos, :r1…:r8
 *                          as regular expressions; '' = none);
 *   SEARCH_PG_ROW_MATCHES  checks one given item (s.item_id = i.id): every phrase's pattern on the
 *                          folded text, which is stored in the row, while the lexemes are out of line
 *                          (TOAST) — a pattern occurring implies its tokens are among the lexemes. */
#define SEARCH_PG_RECHECK(k)                                                                                           \
	"AND (:f" k " = '' OR strpos(s.folded, :f" k ") > 0) AND (:r" k " = '' OR s.folded ~ :r" k ") "
#define SEARCH_PG_MATCHES "AND s.lexemes @@ CAST(:tsq AS tsquery) " SEARCH_PG_ROW_MATCHES
#define SEARCH_PG_ROW_MATCHES                                                                                          \
	SEARCH_PG_RECHECK("1")                                                                                         \
	SEARCH_PG_RECHECK("2")                                                                                         \
	SEARCH_PG_RECHECK("3")                                                                                         \
	SEARCH_PG_RECHECK("4")                                                                                         \
	SEARCH_PG_RECHECK("5") SEARCH_PG_RECHECK("6") SEARCH_PG_RECHECK("7") SEARCH_PG_RECHECK("8")

/* The form of the condition a statement holds. */
enum search_form {
	SEARCH_FTS5,  /* SQLite: :match */
	SEARCH_INDEX, /* PostgreSQL SEARCH_PG_MATCHES: :tsq, :f1…:f8, :r1…:r8 */
	SEARCH_ROW,   /* PostgreSQL SEARCH_PG_ROW_MATCHES: :f1…:f8, :r1…:r8 */
};

/* The form of the condition that finds the items on db's backend (SEARCH_FTS5 or SEARCH_INDEX). */
enum search_form search_form_of(struct db *db);

/* Binds the condition to a statement holding it in the given form. Returns 0 or -1. */
int search_match_bind(struct db_stmt *st, const struct search_match *m, enum search_form form);

/* PostgreSQL's bm25, computed as FTS5 computes it (same inputs, same floating-point operations in the
 * same order): binds :c1…:c8 (each phrase's counting expression), :idf1…:idf8, :avgdl and the
 * constants, after counting the rows, their positions and each phrase's matching rows (all items,
 * as FTS5 does). Returns 0 or -1. */
int search_bm25_bind(struct db *db, struct db_stmt *st, const struct search_match *m);

/* PostgreSQL: opens (or joins) a read transaction on the reader db in which statements are planned
 * for their actual parameters (plan_cache_mode = force_custom_plan, local to the transaction) and
 * without parallel workers (max_parallel_workers_per_gather = 0, also local). A
 * statement prepared once and run with many parameters otherwise gets a generic plan after five runs,
 * which cannot see that "(:x = '' OR …)" filters are off nor how selective a tsquery is, and walks every
 * published item. Returns 0 (nothing done on SQLite) or -1; pair with search_plans_end. */
int search_plans_begin(struct db *db);
void search_plans_end(struct db *db);

/* Builds the condition of the terms that yield tokens (in their order). Free with search_match_free. */
void search_match_build(const struct info_terms *terms, struct search_match *m);
void search_match_free(struct search_match *m);

/* The tsquery of text's query-mode tokens ANDed ('tok' & 'tok'…, quotes and backslashes escaped), into
 * out; "" when text yields none. Never a syntax error, whatever text holds. */
void search_tsquery(const char *text, struct buf *out);

/* Whether the index alone finds exactly the items holding term: its query yields one token (a CJK
 * character or bigram, or one Latin/digit word), and FTS5's phrase of one token is that token anywhere.
 * SEARCH_PG_MATCHES then checks no pattern for it, so no folded text is read for it. */
bool search_index_exact(const char *term);

/* The exact-match pattern of a term (see above): *regex false → out is a literal for strpos; true → a
 * regular expression (PostgreSQL ARE). Empty when the term yields no token. */
void search_pattern(const char *term, struct buf *out, bool *regex);

/* An item's index row (PostgreSQL): lexemes as a text[] literal of the distinct document tokens of the
 * fields, the folded text, the number of positions (units) and the bytes of the distinct lexemes. */
struct search_doc {
	struct buf lexemes, folded;
	int64_t units;
	size_t lexeme_bytes;
};
void search_doc_build(const char *const fields[4], struct search_doc *doc);
void search_doc_free(struct search_doc *doc);

/* The most lexeme bytes a tsvector holds (PostgreSQL's 1 MB limit, with a margin). */
#define SEARCH_LEXEME_BYTES_MAX 1000000

/* Writes item id's index row on PostgreSQL from its four fields (no-op on SQLite, where triggers keep
 * FTS5 in step). Returns 0, 1 when the text has more distinct tokens than a tsvector holds (then nothing
 * is written; the caller refuses the item), or -1 on a database error. Call it in the job that writes
 * the item's text. */
int search_index_item(struct db *w, int64_t id, const char *title, const char *doc_no, const char *summary,
		      const char *body_text);

#endif
