/* test_check.c — the checker's rules, each broken on purpose in a copy of the seed report (which
 * itself must pass clean), plus the cross-year rules R5–R7 and T2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/findings.h"
#include "report/report.h"
#include "report/report_check.h"
#include "test_seed.h"

/* The finding of rule with this column (NULL: any column), or NULL. */
static const struct finding *find(const struct findings *f, const char *rule, const char *column)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule, rule) == 0 &&
		    (!column || (f->v[i].column && strcmp(f->v[i].column, column) == 0)))
			return &f->v[i];
	return NULL;
}

static size_t count_rule(const struct findings *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->v[i].rule, rule) == 0;
	return n;
}

static void assert_finding(const struct finding *x, enum severity sev, const char *table, const char *row,
			   const char *column)
{
	assert_non_null(x);
	assert_int_equal(x->severity, sev);
	assert_false(x->incomplete);
	assert_string_equal(x->table, table);
	if (row)
		assert_string_equal(x->row, row);
	else
		assert_null(x->row);
	if (column)
		assert_string_equal(x->column, column);
	else
		assert_null(x->column);
}

static void dump(const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		print_message("  %s %s\n", f->v[i].rule, f->v[i].message);
}

static void test_seed_is_clean(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	assert_non_null(r.overview);
	assert_non_null(strstr(r.overview, "无法提供 1 件"));
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 0);
	report_free(&r);
	findings_free(&f);
}

static void test_r1_column_balance(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_CARRIED_FORWARD][APP_COL_NATURAL] = rcell_of(2);
	r.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL] = rcell_of(2);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 2);
	const struct finding *x = find(&f, "R1", "自然人");
	assert_finding(x, SEV_ERROR, "表三", "（七）总计", "自然人");
	assert_string_equal(x->message, "表三 自然人列 勾稽关系不成立：一、本年新收 1 + 二、上年结转 0 = 1，"
					"但（七）总计 1 + 四、结转下年度继续办理 2 = 3");
	assert_non_null(find(&f, "R1", "总计"));
	report_free(&r);
	findings_free(&f);
}

static void test_r2_row_total(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_UNABLE_NO_INFO][APP_COL_TOTAL] = rcell_of(2);
	report_check(&r, &f);
	dump(&f);
	const struct finding *x = find(&f, "R2", "总计");
	assert_finding(x, SEV_ERROR, "表三", "（四）无法提供 1.本机关不掌握相关政府信息", "总计");
	assert_non_null(strstr(x->message, "总计列 为 2"));
	assert_non_null(strstr(x->message, "之和为 1"));
	assert_int_equal(count_rule(&f, "R2"), 1);
	/* the changed cell also breaks （七）总计 = Σ outcomes in the 总计 column */
	assert_non_null(find(&f, "R3", "总计"));
	report_free(&r);
	findings_free(&f);
}

static void test_r3_outcome_total(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_GRANTED][APP_COL_NATURAL] = rcell_of(5);
	r.applications[APP_GRANTED][APP_COL_TOTAL] = rcell_of(5);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 2);
	const struct finding *x = find(&f, "R3", "自然人");
	assert_finding(x, SEV_ERROR, "表三", "（七）总计", "自然人");
	assert_string_equal(x->message, "表三 （七）总计 自然人列 为 1，但各办理结果之和为 6");
	assert_non_null(find(&f, "R3", "总计"));
	report_free(&r);
	findings_free(&f);
}

static void test_r3_2019_counts_single_other_row(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	report_init(&r, REPORT_EDITION_2019);
	report_zero(&r);
	r.applications[APP_NEW][APP_COL_LEGAL] = rcell_of(2);
	r.applications[APP_NEW][APP_COL_TOTAL] = rcell_of(2);
	r.applications[APP_OTHER][APP_COL_LEGAL] = rcell_of(2);
	r.applications[APP_OTHER][APP_COL_TOTAL] = rcell_of(2);
	r.applications[APP_TOTAL][APP_COL_LEGAL] = rcell_of(2);
	r.applications[APP_TOTAL][APP_COL_TOTAL] = rcell_of(2);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 0); /* 2 of 2 is "high" only from 3 on (C4) */
	r.applications[APP_TOTAL][APP_COL_LEGAL] = rcell_of(1);
	report_check(&r, &f);
	const struct finding *x = find(&f, "R3", "法律服务机构");
	assert_non_null(x);
	assert_string_equal(x->message, "表三 （七）总计 法律服务机构列 为 1，但各办理结果之和为 2");
	report_free(&r);
	findings_free(&f);
}

