/* test_formats.c — unit tests of the readers of published files (read_*.c): the DOCX table reader
 * on hand-written XML (gridSpan, vMerge, gridBefore/After, nested tables, deleted text), the PDF
 * grid rebuilder on synthetic glyphs (vertical labels, wrapped labels and titles, empty slots, page
 * numbers, fake bold), detection by content, and whole files: the Word, PDF and OFD fixtures made from the real
 * 2024 report of 淮安市洪泽区 must give every number of its JSON, and the published PDF
 * tests/fixtures/real/243.pdf must read exactly as its pdftotext text does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/read_formats.h"
#include "report/report_check.h"
#include "report/report_json.h"
#include "report/report_parse.h"

#define FORMATS(name) GONGKAI_SOURCE_DIR "/tests/fixtures/formats/" name
#define REAL(name)    GONGKAI_SOURCE_DIR "/tests/fixtures/real/" name

/* Line i of pl as its cells joined by '|'. */
static const char *line_text(const struct plines *pl, size_t i, struct buf *out)
{
	buf_reset(out);
	const struct pline *l = &pl->lines[i];
	for (uint32_t k = 0; k < l->n; k++) {
		const struct pcell *c = &pl->cells[l->first + k];
		if (k)
			buf_putc(out, '|');
		buf_append(out, pl->text.data + c->off, c->len);
	}
	buf_append(out, "", 0);
	return out->data;
}

static void assert_lines(const struct plines *pl, const char *const *want, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n && i < pl->nlines; i++)
		assert_string_equal(line_text(pl, i, &b), want[i]);
	buf_free(&b);
	assert_int_equal(pl->nlines, n);
}

#define W_DOC(body)                                                                                                    \
	"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">" \
	"<w:body>" body "</w:body></w:document>"
#define P(text)	     "<w:p><w:r><w:t>" text "</w:t></w:r></w:p>"
#define TC(text)     "<w:tc>" P(text) "</w:tc>"
#define TC_PR(pr, x) "<w:tc><w:tcPr>" pr "</w:tcPr>" x "</w:tc>"

static void test_docx_grid_spans_and_merges(void **state)
{
	(void)state;
	static const char xml[] = W_DOC(
	    "<w:p><w:r><w:t>标题</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">二 </w:t></w:r></w:p>"
	    "<w:tbl>"
	    "<w:tr>" TC_PR("<w:vMerge w:val=\"restart\"/>", P("三、本年度办理结果")) TC_PR("<w:gridSpan w:val=\"2\"/>",
											   P("（一）予以公开"))
		TC("5") "</w:tr>"
			"<w:tr>" TC_PR("<w:vMerge/>", P("被合并的文字")) "<w:tc>" P("（三）不予")
			    P("公开") "</w:tc>"
				      "<w:tc><w:p><w:r><w:t>1.属于国家秘密</w:t></w:r><w:del><w:r><w:delText>删</"
				      "w:delText></w:r></w:del>"
				      "</w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
				      "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"2\"/></w:trPr>" TC(
					  "x") "<w:tc><w:tbl><w:tr>" TC("内")
					  TC("表") "</w:tr></w:tbl></w:tc></w:tr>"
						   "<w:tr>" TC_PR(
						       "<w:vMerge w:val=\"continue\"/><w:gridSpan w:val=\"3\"/>",
						       P("也被合并")) TC("7") "</w:tr>"
									      "</w:tbl>" P("结尾"));
	struct plines pl = {0};
	char err[256] = "";
	assert_int_equal(read_docx_xml(xml, sizeof xml - 1, &pl, err, sizeof err), 0);
	static const char *const want[] = {
	    "标题 二", "三、本年度办理结果|（一）予以公开||5", "|（三）不予 公开|1.属于国家秘密|", "|x|内 表||", "|||7",
	    "结尾",
	};
	assert_lines(&pl, want, sizeof want / sizeof *want);
	plines_free(&pl);
}

