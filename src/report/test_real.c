/* test_real.c — unit tests of the reader made from REAL published reports (tests/fixtures/real/, see
 * its MANIFEST.md), one per layout and label variant, each naming the report it comes from.
 *
 * The first group feeds excerpts copied character for character from those reports to the anchoring
 * pass (parse_anchor.c) and the label table (parse_labels.c); the second parses whole reports and
 * checks the cells, editions and findings that the variant is about. The corpus-wide verdicts are
 * tests/e2e/report_corpus.sh's job. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/parse_internal.h"
#include "report/report_check.h"
#include "report/report_parse.h"

#define REAL(name) GONGKAI_SOURCE_DIR "/tests/fixtures/real/" name

/* ---- anchoring excerpts ---- */

/* The anchored form of an excerpt (normalised first, as the reader does); caller frees. */
static char *anchored(const char *excerpt)
{
	struct buf flat = {0}, out = {0};
	parse_normalize(&flat, excerpt, strlen(excerpt));
	parse_anchor_text(&out, flat.data, flat.len);
	buf_free(&flat);
	buf_putc(&out, '\0');
	return buf_take(&out);
}

#define MAX_LINES 8

/* An excerpt copied from a real report and the lines (spaces at either end ignored) that the
 * anchoring pass must make of it, in order. */
struct anchor_case {
	const char *report, *what, *excerpt;
	const char *lines[MAX_LINES];
};

static const struct anchor_case anchor_cases[] = {
    {"205",
     "cells glued to zeros and to the next item number: 1700000172. = 17,0,0,0,0,0,17 and item 2.",
     "（四）无法提供1.本机关不掌握相关政府信息1700000172.没有现成信息需要另行制作00000003."
     "补正后申请内容仍不明确0000000",
     {"（四）无法提供", "1.本机关不掌握相关政府信息  170000017", "2.没有现成信息需要另行制作  0000000",
      "3.补正后申请内容仍不明确  0000000"}},
    {"222",
     "spaced cells, the last glued to the next row's item number",
     "（三）不予公开1.属于国家秘密 0 0 0 0 0 0 02.其他法律行政法规禁止公开 0 0 0 0 0 0 0",
     {"（三）不予公开", "1.属于国家秘密   0 0 0 0 0 0 0", "2.其他法律行政法规禁止公开   0 0 0 0 0 0 0"}},
    {"205",
     "a heading inside a paragraph, rows glued to their column headings",
     "倒逼各政务公开单位认真落实各项政务公开工作要求。二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本"
     "年废止件数现行有效件数规章 0 0 0行政规范性文件 20 155第二十条第（五）项信息内容本年处理决定数量行政许可0 ",
     {"二、主动公开政府信息情况", "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数", "规章  0 0 0",
      "行政规范性文件   20 155", "第二十条第（五）项信息内容本年处理决定数量", "行政许可  0"}},
    {"201",
     "the group label's numbering doubled",
     "二、上年结转政府信息公开申请数量0000000三三、本年度办理结果（一）予以公开0000000",
     {"二、上年结转政府信息公开申请数量  0000000", "三三、本年度办理结果", "（一）予以公开  0000000"}},
    {"230",
     "a heading without its 、",
     "156157；传真：23156377）。一总体情况2020年，我局政府",
     {"一总体情况", "2020年，我局政府"}},
    {"243",
     "pdftotext: the vertical group label split between rows, a page footer -3- inside table 三",
     "                            1.属于国家秘密         0     0         0     0   0   0     0\n"
     " 三 、本 年 度办 理 结果\n\n\n\n\n"
     "                            2.其他法律行政止公开      0     0         0     0   0   0     0\n"
     "                  （四）无法提供   1.本机关不掌握相关政府信息   31    0         0     0   0   0     31\n"
     "\n                                                                           -3-\n"
     "                 2.没有现成信息需要另行制作        1    0   0   0    0    0   1\n",
     {"1.属于国家秘密           0     0         0     0   0   0     0", "本 年 度办 理 结果",
      "2.其他法律行政止公开        0     0         0     0   0   0     0", "（四）无法提供",
      "1.本机关不掌握相关政府信息     31    0         0     0   0   0     31", "",
      "2.没有现成信息需要另行制作          1    0   0   0    0    0   1"}},
};

