/* test_parse.c — the request parsers: target/path (traversal, bad escapes, UTF-8), urlencoded
 * query strings and forms, Cookie headers and multipart/form-data bodies, including hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/parse.h"
#include "util/buf.h"

static void test_utf8_validation(void **state)
{
	(void)state;
	assert_true(utf8_valid("政府信息公开 abc", strlen("政府信息公开 abc")));
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));	 /* U+1F600 */
	assert_false(utf8_valid("\xC0\xAF", 2));	 /* overlong '/' */
	assert_false(utf8_valid("\xE0\x80\xAF", 3));	 /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));	 /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("\xE6\x94", 2));	 /* truncated */
	assert_false(utf8_valid("a\0b", 3));		 /* NUL */
	assert_false(utf8_valid("\xFF", 1));
}

static void test_target_split_and_decode(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *path, *query;
	assert_int_equal(parse_target(&a, "/admin/users?x=1&y=%E4%B8%AD", &path, &query), PARSE_OK);
	assert_string_equal(path, "/admin/users");
	assert_string_equal(query, "x=1&y=%E4%B8%AD");
	assert_int_equal(parse_target(&a, "/%E5%B9%B4%E6%8A%A5", &path, &query), PARSE_OK);
	assert_string_equal(path, "/年报");
	assert_string_equal(query, "");
	arena_free(&a);
}

static void test_target_refuses_traversal_and_garbage(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *path, *query;
	assert_int_equal(parse_target(&a, "/assets/../etc/passwd", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "/assets/%2e%2e/%2e%2e/etc/passwd", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "/a/./b", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "/a%5c..%5cb", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "//evil.example/", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "/a%00b", &path, &query), PARSE_BAD_UTF8);
	assert_int_equal(parse_target(&a, "/a%C0%AFb", &path, &query), PARSE_BAD_UTF8);
	assert_int_equal(parse_target(&a, "/a%zz", &path, &query), PARSE_MALFORMED);
	assert_int_equal(parse_target(&a, "/a%4", &path, &query), PARSE_MALFORMED);
	assert_int_equal(parse_target(&a, "http://x/", &path, &query), PARSE_MALFORMED);
	assert_int_equal(parse_target(&a, "*", &path, &query), PARSE_MALFORMED);
	assert_int_equal(parse_target(&a, "/..", &path, &query), PARSE_TRAVERSAL);
	assert_int_equal(parse_target(&a, "/...", &path, &query), PARSE_OK); /* a name, not traversal */
	arena_free(&a);
}

static void test_urlencoded(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist kv = {0};
	const char *body = "name=%E5%BC%A0%E4%B8%89&note=a+b%26c&&empty=&flag&sql=1%27%3B+DROP+TABLE+users%3B--";
	assert_int_equal(parse_urlencoded(&a, body, strlen(body), &kv), PARSE_OK);
	assert_int_equal(kv.count, 5);
	assert_string_equal(kv_get(&kv, "name"), "张三");
	assert_string_equal(kv_get(&kv, "note"), "a b&c");
	assert_string_equal(kv_get(&kv, "empty"), "");
	assert_string_equal(kv_get(&kv, "flag"), "");
	assert_string_equal(kv_get(&kv, "sql"), "1'; DROP TABLE users;--");
	assert_null(kv_get(&kv, "missing"));
	arena_free(&a);
}

static void test_urlencoded_rejects(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist kv = {0};
	assert_int_equal(parse_urlencoded(&a, "a=%FF%FE", 8, &kv), PARSE_BAD_UTF8);
	kv = (struct kvlist){0};
	assert_int_equal(parse_urlencoded(&a, "a=%00", 5, &kv), PARSE_BAD_UTF8);
	kv = (struct kvlist){0};
	assert_int_equal(parse_urlencoded(&a, "a=%G1", 5, &kv), PARSE_MALFORMED);
	kv = (struct kvlist){0};
	assert_int_equal(parse_urlencoded(&a, "a\xFF=1", 4, &kv), PARSE_BAD_UTF8);
	kv = (struct kvlist){0};
	/* the length bounds the input: bytes after len are never read */
	assert_int_equal(parse_urlencoded(&a, "a=1&b=%", 3, &kv), PARSE_OK);
	assert_int_equal(kv.count, 1);
	struct buf many = {0};
	for (int i = 0; i <= PARSE_MAX_FIELDS; i++)
		buf_printf(&many, "f%d=1&", i);
	kv = (struct kvlist){0};
	assert_int_equal(parse_urlencoded(&a, many.data, many.len, &kv), PARSE_TOO_MANY);
	buf_free(&many);
	arena_free(&a);
}