static void test_docx_broken_xml_refused(void **state)
{
	(void)state;
	static const char xml[] =
	    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	    "<w:body><w:p><w:r><w:t>未完";
	struct plines pl = {0};
	char err[256] = "";
	assert_int_equal(read_docx_xml(xml, sizeof xml - 1, &pl, err, sizeof err), -1);
	assert_non_null(strstr(err, "XML"));
	plines_free(&pl);
}

/* Places text on page pg at (x, y) with glyphs of the given size: CJK a full em, ASCII half. */
static double put(struct pdf_glyphs *pg, double x, double y, double size, const char *s)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		double w = n == 1 ? size / 2 : size;
		pdf_glyphs_add(pg, x, y, x + w, y + size, s, n);
		x += w;
		s += n;
	}
	return x;
}

static void test_pdf_grid_rebuilds_rows_and_columns(void **state)
{
	(void)state;
	struct pdf_glyphs pg = {0};
	pdf_glyphs_new_page(&pg, 842);
	put(&pg, 100, 20, 16, "某某区人民政府2024年政府信息公开工作"); /* a title wrapped over two lines */
	put(&pg, 212, 38, 16, "年度报告");
	put(&pg, 60, 60, 10, "一、总体情况");
	/* a vertical group label, one character per line, beside the first rows */
	put(&pg, 20, 100, 10, "三");
	put(&pg, 20, 110, 10, "本");
	put(&pg, 20, 120, 10, "年");
	put(&pg, 20, 130, 10, "度");
	put(&pg, 60, 100, 10, "（一）予以公开");
	put(&pg, 300, 100, 10, "5"), put(&pg, 340, 100, 10, "0"), put(&pg, 380, 100, 10, "5");
	put(&pg, 60, 120, 10, "1.属于国家秘密"); /* 商业企业 left blank: an empty slot */
	put(&pg, 300, 120, 10, "1"), put(&pg, 380, 120, 10, "1");
	/* a label wrapped over two lines, its numbers centred between them */
	put(&pg, 60, 137, 10, "（二）部分公开（区分处理的");
	put(&pg, 300, 143, 10, "9"), put(&pg, 340, 143, 10, "0"), put(&pg, 380, 143, 10, "9");
	put(&pg, 60, 149, 10, "只计这一情形）");
	for (int bold = 0; bold < 2; bold++) /* fake bold: the row drawn twice */
		put(&pg, 60, 175, 10, "（七）总计"), put(&pg, 300, 175, 10, "14"), put(&pg, 340, 175, 10, "0"),
		    put(&pg, 380, 175, 10, "14");
	put(&pg, 290, 800, 10, "-1-");
	pdf_glyphs_new_page(&pg, 842);
	put(&pg, 280, 30, 10, "第 2 页");
	put(&pg, 60, 100, 10, "五、存在的主要问题及改进情况");
	put(&pg, 300, 790, 10, "3"), put(&pg, 340, 790, 10, "4"); /* numbers in the margin, not a page number */
	struct plines pl = {0};
	pdf_glyphs_to_lines(&pg, &pl);
	static const char *const want[] = {
	    "某某区人民政府2024年政府信息公开工作年度报告",
	    "一、总体情况",
	    "三本年度|（一）予以公开|5|0|5",
	    "1.属于国家秘密|1||1",
	    "（二）部分公开（区分处理的只计这一情形）|9|0|9",
	    "（七）总计|14|0|14",
	    "五、存在的主要问题及改进情况",
	    "3|4",
	};
	assert_lines(&pl, want, sizeof want / sizeof *want);
	plines_free(&pl);
	pdf_glyphs_free(&pg);
}

