/* test_fts_bigram.c — unit tests of the "bigram" FTS5 tokenizer: the tokens (and their positions) it
 * emits for Chinese runs of every length, Latin words, digits, full-width forms, 文号 with 〔〕, invalid
 * UTF-8 and over-long words, in document and query mode; and, through SQLite, that it is registered on
 * the writer and on readers, that phrase queries built from it find substrings of any length, and that
 * migration 011 replaced the trigram index by a consistent bigram one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/db.h"
#include "storage/fts_bigram.h"
#include "util/buf.h"
#include "storage/store_testutil.h"

/* ---- the splitter ---- */

struct collected {
	struct buf text; /* tokens separated by spaces; a colocated token is prefixed with '+' */
	size_t count;
};

static int collect(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	struct collected *c = ctx;
	assert_true(start < end);
	if (c->count++)
		buf_putc(&c->text, ' ');
	if (colocated)
		buf_putc(&c->text, '+');
	buf_printf(&c->text, "%.*s", (int)len, token);
	return 0;
}

/* The tokens of text in the given mode, as "tok +colocated tok…" (caller frees). */
static char *tokens(const char *text, enum fts_bigram_mode mode)
{
	struct collected c = {0};
	buf_puts(&c.text, "");
	assert_int_equal(fts_bigram_split(text, strlen(text), mode, collect, &c), 0);
	return buf_take(&c.text);
}

#define assert_tokens(text, mode, expected)                                                                            \
	do {                                                                                                           \
		char *got_ = tokens((text), (mode));                                                                   \
		assert_string_equal(got_, (expected));                                                                 \
		free(got_);                                                                                            \
	} while (0)

static void test_chinese_runs(void **state)
{
	(void)state;
	/* Position p is character p: bigram plus the character alone, the last character on its own. */
	assert_tokens("部门预算", FTS_BIGRAM_DOCUMENT, "部门 +部 门预 +门 预算 +预 算");
	assert_tokens("路", FTS_BIGRAM_DOCUMENT, "路");
	assert_tokens("低保", FTS_BIGRAM_DOCUMENT, "低保 +低 保");
	/* Queries: only the bigrams; a lone character when the run has one. */
	assert_tokens("部门预算", FTS_BIGRAM_QUERY, "部门 门预 预算");
	assert_tokens("低保", FTS_BIGRAM_QUERY, "低保");
	assert_tokens("路", FTS_BIGRAM_QUERY, "路");
	/* 〇 and 々 are ideographs; CJK punctuation separates runs. */
	assert_tokens("二〇二四年", FTS_BIGRAM_QUERY, "二〇 〇二 二四 四年");
	assert_tokens("预算、决算。", FTS_BIGRAM_DOCUMENT, "预算 +预 算 决算 +决 算");
	assert_tokens("", FTS_BIGRAM_DOCUMENT, "");
}

static void test_query_keeps_positions_across_runs(void **state)
{
	(void)state;
	/* When something follows a run, the query carries the run's last character alone so that the next
	 * token lands on the same position as in a document. */
	assert_tokens("预算2024", FTS_BIGRAM_QUERY, "预算 算 2024");
	assert_tokens("预算2024", FTS_BIGRAM_DOCUMENT, "预算 +预 算 2024");
	assert_tokens("2024年", FTS_BIGRAM_QUERY, "2024 年");
	assert_tokens("2024年度", FTS_BIGRAM_DOCUMENT, "2024 年度 +年 度");
	assert_tokens("预算。部门", FTS_BIGRAM_QUERY, "预算 算 部门");
	/* Trailing punctuation adds no token, so nothing follows the run. */
	assert_tokens("部门预算。", FTS_BIGRAM_QUERY, "部门 门预 预算");
}

static void test_latin_digits_and_full_width(void **state)
{
	(void)state;
	assert_tokens("PM2.5浓度", FTS_BIGRAM_DOCUMENT, "pm2 5 浓度 +浓 度");
	assert_tokens("ＰＭ２．５", FTS_BIGRAM_QUERY, "pm2 5");
	assert_tokens("ｐｍ２.５", FTS_BIGRAM_QUERY, "pm2 5");
	assert_tokens("Hello, WORLD_x", FTS_BIGRAM_DOCUMENT, "hello world x");
	assert_tokens("ÉCOLE Ünïcode ΑΒΓ", FTS_BIGRAM_DOCUMENT, "école ünïcode ΑΒΓ");
	assert_tokens("A级景区", FTS_BIGRAM_DOCUMENT, "a 级景 +级 景区 +景 区");
	assert_tokens("A级", FTS_BIGRAM_QUERY, "a 级");
}

static void test_doc_numbers(void **state)
{
	(void)state;
	assert_tokens("钟办〔2024〕3号", FTS_BIGRAM_DOCUMENT, "钟办 +钟 办 2024 3 号");
	assert_tokens("钟办〔2024〕3号", FTS_BIGRAM_QUERY, "钟办 办 2024 3 号");
	assert_tokens("〔2024〕", FTS_BIGRAM_QUERY, "2024");
	assert_tokens("汝政办〔２０２４〕１２号", FTS_BIGRAM_QUERY, "汝政 政办 办 2024 12 号");
}