static void test_cookies(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist kv = {0};
	assert_int_equal(parse_cookies(&a,
				       "gk_session=abc123;  gk_elder=1; bad; =novalue; q=\"quoted\"; "
				       "sp=has space; gk_csrf=x",
				       &kv),
			 PARSE_OK);
	assert_string_equal(kv_get(&kv, "gk_session"), "abc123");
	assert_string_equal(kv_get(&kv, "gk_elder"), "1");
	assert_string_equal(kv_get(&kv, "q"), "quoted");
	assert_string_equal(kv_get(&kv, "gk_csrf"), "x");
	assert_null(kv_get(&kv, "bad"));
	assert_null(kv_get(&kv, "sp"));
	assert_int_equal(kv.count, 4);
	kv = (struct kvlist){0};
	assert_int_equal(parse_cookies(&a, "", &kv), PARSE_OK);
	assert_int_equal(kv.count, 0);
	arena_free(&a);
}

static const char multipart_body[] =
    "preamble\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
    "关于<b>公开</b>的通知\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\tmp\\\\报告.pdf\"\r\n"
    "Content-Type: application/pdf\r\n\r\n"
    "%PDF\x00\x01\xFF\r\n--X not a delimiter\r\n"
    "--XyZ--\r\nepilogue";

static void test_multipart(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist fields = {0};
	struct uploads files = {0};
	const char *b = multipart_boundary(&a, "multipart/form-data; boundary=XyZ");
	assert_non_null(b);
	assert_string_equal(b, "XyZ");
	assert_int_equal(parse_multipart(&a, b, multipart_body, sizeof multipart_body - 1, &fields, &files), PARSE_OK);
	assert_int_equal(fields.count, 1);
	assert_string_equal(kv_get(&fields, "title"), "关于<b>公开</b>的通知");
	assert_int_equal(files.count, 1);
	assert_string_equal(files.items[0].field, "file");
	assert_string_equal(files.items[0].filename, "报告.pdf");
	assert_string_equal(files.items[0].content_type, "application/pdf");
	const char expect[] = "%PDF\x00\x01\xFF\r\n--X not a delimiter";
	assert_int_equal(files.items[0].size, sizeof expect - 1);
	assert_memory_equal(files.items[0].data, expect, sizeof expect - 1);
	arena_free(&a);
}

static void test_multipart_rejects(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist fields = {0};
	struct uploads files = {0};
	assert_null(multipart_boundary(&a, "application/x-www-form-urlencoded"));
	assert_null(multipart_boundary(&a, "multipart/form-data"));
	assert_null(multipart_boundary(&a, "multipart/form-data; boundary=\"\""));
	const char truncated[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end";
	assert_int_equal(parse_multipart(&a, "B", truncated, sizeof truncated - 1, &fields, &files), PARSE_MALFORMED);
	const char no_name[] = "--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--";
	assert_int_equal(parse_multipart(&a, "B", no_name, sizeof no_name - 1, &fields, &files), PARSE_MALFORMED);
	const char bad_utf8[] = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xFF\xFE\r\n--B--";
	assert_int_equal(parse_multipart(&a, "B", bad_utf8, sizeof bad_utf8 - 1, &fields, &files), PARSE_BAD_UTF8);
	const char not_form[] = "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--B--";
	assert_int_equal(parse_multipart(&a, "B", not_form, sizeof not_form - 1, &fields, &files), PARSE_MALFORMED);
	assert_int_equal(parse_multipart(&a, "B", "", 0, &fields, &files), PARSE_MALFORMED);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_validation),
	    cmocka_unit_test(test_target_split_and_decode),
	    cmocka_unit_test(test_target_refuses_traversal_and_garbage),
	    cmocka_unit_test(test_urlencoded),
	    cmocka_unit_test(test_urlencoded_rejects),
	    cmocka_unit_test(test_cookies),
	    cmocka_unit_test(test_multipart),
	    cmocka_unit_test(test_multipart_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
