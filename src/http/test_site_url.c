/* test_site_url.c — sub-path deployment: the mount path read from base_url, and the rewriting that
 * prefixes it to every root-relative URL of a response (HTML attributes, JSON "url" members) and to
 * nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/site_url.h"

static void test_mount_path_of_base_url(void **state)
{
	(void)state;
	size_t n;
	const char *m = site_mount_path("https://example.gov.cn/gongkai", &n);
	assert_int_equal(n, 8);
	assert_memory_equal(m, "/gongkai", 8);
	m = site_mount_path("https://example.gov.cn/a/b//", &n);
	assert_int_equal(n, 4);
	assert_memory_equal(m, "/a/b", 4);
	site_mount_path("https://example.gov.cn", &n);
	assert_int_equal(n, 0);
	site_mount_path("https://example.gov.cn/", &n);
	assert_int_equal(n, 0);
	site_mount_path("", &n);
	assert_int_equal(n, 0);
	site_mount_path(NULL, &n);
	assert_int_equal(n, 0);
}

static char *mounted(const char *text, bool json)
{
	struct buf out = {0};
	site_mount_text(&out, text, strlen(text), "/gk", 3, json);
	buf_putc(&out, '\0');
	return out.data;
}

static void test_html_attributes_get_the_prefix(void **state)
{
	(void)state;
	char *s = mounted("<a href=\"/info\">x</a><img src=\"/assets/logo.svg\" alt=\"\">"
			  "<form method=\"post\" action=\"/apply/new\"><button formaction=\"/x\">"
			  "<link\nhref=\"/info/feed\">",
			  false);
	assert_string_equal(s, "<a href=\"/gk/info\">x</a><img src=\"/gk/assets/logo.svg\" alt=\"\">"
			       "<form method=\"post\" action=\"/gk/apply/new\"><button formaction=\"/gk/x\">"
			       "<link\nhref=\"/gk/info/feed\">");
	free(s);
}

static void test_other_text_is_left_alone(void **state)
{
	(void)state;
	/* protocol-relative and absolute URLs, other attributes, text that merely looks similar, data-href,
	 * a value at the very end */
	const char *same = "<a href=\"//cdn.example\">a</a><a href=\"https://x.gov.cn/\">b</a>"
			   "<input value=\"/info\"><p>href=\"/info\"</p><div data-href=\"/x\"></div>"
			   "<p>&quot;/info&quot;</p>href=\"/";
	char *s = mounted(same, false);
	assert_string_equal(s, same);
	free(s);
	s = mounted("", false);
	assert_string_equal(s, "");
	free(s);
}

static void test_json_url_members(void **state)
{
	(void)state;
	char *s = mounted("{\"url\":\"/info/item/3\",\"title\":\"/info\",\"x\":{\"url\":\"/info/file/1\"},"
			  "\"t\":\"\\\"url\\\":\\\"/a\",\"url\":\"https://x/\"}",
			  true);
	assert_string_equal(s, "{\"url\":\"/gk/info/item/3\",\"title\":\"/info\",\"x\":{\"url\":\"/gk/info/file/1\"},"
			       "\"t\":\"\\\"url\\\":\\\"/a\",\"url\":\"https://x/\"}");
	free(s);
	/* the HTML rule does not apply to JSON and the other way round */
	s = mounted("{\"href\":\"/a\"}", true);
	assert_string_equal(s, "{\"href\":\"/a\"}");
	free(s);
	s = mounted("<p \"url\":\"/a\"></p>", false);
	assert_string_equal(s, "<p \"url\":\"/a\"></p>");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mount_path_of_base_url),
	    cmocka_unit_test(test_html_attributes_get_the_prefix),
	    cmocka_unit_test(test_other_text_is_left_alone),
	    cmocka_unit_test(test_json_url_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