/* Finds the line want (trimmed) in text from *at on; moves *at past it. */
static bool find_line(const char **at, const char *want)
{
	size_t wl = strlen(want);
	for (const char *p = *at; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p), b = 0;
		while (b < len && p[b] == ' ')
			b++;
		while (len > b && p[len - 1] == ' ')
			len--;
		if (len - b == wl && memcmp(p + b, want, wl) == 0) {
			*at = nl ? nl + 1 : p + len;
			return true;
		}
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

static void test_anchoring(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof anchor_cases / sizeof *anchor_cases; i++) {
		const struct anchor_case *c = &anchor_cases[i];
		char *text = anchored(c->excerpt);
		const char *at = text;
		for (size_t k = 0; k < MAX_LINES && c->lines[k]; k++) {
			if (!*c->lines[k]) /* "" stands for the footer line, which must be gone */
				continue;
			if (!find_line(&at, c->lines[k])) {
				print_error("%s (%s): line \"%s\" not found in:\n%s\n", c->report, c->what, c->lines[k],
					    text);
				fail();
			}
		}
		assert_null(strstr(text, "-3-"));
		free(text);
	}
}

/* The seed's overview: a row label in prose followed by a count ("无法提供 1 件") stays prose. */
static void test_label_in_prose_stays(void **state)
{
	(void)state;
	char *text = anchored("2023 年依申请公开 1 件，因本机关不掌握相关信息，无法提供 1 件。");
	assert_null(strchr(text, '\n'));
	free(text);
}

/* ---- the label table ---- */

struct variant {
	const char *report, *text;
	enum parse_label_kind kind;
	int table, row; /* rows: table and row; headings: the section in row */
};

/* Every variant of parse_labels.c, as written in the report that has it. */
static const struct variant variants[] = {
    {"221", "规范性文件6856", PL_ROW, 2, PRO_NORMATIVE},
    {"234", "其他法律和行政法规禁止公开0000000", PL_ROW, 3, APP_DENIED_LAW_FORBIDDEN},
    {"243", "其他法律行政止公开      0", PL_ROW, 3, APP_DENIED_LAW_FORBIDDEN},
    {"234", "申请人无正当理由逾期不补正、行政机关不再受理其政府信息公开申请0000000", PL_ROW, 3,
     APP_OTHER_NO_CORRECTION},
    {"234", "申请人逾期未按收费通知要求缴纳费用、行政机关不再受理其政府信息公开申请0000000", PL_ROW, 3,
     APP_OTHER_NO_FEE},
    {"220", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请3.其他", PL_ROW, 3,
     APP_OTHER_NO_FEE},
    {"229", "其他处理0000000（七）总计", PL_ROW, 3, APP_OTHER},
    {"244", "属于三类内部事务信\n息", PL_ROW, 3, APP_DENIED_INTERNAL_AFFAIRS},
    {"244", "部分公开（区分处理的，只计这一情形，不计其他情形）", PL_ROW, 3, APP_PARTIAL},
    {"243", "本 年 度办 理 结果", PL_GROUP, 3, -1},
    {"205", "第二十条第（五）项信息内容", PL_HEADER, 2, -1},
    {"223", "政府信息公开行政法复议、行政诉讼情况", PL_HEADING, 0, 4},
    {"211", "政府信息公开行政复议与行政诉讼情况", PL_HEADING, 0, 4},
    {"234", "年度工作核心成效（一）", PL_HEADING, 0, 1},
    {"234", "当前存在的突出问题过去一年中", PL_HEADING, 0, 5},
    {"234", "其他需说明事项", PL_HEADING, 0, 6},
    {"218", "政府信息公开存在的主要问题及改进情况2021年", PL_HEADING, 0, 5},
    {"235", "存在的主要问题和改进情况（一）", PL_HEADING, 0, 5},
    {"216", "政务公开工作主要任务落实情况 在围绕", PL_HEADING, 0, 0},
    {"235", "信息处理费收取情况通知收取件数", PL_HEADING, 0, 0},
};

