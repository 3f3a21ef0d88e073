/* test_copy.c — unit tests of the pure pieces of `gongkai db copy` (copy.c): the order of the tables
 * by their foreign keys (self-references ignored, ties kept in the given order, cycles refused), which
 * tables are SQLite's FTS5 tables, and the escaping of text in PostgreSQL's COPY format. The copy
 * itself runs against a server in e2e/pg_copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "storage/copy.h"
#include "util/buf.h"

static void test_order_parents_first(void **state)
{
	(void)state;
	/* 0 → 2, 1 → 2, 3 → 0, and 2 → 2 (a self-reference, as agency.parent_id) */
	const struct copy_edge edges[] = {{0, 2}, {3, 0}, {2, 2}, {1, 2}};
	size_t order[4];
	assert_int_equal(copy_order(4, edges, 4, order), 0);
	assert_int_equal(order[0], 2); /* the only table referencing nothing but itself */
	assert_int_equal(order[1], 0); /* then, of those now ready, the first given */
	assert_int_equal(order[2], 1);
	assert_int_equal(order[3], 3);
}

static void test_order_without_edges_keeps_order(void **state)
{
	(void)state;
	size_t order[3];
	assert_int_equal(copy_order(3, NULL, 0, order), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(order[i], i);
	assert_int_equal(copy_order(0, NULL, 0, order), 0);
}

static void test_order_cycle_refused(void **state)
{
	(void)state;
	const struct copy_edge cycle[] = {{0, 1}, {1, 2}, {2, 0}};
	size_t order[4];
	assert_int_equal(copy_order(3, cycle, 3, order), -1);
	const struct copy_edge with_free[] = {{1, 2}, {2, 1}}; /* 0 free, 1 and 2 in a cycle */
	assert_int_equal(copy_order(3, with_free, 2, order), -1);
}

static void test_fts_tables(void **state)
{
	(void)state;
	assert_true(copy_is_fts_table("info_item_fts"));
	assert_true(copy_is_fts_table("info_item_fts_data"));
	assert_true(copy_is_fts_table("info_item_fts_config"));
	assert_false(copy_is_fts_table("info_item"));
	assert_false(copy_is_fts_table("fts"));
	assert_false(copy_is_fts_table("_fts"));
	assert_false(copy_is_fts_table("info_ftsx"));
	assert_false(copy_is_fts_table("gifts"));
}

static void test_text_escape(void **state)
{
	(void)state;
	struct buf b = {0};
	const char text[] = "a\\b\tc\nd\re 政府";
	copy_text_escape(&b, text, strlen(text));
	assert_string_equal(b.data, "a\\\\b\\tc\\nd\\re 政府");
	buf_reset(&b);
	copy_text_escape(&b, "\\N", 2); /* the text "\N" is not NULL */
	assert_string_equal(b.data, "\\\\N");
	buf_reset(&b);
	copy_text_escape(&b, "abc", 2); /* only len bytes */
	assert_string_equal(b.data, "ab");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_parents_first), cmocka_unit_test(test_order_without_edges_keeps_order),
	    cmocka_unit_test(test_order_cycle_refused), cmocka_unit_test(test_fts_tables),
	    cmocka_unit_test(test_text_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