static void test_r4_case_totals(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.cases[CASE_LITIGATION_AFTER][CASE_CORRECTED] = rcell_of(3);
	r.cases[CASE_LITIGATION_AFTER][CASE_TOTAL] = rcell_of(2);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_ERROR, "表四", "行政诉讼（复议后起诉）", "总计");
	assert_string_equal(f.v[0].rule, "R4");
	assert_non_null(strstr(f.v[0].message, "总计 为 2"));
	assert_non_null(strstr(f.v[0].message, "之和为 3"));
	report_free(&r);
	findings_free(&f);
}

/* A blank cell is reported once by R8 and counts as 0 in the sums, which then fail and say so. */
static void test_r8_blank_cell_counts_as_zero(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_TOTAL][APP_COL_TOTAL] = (struct rcell){0};
	report_check(&r, &f);
	dump(&f);
	assert_non_null(find(&f, "R8", NULL));
	assert_string_equal(find(&f, "R8", NULL)->message,
			    "表三 （七）总计 总计列 为空白：应填写数字，没有数据时填 0（勾稽计算按 0 计）");
	assert_non_null(find(&f, "R2", NULL)); /* the row's total 0 against its columns */
	assert_non_null(find(&f, "R3", NULL));
	assert_non_null(find(&f, "R1", NULL));
	report_free(&r);
	findings_free(&f);
}

/* A cell the parser could not tell is neither blank nor counted: the sums it is in are skipped. */
static void test_unknown_cell_skips_sums(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_TOTAL][APP_COL_TOTAL] = (struct rcell){.unknown = true};
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 0);
	report_free(&r);
	findings_free(&f);
}

static void test_r8_blank_row_and_tables(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	for (int c = 0; c < 3; c++)
		r.proactive[PRO_NORMATIVE][c] = (struct rcell){0};
	r.cases[CASE_RECONSIDERATION][CASE_PENDING] = (struct rcell){0};
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 2);
	assert_finding(&f.v[0], SEV_ERROR, "表二", "行政规范性文件", NULL);
	assert_non_null(strstr(f.v[0].message, "整行为空白"));
	assert_finding(&f.v[1], SEV_ERROR, "表四", "行政复议", "尚未审结");
	assert_string_equal(f.v[1].message,
			    "表四 行政复议 尚未审结 为空白：应填写数字，没有数据时填 0（勾稽计算按 0 计）");
	report_free(&r);
	findings_free(&f);
}

static void test_r8_negative_counts(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.proactive[PRO_LICENSING][0] = rcell_of(-4);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_ERROR, "表二", "行政许可", "本年处理决定数量");
	assert_string_equal(f.v[0].message, "表二 行政许可 本年处理决定数量 为 -4：件数不能为负数");
	report_free(&r);
	findings_free(&f);

	/* 2019 本年增/减 may be negative */
	report_init(&r, REPORT_EDITION_2019);
	report_zero(&r);
	r.proactive[PRO_PUNISHMENT][0] = rcell_of(10);
	r.proactive[PRO_PUNISHMENT][1] = rcell_of(-3);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 0);
	report_free(&r);
}

