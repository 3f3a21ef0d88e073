/* test_info_search_index.c — PostgreSQL's search index built from the bigram tokenizer, without a
 * server (the server side is e2e/pg_search):
 *   - exactness: for 30,000 generated (text, term) pairs over CJK characters, Latin letters in both
 *     cases and widths, digits and punctuation, both forms of the condition equal FTS5's phrase match,
 *     computed here from the tokenizer's positions as FTS5 does (query tokens at consecutive document
 *     positions): "the tsquery's tokens are among the text's lexemes and the term's pattern occurs in
 *     the folded text (no pattern for a term of one token: search_index_exact)", and "the pattern
 *     occurs" alone (the row form, one item checked);
 *   - the folded text, positions and sorted distinct lexemes of a known item, and the array literal's
 *     quoting;
 *   - patterns: literal where runs join, " ?" where two CJK runs of the term meet, spaces framing words;
 *   - tsquery: hostile input (quotes, backslashes, & | ! : * ( ) < - >) always gives quoted lexemes
 *     joined by " & " (checked by a small parser of that grammar), never operators of the user's;
 *   - the match condition of several terms: FTS5 phrases, one tsquery, per-term patterns, which terms
 *     the index answers alone, punctuation-only terms left out. */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "info/info_search_index.h"
#include "storage/fts_bigram.h"

/* ---- FTS5's phrase match, from the tokenizer's positions ---- */

#define TOKENS_MAX 512

struct positioned {
	char tok[TOKENS_MAX][80];
	int pos[TOKENS_MAX];
	size_t count;
	int next;
};

static int add_positioned(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)start, (void)end;
	struct positioned *p = ctx;
	if (p->count == TOKENS_MAX)
		return 1;
	int pos = colocated ? p->next - 1 : p->next++;
	snprintf(p->tok[p->count], sizeof p->tok[0], "%.*s", (int)len, token);
	p->pos[p->count++] = pos;
	return 0;
}

static bool has_token_at(const struct positioned *d, const char *tok, int pos)
{
	for (size_t i = 0; i < d->count; i++)
		if (d->pos[i] == pos && strcmp(d->tok[i], tok) == 0)
			return true;
	return false;
}

static bool fts5_phrase_match(const char *text, const char *term)
{
	struct positioned d = {0}, q = {0};
	fts_bigram_split(text, strlen(text), FTS_BIGRAM_DOCUMENT, add_positioned, &d);
	fts_bigram_split(term, strlen(term), FTS_BIGRAM_QUERY, add_positioned, &q);
	if (q.count == 0)
		return false;
	for (int s = 0; s < d.next; s++) {
		bool all = true;
		for (size_t j = 0; j < q.count && all; j++)
			all = has_token_at(&d, q.tok[j], s + q.pos[j]);
		if (all)
			return true;
	}
	return false;
}

/* ---- the PostgreSQL side, evaluated here: lexemes ∋ every tsquery token, pattern in folded ---- */

static bool lexemes_have(const char *array_literal, const char *tok)
{
	char quoted[100];
	snprintf(quoted, sizeof quoted, "\"%s\"", tok);
	return strstr(array_literal, quoted) != NULL;
}

static int check_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	(void)colocated, (void)start, (void)end;
	char tok[80];
	snprintf(tok, sizeof tok, "%.*s", (int)len, token);
	return lexemes_have(ctx, tok) ? 0 : 1;
}

/* The term's pattern in the folded text (as strpos or a regular expression). */
static bool pattern_in(const struct search_doc *doc, const char *term)
{
	struct buf pattern = {0};
	bool regex, found;
	search_pattern(term, &pattern, &regex);
	if (!regex) {
		found = strstr(doc->folded.data, pattern.data) != NULL;
	} else {
		regex_t re;
		assert_int_equal(regcomp(&re, pattern.data, REG_EXTENDED | REG_NOSUB), 0);
		found = regexec(&re, doc->folded.data, 0, NULL, 0) == 0;
		regfree(&re);
	}
	buf_free(&pattern);
	return found;
}

/* The item matches the term in the given form (search_match_bind): SEARCH_INDEX the lexemes hold the
 * tsquery's tokens and, unless the term is search_index_exact, the pattern occurs; SEARCH_ROW the
 * pattern occurs. */
static bool index_match(const char *text, const char *term, enum search_form form)
{
	const char *fields[4] = {text, "", "", ""};
	struct search_doc doc;
	search_doc_build(fields, &doc);
	bool found = fts_bigram_has_token(term);
	if (found && form == SEARCH_INDEX)
		found = fts_bigram_split(term, strlen(term), FTS_BIGRAM_QUERY, check_token, doc.lexemes.data) == 0 &&
			(search_index_exact(term) || pattern_in(&doc, term));
	else if (found)
		found = pattern_in(&doc, term);
	search_doc_free(&doc);
	return found;
}

