/* test_utf8.c — unit tests of the UTF-8 module: the exact boundaries of well-formedness (overlongs,
 * surrogates, U+10FFFF, truncation, stray continuation bytes), resynchronisation after a bad byte,
 * counting and cutting on character boundaries, width folding and terminal columns, and the inline
 * readers (utf8_decode_fast agreeing with utf8_decode, utf8_decode_unchecked on well-formed text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

static void assert_decodes(const char *s, size_t len, uint32_t cp)
{
	size_t n = 0;
	assert_int_equal(utf8_decode(s, len, &n), cp);
	assert_int_equal(n, len);
	n = 0;
	assert_int_equal(utf8_decode_fast(s, len, &n), cp);
	assert_int_equal(n, len);
	assert_true(utf8_valid(s, len));
}

static void assert_invalid(const char *s, size_t len)
{
	size_t n = 0;
	assert_int_equal(utf8_decode(s, len, &n), UTF8_INVALID);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(utf8_decode_fast(s, len, &n), UTF8_INVALID);
	assert_int_equal(n, 1);
	assert_false(utf8_valid(s, len));
}

static void test_boundaries(void **state)
{
	(void)state;
	assert_decodes("\x7F", 1, 0x7F);
	assert_decodes("\xC2\x80", 2, 0x80);	   /* smallest two-byte */
	assert_decodes("\xDF\xBF", 2, 0x7FF);	   /* largest two-byte */
	assert_decodes("\xE0\xA0\x80", 3, 0x800);  /* smallest three-byte */
	assert_decodes("\xED\x9F\xBF", 3, 0xD7FF); /* just below the surrogates */
	assert_decodes("\xEE\x80\x80", 3, 0xE000); /* just above them */
	assert_decodes("\xEF\xBF\xBF", 3, 0xFFFF); /* largest three-byte */
	assert_decodes("\xF0\x90\x80\x80", 4, 0x10000);
	assert_decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
	assert_decodes("公", 3, 0x516C);
	assert_decodes("\xF0\xA0\x80\x80", 4, 0x20000); /* 𠀀, CJK extension B */
}

static void test_malformed(void **state)
{
	(void)state;
	assert_invalid("\xC0\xAF", 2);	       /* overlong '/' */
	assert_invalid("\xC1\xBF", 2);	       /* overlong */
	assert_invalid("\xE0\x9F\xBF", 3);     /* overlong U+7FF */
	assert_invalid("\xF0\x8F\xBF\xBF", 4); /* overlong U+FFFF */
	assert_invalid("\xED\xA0\x80", 3);     /* U+D800 */
	assert_invalid("\xED\xBF\xBF", 3);     /* U+DFFF */
	assert_invalid("\xF4\x90\x80\x80", 4); /* U+110000 */
	assert_invalid("\xF5\x80\x80\x80", 4); /* lead byte past F4 */
	assert_invalid("\xFF", 1);
	assert_invalid("\x80", 1);	     /* stray continuation */
	assert_invalid("\xE5\x85", 2);	     /* truncated */
	assert_invalid("\xF0\x9F\x98", 3);   /* truncated four-byte */
	assert_invalid("\xE5\x85\x41", 3);   /* continuation missing */
	assert_false(utf8_valid("a\0b", 3)); /* NUL is refused in text */
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("政府信息公开 abc", strlen("政府信息公开 abc")));
	/* len is honoured even when more bytes follow */
	size_t n;
	assert_int_equal(utf8_decode("\xE5\x85\xAC", 2, &n), UTF8_INVALID);
	/* decoding stops at a NUL: a C string may pass SIZE_MAX */
	assert_int_equal(utf8_decode("\xE5\x85", SIZE_MAX, &n), UTF8_INVALID);
	assert_int_equal(n, 1);
}