static void test_pdf_grid_keeps_headings_apart_from_rows(void **state)
{
	(void)state;
	struct pdf_glyphs pg = {0};
	pdf_glyphs_new_page(&pg, 842);
	put(&pg, 60, 100, 10, "行政许可");
	put(&pg, 400, 100, 10, "9487");
	put(&pg, 200, 113, 10, "第二十条第（六）项"); /* centred heading hugging the row */
	put(&pg, 60, 126, 10, "信息内容");
	put(&pg, 380, 126, 10, "本年处理决定数量");
	put(&pg, 60, 139, 10, "行政处罚");
	put(&pg, 400, 139, 10, "2776");
	put(&pg, 60, 152, 10, "行政事业性收费");
	put(&pg, 400, 152, 10, "7545");
	put(&pg, 60, 165, 16, "三、收到和处理"); /* a larger heading right under the last row */
	struct plines pl = {0};
	pdf_glyphs_to_lines(&pg, &pl);
	static const char *const want[] = {
	    "行政许可|9487", "第二十条第（六）项",  "信息内容|本年处理决定数量",
	    "行政处罚|2776", "行政事业性收费|7545", "三、收到和处理",
	};
	assert_lines(&pl, want, sizeof want / sizeof *want);
	plines_free(&pl);
	pdf_glyphs_free(&pg);
}

