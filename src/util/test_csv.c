/* test_csv.c — unit tests of the RFC 4180 reader: quoted fields with commas, doubled quotes and line
 * breaks, CRLF and LF, the byte-order mark, blanks around fields, blank lines, empty fields, the line
 * number of each record, and every refusal (unterminated quote, text after a closing quote, a quote
 * inside an unquoted field, NUL, too many and too long fields). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "util/csv.h"

struct fixture {
	struct csv_reader rd;
	struct csv_record rec;
	const char *why;
};

static void start(struct fixture *f, const char *csv, size_t len)
{
	csv_record_free(&f->rec);
	memset(f, 0, sizeof *f);
	csv_reader_init(&f->rd, csv, len);
}

/* Reads the next record and checks it has exactly the given fields (NULL-terminated list). */
static void expect_record(struct fixture *f, size_t line, const char *const *fields)
{
	assert_int_equal(csv_next(&f->rd, &f->rec, &f->why), 1);
	assert_int_equal(f->rec.line, line);
	size_t n = 0;
	while (fields[n])
		n++;
	assert_int_equal(f->rec.count, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(csv_field(&f->rec, i), fields[i]);
}

static void test_spreadsheet_export(void **state)
{
	(void)state;
	/* as a spreadsheet saves it: BOM, CRLF, numbers with thousands separators quoted, a quote doubled */
	const char csv[] = "\xEF\xBB\xBF年度,行政许可,备注\r\n"
			   "2023,\"1,234\",\"含\"\"容缺受理\"\"件\"\r\n"
			   "\r\n"
			   "2024, 7 ,\"多行\r\n说明, 带逗号\"\r\n"
			   "2025,,\r\n";
	struct fixture f = {0};
	start(&f, csv, sizeof csv - 1);
	expect_record(&f, 1, (const char *const[]){"年度", "行政许可", "备注", NULL});
	expect_record(&f, 2, (const char *const[]){"2023", "1,234", "含\"容缺受理\"件", NULL});
	expect_record(&f, 4, (const char *const[]){"2024", "7", "多行\r\n说明, 带逗号", NULL});
	expect_record(&f, 6, (const char *const[]){"2025", "", "", NULL});
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0);
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0); /* stays at the end */
	csv_record_free(&f.rec);
}

static void test_line_ends_and_blanks(void **state)
{
	(void)state;
	struct fixture f = {0};
	const char lf[] = "a,b\n  \t\n\"\"\n c , \" d \" \nlast";
	start(&f, lf, sizeof lf - 1);
	expect_record(&f, 1, (const char *const[]){"a", "b", NULL});
	expect_record(&f, 3, (const char *const[]){"", NULL});	       /* "" is a record with one empty field */
	expect_record(&f, 4, (const char *const[]){"c", " d ", NULL}); /* blanks inside quotes are kept */
	expect_record(&f, 5, (const char *const[]){"last", NULL});     /* no line end at the end of the input */
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0);
	const char cr_at_end[] = "x,y\r";
	start(&f, cr_at_end, sizeof cr_at_end - 1);
	expect_record(&f, 1, (const char *const[]){"x", "y", NULL});
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0);
	start(&f, "", 0);
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0);
	start(&f, "\xEF\xBB\xBF", 3);
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 0);
	const char trailing_comma[] = "a,\n,b";
	start(&f, trailing_comma, sizeof trailing_comma - 1);
	expect_record(&f, 1, (const char *const[]){"a", "", NULL});
	expect_record(&f, 2, (const char *const[]){"", "b", NULL});
	csv_record_free(&f.rec);
}

/* Reads records until one fails; checks the reason and the line of the failing record. */
static void expect_refused(const char *csv, size_t len, size_t line, const char *reason)
{
	struct fixture f = {0};
	start(&f, csv, len);
	int rc;
	while ((rc = csv_next(&f.rd, &f.rec, &f.why)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(f.rec.line, line);
	assert_non_null(strstr(f.why, reason));
	csv_record_free(&f.rec);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refused("a,b\n\"open,x\ny\n", 12, 2, "引号没有闭合");
	expect_refused("a,\"b\"c\n", 7, 1, "闭合引号后面有多余的字符");
	expect_refused("ok\n12\"3,4\n", 10, 2, "字段中间有引号");
	expect_refused("a,b\x00,c\n", 7, 1, "空字符");
	expect_refused("\"a\x00\"\n", 5, 1, "空字符");
	char many[CSV_MAX_FIELDS * 2 + 2];
	memset(many, ',', sizeof many);
	expect_refused(many, CSV_MAX_FIELDS, 1, "字段过多"); /* CSV_MAX_FIELDS commas: one field too many */
	static char longf[CSV_MAX_FIELD_LEN + 2];
	memset(longf, 'x', sizeof longf);
	expect_refused(longf, CSV_MAX_FIELD_LEN + 1, 1, "字段过长");
}

static void test_limits_accepted(void **state)
{
	(void)state;
	struct fixture f = {0};
	char fields[CSV_MAX_FIELDS - 1];
	memset(fields, ',', sizeof fields); /* CSV_MAX_FIELDS - 1 commas: exactly the maximum of fields */
	start(&f, fields, sizeof fields);
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 1);
	assert_int_equal(f.rec.count, CSV_MAX_FIELDS);
	static char longf[CSV_MAX_FIELD_LEN];
	memset(longf, 'x', sizeof longf);
	start(&f, longf, sizeof longf);
	assert_int_equal(csv_next(&f.rd, &f.rec, &f.why), 1);
	assert_int_equal(strlen(csv_field(&f.rec, 0)), CSV_MAX_FIELD_LEN);
	csv_record_free(&f.rec);
}

/* The writer: plain text as it is, quoting when needed (quotes doubled), formulas defused, and what it
 * writes reads back as the same text. */
static void test_put_field(void **state)
{
	(void)state;
	static const char *const in[] = {"汝州市财政局", "a,b", "说\"明\"", "=SUM(A1)", "行1\n行2", ""};
	static const char *const want[] = {"汝州市财政局",  "\"a,b\"",	    "\"说\"\"明\"\"\"",
					   "\"'=SUM(A1)\"", "\"行1\n行2\"", ""};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		struct buf b = {0};
		csv_put_field(&b, in[i]);
		assert_string_equal(b.data ? b.data : "", want[i]);
		buf_free(&b);
	}
	struct buf b = {0};
	csv_put_field(&b, NULL);
	assert_int_equal(b.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spreadsheet_export),	 cmocka_unit_test(test_put_field),
	    cmocka_unit_test(test_line_ends_and_blanks), cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_limits_accepted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
