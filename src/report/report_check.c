/* report_check.c — the table rules of FORMAT.md §3 on one report (R1–R4, R8, C4) and across two
 * consecutive years of one agency (R5–R7).
 *
 * Every finding names its table, row and column with the template's labels and says, in words a
 * clerk understands, which number is written and which number the rule expects. A blank cell is
 * reported once by R8 and counts as 0 in the arithmetic (R8 says so); a cell the parser could not
 * tell (rcell.unknown, explained by its own finding) makes the rules skip the sums it is in. Sums saturate instead of
 * overflowing (numbers come from untrusted files). The text rules (R9, R10, T1, T2) live in report_check_text.c. */
#include "report/report_check.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/report_check_priv.h"

bool check_add(int64_t *acc, struct rcell c)
{
	if (!c.present)
		return !c.unknown; /* a blank counts as 0 (R8 says so); an unknown cell stops the sum */
	if (__builtin_add_overflow(*acc, c.value, acc))
		*acc = c.value < 0 ? INT64_MIN : INT64_MAX;
	return true;
}

bool check_sum_row(const struct rcell *cells, int n, int64_t *sum)
{
	bool complete = true;
	*sum = 0;
	for (int i = 0; i < n; i++)
		if (!check_add(sum, cells[i]))
			complete = false;
	return complete;
}

/* Sets *sum to a + b; false when either is blank. */
static bool sum_pair(struct rcell a, struct rcell b, int64_t *sum)
{
	*sum = 0;
	return check_add(sum, a) && check_add(sum, b);
}

/* ---- R8: blank and negative cells ---- */

/* Reports the blank and negative cells of one row; a row that is blank throughout gets one finding. */
static void check_row_cells(struct findings *f, const char *table, const char *row, const struct rcell *cells,
			    const char *const *col_labels, const enum cell_kind *kinds, int ncols)
{
	int blanks = 0, unknown = 0;
	for (int c = 0; c < ncols; c++) {
		blanks += !cells[c].present && !cells[c].unknown;
		unknown += cells[c].unknown;
	}
	if (blanks == ncols - unknown && blanks > 1) {
		findings_add(f, "R8", SEV_ERROR, false, table, row, NULL,
			     "%s %s 整行为空白：应填写数字，没有数据时填 0（勾稽计算按 0 计）", table, row);
		return;
	}
	const char *suffix = strcmp(table, "表三") == 0 ? "列" : ""; /* "自然人列"; table 二's headings say it */
	for (int c = 0; c < ncols; c++) {
		const char *col = col_labels[c];
		if (!cells[c].present && !cells[c].unknown)
			findings_add(f, "R8", SEV_ERROR, false, table, row, col,
				     "%s %s %s%s 为空白：应填写数字，没有数据时填 0（勾稽计算按 0 计）", table, row,
				     col, suffix);
		else if (cells[c].value < 0 && kinds[c] != CELL_SIGNED)
			findings_add(f, "R8", SEV_ERROR, false, table, row, col,
				     "%s %s %s%s 为 %" PRId64 "：%s不能为负数", table, row, col, suffix, cells[c].value,
				     kinds[c] == CELL_MONEY ? "金额" : "件数");
	}
}

static void check_cells_proactive(const struct report *r, struct findings *f)
{
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		if (def)
			check_row_cells(f, "表二", def->label, r->proactive[p], def->col_labels, def->kinds,
					def->ncols);
	}
}

static const enum cell_kind count_kinds[APP_COL_COUNT] = {CELL_COUNT, CELL_COUNT, CELL_COUNT, CELL_COUNT,
							  CELL_COUNT, CELL_COUNT, CELL_COUNT};

static void check_cells_applications(const struct report *r, struct findings *f)
{
	for (int a = 0; a < APP_ROW_COUNT; a++)
		if (report_app_row_in(report_app_edition(r), a))
			check_row_cells(f, "表三", report_app_rows[a].short_label, r->applications[a],
					report_app_col_labels, count_kinds, APP_COL_COUNT);
}

static void check_cells_cases(const struct report *r, struct findings *f)
{
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		check_row_cells(f, "表四", report_case_block_labels[b], r->cases[b], report_case_col_labels,
				count_kinds, CASE_COL_COUNT);
}

/* ---- R2: row totals of table 三 ---- */

static void check_row_totals(const struct report *r, struct findings *f)
{
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		if (!report_app_row_in(report_app_edition(r), a))
			continue;
		const struct rcell *row = r->applications[a];
		int64_t sum, total = 0;
		if (check_sum_row(row, APP_COL_TOTAL, &sum) && check_add(&total, row[APP_COL_TOTAL]) && sum != total)
			findings_add(f, "R2", SEV_ERROR, false, "表三", report_app_rows[a].short_label, "总计",
				     "表三 %s 总计列 为 %" PRId64 "，但自然人、商业企业、科研机构、社会公益组织、"
				     "法律服务机构、其他各列之和为 %" PRId64,
				     report_app_rows[a].short_label, total, sum);
	}
}

