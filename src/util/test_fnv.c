/* test_fnv.c — util/fnv.h against the published FNV-1a test vectors (the reference implementation's
 * test suite), so a fingerprint stored or compared across runs (the calendar's content version) cannot
 * silently change, and hashing in pieces equals hashing at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "util/fnv.h"

static void test_vectors(void **state)
{
	(void)state;
	assert_int_equal(fnv1a32(FNV1A32_INIT, "", 0), 0x811c9dc5u);
	assert_int_equal(fnv1a32(FNV1A32_INIT, "a", 1), 0xe40c292cu);
	assert_int_equal(fnv1a32(FNV1A32_INIT, "foobar", 6), 0xbf9cf968u);
	assert_true(fnv1a64(FNV1A64_INIT, "", 0) == 0xcbf29ce484222325ull);
	assert_true(fnv1a64(FNV1A64_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
	assert_true(fnv1a64(FNV1A64_INIT, "foobar", 6) == 0x85944171f73967e8ull);
}

static void test_pieces_equal_whole(void **state)
{
	(void)state;
	const char *text = "政府信息公开工作年度报告";
	size_t n = strlen(text);
	for (size_t cut = 0; cut <= n; cut++) {
		assert_int_equal(fnv1a32(fnv1a32(FNV1A32_INIT, text, cut), text + cut, n - cut),
				 fnv1a32(FNV1A32_INIT, text, n));
		assert_true(fnv1a64(fnv1a64(FNV1A64_INIT, text, cut), text + cut, n - cut) ==
			    fnv1a64(FNV1A64_INIT, text, n));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vectors),
	    cmocka_unit_test(test_pieces_equal_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