static void test_separators_only_and_invalid_utf8(void **state)
{
	(void)state;
	assert_false(fts_bigram_has_token("〔〕"));
	assert_false(fts_bigram_has_token("。、《》“”——…"));
	assert_false(fts_bigram_has_token(""));
	assert_false(fts_bigram_has_token(NULL));
	assert_true(fts_bigram_has_token("《a》"));
	assert_true(fts_bigram_has_token("路"));
	/* A stray byte, a truncated sequence and an overlong encoding only separate. */
	assert_tokens("预\xff算", FTS_BIGRAM_DOCUMENT, "预 算");
	assert_tokens("预\xe9算", FTS_BIGRAM_DOCUMENT, "预 算");
	assert_tokens("ab\xc0\xaf"
		      "cd",
		      FTS_BIGRAM_DOCUMENT, "ab cd");
	assert_tokens("路\xe8\xb7", FTS_BIGRAM_DOCUMENT, "路");
}

/* fts_bigram_all_cjk: what a phrase query can find as a substring (search_suggest.c relies on it). */
static void test_all_cjk(void **state)
{
	(void)state;
	assert_true(fts_bigram_all_cjk("部门预算"));
	assert_true(fts_bigram_all_cjk("路"));
	assert_true(fts_bigram_all_cjk("二〇二四年"));
	assert_false(fts_bigram_all_cjk(""));
	assert_false(fts_bigram_all_cjk("2023年"));
	assert_false(fts_bigram_all_cjk("部门预算 "));
	assert_false(fts_bigram_all_cjk("钟办〔2024〕"));
	assert_false(fts_bigram_all_cjk("PM"));
	assert_false(fts_bigram_all_cjk("预\xff算"));
}

static void test_long_words_are_cut(void **state)
{
	(void)state;
	char word[200];
	memset(word, 'X', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	char *got = tokens(word, FTS_BIGRAM_DOCUMENT);
	assert_int_equal(strlen(got), FTS_BIGRAM_WORD_MAX);
	assert_true(got[0] == 'x' && got[FTS_BIGRAM_WORD_MAX - 1] == 'x');
	free(got);
	/* A two-byte letter that would not fit is not replaced by a later one-byte letter. */
	memset(word, 'a', FTS_BIGRAM_WORD_MAX - 1);
	strcpy(word + FTS_BIGRAM_WORD_MAX - 1, "éb");
	got = tokens(word, FTS_BIGRAM_DOCUMENT);
	assert_int_equal(strlen(got), FTS_BIGRAM_WORD_MAX - 1);
	free(got);
}

struct offsets {
	size_t start[8], end[8], n;
};

static int record_offsets(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)colocated, (void)token, (void)len;
	struct offsets *o = ctx;
	if (o->n == 8)
		return 42; /* stops the split with this value */
	o->start[o->n] = start;
	o->end[o->n++] = end;
	return 0;
}

static void test_offsets_and_stopping(void **state)
{
	(void)state;
	struct offsets o = {0};
	const char *text = "Ａb 预算";
	assert_int_equal(fts_bigram_split(text, strlen(text), FTS_BIGRAM_DOCUMENT, record_offsets, &o), 0);
	assert_int_equal(o.n, 4);	 /* ab, 预算, +预, 算 */
	assert_int_equal(o.start[0], 0); /* Ａ is 3 bytes, b one */
	assert_int_equal(o.end[0], 4);
	assert_int_equal(o.start[1], 5);
	assert_int_equal(o.end[1], 11);
	assert_int_equal(o.start[3], 8);
	assert_int_equal(o.end[3], 11);
	memset(&o, 0, sizeof o);
	text = "一二三四五六七八九十";
	assert_int_equal(fts_bigram_split(text, strlen(text), FTS_BIGRAM_DOCUMENT, record_offsets, &o), 42);
}

/* ---- through SQLite ---- */

