/* test_page.c — the page writer: every conversion escapes for its context, numbers print exactly,
 * raw output only from literals, and the arena hands out aligned, independent memory. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/arena.h"
#include "http/page.h"

static void test_html_escapes_markup_and_quotes(void **state)
{
	(void)state;
	struct page p = {0};
	page_printf(&p, "<p title=\"%h\">%h</p>", "\"><script>alert(1)</script>", "a & b < c > d 'e'");
	assert_string_equal(p.out.data, "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"
					"a &amp; b &lt; c &gt; d &#39;e&#39;</p>");
	page_free(&p);
}

static void test_html_null_is_empty_and_chinese_passes(void **state)
{
	(void)state;
	struct page p = {0};
	page_printf(&p, "[%h][%h]", (const char *)NULL, "汝州市钟楼街道办事处");
	assert_string_equal(p.out.data, "[][汝州市钟楼街道办事处]");
	page_free(&p);
}

static void test_url_component(void **state)
{
	(void)state;
	struct page p = {0};
	page_printf(&p, "/x?q=%t&n=%t", "a b&c=d/é", "A-z_0.9~");
	assert_string_equal(p.out.data, "/x?q=a%20b%26c%3Dd%2F%C3%A9&n=A-z_0.9~");
	page_free(&p);
}

static void test_json_string(void **state)
{
	(void)state;
	struct page p = {0};
	page_printf(&p, "{\"v\":%j,\"n\":%j}", "say \"hi\"\\\n</script>&<\x01", (const char *)NULL);
	assert_string_equal(p.out.data,
			    "{\"v\":\"say \\\"hi\\\"\\\\\\n\\u003c\\/script\\u003e\\u0026\\u003c\\u0001\",\"n\":\"\"}");
	page_free(&p);
}

static void test_numbers_and_percent(void **state)
{
	(void)state;
	struct page p = {0};
	page_printf(&p, "%d|%lld|%zu|100%%", -42, -9007199254740993LL, (size_t)18446744073709551615ULL);
	assert_string_equal(p.out.data, "-42|-9007199254740993|18446744073709551615|100%");
	page_free(&p);
	/* the extremes and zero (the digits are produced without printf) */
	page_printf(&p, "%d %d %d %lld %lld %zu", 0, INT_MIN, INT_MAX, LLONG_MIN, LLONG_MAX, (size_t)0);
	assert_string_equal(p.out.data, "0 -2147483648 2147483647 -9223372036854775808 9223372036854775807 0");
	page_free(&p);
}

static void test_raw_and_trusted(void **state)
{
	(void)state;
	struct page p = {0};
	page_raw(&p, "<hr>");
	page_trusted_html(&p, "<em>x</em>");
	page_trusted_html(&p, NULL);
	assert_string_equal(p.out.data, "<hr><em>x</em>");
	assert_int_equal(p.out.len, strlen("<hr><em>x</em>"));
	page_free(&p);
}

static void test_arena_alignment_and_copies(void **state)
{
	(void)state;
	struct arena a = {0};
	char *s = arena_strdup(&a, "汝州");
	for (int i = 0; i < 1000; i++) {
		void *p = arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xAB, (size_t)(i % 37) + 1);
	}
	char *big = arena_zalloc(&a, 100000);
	assert_int_equal(big[99999], 0);
	assert_string_equal(s, "汝州"); /* earlier allocations untouched by later ones */
	assert_string_equal(arena_printf(&a, "%d-%s", 7, "x"), "7-x");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	arena_free(&a);
	assert_null(a.head);
}

/* arena_printf writes in place when the text fits the current chunk and measures then writes elsewhere
 * when it does not: every length from empty to larger than a chunk comes out whole, aligned, and
 * leaves the strings before it intact. */
static void test_arena_printf_every_length(void **state)
{
	(void)state;
	struct arena a = {0};
	char text[20001];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	const char *first = arena_printf(&a, "%s", "第一");
	const char *kept[64];
	size_t lengths[64];
	for (size_t i = 0; i < 64; i++) {
		lengths[i] = (i * 331) % 9000 + (i == 5 ? 20000 - 9000 : 0); /* 0 … 8,xxx bytes, and one of 11,xxx */
		kept[i] = arena_printf(&a, "%.*s|%d", (int)lengths[i], text, (int)i);
		assert_int_equal((uintptr_t)kept[i] % _Alignof(max_align_t), 0);
	}
	for (size_t i = 0; i < 64; i++) {
		assert_int_equal(strspn(kept[i], "x"), lengths[i]);
		char tail[16];
		snprintf(tail, sizeof tail, "|%d", (int)i);
		assert_string_equal(kept[i] + lengths[i], tail);
	}
	assert_string_equal(first, "第一");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_escapes_markup_and_quotes),
	    cmocka_unit_test(test_html_null_is_empty_and_chinese_passes),
	    cmocka_unit_test(test_url_component),
	    cmocka_unit_test(test_json_string),
	    cmocka_unit_test(test_numbers_and_percent),
	    cmocka_unit_test(test_raw_and_trusted),
	    cmocka_unit_test(test_arena_alignment_and_copies),
	    cmocka_unit_test(test_arena_printf_every_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