static void test_r9_regulations_of_a_street_office(void **state)
{
	(void)state;
	static const struct {
		const char *agency;
		bool warns;
	} cases[] = {
	    {"汝州市钟楼街道办事处", true}, {"某县某镇人民政府", true},	       {"某市生态环境局", true},
	    {"某县人民政府", true},	    {"某市人民政府办公室", true},      {"河南省人民政府", false},
	    {"平顶山市人民政府", false},    {"广西壮族自治区人民政府", false}, {"中华人民共和国司法部", false},
	    {"国家税务总局", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct report r;
		struct findings f = {0};
		seed_report(&r);
		free(r.agency);
		r.agency = xstrdup(cases[i].agency);
		r.proactive[PRO_REGULATIONS][2] = rcell_of(6);
		report_check(&r, &f);
		const struct finding *x = find(&f, "R9", NULL);
		if (!cases[i].warns) {
			assert_null(x);
		} else {
			assert_finding(x, SEV_WARNING, "表二", "规章", "现行有效件数");
			assert_non_null(strstr(x->message, "现行有效件数 为 6"));
			assert_non_null(strstr(x->message, cases[i].agency));
		}
		assert_int_equal(f.n, cases[i].warns ? 1 : 0);
		report_free(&r);
		findings_free(&f);
	}
}

/* Checks the seed with its overview replaced by text; returns the findings. */
static void check_with_overview(const char *text, struct findings *f)
{
	struct report r;
	seed_report(&r);
	report_set_text(&r.overview, text);
	report_check(&r, f);
	dump(f);
	report_free(&r);
}

static void test_r10_quoted_numbers(void **state)
{
	(void)state;
	struct findings f = {0};
	check_with_overview("2023 年依申请公开 3 件，因本机关不掌握相关信息，无法提供 1 件。", &f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_WARNING, "正文", "一、总体情况", NULL);
	assert_string_equal(f.v[0].rule, "R10");
	assert_non_null(strstr(f.v[0].message, "依申请公开3件"));
	assert_non_null(strstr(f.v[0].message, "总计为 1"));
	findings_free(&f);

	check_with_overview("本年度共收到政府信息公开申请 5 件，予以公开 0 件，无法提供 2 件。", &f);
	assert_int_equal(f.n, 2);
	assert_non_null(strstr(f.v[0].message, "无法提供2件"));
	assert_non_null(strstr(f.v[0].message, "（四）无法提供 各项总计之和为 1"));
	assert_non_null(strstr(f.v[1].message, "收到政府信息公开申请5件"));
	findings_free(&f);

	check_with_overview("全年发生政府信息公开行政复议 1 件，行政诉讼 0 件；不予以公开 0 件。", &f);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.v[0].message, "行政复议1件"));
	assert_non_null(strstr(f.v[0].message, "表四 行政复议 总计为 0"));
	findings_free(&f);

	/* numbers that agree, counts of other things, and no number at all: silent */
	check_with_overview("（二）依申请公开办理情况\n共受理政府信息公开申请 1 件（含上年结转 0 件），予以公开 0 件，"
			    "不予公开 0 件。主动公开信息 66 条。",
			    &f);
	assert_int_equal(f.n, 0);
	findings_free(&f);
}

static void test_c4_other_share_2019(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	report_init(&r, REPORT_EDITION_2019);
	report_zero(&r);
	static const int64_t news[APP_COL_COUNT] = {20, 0, 0, 0, 0, 0, 20};
	static const int64_t granted[APP_COL_COUNT] = {15, 0, 0, 0, 0, 0, 15};
	static const int64_t other[APP_COL_COUNT] = {5, 0, 0, 0, 0, 0, 5};
	seed_set_row(&r, APP_NEW, news);
	seed_set_row(&r, APP_GRANTED, granted);
	seed_set_row(&r, APP_OTHER, other);
	seed_set_row(&r, APP_TOTAL, news);
	report_check(&r, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_WARNING, "表三", "（六）其他处理", "总计");
	assert_string_equal(f.v[0].rule, "C4");
	assert_non_null(strstr(f.v[0].message, "为 5，占（七）总计 20 的 25%"));
	findings_free(&f);

	/* 2 of 20 (10%) is not high */
	r.applications[APP_OTHER][APP_COL_NATURAL] = rcell_of(2);
	r.applications[APP_OTHER][APP_COL_TOTAL] = rcell_of(2);
	r.applications[APP_GRANTED][APP_COL_NATURAL] = rcell_of(18);
	r.applications[APP_GRANTED][APP_COL_TOTAL] = rcell_of(18);
	report_check(&r, &f);
	assert_int_equal(f.n, 0);
	report_free(&r);
}

static void test_t1_statistics_year(void **state)
{
	(void)state;
	struct findings f = {0};
	check_with_overview("本报告统计期限自2022年1月1日起至2022年12月31日止。", &f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_WARNING, "正文", "一、总体情况", NULL);
	assert_string_equal(f.v[0].rule, "T1");
	assert_non_null(strstr(f.v[0].message, "2022年1月1日起至2022年12月31日"));
	assert_non_null(strstr(f.v[0].message, "2023 年"));
	findings_free(&f);

	check_with_overview(
	    "本报告中所列数据的统计期限自 2023 年 1 月 1 日至 12 月 31 日。2024年11月1日至12月31日另计。", &f);
	assert_int_equal(f.n, 0);
	findings_free(&f);
}

/* ---- cross-year ---- */