static void test_resynchronise(void **state)
{
	(void)state;
	/* a bad byte costs one step; the character after it is read whole */
	const char *s = "\xE5\x85公";
	size_t n;
	assert_int_equal(utf8_decode(s, strlen(s), &n), UTF8_INVALID);
	assert_int_equal(n, 1);
	assert_int_equal(utf8_decode(s + 1, strlen(s) - 1, &n), UTF8_INVALID);
	assert_int_equal(utf8_decode(s + 2, strlen(s) - 2, &n), 0x516C);
	assert_int_equal(utf8_chars(s), 3);
	assert_int_equal(utf8_char_len(""), 0);
	assert_int_equal(utf8_char_len("公开"), 3);
	assert_int_equal(utf8_char_len("\xFF公"), 1);
}

static void test_encode(void **state)
{
	(void)state;
	char out[UTF8_MAX_BYTES];
	static const uint32_t cps[] = {0,      0x41,   0x7F,   0x80,   0x7FF,	0x800,
				       0x516C, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t len = utf8_encode(cps[i], out), n;
		assert_true(len >= 1 && len <= 4);
		assert_int_equal(utf8_decode(out, len, &n), cps[i]);
		assert_int_equal(n, len);
	}
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(UTF8_INVALID, out), 0);
}

static void test_count_and_cut(void **state)
{
	(void)state;
	const char *s = "政务a公开"; /* 3 + 3 + 1 + 3 + 3 bytes */
	assert_int_equal(utf8_chars(s), 5);
	assert_int_equal(utf8_chars(NULL), 0);
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_prefix(s, 0), 0);
	assert_int_equal(utf8_prefix(s, 2), 6);
	assert_int_equal(utf8_prefix(s, 3), 7);
	assert_int_equal(utf8_prefix(s, 99), 13);
	assert_int_equal(utf8_cut(s, 13, 13), 13);
	assert_int_equal(utf8_cut(s, 13, 99), 13);
	assert_int_equal(utf8_cut(s, 13, 5), 3); /* inside 务: back to its start */
	assert_int_equal(utf8_cut(s, 13, 6), 6);
	assert_int_equal(utf8_cut(s, 13, 7), 7);
	assert_int_equal(utf8_cut(s, 13, 8), 7);
	assert_int_equal(utf8_cut(s, 13, 2), 0);
	assert_int_equal(utf8_cut(s, 13, 0), 0);
	assert_int_equal(utf8_back(s, 0), 0);
	assert_int_equal(utf8_back(s, 3), 0);
	assert_int_equal(utf8_back(s, 7), 6);
	assert_int_equal(utf8_back(s, 13), 10);
	assert_int_equal(utf8_back("a\x80\x80", 3), 2); /* stray continuations: one byte at a time */
	assert_int_equal(utf8_back("\xF0\x9F\x98\x80", 4), 0);
}

static void test_fold_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_fold_width(0xFF21), 'A');	   /* Ａ */
	assert_int_equal(utf8_fold_width(0xFF10), '0');	   /* ０ */
	assert_int_equal(utf8_fold_width(0xFF01), '!');	   /* first of the block */
	assert_int_equal(utf8_fold_width(0xFF5E), '~');	   /* last of the block */
	assert_int_equal(utf8_fold_width(0xFF00), 0xFF00); /* just outside */
	assert_int_equal(utf8_fold_width(0xFF5F), 0xFF5F);
	assert_int_equal(utf8_fold_width(0x3000), ' ');
	assert_int_equal(utf8_fold_width(0x3001), 0x3001); /* 、 stays */
	assert_int_equal(utf8_fold_width(0x516C), 0x516C);
	struct buf b = {0};
	const char *in = "２０２４年\xE3\x80\x80ＰＭ２．５，\xFF";
	utf8_fold_width_buf(&b, in, strlen(in));
	assert_string_equal(b.data, "2024年 PM2.5,\xFF");
	buf_free(&b);
	utf8_fold_width_buf(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_free(&b);
}