static void test_label_variants(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
		const struct variant *v = &variants[i];
		struct buf flat = {0};
		parse_normalize(&flat, v->text, strlen(v->text));
		size_t end = 0;
		const struct parse_label *l = parse_label_at(flat.data, flat.len, 1u << v->kind, &end);
		if (!l || l->row != v->row || (v->kind != PL_HEADING && l->table != v->table))
			print_error("%s: \"%s\" not read as %d/%d\n", v->report, v->text, v->table, v->row);
		assert_non_null(l);
		assert_int_equal(l->row, v->row);
		assert_true(end > 0 && end <= flat.len);
		buf_free(&flat);
	}
}

/* ---- whole reports ---- */

struct real {
	struct report r;
	struct findings f;
	int rc;
};

/* Parses and checks data into x (the checker's findings after the parser's). */
static void parse_real(struct real *x, const char *data, size_t len)
{
	char err[256];
	memset(x, 0, sizeof *x);
	x->rc = report_parse(data, len, &x->r, &x->f, err, sizeof err);
	if (x->rc == 0)
		report_check(&x->r, &x->f);
}

/* Parses tests/fixtures/real/<name>, replacing `from` by `to` first when from is not NULL. */
static void read_real(struct real *x, const char *path, const char *from, const char *to)
{
	struct buf b = {0}, edited = {0};
	assert_int_equal(buf_read_file(&b, path, REPORT_PARSE_MAX_BYTES), 0);
	if (from) {
		const char *p = strstr(b.data, from);
		assert_non_null(p);
		buf_append(&edited, b.data, (size_t)(p - b.data));
		buf_puts(&edited, to);
		buf_puts(&edited, p + strlen(from));
		buf_free(&b);
		b = edited;
	}
	parse_real(x, b.data, b.len);
	buf_free(&b);
}

/* Parses a corpus report without the archive's header (标题:, 发布机构: …), as other sites give it. */
static void read_real_body(struct real *x, const char *path)
{
	struct buf b = {0};
	assert_int_equal(buf_read_file(&b, path, REPORT_PARSE_MAX_BYTES), 0);
	const char *body = strstr(b.data, "==================== 正文 ====================");
	assert_non_null(body);
	body = strchr(body, '\n') + 1;
	parse_real(x, body, strlen(body));
	buf_free(&b);
}

static void real_free(struct real *x)
{
	report_free(&x->r);
	findings_free(&x->f);
}

/* The first finding of the rule whose message contains text, or NULL. */
static const struct finding *said(const struct real *x, const char *rule, const char *text)
{
	for (size_t i = 0; i < x->f.n; i++)
		if (strcmp(x->f.v[i].rule, rule) == 0 && strstr(x->f.v[i].message, text))
			return &x->f.v[i];
	return NULL;
}

static void assert_cells(const struct rcell *cells, const int64_t *want, int n)
{
	for (int c = 0; c < n; c++) {
		if (!cells[c].present || cells[c].value != want[c])
			print_error("cell %d: present %d value %lld, want %lld\n", c, cells[c].present,
				    (long long)cells[c].value, (long long)want[c]);
		assert_true(cells[c].present);
		assert_int_equal(cells[c].value, want[c]);
	}
}

