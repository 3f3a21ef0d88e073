/* fts_bigram.c — the "bigram" FTS5 tokenizer (see fts_bigram.h for exactly what it emits). It exists
 * because FTS5's trigram tokenizer cannot answer Chinese terms of one or two characters, which are the
 * most common ones (预算, 低保, 路); overlapping bigrams plus colocated unigrams answer every length from
 * the index, as phrase queries.
 *
 * Built two ways: normally as part of the storage layer (fts_bigram_register, called when a connection
 * is opened), and with -DGONGKAI_FTS_BIGRAM_EXTENSION as a loadable SQLite extension (entry point
 * sqlite3_ftsbigram_init) for the sqlite3 shell and scripts that write indexed tables. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef GONGKAI_FTS_BIGRAM_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include "storage/store_internal.h"
#endif
#include "storage/fts_bigram.h"
#include "util/utf8.h"

/* ---- characters ---- */

enum char_class { CHAR_SEPARATOR, CHAR_WORD, CHAR_CJK };

struct text_char {
	uint32_t cp;	   /* code point, full-width ASCII folded to half-width and letters lower-cased */
	size_t start, len; /* bytes of the original text */
	enum char_class cls;
};

/* Width folding (full-width ASCII to half-width, U+3000 to a space: utf8_fold_width), then ASCII and
 * Latin-1 capitals to small letters. */
static uint32_t fold(uint32_t cp)
{
	cp = utf8_fold_width(cp);
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
		return cp + 0x20;
	return cp;
}

static const struct {
	uint32_t lo, hi;
} cjk_ranges[] = {
    {0x2E80, 0x2FDF},	/* CJK and Kangxi radicals */
    {0x3005, 0x3005},	/* 々 */
    {0x3007, 0x3007},	/* 〇, as in 二〇二四年 */
    {0x3021, 0x3029},	/* Hangzhou numerals */
    {0x3041, 0x3096},	/* hiragana */
    {0x309D, 0x30FA},	/* hiragana marks, katakana */
    {0x30FC, 0x30FF},	/* katakana marks (not the middle dot 30FB) */
    {0x3105, 0x312F},	/* bopomofo */
    {0x3131, 0x318E},	/* hangul compatibility jamo */
    {0x31A0, 0x31BF},	/* bopomofo extended */
    {0x31F0, 0x31FF},	/* katakana phonetic extensions */
    {0x3400, 0x4DBF},	/* CJK extension A */
    {0x4E00, 0x9FFF},	/* CJK unified ideographs */
    {0xAC00, 0xD7A3},	/* hangul syllables */
    {0xF900, 0xFAFF},	/* CJK compatibility ideographs */
    {0xFF66, 0xFF9F},	/* half-width katakana */
    {0x20000, 0x323AF}, /* CJK extensions B–H */
};

static enum char_class classify(uint32_t cp)
{
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x391 && cp <= 0x3C9) ||
	    (cp >= 0x400 && cp <= 0x4FF))
		return CHAR_WORD;
	for (size_t i = 0; cp >= 0x2E80 && i < sizeof cjk_ranges / sizeof cjk_ranges[0]; i++)
		if (cp >= cjk_ranges[i].lo && cp <= cjk_ranges[i].hi)
			return CHAR_CJK;
	return CHAR_SEPARATOR;
}

static struct text_char read_char(const char *text, size_t len, size_t pos)
{
	struct text_char c = {.start = pos};
	uint32_t cp = utf8_decode(text + pos, len - pos, &c.len);
	c.cp = cp == UTF8_INVALID ? cp : fold(cp);
	c.cls = cp == UTF8_INVALID ? CHAR_SEPARATOR : classify(c.cp);
	return c;
}

bool fts_bigram_all_cjk(const char *text)
{
	size_t len = strlen(text);
	if (len == 0)
		return false;
	for (size_t pos = 0; pos < len;) {
		struct text_char c = read_char(text, len, pos);
		if (c.cls != CHAR_CJK)
			return false;
		pos += c.len;
	}
	return true;
}

/* ---- splitting ---- */

struct splitter {
	const char *text;
	enum fts_bigram_mode mode;
	fts_bigram_token_fn fn;
	void *ctx;
	size_t run_chars;      /* characters of the current CJK run so far */
	struct text_char last; /* the run's latest character */
	bool pending;	       /* query: the last character of a finished run, emitted only if a token follows */
	struct text_char pending_char;
	bool in_word, word_full;
	size_t word_len, word_start, word_end;
	char word[FTS_BIGRAM_WORD_MAX];
};

/* Emits one token, preceded by the pending unigram of a query (a token follows it after all). */
static int emit(struct splitter *sp, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	if (sp->pending) {
		const struct text_char *c = &sp->pending_char;
		sp->pending = false;
		int rc = sp->fn(sp->ctx, false, sp->text + c->start, c->len, c->start, c->start + c->len);
		if (rc)
			return rc;
	}
	return sp->fn(sp->ctx, colocated, token, len, start, end);
}

static int emit_unigram(struct splitter *sp, bool colocated, const struct text_char *c)
{
	return emit(sp, colocated, sp->text + c->start, c->len, c->start, c->start + c->len);
}

/* Adds a CJK character: the bigram it closes, and for documents the previous character alone beside it. */
static int add_cjk(struct splitter *sp, const struct text_char *c)
{
	int rc = 0;
	if (sp->run_chars > 0) {
		const struct text_char *prev = &sp->last;
		rc = emit(sp, false, sp->text + prev->start, prev->len + c->len, prev->start, c->start + c->len);
		if (rc == 0 && sp->mode == FTS_BIGRAM_DOCUMENT)
			rc = emit_unigram(sp, true, prev);
	}
	sp->last = *c;
	sp->run_chars++;
	return rc;
}