/* ---- R3: （七）总计 = sum of the outcome rows ---- */

bool check_outcome_sum(const struct report *r, int col, int64_t *sum)
{
	*sum = 0;
	bool complete = true;
	for (int a = 0; a < APP_ROW_COUNT; a++)
		if (report_app_rows[a].is_outcome && report_app_row_in(report_app_edition(r), a) &&
		    !check_add(sum, r->applications[a][col]))
			complete = false;
	return complete;
}

static void check_outcome_totals(const struct report *r, struct findings *f)
{
	for (int c = 0; c < APP_COL_COUNT; c++) {
		int64_t sum, total = 0;
		if (check_outcome_sum(r, c, &sum) && check_add(&total, r->applications[APP_TOTAL][c]) && sum != total)
			findings_add(f, "R3", SEV_ERROR, false, "表三", "（七）总计", report_app_col_labels[c],
				     "表三 （七）总计 %s列 为 %" PRId64 "，但各办理结果之和为 %" PRId64,
				     report_app_col_labels[c], total, sum);
	}
}

/* ---- R1: 一 + 二 = （七）总计 + 四, per column ---- */

static void check_column_balance(const struct report *r, struct findings *f)
{
	for (int c = 0; c < APP_COL_COUNT; c++) {
		struct rcell n = r->applications[APP_NEW][c], o = r->applications[APP_CARRIED_OVER][c];
		struct rcell t = r->applications[APP_TOTAL][c], fw = r->applications[APP_CARRIED_FORWARD][c];
		int64_t in, out;
		if (sum_pair(n, o, &in) && sum_pair(t, fw, &out) && in != out)
			findings_add(f, "R1", SEV_ERROR, false, "表三", "（七）总计", report_app_col_labels[c],
				     "表三 %s列 勾稽关系不成立：一、本年新收 %" PRId64 " + 二、上年结转 %" PRId64
				     " = %" PRId64 "，但（七）总计 %" PRId64 " + 四、结转下年度继续办理 %" PRId64
				     " = %" PRId64,
				     report_app_col_labels[c], n.value, o.value, in, t.value, fw.value, out);
	}
}

/* ---- R4: table 四 block totals ---- */

static void check_case_totals(const struct report *r, struct findings *f)
{
	for (int b = 0; b < CASE_BLOCK_COUNT; b++) {
		const struct rcell *row = r->cases[b];
		int64_t sum, total = 0;
		if (check_sum_row(row, CASE_TOTAL, &sum) && check_add(&total, row[CASE_TOTAL]) && sum != total)
			findings_add(f, "R4", SEV_ERROR, false, "表四", report_case_block_labels[b], "总计",
				     "表四 %s 总计 为 %" PRId64
				     "，但结果维持、结果纠正、其他结果、尚未审结之和为 %" PRId64,
				     report_case_block_labels[b], total, sum);
	}
}

/* ---- C4 (2019): share of （六）其他处理 ---- */

#define C4_MIN_COUNT   3
#define C4_MAX_PERCENT 10

static void check_other_share(const struct report *r, struct findings *f)
{
	if (report_app_edition(r) != REPORT_EDITION_2019)
		return;
	struct rcell other = r->applications[APP_OTHER][APP_COL_TOTAL];
	struct rcell total = r->applications[APP_TOTAL][APP_COL_TOTAL];
	if (!other.present || !total.present || total.value <= 0 || total.value > INT64_MAX / 100 ||
	    other.value < C4_MIN_COUNT || other.value > total.value ||
	    other.value * 100 <= total.value * C4_MAX_PERCENT)
		return;
	findings_add(f, "C4", SEV_WARNING, false, "表三", "（六）其他处理", "总计",
		     "表三 （六）其他处理 总计列 为 %" PRId64 "，占（七）总计 %" PRId64 " 的 %" PRId64
		     "%%：原则上所有申请都应按法定方式处理，“其他处理”偏高，请核实并说明原因",
		     other.value, total.value, other.value * 100 / total.value);
}

void report_check(const struct report *r, struct findings *f)
{
	if (r->edition != REPORT_EDITION_2019 && r->edition != REPORT_EDITION_2021)
		return;
	check_cells_proactive(r, f);
	check_cells_applications(r, f);
	check_row_totals(r, f);
	check_outcome_totals(r, f);
	check_column_balance(r, f);
	check_other_share(r, f);
	check_cells_cases(r, f);
	check_case_totals(r, f);
	check_text_rules(r, f);
}

/* ---- R5: 二、上年结转(Y) = 四、结转下年度继续办理(Y−1) ---- */

