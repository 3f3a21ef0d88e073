/* test_report_sum.c — the aggregated report's arithmetic (report_sum.h): every cell of tables 二, 三 (all
 * seven columns, 总计 included) and 四 summed from parts that each hold a different number in every cell,
 * money to the millionth, blanks counted as 0 with a warning, 2019-edition parts refused; and the
 * hierarchy rule H1 naming the cell and the agencies when a published aggregate differs from its parts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/report_sum.h"

#define PARTS 3
static const char *const names[PARTS] = {"甲街道办事处", "乙镇人民政府", "丙局"};

/* Fills every cell of tables 二–四 of r (2021 edition) with a number unique to (seed, cell). */
static void fill_distinct(struct report *r, int64_t seed)
{
	report_init(r, REPORT_EDITION_2021);
	report_zero(r);
	r->year = 2024;
	int64_t k = 1;
	for (int p = 0; p < PRO_ROW_COUNT; p++)
		for (int c = 0; c < PRO_MAX_COLS; c++)
			if (r->proactive[p][c].present)
				r->proactive[p][c].value = seed * 1000 + k++;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		for (int c = 0; c < APP_COL_COUNT; c++)
			if (r->applications[a][c].present)
				r->applications[a][c].value = seed * 1000 + k++;
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			r->cases[b][c].value = seed * 1000 + k++;
	r->processing_fee = rcell_of(seed * 1500000); /* 1.5 元 × seed */
}

struct fixture {
	struct report r[PARTS];
	struct report_part parts[PARTS];
};

static int setup(void **state)
{
	static struct fixture f;
	for (int i = 0; i < PARTS; i++) {
		fill_distinct(&f.r[i], i + 1);
		f.parts[i] = (struct report_part){&f.r[i], names[i]};
	}
	/* fees in 万元 with six decimals: 1.25 + 0.000001 + 3.5 */
	f.r[0].proactive[PRO_FEES][0] = rcell_of(1250000);
	f.r[1].proactive[PRO_FEES][0] = rcell_of(1);
	f.r[2].proactive[PRO_FEES][0] = rcell_of(3500000);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < PARTS; i++)
		report_free(&f->r[i]);
	return 0;
}

static int64_t expected(const struct fixture *f, const struct rcell *(*at)(const struct report *))
{
	int64_t sum = 0;
	for (int i = 0; i < PARTS; i++)
		sum += at(&f->r[i])->value;
	return sum;
}

static void test_every_cell_is_summed(void **state)
{
	struct fixture *f = *state;
	struct report out;
	struct findings fs = {0};
	char err[256] = "";
	assert_int_equal(report_sum(f->parts, PARTS, 2024, "汝州市人民政府", &out, &fs, err, sizeof err), 0);
	assert_int_equal(fs.n, 0);
	assert_int_equal(out.edition, REPORT_EDITION_2021);
	assert_int_equal(out.year, 2024);
	assert_string_equal(out.agency, "汝州市人民政府");
	size_t checked = 0;
	for (int p = 0; p < PRO_ROW_COUNT; p++)
		for (int c = 0; c < PRO_MAX_COLS; c++) {
			int64_t sum = 0;
			for (int i = 0; i < PARTS; i++)
				sum += f->r[i].proactive[p][c].value;
			assert_int_equal(out.proactive[p][c].present, f->r[0].proactive[p][c].present);
			assert_int_equal(out.proactive[p][c].value, sum);
			checked += out.proactive[p][c].present;
		}
	for (int a = 0; a < APP_ROW_COUNT; a++)
		for (int c = 0; c < APP_COL_COUNT; c++) {
			int64_t sum = 0;
			for (int i = 0; i < PARTS; i++)
				sum += f->r[i].applications[a][c].value;
			assert_int_equal(out.applications[a][c].present, f->r[0].applications[a][c].present);
			assert_int_equal(out.applications[a][c].value, sum);
			checked += out.applications[a][c].present;
		}
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++) {
			assert_int_equal(out.cases[b][c].value, f->r[0].cases[b][c].value + f->r[1].cases[b][c].value +
								    f->r[2].cases[b][c].value);
			checked++;
		}
	/* 2021 edition: 表二 6 rows (3+3 documents, 4 single cells) = 10, 表三 25 rows × 7, 表四 3 × 5 */
	assert_int_equal(checked, 10 + 25 * 7 + 15);
	/* the 总计 columns and rows are summed like any other cell, never recomputed */
	assert_int_equal(out.applications[APP_TOTAL][APP_COL_TOTAL].value,
			 f->r[0].applications[APP_TOTAL][APP_COL_TOTAL].value +
			     f->r[1].applications[APP_TOTAL][APP_COL_TOTAL].value +
			     f->r[2].applications[APP_TOTAL][APP_COL_TOTAL].value);
	/* money exact to the millionth */
	assert_int_equal(out.proactive[PRO_FEES][0].value, 4750001);
	char text[32];
	rcell_format(out.proactive[PRO_FEES][0], CELL_MONEY, text, sizeof text);
	assert_string_equal(text, "4.750001");
	assert_int_equal(out.processing_fee.value, 9000000);
	assert_null(out.overview);
	report_free(&out);
	findings_free(&fs);
}