/* Ends a CJK run: its last character alone gets the run's final position (deferred in queries). */
static int end_cjk_run(struct splitter *sp)
{
	size_t chars = sp->run_chars;
	sp->run_chars = 0;
	if (chars == 0)
		return 0;
	if (sp->mode == FTS_BIGRAM_DOCUMENT || chars == 1)
		return emit_unigram(sp, false, &sp->last);
	sp->pending = true;
	sp->pending_char = sp->last;
	return 0;
}

static void add_word_char(struct splitter *sp, const struct text_char *c)
{
	if (!sp->in_word) {
		sp->in_word = true;
		sp->word_full = false;
		sp->word_len = 0;
		sp->word_start = c->start;
	}
	sp->word_end = c->start + c->len;
	char bytes[4];
	size_t n = utf8_encode(c->cp, bytes);
	if (sp->word_full || sp->word_len + n > sizeof sp->word) {
		sp->word_full = true; /* cut here: later, shorter characters must not be appended */
		return;
	}
	memcpy(sp->word + sp->word_len, bytes, n);
	sp->word_len += n;
}

static int end_word(struct splitter *sp)
{
	if (!sp->in_word)
		return 0;
	sp->in_word = false;
	return emit(sp, false, sp->word, sp->word_len, sp->word_start, sp->word_end);
}

int fts_bigram_split(const char *text, size_t len, enum fts_bigram_mode mode, fts_bigram_token_fn fn, void *ctx)
{
	struct splitter sp = {.text = text, .mode = mode, .fn = fn, .ctx = ctx};
	int rc = 0;
	for (size_t pos = 0; pos < len && rc == 0;) {
		struct text_char c = read_char(text, len, pos);
		if (c.cls != CHAR_CJK)
			rc = end_cjk_run(&sp);
		if (rc == 0 && c.cls != CHAR_WORD)
			rc = end_word(&sp);
		if (rc == 0 && c.cls == CHAR_CJK)
			rc = add_cjk(&sp, &c);
		else if (c.cls == CHAR_WORD)
			add_word_char(&sp, &c);
		pos += c.len;
	}
	if (rc == 0)
		rc = end_cjk_run(&sp);
	if (rc == 0)
		rc = end_word(&sp);
	return rc; /* a query's pending unigram at the very end is dropped: nothing follows it */
}

static int stop_at_first(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)ctx, (void)colocated, (void)token, (void)len, (void)start, (void)end;
	return 1;
}

bool fts_bigram_has_token(const char *text)
{
	return text && fts_bigram_split(text, strlen(text), FTS_BIGRAM_QUERY, stop_at_first, NULL) == 1;
}

/* ---- the FTS5 tokenizer ---- */

struct fts5_sink {
	void *ctx;
	int (*token)(void *ctx, int flags, const char *token, int len, int start, int end);
};

static int forward_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	struct fts5_sink *sink = ctx;
	return sink->token(sink->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, token, (int)len, (int)start, (int)end);
}

/* The tokenizer takes no options; its instance carries no state. */
static int bigram_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)user, (void)argv;
	*out = NULL;
	if (argc > 0)
		return SQLITE_ERROR;
	*out = sqlite3_malloc(1);
	return *out ? SQLITE_OK : SQLITE_NOMEM;
}

static void bigram_delete(Fts5Tokenizer *tokenizer)
{
	sqlite3_free(tokenizer);
}

static int bigram_tokenize(Fts5Tokenizer *tokenizer, void *ctx, int flags, const char *text, int len,
			   int (*token)(void *ctx, int flags, const char *token, int len, int start, int end))
{
	(void)tokenizer;
	struct fts5_sink sink = {ctx, token};
	enum fts_bigram_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? FTS_BIGRAM_QUERY : FTS_BIGRAM_DOCUMENT;
	if (!text || len <= 0)
		return SQLITE_OK;
	return fts_bigram_split(text, (size_t)len, mode, forward_token, &sink);
}

/* The connection's FTS5 API (NULL when SQLite was built without FTS5). */
static fts5_api *fts5_api_of(sqlite3 *conn)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(conn, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

static int register_on(sqlite3 *conn)
{
	fts5_api *api = fts5_api_of(conn);
	if (!api)
		return SQLITE_ERROR;
	fts5_tokenizer methods = {bigram_create, bigram_delete, bigram_tokenize};
	return api->xCreateTokenizer(api, FTS_BIGRAM_NAME, NULL, &methods, NULL);
}

#ifdef GONGKAI_FTS_BIGRAM_EXTENSION
/* Entry point of the loadable extension (".load fts_bigram" in the sqlite3 shell). */
int sqlite3_ftsbigram_init(sqlite3 *conn, char **errmsg, const sqlite3_api_routines *routines);
int sqlite3_ftsbigram_init(sqlite3 *conn, char **errmsg, const sqlite3_api_routines *routines)
{
	SQLITE_EXTENSION_INIT2(routines);
	int rc = register_on(conn);
	if (rc != SQLITE_OK && errmsg)
		*errmsg = sqlite3_mprintf("cannot register the bigram tokenizer (is FTS5 available?)");
	return rc;
}
#else
int fts_bigram_register(struct db *db)
{
	int rc = register_on(db->conn);
	if (rc == SQLITE_OK)
		return 0;
	db_set_error(db, rc);
	snprintf(db->errmsg, sizeof db->errmsg, "cannot register the bigram FTS5 tokenizer: %s", sqlite3_errstr(rc));
	return -1;
}
#endif