static void test_r5_carry_over(void **state)
{
	(void)state;
	struct report prev, cur;
	struct findings f = {0};
	seed_report(&prev);
	seed_report(&cur);
	prev.year = 2022;
	prev.applications[APP_CARRIED_FORWARD][APP_COL_COMMERCIAL] = rcell_of(2);
	prev.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL] = rcell_of(2);
	report_set_text(&prev.problems, "今年没有发现明显问题，明年继续按照条例要求做好政府信息公开工作。");
	report_check_years(&prev, &cur, &f);
	dump(&f);
	assert_int_equal(f.n, 2);
	assert_finding(&f.v[0], SEV_ERROR, "表三", "二、上年结转政府信息公开申请数量", "商业企业");
	assert_string_equal(f.v[0].rule, "R5");
	assert_string_equal(f.v[0].message, "表三 二、上年结转政府信息公开申请数量 商业企业列 为 0，但 2022 年年报的"
					    "四、结转下年度继续办理 为 2");
	assert_non_null(find(&f, "R5", "总计"));
	findings_free(&f);
	report_free(&prev);
	report_free(&cur);
}

static void test_r6_in_force_2021(void **state)
{
	(void)state;
	struct report prev, cur;
	struct findings f = {0};
	seed_report(&prev);
	seed_report(&cur);
	prev.year = 2022;
	report_set_text(&prev.problems, NULL);
	prev.proactive[PRO_NORMATIVE][2] = rcell_of(10);
	cur.proactive[PRO_NORMATIVE][0] = rcell_of(2);
	cur.proactive[PRO_NORMATIVE][1] = rcell_of(1);
	cur.proactive[PRO_NORMATIVE][2] = rcell_of(10);
	report_check_years(&prev, &cur, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_WARNING, "表二", "行政规范性文件", "现行有效件数");
	assert_string_equal(f.v[0].rule, "R6");
	assert_non_null(strstr(f.v[0].message, "为 10，但 2022 年的 10 + 本年制发 2 − 本年废止 1 = 11"));
	findings_free(&f);

	cur.proactive[PRO_NORMATIVE][2] = rcell_of(11);
	report_check_years(&prev, &cur, &f);
	assert_int_equal(f.n, 0);
	report_free(&prev);
	report_free(&cur);
}

static void test_r7_item_counts_2019(void **state)
{
	(void)state;
	struct report prev, cur;
	struct findings f = {0};
	report_init(&prev, REPORT_EDITION_2019);
	report_init(&cur, REPORT_EDITION_2019);
	report_zero(&prev);
	report_zero(&cur);
	prev.year = 2019;
	cur.year = 2020;
	prev.proactive[PRO_FEES][0] = rcell_of(10);
	prev.proactive[PRO_FEES][1] = rcell_of(-2);
	cur.proactive[PRO_FEES][0] = rcell_of(9);
	report_check_years(&prev, &cur, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_ERROR, "表二", "行政事业性收费", "上一年项目数量");
	assert_string_equal(f.v[0].rule, "R7");
	assert_string_equal(f.v[0].message,
			    "表二 行政事业性收费 上一年项目数量 为 9，但 2019 年年报的上一年项目数量 10 "
			    "加本年增/减 -2 为 8");
	findings_free(&f);

	cur.proactive[PRO_FEES][0] = rcell_of(8);
	report_check_years(&prev, &cur, &f);
	assert_int_equal(f.n, 0);

	/* a 2021-edition current year has no 上一年项目数量: R7 does not apply */
	struct report cur21;
	report_init(&cur21, REPORT_EDITION_2021);
	report_zero(&cur21);
	cur21.proactive[PRO_FEES][0] = rcell_of(9);
	report_check_years(&prev, &cur21, &f);
	assert_int_equal(f.n, 0);
	report_free(&prev);
	report_free(&cur);
	report_free(&cur21);
}

static void test_t2_repeated_problems(void **state)
{
	(void)state;
	struct report prev, cur;
	struct findings f = {0};
	seed_report(&prev);
	seed_report(&cur);
	prev.year = 2022;
	/* last year's text: the same words with the years shifted */
	struct buf shifted = {0};
	for (const char *p = cur.problems; *p; p++) {
		if (strncmp(p, "2023", 4) == 0 || strncmp(p, "2022", 4) == 0) {
			buf_puts(&shifted, strncmp(p, "2023", 4) == 0 ? "2022" : "2021");
			p += 3;
		} else {
			buf_putc(&shifted, *p);
		}
	}
	report_set_text(&prev.problems, shifted.data);
	buf_free(&shifted);
	report_check_years(&prev, &cur, &f);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_finding(&f.v[0], SEV_WARNING, "正文", "五、存在的主要问题及改进情况", NULL);
	assert_string_equal(f.v[0].rule, "T2");
	assert_non_null(strstr(f.v[0].message, "与 2022 年年报的相似度为 100%"));
	findings_free(&f);

	report_set_text(&prev.problems, "（一）存在的主要问题\n一是公开内容不够丰富；二是解读回应不够及时。\n"
					"（二）改进情况\n建立每月检查制度，对栏目更新情况逐项核对并通报。");
	report_check_years(&prev, &cur, &f);
	assert_int_equal(f.n, 0);
	report_free(&prev);
	report_free(&cur);
}

