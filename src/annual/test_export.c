/* test_export.c — the exports and charts of a report built from records: the XLSX is a zip whose
 * sheets are 表二/表三/表四 with the template's merged headers and numbers as numbers (read back with
 * unzip -p), the PDF starts as one and embeds the Noto CJK fonts (pdffonts), the placement of spanned
 * cells, every format of annual_render, and the charts' text alternatives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "annual/annual_archive.h"
#include "annual/annual_charts.h"
#include "annual/annual_testutil.h"
#include "report/report_export.h"

/* The seed-like report: one natural person's application answered 无法提供 in 2023. */
static void build(struct annual_fixture *fx, struct report *r)
{
	struct db *w = store_write_begin(fx->store);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2023-03-01", "2023-03-20",
				       "unable_no_info") > 0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(annual_build_figures(store_reader(fx->store), fx->agency_id, 2023, r, err, sizeof err), 0);
}

/* Writes b to dir/name and runs "<program> '<path>' <args>", returning its output (malloc'd). */
static char *run_on_file(const char *dir, const char *name, const struct buf *b, const char *program, const char *args)
{
	char path[256], line[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	fclose(f);
	snprintf(line, sizeof line, "%s '%s' %s", program, path, args);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	struct buf out = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	pclose(p);
	buf_putc(&out, '\0');
	return buf_take(&out);
}

static void test_xlsx(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-xlsx");
	struct report r;
	build(fx, &r);
	struct buf x = {0};
	char err[256];
	assert_int_equal(report_render_xlsx(&r, &x, err, sizeof err), 0);
	assert_true(x.len > 1000);
	assert_memory_equal(x.data, "PK", 2);
	char *book = run_on_file(fx->dir, "r.xlsx", &x, "unzip -p", "xl/workbook.xml");
	assert_non_null(strstr(book, "<sheet name=\"表二\""));
	assert_non_null(strstr(book, "<sheet name=\"表三\""));
	assert_non_null(strstr(book, "<sheet name=\"表四\""));
	free(book);
	char *three = run_on_file(fx->dir, "r.xlsx", &x, "unzip -p", "xl/worksheets/sheet2.xml");
	assert_non_null(strstr(three, "<mergeCell ref=\"D2:J2\"/>")); /* 申请人情况 over seven columns */
	assert_non_null(strstr(three, "<mergeCell ref=\"A7:A28\"/>")); /* 三、本年度办理结果 over the outcome rows */
	assert_non_null(strstr(three, "<c r=\"D17\" s=\"4\"><v>1</v></c>")); /* 无法提供 1 自然人: a number */
	free(three);
	char *four = run_on_file(fx->dir, "r.xlsx", &x, "unzip -p", "xl/worksheets/sheet3.xml");
	assert_non_null(strstr(four, "<mergeCell ref=\"A2:E2\"/>")); /* 行政复议 */
	assert_non_null(strstr(four, "<mergeCell ref=\"F2:O2\"/>")); /* 行政诉讼 */
	free(four);
	buf_free(&x);
	report_free(&r);
	annual_fixture_close(fx);
}

static void test_pdf(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-pdf");
	struct report r;
	build(fx, &r);
	struct buf pdf = {0};
	char err[256];
	assert_int_equal(report_render_pdf(&r, &pdf, err, sizeof err), 0);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	char *fonts = run_on_file(fx->dir, "r.pdf", &pdf, "pdffonts", "");
	assert_non_null(strstr(fonts, "NotoSansCJK"));
	assert_null(strstr(fonts, " no  ")); /* every font embedded */
	free(fonts);
	char *text = run_on_file(fx->dir, "r.pdf", &pdf, "pdftotext", "-");
	assert_non_null(strstr(text, "钟楼街道办事处2023年")); /* the title (it may wrap) */
	assert_non_null(strstr(text, "六、其他需要报告的事项"));
	assert_non_null(strstr(text, "—1—"));
	free(text);
	buf_free(&pdf);
	report_free(&r);
	annual_fixture_close(fx);
}

static void test_place_row(void **state)
{
	(void)state;
	int covered[4] = {0}, first[4];
	struct tcell row1[] = {{"a", 1, 3, TCELL_ROWGROUP}, {"b", 3, 1, TCELL_COLGROUP}};
	report_export_place_row(covered, 4, row1, 2, first);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 1);
	struct tcell row2[] = {{"c", 1, 1, TCELL_COL}, {"d", 2, 1, TCELL_COL}};
	report_export_place_row(covered, 4, row2, 2, first); /* column 0 still covered by "a" */
	assert_int_equal(first[0], 1);
	assert_int_equal(first[1], 2);
}

