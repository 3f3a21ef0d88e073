/* test_page.c — the page writer: every conversion escapes for its context, numbers print exactly,
 * raw output only from literals. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_escapes_markup_and_quotes),
	    cmocka_unit_test(test_html_null_is_empty_and_chinese_passes),
	    cmocka_unit_test(test_url_component),
	    cmocka_unit_test(test_json_string),
	    cmocka_unit_test(test_numbers_and_percent),
	    cmocka_unit_test(test_raw_and_trusted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
