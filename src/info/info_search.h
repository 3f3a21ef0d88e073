/* info_search.h — search and browsing of published information items (portal 目录, search page, API,
 * feeds, sitemap). Only items that are published and whose publication time has come are ever
 * returned: the condition is part of every query here, not left to callers.
 *
 * Chinese search: terms are separated by spaces (ASCII or full-width) and must all match (AND) in the
 * title, 文号, 内容概述 or body text. Each term is looked up in the search index (info_search_index.h:
 * FTS5's info_item_fts on SQLite, info_item_search's tsquery plus exact phrase check on PostgreSQL, with
 * the same results), tokenized by the storage layer's "bigram" tokenizer (storage/fts_bigram.h): a term
 * is a phrase of its tokens, so a run of Chinese characters matches as a substring at any length (路,
 * 预算, 部门预算), letters and digits match whole words regardless of ASCII case and full/half width
 * (PM2.5 = ｐｍ２．５), and punctuation is ignored (钟办〔2024〕3号 matches 钟办[2024]3号). A term
 * without any letter, digit or CJK character (〔〕) is matched exactly with instr() on the base table.
 * On SQLite, if the index cannot be used on a connection (the tokenizer not registered), every term is
 * matched with instr() (exact substrings, slower); PostgreSQL has no such fallback. */
#ifndef GONGKAI_INFO_INFO_SEARCH_H
#define GONGKAI_INFO_INFO_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "info/info.h"

#define INFO_SEARCH_MAX_TERMS 8	   /* terms per query */
#define INFO_SEARCH_TERM_MAX  64   /* bytes per term (longer terms are refused) */
#define INFO_SEARCH_COUNT_CAP 1000 /* totals above this are reported as "more than" */

struct info_terms {
	char term[INFO_SEARCH_MAX_TERMS][INFO_SEARCH_TERM_MAX + 1];
	size_t count;
};

/* Splits q into terms (spaces and U+3000 separate; duplicates dropped). Returns 0, or -1 with a
 * Chinese message (too many terms, a term too long). */
int info_terms_parse(const char *q, struct info_terms *out, char *err, size_t errlen);

enum info_order {
	INFO_ORDER_DATE,      /* newest publication first (the default) */
	INFO_ORDER_RELEVANCE, /* best match first (bm25 as FTS5 computes it, on both backends; title weighted above
			       * 文号, 概述 and body), then newest; browsing without indexed terms stays in date order
			       */
};

struct info_query {
	int64_t agency_id;     /* 0 = every agency */
	const char *q;	       /* NULL or "" = browse */
	int64_t category_id;   /* 0 = any; otherwise this category and its subcategories */
	int year;	       /* publication year, 0 = any */
	int doc_type;	       /* enum info_doc_type, or -1 = any */
	int from_day, to_day;  /* publication date range (days, both inclusive); 0 = open end */
	const char *theme;     /* 主题分类 code (info_meta.h), NULL or "" = any */
	enum info_order order; /* result order */
	size_t offset, limit;  /* limit 0 = 20; at most 100 */
};

struct info_hit {
	int64_t id, agency_id, category_id;
	char index_no[96];
	char category_name[96];
	char *title, *doc_no, *publisher, *summary; /* malloc'd plain text */
	char *title_html, *snippet_html;	    /* malloc'd, HTML-escaped with <mark> around the terms */
	int formed_on, published_on;		    /* days */
	int64_t published_at, updated_at;
	enum info_doc_type doc_type;
	enum info_validity validity;
	char theme_code[16], theme_name[64]; /* 主题分类 ("" = none) */
};

struct info_hits {
	struct info_hit *items;
	size_t count;
	int64_t total;	   /* matches (at most INFO_SEARCH_COUNT_CAP) */
	bool total_capped; /* true when there are more than total */
};

/* Runs the query at time now. Returns OUTCOME_OK (out filled; free with info_hits_free), OUTCOME_INVALID
 * with a message (bad terms) or OUTCOME_STORAGE. */
enum outcome_code info_search(struct db *db, const struct info_query *q, int64_t now, struct info_hits *out,
			      struct outcome *outcome);
void info_hits_free(struct info_hits *h);

/* "Did you mean": when q finds nothing, a query in which each term that finds nothing is replaced by
 * the text of published titles and summaries (same agency filter as q) that differs from it in one
 * character (a one-character typo, 部门预箅 → 部门预算), choosing the variant found in most items.
 * Writes the suggestion (terms joined by a space) to out and returns 1; 0 when there is none (no term
 * was replaced, or terms of one character or more than INFO_SUGGEST_MAX_CHARS); -1 on a storage error. */
#define INFO_SUGGEST_MAX_CHARS 16
int info_search_suggest(struct db *db, const struct info_query *q, int64_t now, char *out, size_t outlen);

/* PostgreSQL: writes the search index rows (info_item_search, see info_search_index.h) of the items
 * that have none — every item after migration 070 on an existing database, items written by another
 * program — in batches of write jobs. Cheap when nothing is missing (two counts). `gongkai migrate` and
 * `gongkai serve` call it after the migrations. Returns the number of rows written (0 on SQLite, whose
 * FTS5 index is kept by triggers), or -1 with a Chinese message in err. */
int64_t info_search_reindex(struct store *store, char *err, size_t errlen);

/* One published item for feeds and the sitemap. */
struct info_public_ref {
	int64_t id, category_id, published_at, updated_at;
};

/* Calls fn for the visible published items of agency_id (0 = all; category_id 0 = any, else that
 * category and its subcategories), newest first, at most max. Returns the number visited or -1. */
int64_t info_public_each(struct db *db, int64_t agency_id, int64_t category_id, int64_t now, size_t max,
			 void (*fn)(void *ctx, const struct info_public_ref *ref), void *ctx);

/* Escapes text for HTML and wraps every occurrence of a term in <mark>…</mark> (ASCII letters match
 * case-insensitively). When width > 0 only a window of about width characters around the first
 * match (or the start) is kept, with "…" where text was cut. Returns a malloc'd string. */
char *info_highlight_html(const char *text, const struct info_terms *terms, size_t width);

#endif