static void check_carry_over(const struct report_years *prev, const struct report_years *cur, struct findings *f)
{
	for (int c = 0; c < APP_COL_COUNT; c++) {
		struct rcell now = cur->carried_over[c];
		struct rcell before = prev->carried_forward[c];
		if (now.present && before.present && now.value != before.value)
			findings_add(f, "R5", SEV_ERROR, false, "表三", report_app_rows[APP_CARRIED_OVER].short_label,
				     report_app_col_labels[c],
				     "表三 二、上年结转政府信息公开申请数量 %s列 为 %" PRId64 "，但 %d 年年报的"
				     "四、结转下年度继续办理 为 %" PRId64,
				     report_app_col_labels[c], now.value, prev->year, before.value);
	}
}

/* ---- R6 (2021): 现行有效件数 carried from year to year ---- */

enum { COL21_MADE, COL21_REPEALED, COL21_IN_FORCE };

static void check_in_force(const struct report_years *prev, const struct report_years *cur, struct findings *f)
{
	static const enum pro_row rows[] = {PRO_REGULATIONS, PRO_NORMATIVE};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct rcell *p = prev->proactive[rows[i]], *c = cur->proactive[rows[i]];
		int64_t expected;
		if (!sum_pair(p[COL21_IN_FORCE], c[COL21_MADE], &expected) || !c[COL21_REPEALED].present ||
		    !c[COL21_IN_FORCE].present)
			continue;
		if (__builtin_sub_overflow(expected, c[COL21_REPEALED].value, &expected))
			expected = INT64_MIN;
		if (c[COL21_IN_FORCE].value == expected)
			continue;
		const char *label = report_pro_row(cur->edition, rows[i])->label;
		findings_add(f, "R6", SEV_WARNING, false, "表二", label, "现行有效件数",
			     "表二 %s 现行有效件数 为 %" PRId64 "，但 %d 年的 %" PRId64 " + 本年制发 %" PRId64
			     " − 本年废止 %" PRId64 " = %" PRId64 "（文件也可能因有效期届满失效，请核实）",
			     label, c[COL21_IN_FORCE].value, prev->year, p[COL21_IN_FORCE].value, c[COL21_MADE].value,
			     c[COL21_REPEALED].value, expected);
	}
}

/* ---- R7 (2019): 上一年项目数量(Y−1) + 本年增/减(Y−1) = 上一年项目数量(Y) ---- */

enum { COL19_PREVIOUS, COL19_CHANGE };

static void check_item_counts(const struct report_years *prev, const struct report_years *cur, struct findings *f)
{
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(REPORT_EDITION_2019, p);
		if (!def || strcmp(def->col_keys[COL19_PREVIOUS], "previous_items") != 0)
			continue;
		const struct rcell *before = prev->proactive[p], *now = cur->proactive[p];
		int64_t expected;
		if (!sum_pair(before[COL19_PREVIOUS], before[COL19_CHANGE], &expected) ||
		    !now[COL19_PREVIOUS].present || now[COL19_PREVIOUS].value == expected)
			continue;
		findings_add(f, "R7", SEV_ERROR, false, "表二", def->label, "上一年项目数量",
			     "表二 %s 上一年项目数量 为 %" PRId64 "，但 %d 年年报的上一年项目数量 %" PRId64
			     " 加本年增/减 %" PRId64 " 为 %" PRId64,
			     def->label, now[COL19_PREVIOUS].value, prev->year, before[COL19_PREVIOUS].value,
			     before[COL19_CHANGE].value, expected);
	}
}

void report_years_of(const struct report *r, struct report_years *y)
{
	y->edition = r->edition;
	y->year = r->year;
	memcpy(y->proactive, r->proactive, sizeof y->proactive);
	memcpy(y->carried_over, r->applications[APP_CARRIED_OVER], sizeof y->carried_over);
	memcpy(y->carried_forward, r->applications[APP_CARRIED_FORWARD], sizeof y->carried_forward);
	y->problems = r->problems;
}

void report_check_years(const struct report *prev, const struct report *cur, struct findings *f)
{
	struct report_years p, c;
	report_years_of(prev, &p);
	report_years_of(cur, &c);
	report_check_years_kept(&p, &c, f, NULL);
}

void report_check_years_kept(const struct report_years *prev, const struct report_years *cur, struct findings *f,
			     struct report_years_memo *memo)
{
	check_carry_over(prev, cur, f);
	if (prev->edition == REPORT_EDITION_2021 && cur->edition == REPORT_EDITION_2021)
		check_in_force(prev, cur, f);
	if (prev->edition == REPORT_EDITION_2019 && cur->edition == REPORT_EDITION_2019)
		check_item_counts(prev, cur, f);
	check_repeated_problems(prev, cur, f, memo);
}
