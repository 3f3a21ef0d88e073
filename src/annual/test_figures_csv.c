/* test_figures_csv.c — reading table-二 figures from CSV as agencies' spreadsheets export them, without a
 * database: every column read from a real-looking file (BOM, CRLF, quoted header, "1,234" thousands
 * separators, full-width digits, columns in another order), and the refusals that name the line: a
 * comma that is a thousands separator outside quotes, a doubled quote in a number, wrong grouping,
 * unterminated quotes, a duplicated year, missing columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"

static int read_csv(const char *csv, struct annual_figures **figs, size_t *count, char *err)
{
	return annual_figures_read_csv(csv, strlen(csv), figs, count, err, ANNUAL_ERR_SIZE);
}

static void assert_figures(const struct annual_figures *f, int year, int64_t licensing, int64_t punishment,
			   int64_t coercion, int64_t fees_micro)
{
	assert_int_equal(f->year, year);
	assert_int_equal(f->licensing, licensing);
	assert_int_equal(f->punishment, punishment);
	assert_int_equal(f->coercion, coercion);
	assert_int_equal(f->fees_micro, fees_micro);
}

static void test_spreadsheet_rows(void **state)
{
	(void)state;
	const char *csv = "\xEF\xBB\xBF\"年度\",\"行政许可\",\"行政处罚\",\"行政强制\",\"行政事业性收费（万元）\"\r\n"
			  "2022,\"1,234\",\"12,345\",0,\"1,002.5\"\r\n"
			  "２０２３,５６,\"7\",\" 8 \",0.000001\r\n"
			  "\r\n"
			  "2024,0,\"1,234,567\",3,12.25万元\r\n";
	struct annual_figures *figs = NULL;
	size_t n = 0;
	char err[ANNUAL_ERR_SIZE] = "";
	assert_int_equal(read_csv(csv, &figs, &n, err), 0);
	assert_int_equal(n, 3);
	assert_figures(&figs[0], 2022, 1234, 12345, 0, 1002500000);
	assert_figures(&figs[1], 2023, 56, 7, 8, 1); /* full-width digits, blanks inside quotes */
	assert_figures(&figs[2], 2024, 0, 1234567, 3, 12250000);
	free(figs);
}

static void test_columns_in_any_order(void **state)
{
	(void)state;
	const char *csv = "fees_wan,coercion,year,punishment,licensing\n\"2,000\",4,2021,3,2\n";
	struct annual_figures *figs = NULL;
	size_t n = 0;
	char err[ANNUAL_ERR_SIZE] = "";
	assert_int_equal(read_csv(csv, &figs, &n, err), 0);
	assert_int_equal(n, 1);
	assert_figures(&figs[0], 2021, 2, 3, 4, 2000LL * 1000000);
	free(figs);
}

/* The CSV is refused; err contains want. */
static void expect_refused(const char *csv, const char *want)
{
	struct annual_figures *figs = (struct annual_figures *)1;
	size_t n = 99;
	char err[ANNUAL_ERR_SIZE] = "";
	assert_int_equal(read_csv(csv, &figs, &n, err), -1);
	assert_null(figs);
	assert_int_equal(n, 0);
	if (!strstr(err, want))
		fail_msg("expected \"%s\" in \"%s\"", want, err);
}

static void test_refusals(void **state)
{
	(void)state;
	const char *head = "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n";
	char csv[512];
	/* an unquoted thousands separator splits the number: one field too many */
	snprintf(csv, sizeof csv, "%s2022,1,234,0,0,0\n", head);
	expect_refused(csv, "第 2 行：应有 5 个字段，实有 6 个");
	snprintf(csv, sizeof csv, "%s2022,\"12,34\",0,0,0\n", head); /* not thousands grouping */
	expect_refused(csv, "第 2 行：");
	snprintf(csv, sizeof csv, "%s2022,\"1\"\"2\",0,0,0\n", head);
	expect_refused(csv, "1\"2");
	snprintf(csv, sizeof csv, "%s2022,1,0,0,0\n2023,\"5,0,0,0\n", head);
	expect_refused(csv, "第 3 行：无法读取：引号没有闭合");
	snprintf(csv, sizeof csv, "%s2022,1,0,0,0\r\n\"2,022\",1,0,0,0\r\n2022,2,0,0,0\r\n", head);
	expect_refused(csv, "第 3 行：年度 2022 在文件中出现了两次"); /* "2,022" is the same year */
	snprintf(csv, sizeof csv, "%s2022,-1,0,0,0\n", head);
	expect_refused(csv, "第 2 行：");
	expect_refused("年度,行政许可\n2021,1\n", "缺少列");
	expect_refused("年度,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2021,1,2,3,5\n", "万元");
	expect_refused("\xEF\xBB\xBF\r\n\r\n", "文件为空");
	expect_refused(head, "只有表头");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spreadsheet_rows),
	    cmocka_unit_test(test_columns_in_any_order),
	    cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