static const char *const pieces[] = {"部", "门", "预", "算", "部门", "预算", "a", "A", "Ａ", "b", "1",
				     "２", "，", " ",  "〔", "〕",   ".",    "'", "&", "é",  "É", "ab"};
#define NPIECES (sizeof pieces / sizeof pieces[0])

static uint32_t rng = 12345;
static size_t pick(size_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) % n;
}

static void random_text(char *out, size_t size, size_t pieces_max)
{
	out[0] = '\0';
	size_t n = 1 + pick(pieces_max);
	for (size_t i = 0; i < n; i++)
		strncat(out, pieces[pick(NPIECES)], size - strlen(out) - 1);
}

static void test_exact_as_fts5(void **state)
{
	(void)state;
	static const char *const known[][2] = {
	    {"部门预算公开", "部门预算"},
	    {"部门，预算", "部门预算"},
	    {"部门预算", "部门，预算"},
	    {"钟办〔2024〕3号", "钟办[2024]3号"},
	    {"钟办〔12024〕3号", "钟办〔2024〕"},
	    {"PM2.5", "ＰＭ２．５"},
	    {"PM25", "pm2"},
	    {"2024年度", "2024年"},
	    {"新年2024", "年2024"},
	    {"A级路", "级路"},
	    {"路，桥梁", "路、桥"},
	    {"哈哈哈", "哈哈"},
	    {"Café", "CAFÉ"},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		bool want = fts5_phrase_match(known[i][0], known[i][1]);
		for (enum search_form form = SEARCH_INDEX; form <= SEARCH_ROW; form++)
			if (index_match(known[i][0], known[i][1], form) != want)
				fail_msg("text %s term %s form %d: FTS5 %d", known[i][0], known[i][1], form, want);
	}
	size_t agree_found = 0;
	for (int i = 0; i < 30000; i++) {
		char text[256], term[64];
		random_text(text, sizeof text, 12);
		random_text(term, sizeof term, 4);
		bool want = fts5_phrase_match(text, term);
		for (enum search_form form = SEARCH_INDEX; form <= SEARCH_ROW; form++)
			if (index_match(text, term, form) != want)
				fail_msg("text [%s] term [%s] form %d: FTS5 %d", text, term, form, want);
		agree_found += want;
	}
	assert_true(agree_found > 1000); /* the generator makes matches, not only misses */
}

static void test_document(void **state)
{
	(void)state;
	const char *fields[4] = {"部门预算", "钟办〔2024〕3号", "", "AB \"x\\y"};
	struct search_doc doc;
	search_doc_build(fields, &doc);
	assert_string_equal(doc.folded.data, " 部门预算 \n 钟办 2024 3 号 \n  \n ab x y ");
	assert_int_equal(doc.units, 4 + 5 + 0 + 3);
	assert_string_equal(doc.lexemes.data, "{\"2024\",\"3\",\"ab\",\"x\",\"y\",\"办\",\"号\",\"算\",\"部\","
					      "\"部门\",\"钟\",\"钟办\",\"门\",\"门预\",\"预\",\"预算\"}");
	search_doc_free(&doc);
	/* no text: every field framed, no lexeme */
	const char *empty[4] = {NULL, NULL, NULL, NULL};
	search_doc_build(empty, &doc);
	assert_string_equal(doc.folded.data, "  \n  \n  \n  ");
	assert_string_equal(doc.lexemes.data, "{}");
	assert_int_equal(doc.units, 0);
	search_doc_free(&doc);
}

static void expect_pattern(const char *term, const char *want, bool want_regex)
{
	struct buf b = {0};
	bool regex;
	search_pattern(term, &b, &regex);
	assert_string_equal(b.data, want);
	assert_int_equal(regex, want_regex);
	buf_free(&b);
}

static void test_patterns(void **state)
{
	(void)state;
	expect_pattern("部门预算", "部门预算", false);
	expect_pattern("路", "路", false);
	expect_pattern("钟办〔2024〕3号", "钟办 2024 3 号", false);
	expect_pattern("PM2.5", " pm2 5 ", false);
	expect_pattern("ＰＭ２．５", " pm2 5 ", false);
	expect_pattern("2024年", " 2024 年", false);
	expect_pattern("部门，预算", "部门 ?预算", true);
	expect_pattern("〔〕", "", false);
}

/* Parses "'lexeme'( & 'lexeme')*" with '' and \x escapes: the only shape search_tsquery may produce. */
static bool tsquery_well_formed(const char *s)
{
	if (!*s)
		return true;
	for (;;) {
		if (*s++ != '\'')
			return false;
		size_t len = 0;
		for (;; len++) {
			if (!*s)
				return false;
			if (s[0] == '\\' && s[1]) {
				s += 2;
			} else if (s[0] == '\'' && s[1] == '\'') {
				s += 2;
			} else if (s[0] == '\'') {
				s++;
				break;
			} else {
				s++;
			}
		}
		if (len == 0)
			return false;
		if (!*s)
			return true;
		if (strncmp(s, " & ", 3) != 0)
			return false;
		s += 3;
	}
}