static void test_render_formats(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-formats");
	struct report r;
	build(fx, &r);
	static const char *const formats[] = {"json", "txt", "md", "html", "xlsx", "pdf"};
	for (size_t i = 0; i < 6; i++) {
		struct buf b = {0};
		char err[256];
		assert_true(annual_format_known(formats[i]));
		assert_non_null(annual_format_mime(formats[i]));
		assert_int_equal(annual_render(&r, formats[i], &b, err, sizeof err), 0);
		assert_true(b.len > 100);
		buf_free(&b);
	}
	struct buf b = {0};
	char err[256];
	assert_false(annual_format_known("doc"));
	assert_int_equal(annual_render(&r, "doc", &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "不支持的格式"));
	assert_true(annual_format_binary("pdf"));
	assert_false(annual_format_binary("txt"));
	report_free(&r);
	annual_fixture_close(fx);
}

static void test_charts(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-charts");
	struct report r;
	build(fx, &r);
	free(r.agency);
	r.agency = xstrdup("<script>x</script>");
	struct buf svg = {0};
	annual_chart_outcomes(&r, &svg);
	annual_chart_applicants(&r, &svg);
	assert_non_null(strstr(svg.data, "<title>2023 年政府信息公开申请办理结果</title>"));
	assert_non_null(strstr(svg.data, "role=\"img\" viewBox=\"0 0 ") &&
			strstr(svg.data, "aria-label=\"2023 年政府信息公开申请办理结果："));
	assert_non_null(strstr(svg.data, "无法提供 1 件"));
	assert_non_null(strstr(svg.data, "<table class=\"visually-hidden\">"));
	assert_non_null(strstr(svg.data, "<th scope=\"row\">自然人</th><td>1</td>"));
	assert_null(strstr(svg.data, "<script"));
	struct annual_trend_point p[2] = {
	    {.year = 2022}, {.year = 2023, .known = true, .received = 4, .answered = 3, .carried_forward = 1}};
	buf_reset(&svg);
	annual_chart_trend(p, 2, &svg);
	assert_non_null(strstr(svg.data, "2022 年无数据"));
	assert_non_null(strstr(svg.data, "2023 年新收 4 件、办结 3 件、结转下年度 1 件"));
	assert_non_null(strstr(svg.data, "<th scope=\"row\">2023 年</th><td>4</td><td>3</td><td>1</td>"));
	assert_null(strstr(svg.data, " id=\"")); /* a page may show one chart per agency: no ids */
	struct annual_case_point c[3] = {
	    {.year = 2021, .known = true, .cases = 2}, {.year = 2022}, {.year = 2023, .known = true}};
	buf_reset(&svg);
	annual_chart_cases(c, 3, &svg);
	assert_non_null(strstr(svg.data, "<title>2021—2023 年行政复议和行政诉讼案件数</title>"));
	assert_non_null(strstr(svg.data, "2021 年 2 件；2022 年无数据；2023 年 0 件；"));
	assert_non_null(strstr(svg.data, "<th scope=\"row\">2021 年</th><td>2</td>"));
	assert_non_null(strstr(svg.data, "<th scope=\"row\">2022 年（无数据）</th><td>0</td>"));
	buf_reset(&svg);
	annual_chart_cases(c, 0, &svg);
	assert_int_equal(svg.len, 0);
	buf_free(&svg);
	report_free(&r);
	annual_fixture_close(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xlsx),	   cmocka_unit_test(test_pdf),	  cmocka_unit_test(test_place_row),
	    cmocka_unit_test(test_render_formats), cmocka_unit_test(test_charts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
