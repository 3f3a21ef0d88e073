/* test_fees.c — unit tests of the 信息处理费 calculator against hand-computed fees
 * (国办函〔2020〕109号 as read in FORMAT.md §5 and docs/fees.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fees/fees.h"

static void test_item_rates(void **state)
{
	(void)state;
	static const struct {
		int k;
		long long rate;
	} cases[] = {{1, 0},	{10, 0},   {11, 100}, {30, 100}, {31, 200}, {40, 200},
		     {41, 300}, {50, 300}, {51, 400}, {60, 400}, {61, 500}, {101, 900}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (fee_item_rate(cases[i].k) != cases[i].rate)
			fail_msg("item %d: rate %lld, expected %lld", cases[i].k, fee_item_rate(cases[i].k),
				 cases[i].rate);
}

static void test_page_rates(void **state)
{
	(void)state;
	assert_int_equal(fee_page_rate(30), 0);
	assert_int_equal(fee_page_rate(31), 10);
	assert_int_equal(fee_page_rate(100), 10);
	assert_int_equal(fee_page_rate(101), 20);
	assert_int_equal(fee_page_rate(200), 20);
	assert_int_equal(fee_page_rate(201), 40);
}

static void test_150_pages_is_1700(void **state)
{
	(void)state;
	struct fee_result r;
	assert_int_equal(fee_compute(FEE_BY_PAGE, 0, 150, &r, NULL, 0), 0);
	/* 70 × 10 + 50 × 20 = 1700 (the worked example of FORMAT.md §5) */
	assert_int_equal(r.yuan, 1700);
	assert_string_equal(r.explanation, "按量计收（国办函〔2020〕109号第五条）：共 150 页\n"
					   "第 1–30 页：30 页，不收费\n"
					   "第 31–100 页：70 页 × 10 元 = 700 元\n"
					   "第 101–150 页：50 页 × 20 元 = 1000 元\n"
					   "合计：1700 元");
	fee_result_free(&r);
	assert_int_equal(fee_by_pages(30, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 0);
	fee_result_free(&r);
	/* 70 × 10 + 100 × 20 + 50 × 40 = 4700 */
	assert_int_equal(fee_by_pages(250, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 4700);
	assert_non_null(strstr(r.explanation, "第 201–250 页：50 页 × 40 元 = 2000 元"));
	fee_result_free(&r);
}

static void test_items_in_a_month(void **state)
{
	(void)state;
	struct fee_result r;
	/* First 30 items of the month: 10 free, 20 × 100 = 2000. */
	assert_int_equal(fee_compute(FEE_BY_ITEM, 0, 30, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 2000);
	assert_non_null(strstr(r.explanation, "第 1–10 件：10 件，不收费\n"));
	assert_non_null(strstr(r.explanation, "第 11–30 件：20 件 × 100 元 = 2000 元\n"));
	fee_result_free(&r);
	/* 25 already: items 26–35 → 5 × 100 + 5 × 200 = 1500. */
	assert_int_equal(fee_by_items(25, 10, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 1500);
	assert_non_null(strstr(r.explanation, "为第 26–35 件"));
	assert_non_null(strstr(r.explanation, "第 31–35 件：5 件 × 200 元 = 1000 元\n合计：1500 元"));
	fee_result_free(&r);
	/* The 11th item alone. */
	assert_int_equal(fee_by_items(10, 1, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 100);
	assert_non_null(strstr(r.explanation, "第 11 件：1 件 × 100 元 = 100 元"));
	fee_result_free(&r);
	/* 8 already, 2 more: still free. */
	assert_int_equal(fee_by_items(8, 2, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 0);
	fee_result_free(&r);
}

/* 超额累进 is cumulative: splitting a month's items into two applications costs the same. */
static void test_splitting_costs_the_same(void **state)
{
	(void)state;
	for (int total = 1; total <= 120; total++) {
		struct fee_result whole;
		assert_int_equal(fee_by_items(0, total, &whole, NULL, 0), 0);
		long long by_rate = 0;
		for (int k = 1; k <= total; k++)
			by_rate += fee_item_rate(k);
		assert_int_equal(whole.yuan, by_rate);
		for (int first = 1; first < total; first++) {
			struct fee_result a, b;
			assert_int_equal(fee_by_items(0, first, &a, NULL, 0), 0);
			assert_int_equal(fee_by_items(first, total - first, &b, NULL, 0), 0);
			assert_int_equal(a.yuan + b.yuan, whole.yuan);
			fee_result_free(&a);
			fee_result_free(&b);
		}
		fee_result_free(&whole);
	}
}

static void test_invalid_input(void **state)
{
	(void)state;
	struct fee_result r;
	char err[128] = "";
	assert_int_equal(fee_by_items(0, 0, &r, err, sizeof err), -1);
	assert_string_equal(err, "本件申请的件数应为 1–10000");
	assert_null(r.explanation);
	assert_int_equal(fee_by_items(-1, 1, &r, err, sizeof err), -1);
	assert_int_equal(fee_by_pages(0, &r, err, sizeof err), -1);
	assert_string_equal(err, "页数应为 1–1000000");
	assert_int_equal(fee_compute((enum fee_method)7, 0, 1, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "不得同时适用"));
	assert_int_equal(fee_method_from_name("item"), FEE_BY_ITEM);
	assert_int_equal(fee_method_from_name("page"), FEE_BY_PAGE);
	assert_int_equal(fee_method_from_name("both"), -1);
	/* The largest inputs do not overflow: 1,000,000 pages = 700 + 2000 + 999,800 × 40. */
	assert_int_equal(fee_by_pages(FEE_MAX_PAGES, &r, NULL, 0), 0);
	assert_int_equal(r.yuan, 700 + 2000 + 999800LL * 40);
	fee_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_item_rates),
	    cmocka_unit_test(test_page_rates),
	    cmocka_unit_test(test_150_pages_is_1700),
	    cmocka_unit_test(test_items_in_a_month),
	    cmocka_unit_test(test_splitting_costs_the_same),
	    cmocka_unit_test(test_invalid_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