static void test_tsquery_hostile(void **state)
{
	(void)state;
	static const char *const inputs[] = {"'",      "''",	 "\\",	      "a'b\\c",	     "&",
					     "|",      "!",	 "预算&公开", "!预算",	     "预算|低保",
					     "预算:*", "(预算)", "<->",	      "预算<->公开", "'预算' & '公开'",
					     ":",      "*",	 "\"预算\"",  "\"",	     "a:*b",
					     "x<2>y",  "-1",	 "((((",      "))",	     "&&||!!",
					     "\\'\\'", "é'É",	 "中'文"};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct buf b = {0};
		search_tsquery(inputs[i], &b);
		if (!tsquery_well_formed(b.data))
			fail_msg("%s → %s", inputs[i], b.data);
		buf_free(&b);
	}
	struct buf b = {0};
	search_tsquery("预算&公开", &b);
	assert_string_equal(b.data, "'预算' & '算' & '公开'"); /* 算 alone: a token follows */
	search_tsquery("钟办〔2024〕", &b);
	assert_string_equal(b.data, "'钟办' & '办' & '2024'");
	search_tsquery("路", &b);
	assert_string_equal(b.data, "'路'");
	search_tsquery("〔〕", &b);
	assert_string_equal(b.data, "");
	for (int i = 0; i < 5000; i++) { /* random bytes, valid UTF-8 or not */
		char text[24];
		for (size_t k = 0; k + 1 < sizeof text; k++)
			text[k] = (char)(1 + pick(255));
		text[sizeof text - 1] = '\0';
		search_tsquery(text, &b);
		if (!tsquery_well_formed(b.data))
			fail_msg("random input → %s", b.data);
	}
	buf_free(&b);
}

static void test_match_of_terms(void **state)
{
	(void)state;
	struct info_terms t;
	char err[128];
	assert_int_equal(info_terms_parse("部门预算 〔〕 PM2.5 部门，预算", &t, err, sizeof err), 0);
	struct search_match m;
	search_match_build(&t, &m);
	assert_int_equal(m.phrases, 3);
	assert_string_equal(m.fts5, "\"部门预算\" AND \"PM2.5\" AND \"部门，预算\"");
	assert_string_equal(m.tsquery, "'部门' & '门预' & '预算' & 'pm2' & '5' & '部门' & '门' & '预算'");
	assert_string_equal(m.phrase_tsquery[1], "'pm2' & '5'");
	assert_string_equal(m.literal[0], "部门预算");
	assert_string_equal(m.regex[0], "");
	assert_string_equal(m.literal[1], " pm2 5 ");
	assert_string_equal(m.literal[2], "");
	assert_string_equal(m.regex[2], "部门 ?预算");
	assert_string_equal(m.count_regex[0], "(?=部门预算)");
	assert_string_equal(m.count_regex[2], "(?=部门 ?预算)");
	assert_null(m.literal[3]);
	search_match_free(&m);
	/* one token (a character, a bigram, a word): the index is exact, no pattern to check */
	assert_int_equal(info_terms_parse("路 预算 PM 部门预算 〔预算〕", &t, err, sizeof err), 0);
	search_match_build(&t, &m);
	assert_int_equal(m.phrases, 5);
	static const char *const no_pattern[] = {"路", "预算", "PM", "〔预算〕"};
	for (size_t i = 0; i < 4; i++) {
		size_t k = i < 3 ? i : 4;
		assert_true(search_index_exact(no_pattern[i]));
		assert_true(m.exact[k]);
	}
	assert_false(m.exact[3]);
	assert_false(search_index_exact("部门预算"));
	assert_false(search_index_exact("PM2.5"));
	assert_false(search_index_exact("〔〕"));
	assert_string_equal(m.literal[1], "预算"); /* the pattern stays, for the row form */
	assert_string_equal(m.literal[2], " pm ");
	assert_string_equal(m.literal[3], "部门预算");
	assert_string_equal(m.count_regex[1], "(?=预算)");
	search_match_free(&m);
	assert_int_equal(info_terms_parse("〔〕", &t, err, sizeof err), 0);
	search_match_build(&t, &m);
	assert_int_equal(m.phrases, 0);
	assert_string_equal(m.fts5, "");
	assert_string_equal(m.tsquery, "");
	search_match_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_as_fts5),  cmocka_unit_test(test_document),
	    cmocka_unit_test(test_patterns),	   cmocka_unit_test(test_tsquery_hostile),
	    cmocka_unit_test(test_match_of_terms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