static void test_columns(void **state)
{
	(void)state;
	assert_int_equal(utf8_columns("abc"), 3);
	assert_int_equal(utf8_columns("公开"), 4);
	assert_int_equal(utf8_columns("Ａ1"), 3);
	assert_int_equal(utf8_columns("é"), 1);
	assert_int_equal(utf8_columns("a\tb"), 2);
	assert_int_equal(utf8_columns("\xFF"), 1);
	assert_int_equal(utf8_columns(NULL), 0);
}

/* utf8_decode_fast agrees with utf8_decode on every lead byte followed by second and third bytes
 * at and around the continuation range, whether len stops the character short or not, and on a C
 * string whose NUL comes right after the lead byte. */
static void test_decode_fast_agrees(void **state)
{
	(void)state;
	static const unsigned char probes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
	for (unsigned lead = 1; lead <= 0xFF; lead++) {
		for (size_t a = 0; a < sizeof probes; a++) {
			for (size_t b = 0; b < sizeof probes; b++) {
				char s[5] = {(char)lead, (char)probes[a], (char)probes[b], (char)0x80, '\0'};
				for (size_t len = 1; len <= 4; len++) {
					size_t n1 = 0, n2 = 0;
					assert_int_equal(utf8_decode_fast(s, len, &n1), utf8_decode(s, len, &n2));
					assert_int_equal(n1, n2);
				}
				size_t n1 = 0, n2 = 0;
				assert_int_equal(utf8_decode_fast(s, SIZE_MAX, &n1), utf8_decode(s, SIZE_MAX, &n2));
				assert_int_equal(n1, n2);
			}
		}
	}
}

/* utf8_decode_unchecked reads every code point of well-formed text exactly as utf8_decode does, and
 * on malformed or cut bytes never claims more than len bytes. */
static void test_decode_unchecked(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char s[UTF8_MAX_BYTES];
		size_t len = utf8_encode(cp, s), n = 0;
		if (len == 0)
			continue; /* a surrogate */
		assert_int_equal(utf8_decode_unchecked(s, len, &n), cp);
		assert_int_equal(n, len);
	}
	size_t n = 0;
	assert_int_equal(utf8_decode_unchecked("\xE4\xB8", 2, &n), 0xFFFD); /* 中 cut after two bytes */
	assert_int_equal(n, 2);
	assert_int_equal(utf8_decode_unchecked("\xE4", 1, &n), 0xE4);
	assert_int_equal(n, 1);
	for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
		const char s[4] = {(char)lead, (char)0x80, (char)0x80, (char)0x80};
		for (size_t len = 1; len <= 4; len++) {
			utf8_decode_unchecked(s, len, &n);
			assert_true(n >= 1 && n <= len);
		}
	}
}

static void test_boundary_helpers(void **state)
{
	(void)state;
	assert_false(utf8_continuation('\x7F'));
	assert_true(utf8_continuation('\x80'));
	assert_true(utf8_continuation('\xBF'));
	assert_false(utf8_continuation('\xC0'));
	assert_false(utf8_continuation('\xE4'));
	const char *s = "\xE4\xB8\xAD\xE6\x96\x87"
			"a"; /* 中文a */
	assert_int_equal(utf8_next_boundary(s, 7, 0), 0);
	assert_int_equal(utf8_next_boundary(s, 7, 1), 3);
	assert_int_equal(utf8_next_boundary(s, 7, 2), 3);
	assert_int_equal(utf8_next_boundary(s, 7, 3), 3);
	assert_int_equal(utf8_next_boundary(s, 7, 4), 6);
	assert_int_equal(utf8_next_boundary(s, 7, 6), 6);
	assert_int_equal(utf8_next_boundary(s, 7, 7), 7);
	assert_int_equal(utf8_next_boundary(s, 5, 4), 5); /* only continuation bytes left: len */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_boundaries),	     cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_resynchronise),    cmocka_unit_test(test_encode),
	    cmocka_unit_test(test_count_and_cut),    cmocka_unit_test(test_fold_width),
	    cmocka_unit_test(test_columns),	     cmocka_unit_test(test_decode_fast_agrees),
	    cmocka_unit_test(test_decode_unchecked), cmocka_unit_test(test_boundary_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