/* 229: a 2021 report whose table 三 keeps the 2019 single （六）其他处理 row (mixed edition). */
static void test_mixed_edition_2019_table3(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("229.txt"), NULL, NULL);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.edition, REPORT_EDITION_2021);
	assert_int_equal(report_app_edition(&x.r), REPORT_EDITION_2019);
	static const int64_t zero[7] = {0};
	assert_cells(x.r.applications[APP_OTHER], zero, 7);
	assert_non_null(said(&x, "P5", "表三按 2019 年版格式"));
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 239: the other way round: table 二 in the 2019 columns, table 三 with the 2021 （六） rows. */
static void test_mixed_edition_2019_table2(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("239.txt"), NULL, NULL);
	assert_int_equal(x.r.edition, REPORT_EDITION_2019);
	assert_int_equal(report_app_edition(&x.r), REPORT_EDITION_2021);
	static const int64_t zero[7] = {0};
	assert_cells(x.r.applications[APP_OTHER_OTHER], zero, 7); /* "…00其他0 0 0 0 0 00": no item number */
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 220: rows （六）2. and 3. written without any number: R8, counted as 0, the rest read. */
static void test_rows_without_values(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("220.txt"), NULL, NULL);
	assert_false(x.r.applications[APP_OTHER_NO_FEE][APP_COL_TOTAL].present);
	assert_false(x.r.applications[APP_OTHER_NO_FEE][APP_COL_TOTAL].unknown);
	assert_non_null(said(&x, "R8", "（六）其他处理 3.其他 整行为空白"));
	assert_null(said(&x, "R3", ""));
	assert_int_equal(findings_status(&x.f), 1);
	static const int64_t total[7] = {3, 0, 0, 0, 0, 0, 3};
	assert_cells(x.r.applications[APP_TOTAL], total, 7);
	real_free(&x);
}

/* 212: rows with six numbers for seven cells: a blank cell, but which one cannot be told. */
static void test_row_one_number_short(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("212.txt"), NULL, NULL);
	const struct finding *f = said(&x, "R8", "只有 6 个数值");
	assert_non_null(f);
	assert_string_equal(f->row, "（一）予以公开");
	assert_true(x.r.applications[APP_GRANTED][APP_COL_NATURAL].unknown);
	assert_int_equal(findings_status(&x.f), 1);
	real_free(&x);
}

/* 244 (PDF converted to Markdown): labels printed apart from their numbers and out of order; the
 * unlabeled pipe rows take the template's order, a stray number is dropped, and the blank
 * 结转下年度 总计 cell is R8 (counted as 0, so R1 and R2 fail too). */
static void test_markdown_detached_labels(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("244.md"), NULL, NULL);
	static const int64_t internal[7] = {1, 0, 0, 0, 0, 0, 1}, no_info[7] = {4, 0, 0, 0, 0, 0, 4},
			     creation[7] = {6, 0, 0, 0, 0, 0, 6}, no_correction[7] = {8, 2, 0, 0, 0, 0, 10},
			     total[7] = {33, 2, 0, 0, 0, 0, 35};
	assert_cells(x.r.applications[APP_DENIED_INTERNAL_AFFAIRS], internal, 7);
	assert_cells(x.r.applications[APP_UNABLE_NO_INFO], no_info, 7);
	assert_cells(x.r.applications[APP_UNABLE_NEEDS_CREATION], creation, 7);
	assert_cells(x.r.applications[APP_OTHER_NO_CORRECTION], no_correction, 7);
	assert_cells(x.r.applications[APP_TOTAL], total, 7);
	assert_false(x.r.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].present);
	assert_non_null(said(&x, "R8", "四、结转下年度继续办理 总计列 为空白"));
	assert_non_null(said(&x, "P4", "不成行的数值"));
	assert_int_equal(findings_status(&x.f), 1);
	real_free(&x);
}

/* 226: spaces at arbitrary cell boundaries ("160 02 0 018" = 16,0,0,2,0,0,18); the identities that
 * the hand check found broken come out as R1/R3. */
static void test_spaces_between_arbitrary_cells(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("226.txt"), NULL, NULL);
	static const int64_t fresh[7] = {16, 0, 0, 2, 0, 0, 18}, review[5] = {1, 0, 2, 0, 3},
			     direct[5] = {12, 0, 0, 0, 12};
	assert_cells(x.r.applications[APP_NEW], fresh, 7);
	assert_cells(x.r.cases[CASE_RECONSIDERATION], review, 5);
	assert_cells(x.r.cases[CASE_LITIGATION_DIRECT], direct, 5);
	assert_non_null(said(&x, "R3", "社会公益组织列 为 0，但各办理结果之和为 2"));
	assert_int_equal(findings_status(&x.f), 1);
	real_free(&x);
}

