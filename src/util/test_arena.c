/* test_arena.c — util/arena.h: aligned, independent memory; arena_printf whole at every length; a
 * chunk size of the owner's choosing, with large blocks that do not fit in chunks of their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/arena.h"

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

/* With chunk_size set, small blocks are consecutive in chunks of that size until one is full; a
 * block that does not fit and is above a quarter of the chunk gets a chunk of its own, and the
 * current chunk goes on serving small blocks; arena_free keeps the chosen size. */
static void test_arena_chunk_size(void **state)
{
	(void)state;
	struct arena a = {.chunk_size = 1024};
	char *last = arena_alloc(&a, 16);
	size_t in_first_chunk = 1;
	char *p;
	while ((p = arena_alloc(&a, 16)) == last + 16) { /* fills the first chunk, then starts a new one */
		last = p;
		in_first_chunk++;
	}
	assert_int_equal(in_first_chunk, 1024 / 16);
	char *second_chunk = p;
	char *big = arena_alloc(&a, 1010); /* 1,024 rounded; 1,008 free bytes are left: a chunk of its own */
	memset(big, 'b', 1010);
	assert_true(big + 1010 <= second_chunk || big >= second_chunk + 1024);
	assert_ptr_equal(arena_alloc(&a, 16), second_chunk + 16);
	assert_int_equal(a.total, 66 * 16 + 1024);
	arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	assert_int_equal(a.chunk_size, 1024);
	assert_string_equal(arena_strdup(&a, "再用"), "再用");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arena_alignment_and_copies),
	    cmocka_unit_test(test_arena_printf_every_length),
	    cmocka_unit_test(test_arena_chunk_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
