/* fts_bigram.h — the "bigram" FTS5 tokenizer for Chinese search, registered on every connection the
 * storage layer opens (db_connect), so `CREATE VIRTUAL TABLE … USING fts5(…, tokenize='bigram')` works.
 *
 * What it emits, left to right (positions count tokens that are not colocated):
 *   - a run of CJK characters (汉字 incl. 〇 and 々, kana, hangul) c0 c1 … cn-1: at position p the bigram
 *     cp cp+1 for every p < n-1; a document also gets each character alone as a colocated unigram at
 *     position p, and the last character alone at position n-1 — so position p is character p, and a
 *     one-character search term (or a term like "2024年" whose CJK part is one character) can be found.
 *     A query emits only the bigrams, plus the last character alone when the run has one character or
 *     when further tokens follow it in the query (to keep the positions aligned with documents);
 *   - a run of letters and digits (ASCII, Latin, Greek, Cyrillic): one word, ASCII and Latin-1 letters
 *     lower-cased, at most FTS_BIGRAM_WORD_MAX bytes (longer words are cut there, in documents and
 *     queries alike);
 *   - full-width ASCII (Ａ－Ｚ, ０－９, …) is read as its half-width form first; everything else
 *     (spaces, punctuation such as 〔〕《》、。, symbols, invalid UTF-8) only separates tokens.
 * So a query phrase "部门预算" is the bigrams 部门 门预 预算 at consecutive positions, "钟办〔2024〕" is
 * 钟办 2024, and "ＰＭ２.５" is pm2 5.
 *
 * This header does not need sqlite3.h: the splitting is a pure function usable by the domain (to know
 * whether a term yields any token) and by tests; registration takes a storage connection. The same
 * source also builds as a loadable SQLite extension (define GONGKAI_FTS_BIGRAM_EXTENSION, see
 * docs/info.md), so the sqlite3 shell and scripts can write to tables indexed with it. */
#ifndef GONGKAI_STORAGE_FTS_BIGRAM_H
#define GONGKAI_STORAGE_FTS_BIGRAM_H

#include <stdbool.h>
#include <stddef.h>

#define FTS_BIGRAM_NAME	    "bigram"
#define FTS_BIGRAM_WORD_MAX 64 /* bytes of one Latin/digit word token */

enum fts_bigram_mode {
	FTS_BIGRAM_DOCUMENT, /* text being indexed (also FTS5's auxiliary-function tokenizing) */
	FTS_BIGRAM_QUERY,    /* a phrase of a MATCH expression */
};

/* Receives one token: its bytes (not NUL-terminated, valid during the call only), whether it shares the
 * position of the previous token, and the byte range [start, end) of the text it came from. Returns 0
 * to go on, anything else to stop the split with that value. */
typedef int (*fts_bigram_token_fn)(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end);

/* Splits len bytes of UTF-8 text into tokens as described above, calling fn for each in order. Returns
 * 0, or the first non-zero value returned by fn. Never allocates. */
int fts_bigram_split(const char *text, size_t len, enum fts_bigram_mode mode, fts_bigram_token_fn fn, void *ctx);

/* True when the NUL-terminated text yields at least one token (a term made only of punctuation such as
 * "〔〕" yields none, so the bigram index cannot answer it). */
bool fts_bigram_has_token(const char *text);

/* True when text is not empty and every character of it is a CJK character (汉字, kana, hangul…): then
 * the text as a quoted phrase matches exactly the documents that contain it as a substring. */
bool fts_bigram_all_cjk(const char *text);

#ifndef GONGKAI_FTS_BIGRAM_EXTENSION
struct db;

/* Registers the tokenizer on the connection (storage layer only, called by db_connect before the
 * connection's authorizer is installed). Returns 0, or -1 with the error recorded on db. */
int fts_bigram_register(struct db *db);
#endif

#endif