/* 211: a review row of exactly fifteen digits that no cut makes add up: read one digit per cell,
 * so that R4 names the broken identity. */
static void test_no_cut_adds_up_natural_split(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("211.txt"), NULL, NULL);
	static const int64_t review[5] = {1, 0, 0, 0, 0};
	assert_cells(x.r.cases[CASE_RECONSIDERATION], review, 5);
	assert_non_null(said(&x, "P2", "没有一种拆分能使各栏总计等于四项之和成立"));
	assert_non_null(said(&x, "R4", "行政复议 总计 为 0"));
	real_free(&x);
}

/* 217, edited: a row of eight digits that no cut makes add up and that is not one digit per cell:
 * its cells stay unknown and the error says no reading adds up. Never an invented number. */
static void test_no_cut_adds_up_unknown(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("217.txt"), "一、本年新收政府信息公开申请数量1000001",
		  "一、本年新收政府信息公开申请数量10000001");
	assert_true(x.r.applications[APP_NEW][APP_COL_NATURAL].unknown);
	assert_false(x.r.applications[APP_NEW][APP_COL_NATURAL].present);
	assert_non_null(said(&x, "R2", "任何拆分都不能使本行总计等于六列之和成立"));
	assert_int_equal(findings_status(&x.f), 1);
	real_free(&x);
}

/* 233: the 不掌握 row "30000252." (3,0,0,0,0,2,5 + item 2.) against a （七）总计 of 0: R3. */
static void test_violation_kept_not_hidden(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("233.txt"), NULL, NULL);
	static const int64_t no_info[7] = {3, 0, 0, 0, 0, 2, 5};
	assert_cells(x.r.applications[APP_UNABLE_NO_INFO], no_info, 7);
	assert_non_null(said(&x, "R3", "总计列 为 0，但各办理结果之和为 5"));
	real_free(&x);
}

/* 205 without the archive header: agency and year from the page's breadcrumb and first paragraph;
 * page chrome (当前位置, 微信, 附件下载) does not end up in the sections. */
static void test_title_without_archive_header(void **state)
{
	(void)state;
	struct real x;
	read_real_body(&x, REAL("205.txt"));
	assert_string_equal(x.r.agency, "平潭综合实验区管委会办公室");
	assert_int_equal(x.r.year, 2021);
	assert_non_null(x.r.other);
	assert_null(strstr(x.r.other, "附件下载"));
	real_free(&x);
}

/* 202 and 233 without the archive header: the text names no title of its own (202 only quotes a
 * notice "…办公室关于做好2024年…年度报告…"), so the agency comes from the signature, not from the
 * printing office after it (233: "…党政办公室 2023年1月9日印发"). */
static void test_agency_from_signature(void **state)
{
	(void)state;
	static const struct {
		const char *file, *agency;
		int year;
	} cases[] = {{REAL("202.txt"), "平潭综合实验区财政金融局", 2024},
		     {REAL("233.txt"), "平潭综合实验区君山片区管理局", 2022}};
	for (size_t i = 0; i < 2; i++) {
		struct real x;
		read_real_body(&x, cases[i].file);
		assert_non_null(x.r.agency);
		assert_string_equal(x.r.agency, cases[i].agency);
		assert_int_equal(x.r.year, cases[i].year);
		real_free(&x);
	}
}