/* T2 keys characters by their bytes or code points: whitespace of every kind is skipped and every
 * digit (ASCII or full-width) is one character, but two different characters never count as the
 * same, whatever their UTF-8 length or lead byte. A text of 46 characters (45 bigrams) with one
 * character inside changed keeps 43 common bigrams: 2 × 43 / 90 = 95 %. */
static void test_t2_characters_by_key(void **state)
{
	(void)state;
	static const char *const base =
	    "一是公开内容不够丰富二是解读回应不够及时三是栏目更新不够规范é四是培训不够五是考核不够严格1";
	static const struct {
		const char *from, *to;
		const char *percent; /* the similarity the finding states */
	} cases[] = {
	    {"é", "e", "95%"},				       /* a two-byte character vs ASCII */
	    {"é", "è", "95%"},				       /* vs another two-byte one */
	    {"é", "\xFF", "95%"},			       /* vs an invalid byte: a character of its own */
	    {"é", "𠀀", "95%"},				       /* vs a four-byte one */
	    {"三是", "𠀀是", "95%"},			       /* an ideograph vs a four-byte character */
	    {"三是", "ࠀ是", "95%"},			       /* vs one led by E0 (decoded, not keyed by its bytes) */
	    {"三是", "\xED\x80\x80是", "95%"},		       /* led by ED */
	    {"1", "9", "100%"},				       /* digits are one character */
	    {"1", "１", "100%"},			       /* full-width too */
	    {"é四", "é\xC2\xA0\xE3\x80\x80 \t\r\n四", "100%"}, /* NBSP, U+3000 and ASCII whitespace skipped */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct report prev, cur;
		seed_report(&prev);
		seed_report(&cur);
		prev.year = 2022;
		report_set_text(&prev.problems, base);
		const char *at = strstr(base, cases[i].from);
		struct buf changed = {0};
		buf_append(&changed, base, (size_t)(at - base));
		buf_puts(&changed, cases[i].to);
		buf_puts(&changed, at + strlen(cases[i].from));
		report_set_text(&cur.problems, changed.data);
		buf_free(&changed);
		struct findings f = {0};
		report_check_years(&prev, &cur, &f);
		char expected[64];
		snprintf(expected, sizeof expected, "相似度为 %s", cases[i].percent);
		if (f.n != 1 || !strstr(f.v[0].message, expected))
			fail_msg("case %zu (%s → %s): %zu findings, %s", i, cases[i].from, cases[i].to, f.n,
				 f.n ? f.v[0].message : "");
		findings_free(&f);
		report_free(&prev);
		report_free(&cur);
	}
}

/* A batch walks an agency's years in order and keeps each year's section 五 bigrams for the next
 * pair: the findings must be those of report_check_years, whichever report the memo holds. */
static void test_t2_kept_bigrams(void **state)
{
	(void)state;
	static const char *const other = "（一）存在的主要问题\n一是公开内容不够丰富；二是解读回应不够及时。\n"
					 "（二）改进情况\n建立每月检查制度，对栏目更新情况逐项核对并通报。";
	struct report y[4];
	for (int i = 0; i < 4; i++) {
		seed_report(&y[i]);
		y[i].year = 2021 + i;
	}
	report_set_text(&y[2].problems, other); /* 2021 = 2022 ≠ 2023 = 2024 */
	report_set_text(&y[3].problems, other);
	struct report_years k[4]; /* what a batch keeps of each */
	for (int i = 0; i < 4; i++)
		report_years_of(&y[i], &k[i]);
	struct report_years_memo memo = {0};
	struct findings f = {0};
	report_check_years_kept(&k[0], &k[1], &f, &memo); /* computes both */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].rule, "T2");
	assert_ptr_equal(memo.report, &k[1]);
	findings_free(&f);
	report_check_years_kept(&k[1], &k[2], &f, &memo); /* 2022 from the memo */
	assert_int_equal(f.n, 0);
	assert_ptr_equal(memo.report, &k[2]);
	report_check_years_kept(&k[2], &k[3], &f, &memo); /* 2023 from the memo: same text as 2024 */
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.v[0].message, "与 2023 年年报的相似度为 100%"));
	findings_free(&f);
	report_check_years_kept(&k[0], &k[1], &f, &memo); /* the memo holds 2024: not used for 2021 */
	assert_int_equal(f.n, 1);
	assert_ptr_equal(memo.report, &k[1]);
	findings_free(&f);
	report_years_memo_free(&memo);
	assert_null(memo.report);
	for (int i = 0; i < 4; i++)
		report_free(&y[i]);
}