static const struct rcell *legal_new(const struct report *r)
{
	return &r->applications[APP_NEW][APP_COL_LEGAL];
}

static void test_blank_cell_counts_zero_with_warning(void **state)
{
	struct fixture *f = *state;
	struct rcell saved = f->r[1].applications[APP_NEW][APP_COL_LEGAL];
	int64_t before = expected(f, legal_new);
	f->r[1].applications[APP_NEW][APP_COL_LEGAL] = (struct rcell){0};
	struct report out;
	struct findings fs = {0};
	char err[256];
	assert_int_equal(report_sum(f->parts, PARTS, 2024, "市", &out, &fs, err, sizeof err), 0);
	assert_int_equal(out.applications[APP_NEW][APP_COL_LEGAL].value, before - saved.value);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].rule, "H2");
	assert_int_equal(fs.v[0].severity, SEV_WARNING);
	assert_string_equal(fs.v[0].table, "表三");
	assert_string_equal(fs.v[0].column, "法律服务机构");
	assert_non_null(strstr(fs.v[0].message, "乙镇人民政府"));
	f->r[1].applications[APP_NEW][APP_COL_LEGAL] = saved;
	report_free(&out);
	findings_free(&fs);
}

static void test_no_parts_is_all_zero(void **state)
{
	(void)state;
	struct report out;
	char err[256];
	assert_int_equal(report_sum(NULL, 0, 2024, NULL, &out, NULL, err, sizeof err), 0);
	assert_true(out.applications[APP_NEW][APP_COL_TOTAL].present);
	assert_int_equal(out.applications[APP_NEW][APP_COL_TOTAL].value, 0);
	assert_true(out.proactive[PRO_FEES][0].present);
	report_free(&out);
}

static void test_2019_part_refused(void **state)
{
	struct fixture *f = *state;
	struct report old;
	report_init(&old, REPORT_EDITION_2019);
	report_zero(&old);
	struct report_part parts[2] = {f->parts[0], {&old, "旧格式局"}};
	struct report out;
	char err[256] = "";
	assert_int_equal(report_sum(parts, 2, 2024, "市", &out, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "旧格式局"));
	assert_non_null(strstr(err, "2021"));
	report_free(&out);
	report_free(&old);
}

/* A mixed report (table 二 of 2021, table 三 of 2019) counts its one （六）其他处理 row as 2021's 3.其他. */
static void test_mixed_part_other_row(void **state)
{
	struct fixture *f = *state;
	struct report mixed;
	fill_distinct(&mixed, 7);
	mixed.app_edition = REPORT_EDITION_2019;
	for (int c = 0; c < APP_COL_COUNT; c++) {
		mixed.applications[APP_OTHER][c] = rcell_of(100 + c);
		mixed.applications[APP_OTHER_NO_CORRECTION][c] = (struct rcell){0};
		mixed.applications[APP_OTHER_NO_FEE][c] = (struct rcell){0};
		mixed.applications[APP_OTHER_OTHER][c] = (struct rcell){0};
	}
	struct report_part parts[2] = {f->parts[0], {&mixed, "混用格式局"}};
	struct report out;
	struct findings fs = {0};
	char err[256] = "";
	assert_int_equal(report_sum(parts, 2, 2024, "市", &out, &fs, err, sizeof err), 0);
	for (int c = 0; c < APP_COL_COUNT; c++) {
		assert_int_equal(out.applications[APP_OTHER_OTHER][c].value,
				 f->r[0].applications[APP_OTHER_OTHER][c].value + 100 + c);
		assert_int_equal(out.applications[APP_OTHER_NO_FEE][c].value,
				 f->r[0].applications[APP_OTHER_NO_FEE][c].value);
	}
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].rule, "H2");
	assert_non_null(strstr(fs.v[0].message, "混用格式局"));
	report_free(&out);
	report_free(&mixed);
	findings_free(&fs);
}

