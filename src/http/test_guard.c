/* test_guard.c — the request guards (guard.h): ambiguous framing is named, the client address behind
 * trusted proxies is the rightmost untrusted hop and only a valid IP, and secret parameters are
 * redacted from logged targets while everything else stays as sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"
#include "http/guard.h"
#include "util/buf.h"

static void header(struct arena *a, struct kvlist *l, const char *name, const char *value, size_t len)
{
	kv_add(a, l, arena_strdup(a, name), arena_strdup(a, value), len);
}

static void test_framing(void **state)
{
	(void)state;
	struct arena a = {0};
	struct kvlist ok = {0}, two = {0}, same = {0}, te = {0}, nul = {0}, sign = {0};
	header(&a, &ok, "Content-Length", "3", 1);
	assert_null(guard_framing(&ok));
	header(&a, &same, "Content-Length", "3", 1);
	header(&a, &same, "content-length", "3", 1);
	assert_null(guard_framing(&same)); /* repeated, equal: unambiguous */
	header(&a, &two, "Content-Length", "3", 1);
	header(&a, &two, "Content-Length", "40", 2);
	assert_non_null(strstr(guard_framing(&two), "两个不同的 Content-Length"));
	header(&a, &te, "Transfer-Encoding", "chunked", 7);
	header(&a, &te, "Content-Length", "3", 1);
	assert_non_null(strstr(guard_framing(&te), "Transfer-Encoding"));
	header(&a, &nul, "X-A", "a", 3); /* MHD's length says 3: "a\0b" */
	assert_non_null(strstr(guard_framing(&nul), "NUL"));
	header(&a, &sign, "Content-Length", "+3", 2);
	assert_non_null(guard_framing(&sign));
	arena_free(&a);
}

static void test_client_ip(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *trusted = "127.0.0.1, ::1,10.0.0.254";
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", "6.6.6.6, 10.9.8.7", trusted), "10.9.8.7");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", "10.1.1.1, 10.0.0.254", trusted), "10.1.1.1");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", " 2001:DB8::7 ", trusted), "2001:db8::7");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", "<script>", trusted), "127.0.0.1");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", "1.2.3.4, junk", trusted), "127.0.0.1");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", "", trusted), "127.0.0.1");
	assert_string_equal(guard_client_ip(&a, "127.0.0.1", NULL, trusted), "127.0.0.1");
	/* a peer that is not a trusted proxy: its header is ignored */
	assert_string_equal(guard_client_ip(&a, "192.0.2.9", "1.2.3.4", trusted), "192.0.2.9");
	/* every hop trusted: the leftmost one */
	assert_string_equal(guard_client_ip(&a, "::1", "127.0.0.1", trusted), "127.0.0.1");
	arena_free(&a);
}

static void assert_redacted(const char *target, const char *want)
{
	struct buf b = {0};
	guard_redact_target(&b, target);
	assert_string_equal(b.data ? b.data : "", want);
	buf_free(&b);
}

static void test_redaction(void **state)
{
	(void)state;
	assert_redacted("/api/v1/applications/YS2026-2-00001?code=ABCD",
			"/api/v1/applications/YS2026-2-00001?code=[redacted]");
	assert_redacted("/x?a=1&Code=S&token=t%20u;csrf=z&b=2",
			"/x?a=1&Code=[redacted]&token=[redacted];csrf=[redacted]&b=2");
	assert_redacted("/x?c%6Fde=S", "/x?c%6Fde=[redacted]");
	assert_redacted("/x?q=code&page=2", "/x?q=code&page=2");
	assert_redacted("/x?code", "/x?code");
	assert_redacted("/plain", "/plain");
	assert_true(guard_secret_param("PASSWORD", 8));
	assert_false(guard_secret_param("q", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_framing),
	    cmocka_unit_test(test_client_ip),
	    cmocka_unit_test(test_redaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