static void test_saturating_sums(void **state)
{
	(void)state;
	struct report r;
	struct findings f = {0};
	seed_report(&r);
	r.applications[APP_GRANTED][APP_COL_NATURAL] = rcell_of(INT64_MAX);
	r.applications[APP_PARTIAL][APP_COL_NATURAL] = rcell_of(INT64_MAX);
	report_check(&r, &f); /* must not overflow (UBSan) */
	assert_non_null(find(&f, "R3", "自然人"));
	report_free(&r);
	findings_free(&f);
}

/* findings_keep moves a list into an arena whole (NULL fields stay NULL); findings added afterwards,
 * past the list's capacity, go there too; the verdict helpers read it as before; findings_free only
 * forgets it (ASan fails the test if anything in the arena were freed or anything malloc'd leaked). */
static void test_findings_kept_in_arena(void **state)
{
	(void)state;
	struct arena a = {.chunk_size = 4096};
	struct findings f = {0};
	findings_add(&f, "R1", SEV_ERROR, false, "表三", "（七）总计", "自然人", "表三 %s 为 %d", "（七）总计", 20);
	findings_add(&f, "P1", SEV_WARNING, true, NULL, NULL, NULL, "缺少%s", "表四");
	findings_keep(&f, &a);
	assert_ptr_equal(f.arena, &a);
	for (int i = 0; i < 10; i++)
		findings_add(&f, "T2", SEV_WARNING, false, "正文", NULL, NULL, "第 %d 条，%s", i, "相似度 95%");
	assert_int_equal(f.n, 12);
	assert_string_equal(f.v[0].rule, "R1");
	assert_int_equal(f.v[0].severity, SEV_ERROR);
	assert_string_equal(f.v[0].table, "表三");
	assert_string_equal(f.v[0].row, "（七）总计");
	assert_string_equal(f.v[0].column, "自然人");
	assert_string_equal(f.v[0].message, "表三 （七）总计 为 20");
	assert_true(f.v[1].incomplete);
	assert_null(f.v[1].table);
	assert_null(f.v[1].row);
	assert_null(f.v[1].column);
	assert_string_equal(f.v[1].message, "缺少表四");
	assert_string_equal(f.v[11].message, "第 9 条，相似度 95%");
	assert_null(f.v[11].row);
	assert_int_equal(findings_status(&f), 2);
	assert_int_equal(findings_count(&f, SEV_WARNING), 11);
	size_t used = a.total;
	findings_keep(&f, &a); /* already kept: nothing copied again */
	assert_int_equal(a.total, used);
	findings_free(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.v);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_is_clean),
	    cmocka_unit_test(test_findings_kept_in_arena),
	    cmocka_unit_test(test_t2_characters_by_key),
	    cmocka_unit_test(test_r1_column_balance),
	    cmocka_unit_test(test_r2_row_total),
	    cmocka_unit_test(test_r3_outcome_total),
	    cmocka_unit_test(test_r3_2019_counts_single_other_row),
	    cmocka_unit_test(test_r4_case_totals),
	    cmocka_unit_test(test_r8_blank_cell_counts_as_zero),
	    cmocka_unit_test(test_unknown_cell_skips_sums),
	    cmocka_unit_test(test_r8_blank_row_and_tables),
	    cmocka_unit_test(test_r8_negative_counts),
	    cmocka_unit_test(test_r9_regulations_of_a_street_office),
	    cmocka_unit_test(test_r10_quoted_numbers),
	    cmocka_unit_test(test_c4_other_share_2019),
	    cmocka_unit_test(test_t1_statistics_year),
	    cmocka_unit_test(test_r5_carry_over),
	    cmocka_unit_test(test_r6_in_force_2021),
	    cmocka_unit_test(test_r7_item_counts_2019),
	    cmocka_unit_test(test_t2_repeated_problems),
	    cmocka_unit_test(test_t2_kept_bigrams),
	    cmocka_unit_test(test_saturating_sums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