static void test_detect_by_content(void **state)
{
	(void)state;
	assert_int_equal(read_detect("%PDF-1.7\n", 9), READ_PDF);
	assert_int_equal(read_detect("\r\n%PDF-1.4", 10), READ_PDF);
	assert_int_equal(read_detect("PK\x03\x04rest", 8), READ_ZIP);
	assert_int_equal(read_detect("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), READ_OLE2);
	assert_int_equal(read_detect("\x89PNG\r\n\x1A\nxx", 10), READ_IMAGE);
	assert_int_equal(read_detect("\xFF\xD8\xFF\xE0", 4), READ_IMAGE);
	assert_int_equal(read_detect("II*\0abcd", 8), READ_IMAGE);
	assert_int_equal(read_detect("BM is not an image here", 23), READ_TEXT);
	assert_int_equal(read_detect("一、总体情况", strlen("一、总体情况")), READ_TEXT);
	assert_int_equal(read_detect("<html><body>", 12), READ_TEXT);
}

static void assert_refused(const char *data, size_t len, const char *needle)
{
	struct report r;
	struct findings f = {0};
	char err[512] = "";
	assert_int_equal(report_parse(data, len, &r, &f, err, sizeof err), -1);
	if (!strstr(err, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err, needle);
	report_free(&r);
	findings_free(&f);
}

static void test_refusals_say_what_to_do(void **state)
{
	(void)state;
	static const char ole2[512] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	assert_refused(ole2, sizeof ole2, "旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx 或 PDF");
	static const char png[64] = "\x89PNG\r\n\x1A\n";
	assert_refused(png, sizeof png, "扫描件/图片，没有可读取的文字");
	assert_refused("%PDF-1.4\nnothing else", 21, "PDF 文件已损坏");
	assert_refused("PK\x03\x04garbage that is no zip", 27, "已损坏或不完整");
}

static void read_file(const char *path, struct buf *b)
{
	if (buf_read_file(b, path, 64u << 20) < 0)
		fail_msg("cannot read %s", path);
}

/* Parses and checks a file as `gongkai report check` does; returns report_parse's result. */
static int parse_path(const char *path, struct report *r, struct findings *f)
{
	struct buf b = {0};
	read_file(path, &b);
	char err[512] = "";
	*f = (struct findings){0};
	int rc = report_parse(b.data, b.len, r, f, err, sizeof err);
	if (rc == 0)
		report_check(r, f);
	buf_free(&b);
	return rc;
}

static void load_json(const char *path, struct report *r)
{
	struct buf b = {0};
	read_file(path, &b);
	char err[512] = "";
	if (report_from_json(b.data, b.len, r, err, sizeof err) < 0)
		fail_msg("%s: %s", path, err);
	buf_free(&b);
}

static void assert_cell(const char *what, int row, int col, struct rcell got, struct rcell want)
{
	if (got.present != want.present || (want.present && got.value != want.value))
		fail_msg("%s row %d column %d: got %s%lld, want %s%lld", what, row, col, got.present ? "" : "blank ",
			 (long long)got.value, want.present ? "" : "blank ", (long long)want.value);
}

/* Every cell of every table of got equals want's (blank and zero told apart). */
static void assert_same_numbers(const struct report *got, const struct report *want)
{
	assert_int_equal(got->edition, want->edition);
	for (int row = 0; row < PRO_ROW_COUNT; row++)
		for (int c = 0; c < PRO_MAX_COLS; c++)
			assert_cell("表二", row, c, got->proactive[row][c], want->proactive[row][c]);
	for (int row = 0; row < APP_ROW_COUNT; row++)
		for (int c = 0; c < APP_COL_COUNT; c++)
			assert_cell("表三", row, c, got->applications[row][c], want->applications[row][c]);
	for (int row = 0; row < CASE_BLOCK_COUNT; row++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			assert_cell("表四", row, c, got->cases[row][c], want->cases[row][c]);
}

/* A fixture file reads as its JSON: every number, and (with_title) agency and year; its findings
 * status is want_status (0 consistent, 1 violations). */
static void assert_file_is_json(const char *file, const char *json, bool with_title, int want_status)
{
	struct report got, want;
	struct findings f;
	assert_int_equal(parse_path(file, &got, &f), 0);
	load_json(json, &want);
	assert_same_numbers(&got, &want);
	if (with_title) {
		assert_int_equal(got.year, want.year);
		assert_non_null(got.agency);
		assert_string_equal(got.agency, want.agency);
	}
	assert_int_equal(findings_status(&f), want_status);
	report_free(&got);
	report_free(&want);
	findings_free(&f);
}

static void test_docx_fixture_reads_every_number(void **state)
{
	(void)state;
	assert_file_is_json(FORMATS("hongze-2024.docx"), FORMATS("hongze-2024.json"), true, 0);
}

static void test_docx_fixture_with_error_is_a_violation(void **state)
{
	(void)state;
	assert_file_is_json(FORMATS("hongze-2024-error.docx"), FORMATS("hongze-2024-error.json"), true, 1);
}

static void test_libreoffice_pdf_reads_every_number(void **state)
{
	(void)state;
	assert_file_is_json(FORMATS("hongze-2024-lo.pdf"), FORMATS("hongze-2024.json"), true, 0);
}

static void test_cairo_pdf_reads_every_number(void **state)
{
	(void)state;
	/* gongkai's PDF renderer wraps the long title over two lines: rejoined */
	assert_file_is_json(FORMATS("hongze-2024-cairo.pdf"), FORMATS("hongze-2024.json"), true, 0);
}

static void test_ofd_reads_every_number(void **state)
{
	(void)state;
	assert_file_is_json(FORMATS("hongze-2024.ofd"), FORMATS("hongze-2024.json"), true, 0);
}

static void assert_app_row(const struct report *r, enum app_row row, const int64_t *v)
{
	for (int c = 0; c < APP_COL_COUNT; c++)
		assert_cell("表三", row, c, r->applications[row][c], rcell_of(v[c]));
}

static void assert_case_row(const struct report *r, enum case_block b, const int64_t *v)
{
	for (int c = 0; c < CASE_COL_COUNT; c++)
		assert_cell("表四", b, c, r->cases[b][c], rcell_of(v[c]));
}

static void test_published_pdf_reads_as_its_text(void **state)
{
	(void)state;
	struct report pdf, text;
	struct findings fp, ft;
	int rc_pdf = parse_path(REAL("243.pdf"), &pdf, &fp);
	int rc_text = parse_path(REAL("243.pdftotext.txt"), &text, &ft);
	assert_int_equal(rc_pdf, 0);
	assert_int_equal(rc_text, 0);
	assert_same_numbers(&pdf, &text);
	assert_int_equal(pdf.year, 2024);
	assert_non_null(pdf.agency); /* the PDF's title is wrapped after the agency: rejoined */
	assert_string_equal(pdf.agency, "淮安市洪泽区人民政府");
	assert_int_equal(findings_status(&fp), findings_status(&ft));
	/* the numbers printed in the PDF (checked by hand against the page) */
	struct rcell want_pro[][3] = {
	    [PRO_REGULATIONS] = {{.value = 0, .present = true},
				 {.value = 0, .present = true},
				 {.value = 0, .present = true}},
	    [PRO_NORMATIVE] = {{.value = 3, .present = true},
			       {.value = 0, .present = true},
			       {.value = 8, .present = true}},
	    [PRO_LICENSING] = {{.value = 9487, .present = true}},
	    [PRO_PUNISHMENT] = {{.value = 2776, .present = true}},
	    [PRO_COERCION] = {{.value = 84, .present = true}},
	};
	for (int row = PRO_REGULATIONS; row <= PRO_COERCION; row++)
		for (int c = 0; c < 3; c++)
			if (want_pro[row][c].present)
				assert_cell("表二", row, c, pdf.proactive[row][c], want_pro[row][c]);
	assert_cell("表二", PRO_FEES, 0, pdf.proactive[PRO_FEES][0], rcell_of(7545LL * REPORT_MONEY_SCALE));
	assert_app_row(&pdf, APP_NEW, (const int64_t[]){95, 0, 0, 0, 0, 0, 95});
	assert_app_row(&pdf, APP_CARRIED_OVER, (const int64_t[]){0, 0, 0, 0, 0, 0, 0});
	assert_app_row(&pdf, APP_GRANTED, (const int64_t[]){50, 0, 0, 0, 0, 0, 50});
	assert_app_row(&pdf, APP_PARTIAL, (const int64_t[]){9, 0, 0, 0, 0, 0, 9});
	assert_app_row(&pdf, APP_DENIED_THREE_SAFETY, (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
	assert_app_row(&pdf, APP_DENIED_PROCESS_INFO, (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
	assert_app_row(&pdf, APP_DENIED_ENFORCEMENT_FILE, (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
	assert_app_row(&pdf, APP_UNABLE_NO_INFO, (const int64_t[]){31, 0, 0, 0, 0, 0, 31});
	assert_app_row(&pdf, APP_UNABLE_NEEDS_CREATION, (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
	assert_app_row(&pdf, APP_REJECTED_COMPLAINT, (const int64_t[]){1, 0, 0, 0, 0, 0, 1});
	assert_app_row(&pdf, APP_REJECTED_CONFIRM, (const int64_t[]){0, 0, 0, 0, 0, 0, 0});
	assert_app_row(&pdf, APP_TOTAL, (const int64_t[]){95, 0, 0, 0, 0, 0, 95});
	assert_app_row(&pdf, APP_CARRIED_FORWARD, (const int64_t[]){0, 0, 0, 0, 0, 0, 0});
	assert_case_row(&pdf, CASE_RECONSIDERATION, (const int64_t[]){1, 1, 0, 0, 2});
	assert_case_row(&pdf, CASE_LITIGATION_DIRECT, (const int64_t[]){1, 0, 0, 0, 1});
	assert_case_row(&pdf, CASE_LITIGATION_AFTER, (const int64_t[]){2, 0, 1, 0, 3});
	report_free(&pdf);
	report_free(&text);
	findings_free(&fp);
	findings_free(&ft);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docx_grid_spans_and_merges),
	    cmocka_unit_test(test_docx_broken_xml_refused),
	    cmocka_unit_test(test_pdf_grid_rebuilds_rows_and_columns),
	    cmocka_unit_test(test_pdf_grid_keeps_headings_apart_from_rows),
	    cmocka_unit_test(test_detect_by_content),
	    cmocka_unit_test(test_refusals_say_what_to_do),
	    cmocka_unit_test(test_docx_fixture_reads_every_number),
	    cmocka_unit_test(test_docx_fixture_with_error_is_a_violation),
	    cmocka_unit_test(test_libreoffice_pdf_reads_every_number),
	    cmocka_unit_test(test_cairo_pdf_reads_every_number),
	    cmocka_unit_test(test_ofd_reads_every_number),
	    cmocka_unit_test(test_published_pdf_reads_as_its_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