static void test_overflow_refused(void **state)
{
	struct fixture *f = *state;
	struct rcell saved = f->r[2].cases[0][0];
	f->r[2].cases[0][0] = rcell_of(INT64_MAX);
	struct report out;
	char err[256] = "";
	assert_int_equal(report_sum(f->parts, PARTS, 2024, "市", &out, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "丙局"));
	f->r[2].cases[0][0] = saved;
	report_free(&out);
}

/* The finding of rule H1 about (table, column, row), or NULL. */
static const struct finding *h1(const struct findings *fs, const char *table, const char *row, const char *column)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].rule, "H1") == 0 && strcmp(fs->v[i].table, table) == 0 &&
		    strcmp(fs->v[i].column, column) == 0 && strcmp(fs->v[i].row, row) == 0)
			return &fs->v[i];
	return NULL;
}

static void test_check_equal_aggregate_is_clean(void **state)
{
	struct fixture *f = *state;
	struct report agg;
	struct findings fs = {0};
	char err[256];
	assert_int_equal(report_sum(f->parts, PARTS, 2024, "市", &agg, NULL, err, sizeof err), 0);
	assert_int_equal(report_sum_check(&agg, f->parts, PARTS, &fs, err, sizeof err), 0);
	assert_int_equal(fs.n, 0);
	report_free(&agg);
}

static void test_check_names_cell_and_agencies(void **state)
{
	struct fixture *f = *state;
	struct report agg;
	struct findings fs = {0};
	char err[256];
	assert_int_equal(report_sum(f->parts, PARTS, 2024, "市", &agg, NULL, err, sizeof err), 0);
	/* one wrong cell in every table, including a 总计 column and the money cell */
	agg.applications[APP_DENIED_THIRD_PARTY][APP_COL_WELFARE].value += 7;
	agg.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].value -= 1;
	agg.proactive[PRO_FEES][0].value += 10000; /* 0.01 万元 */
	agg.cases[CASE_LITIGATION_AFTER][CASE_PENDING].value += 2;
	assert_int_equal(report_sum_check(&agg, f->parts, PARTS, &fs, err, sizeof err), 4);
	const struct finding *x = h1(&fs, "表三", report_app_rows[APP_DENIED_THIRD_PARTY].short_label, "社会公益组织");
	assert_non_null(x);
	assert_int_equal(x->severity, SEV_ERROR);
	assert_non_null(strstr(x->message, "多 7"));
	for (int i = 0; i < PARTS; i++)
		assert_non_null(strstr(x->message, names[i]));
	assert_non_null(h1(&fs, "表三",
			   report_app_rows[APP_CARRIED_FORWARD].short_label
			       ? report_app_rows[APP_CARRIED_FORWARD].short_label
			       : report_app_rows[APP_CARRIED_FORWARD].label,
			   "总计"));
	x = h1(&fs, "表二", "行政事业性收费", report_pro_row(REPORT_EDITION_2021, PRO_FEES)->col_labels[0]);
	assert_non_null(x);
	assert_non_null(strstr(x->message, "多 0.01"));
	assert_non_null(h1(&fs, "表四", report_case_block_labels[CASE_LITIGATION_AFTER], "尚未审结"));
	report_free(&agg);
	findings_free(&fs);
}

static void test_check_names_the_left_out_agency(void **state)
{
	struct fixture *f = *state;
	struct report agg;
	struct findings fs = {0};
	char err[256];
	/* the published aggregate summed only 甲 and 丙: every cell short by 乙's number */
	struct report_part two[2] = {f->parts[0], f->parts[2]};
	assert_int_equal(report_sum(two, 2, 2024, "市", &agg, NULL, err, sizeof err), 0);
	int differing = report_sum_check(&agg, f->parts, PARTS, &fs, err, sizeof err);
	assert_int_equal(differing, 10 + 25 * 7 + 15);
	const struct finding *x = h1(&fs, "表三",
				     report_app_rows[APP_NEW].short_label ? report_app_rows[APP_NEW].short_label
									  : report_app_rows[APP_NEW].label,
				     "自然人");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "少 "));
	assert_non_null(strstr(x->message, "差额恰等于 乙镇人民政府 的该格数字（疑似漏汇该单位）"));
	report_free(&agg);
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_cell_is_summed),
	    cmocka_unit_test(test_blank_cell_counts_zero_with_warning),
	    cmocka_unit_test(test_no_parts_is_all_zero),
	    cmocka_unit_test(test_2019_part_refused),
	    cmocka_unit_test(test_mixed_part_other_row),
	    cmocka_unit_test(test_overflow_refused),
	    cmocka_unit_test(test_check_equal_aggregate_is_clean),
	    cmocka_unit_test(test_check_names_cell_and_agencies),
	    cmocka_unit_test(test_check_names_the_left_out_agency),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
