/* test_table_export.c — unit tests of the table exports: CSV with BOM, CRLF and RFC 4180 quoting of
 * commas, quotes and line breaks (empty and NULL cells stay empty), and that the XLSX export yields a
 * zip container (its cells are read back by tests/e2e/supervision_tree.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/table_export.h"

static const char *const header[] = {"机关", "件数", "说明"};
static const char *const cells[] = {"汝州市, 钟楼街道", "12", "说\"明\"", "财政局", "-3.5", NULL,
				    "两行\r\n文字",	"",   "x"};

static void test_csv(void **state)
{
	(void)state;
	struct table_export t = {"标题", header, 3, cells, 3};
	struct buf out = {0};
	table_export_csv(&t, &out);
	assert_string_equal(out.data, "\xEF\xBB\xBF"
				      "机关,件数,说明\r\n"
				      "\"汝州市, 钟楼街道\",12,\"说\"\"明\"\"\"\r\n"
				      "财政局,-3.5,\r\n"
				      "\"两行\r\n文字\",,x\r\n");
	buf_free(&out);
}

static void test_xlsx(void **state)
{
	(void)state;
	struct table_export t = {"标题", header, 3, cells, 2};
	struct buf out = {0};
	char err[160] = "";
	assert_int_equal(table_export_xlsx(&t, &out, err, sizeof err), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "PK", 2);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_csv), cmocka_unit_test(test_xlsx)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