struct fixture {
	char dir[64];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-bigram-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/t.db", f->dir);
	f->store = store_open(path, STORE_CREATE | STORE_MIGRATE, err, sizeof err);
	if (!f->store) {
		fprintf(stderr, "store_open: %s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void add_doc(struct db *w, int64_t id, const char *text)
{
	struct db_stmt *st = db_prepare(w, "INSERT INTO temp.docs (rowid, x) VALUES (:id, :x)");
	db_bind_int(st, ":id", id);
	db_bind_text(st, ":x", text);
	assert_int_equal(db_step(st), 0);
}

/* The rowids matching an FTS5 expression on temp.docs, as "1,3" (caller frees). */
static char *matching(struct db *w, const char *match)
{
	struct db_stmt *st = db_prepare(w, "SELECT rowid FROM temp.docs WHERE docs MATCH :m ORDER BY rowid");
	db_bind_text(st, ":m", match);
	struct buf b = {0};
	buf_puts(&b, "");
	int rc;
	while ((rc = db_step(st)) == 1)
		buf_printf(&b, "%s%lld", b.len ? "," : "", (long long)db_column_int(st, 0));
	if (rc < 0)
		fprintf(stderr, "MATCH %s: %s\n", match, db_errmsg(w));
	assert_int_equal(rc, 0);
	return buf_take(&b);
}

#define assert_matching(w, match, expected)                                                                            \
	do {                                                                                                           \
		char *got_ = matching((w), (match));                                                                   \
		assert_string_equal(got_, (expected));                                                                 \
		free(got_);                                                                                            \
	} while (0)

static void test_phrase_queries_in_sqlite(void **state)
{
	struct fixture *f = *state;
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_int_equal(db_step(db_prepare(w, "CREATE VIRTUAL TABLE temp.docs USING fts5(x, tokenize='bigram')")), 0);
	add_doc(w, 1, "钟楼街道2024年部门预算公开");
	add_doc(w, 2, "PM2.5浓度监测报告 钟环〔2024〕7号");
	add_doc(w, 3, "低保标准每人每月６８０元，ＡＱＩ指数");
	add_doc(w, 4, "执行预算");
	assert_matching(w, "\"预\"", "1,4");
	assert_matching(w, "\"算\"", "1,4"); /* the last character of a run */
	assert_matching(w, "\"预算\"", "1,4");
	assert_matching(w, "\"部门预算\"", "1");
	assert_matching(w, "\"门预算公\"", "1");
	assert_matching(w, "\"预算部门\"", "");
	assert_matching(w, "\"火锅\"", "");
	assert_matching(w, "\"2024年\"", "1");
	assert_matching(w, "\"道2024\"", "1");
	assert_matching(w, "\"街道2024年部\"", "1");
	assert_matching(w, "\"楼2024\"", ""); /* 楼 is not next to 2024 */
	assert_matching(w, "\"ｐｍ２．５\"", "2");
	assert_matching(w, "\"钟环〔2024〕7号\"", "2");
	assert_matching(w, "\"钟环〔2024〕8号\"", "");
	assert_matching(w, "\"680元\"", "3");
	assert_matching(w, "\"aqi\"", "3");
	assert_matching(w, "\"预算\" AND \"执行\"", "4");
	/* Deleting with the same text removes every token again (external-content 'delete' depends on it). */
	struct db_stmt *del = db_prepare(w, "DELETE FROM temp.docs WHERE rowid = 4");
	assert_int_equal(db_step(del), 0);
	assert_matching(w, "\"预算\"", "1");
	assert_int_equal(db_step(db_prepare(w, "INSERT INTO temp.docs (docs) VALUES ('integrity-check')")), 0);
	assert_int_equal(store_write_end(f->store, false), 0);
}

static void test_options_are_refused(void **state)
{
	struct fixture *f = *state;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(db_step(db_prepare(w, "CREATE VIRTUAL TABLE temp.bad USING fts5(x, tokenize='bigram x')")),
			 -1);
	assert_int_equal(store_write_end(f->store, false), 0);
}

static void test_migration_and_readers(void **state)
{
	struct fixture *f = *state;
	struct db *r = store_reader(f->store);
	assert_non_null(r);
	int64_t n = 0;
	assert_int_equal(db_step_int(db_prepare(r, "SELECT count(*) FROM sqlite_master WHERE name = 'info_item_fts' "
						   "AND sql LIKE '%tokenize=''bigram''%'"),
				     &n),
			 1);
	assert_int_equal(n, 1);
	/* The reader has the tokenizer and may query the table (its authorizer lets FTS5 connect). */
	struct db_stmt *st = db_prepare(r, "SELECT count(*) FROM info_item_fts WHERE info_item_fts MATCH :m");
	assert_non_null(st);
	db_bind_text(st, ":m", "\"预算\"");
	assert_int_equal(db_step_int(st, &n), 1);
	assert_int_equal(n, 0);
	/* ...but still cannot write through it. */
	assert_null(db_prepare(r, "INSERT INTO info_item_fts(info_item_fts) VALUES ('rebuild')"));
	assert_int_equal(db_last_error(r), DB_ERR_READONLY);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(db_step(db_prepare(w, "INSERT INTO info_item_fts(info_item_fts) VALUES ('integrity-check')")),
			 0);
	assert_int_equal(store_write_end(f->store, false), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chinese_runs),
	    cmocka_unit_test(test_query_keeps_positions_across_runs),
	    cmocka_unit_test(test_latin_digits_and_full_width),
	    cmocka_unit_test(test_doc_numbers),
	    cmocka_unit_test(test_separators_only_and_invalid_utf8),
	    cmocka_unit_test(test_all_cjk),
	    cmocka_unit_test(test_long_words_are_cut),
	    cmocka_unit_test(test_offsets_and_stopping),
	    cmocka_unit_test(test_phrase_queries_in_sqlite),
	    cmocka_unit_test(test_options_are_refused),
	    cmocka_unit_test(test_migration_and_readers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
