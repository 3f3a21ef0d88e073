/* test_info_search_fold.c — the portal search's folding and 索引号 lookup: traditional characters
 * become simplified (預算公開 → 预算公开, 財政 → 财政), simplified and ASCII text is unchanged, NULL is
 * ""; a 索引号 finds its published item, and finds nothing for a draft, a scheduled item before its
 * time, or an unknown or over-long number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_search_fold.h"
#include "info/info_testutil.h"

static void expect_fold(const char *in, const char *want)
{
	char *got = info_fold_simplified(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_fold(void **state)
{
	(void)state;
	expect_fold("預算公開", "预算公开");
	expect_fold("街道財政預算", "街道财政预算");
	expect_fold("预算公开", "预算公开");
	expect_fold("PM2.5 2024", "PM2.5 2024");
	expect_fold(NULL, "");
	expect_fold("", "");
}

static void test_index_lookup(void **state)
{
	(void)state;
	struct info_fixture *f = fixture_open("info-fold");
	assert_non_null(f);
	int64_t pub = fixture_draft(f, &f->editor, "财政信息", "街道部门预算公开", "2024-02-20", "预算。", NULL);
	int64_t draft = fixture_draft(f, &f->editor, "财政信息", "街道部门决算公开", "2024-02-20", "决算。", NULL);
	assert_int_equal(fixture_publish(f, pub, f->now), OUTCOME_OK);
	struct info_item a, b;
	assert_int_equal(info_item_get(store_reader(f->store), pub, &a), 1);
	assert_int_equal(info_item_get(store_reader(f->store), draft, &b), 1);
	struct db *db = store_reader(f->store);
	assert_int_equal(info_item_by_index_no(db, a.index_no, f->now), pub);
	assert_int_equal(info_item_by_index_no(db, a.index_no, f->now - 1), 0); /* not yet visible */
	assert_int_equal(info_item_by_index_no(db, b.index_no, f->now), 0);	/* a draft */
	assert_int_equal(info_item_by_index_no(db, "no-such-number", f->now), 0);
	assert_int_equal(info_item_by_index_no(db, "", f->now), 0);
	assert_int_equal(info_item_by_index_no(db, NULL, f->now), 0);
	info_item_free(&a);
	info_item_free(&b);
	assert_int_equal(fixture_close(f), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_index_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