/* 243 (no header at all): the title set on two lines "淮安市洪泽区人民政府 / 2024 年…年度报告". */
static void test_title_on_two_lines(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("243.pdftotext.txt"), NULL, NULL);
	assert_string_equal(x.r.agency, "淮安市洪泽区人民政府");
	assert_int_equal(x.r.year, 2024);
	static const int64_t review[5] = {1, 1, 0, 0, 2};
	assert_cells(x.r.cases[CASE_RECONSIDERATION], review, 5);
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 216: a seven-part report (an extra section 二), so tables 三 and 四 are headed 四、 and 五、. */
static void test_seven_part_report(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("216.txt"), NULL, NULL);
	assert_non_null(x.r.overview);
	assert_non_null(x.r.problems);
	static const int64_t zero[5] = {0};
	assert_cells(x.r.cases[CASE_LITIGATION_AFTER], zero, 5);
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 235: an extra table 五、信息处理费收取情况 after table 四 ("000") is not read into table 四. */
static void test_extra_fee_table(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("235.txt"), NULL, NULL);
	assert_null(said(&x, "P3", ""));
	assert_non_null(said(&x, "P6", "六、其他需要报告的事项"));
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 223: "钩稽" in the header, the heading typo "行政法复议", non-zero litigation in a glued row. */
static void test_variant_spellings(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("223.txt"), NULL, NULL);
	static const int64_t direct[5] = {3, 0, 0, 1, 4}, after[5] = {1, 0, 0, 0, 1};
	assert_cells(x.r.cases[CASE_LITIGATION_DIRECT], direct, 5);
	assert_cells(x.r.cases[CASE_LITIGATION_AFTER], after, 5);
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 205, edited: a row the template does not have ("其中修订件", as some regions add under
 * 行政规范性文件) after a row's numbers is its own row, named in a warning, not numbers of the row
 * before. */
static void test_extra_row(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("205.txt"), "行政规范性文件 20 155", "行政规范性文件 20 15 5其中修订件 1 0 0");
	static const int64_t normative[3] = {20, 15, 5};
	assert_cells(x.r.proactive[PRO_NORMATIVE], normative, 3);
	assert_non_null(said(&x, "P4", "其中修订件"));
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* 243, edited as pdftotext prints wide tables: the 总计 column of a row on the next line. */
static void test_total_on_next_line(void **state)
{
	(void)state;
	struct real x;
	read_real(&x, REAL("243.pdftotext.txt"), "95    0         0     0   0   0     95",
		  "95    0         0     0   0   0\n                                                         95");
	static const int64_t fresh[7] = {95, 0, 0, 0, 0, 0, 95};
	assert_cells(x.r.applications[APP_NEW], fresh, 7);
	assert_int_equal(findings_status(&x.f), 0);
	real_free(&x);
}

/* A hostile row: a label followed by thousands of digits costs bounded time and reads nothing. */
static void test_long_digit_run_bounded(void **state)
{
	(void)state;
	struct buf digits = {0};
	for (int i = 0; i < 4000; i++)
		buf_putc(&digits, (char)('0' + i % 10));
	struct real x;
	read_real(&x, REAL("217.txt"), "一、本年新收政府信息公开申请数量1000001", digits.data);
	assert_int_equal(x.rc, 0);
	assert_false(x.r.applications[APP_NEW][APP_COL_TOTAL].present);
	real_free(&x);
	buf_free(&digits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_anchoring),
	    cmocka_unit_test(test_label_in_prose_stays),
	    cmocka_unit_test(test_label_variants),
	    cmocka_unit_test(test_mixed_edition_2019_table3),
	    cmocka_unit_test(test_mixed_edition_2019_table2),
	    cmocka_unit_test(test_rows_without_values),
	    cmocka_unit_test(test_row_one_number_short),
	    cmocka_unit_test(test_markdown_detached_labels),
	    cmocka_unit_test(test_spaces_between_arbitrary_cells),
	    cmocka_unit_test(test_no_cut_adds_up_natural_split),
	    cmocka_unit_test(test_no_cut_adds_up_unknown),
	    cmocka_unit_test(test_violation_kept_not_hidden),
	    cmocka_unit_test(test_title_without_archive_header),
	    cmocka_unit_test(test_agency_from_signature),
	    cmocka_unit_test(test_title_on_two_lines),
	    cmocka_unit_test(test_seven_part_report),
	    cmocka_unit_test(test_extra_fee_table),
	    cmocka_unit_test(test_variant_spellings),
	    cmocka_unit_test(test_extra_row),
	    cmocka_unit_test(test_total_on_next_line),
	    cmocka_unit_test(test_long_digit_run_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
