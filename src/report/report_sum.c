/* report_sum.c — summing reports cell by cell into an aggregated report and checking a published
 * aggregate against its parts (report_sum.h). One enumeration of the 2021 edition's cells of tables
 * 二–四 serves both, so the sum and the check can never disagree about which cells exist. */
#include "report/report_sum.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

enum sum_table { SUM_PRO, SUM_APP, SUM_CASE };

struct cell_pos {
	enum sum_table table;
	int row, col;
};

#define CELL_MAX     (PRO_ROW_COUNT * PRO_MAX_COLS + APP_ROW_COUNT * APP_COL_COUNT + CASE_BLOCK_COUNT * CASE_COL_COUNT)
#define NAMES_LISTED 20 /* parts named in one H1 message; the rest are counted */

/* Every cell of tables 二, 三 and 四 of the 2021 edition in report order. Returns how many (<= CELL_MAX). */
static size_t cells_2021(struct cell_pos *out)
{
	size_t n = 0;
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(REPORT_EDITION_2021, p);
		for (int c = 0; def && c < def->ncols; c++)
			out[n++] = (struct cell_pos){SUM_PRO, p, c};
	}
	for (int a = 0; a < APP_ROW_COUNT; a++)
		for (int c = 0; report_app_row_in(REPORT_EDITION_2021, a) && c < APP_COL_COUNT; c++)
			out[n++] = (struct cell_pos){SUM_APP, a, c};
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++)
			out[n++] = (struct cell_pos){SUM_CASE, b, c};
	return n;
}

static const struct rcell *cell_of(const struct report *r, struct cell_pos p)
{
	return p.table == SUM_PRO   ? &r->proactive[p.row][p.col]
	       : p.table == SUM_APP ? &r->applications[p.row][p.col]
				    : &r->cases[p.row][p.col];
}

static const struct rcell zero_cell = {.value = 0, .present = true};

/* The cell of a part as it counts in the 2021 edition: a table 三 written in the 2019 edition (a mixed
 * report) has one （六）其他处理 row, counted as 2021's 3.其他; its 1. and 2. rows count as 0. */
static const struct rcell *part_cell(const struct report *r, struct cell_pos p)
{
	if (p.table != SUM_APP || report_app_edition(r) != REPORT_EDITION_2019)
		return cell_of(r, p);
	if (p.row == APP_OTHER_OTHER)
		return &r->applications[APP_OTHER][p.col];
	return p.row == APP_OTHER_NO_CORRECTION || p.row == APP_OTHER_NO_FEE ? &zero_cell : cell_of(r, p);
}

static struct rcell *cell_mut(struct report *r, struct cell_pos p)
{
	return (struct rcell *)cell_of(r, p);
}

/* The template's labels of a cell and its kind. */
static void cell_labels(struct cell_pos p, const char **table, const char **row, const char **col, enum cell_kind *kind)
{
	*kind = CELL_COUNT;
	if (p.table == SUM_PRO) {
		const struct pro_row_def *def = report_pro_row(REPORT_EDITION_2021, p.row);
		*table = "表二";
		*row = def->label;
		*col = def->col_labels[p.col];
		*kind = def->kinds[p.col];
	} else if (p.table == SUM_APP) {
		*table = "表三";
		*row = report_app_rows[p.row].short_label ? report_app_rows[p.row].short_label
							  : report_app_rows[p.row].label;
		*col = report_app_col_labels[p.col];
	} else {
		*table = "表四";
		*row = report_case_block_labels[p.row];
		*col = report_case_col_labels[p.col];
	}
}

static const char *part_name(const struct report_part *part)
{
	return part->name && *part->name ? part->name : part->report->agency ? part->report->agency : "（未写明机关）";
}

/* Writes "<name> <what>" into err and returns -1. */
static int fail(char *err, size_t errsize, const char *name, const char *what)
{
	if (err && errsize)
		snprintf(err, errsize, "%s %s", name, what);
	return -1;
}

/* Refuses a part whose table 二 is not of the 2021 edition (table 三 may be of 2019: see part_cell). */
static int check_edition(const struct report_part *part, char *err, size_t errsize)
{
	const struct report *r = part->report;
	int app = report_app_edition(r);
	if (r->edition == REPORT_EDITION_2021 && (app == REPORT_EDITION_2021 || app == REPORT_EDITION_2019))
		return 0;
	return fail(err, errsize, part_name(part),
		    "的年报不是 2021 年版格式（国办公开办函〔2021〕30号），不能与其他单位逐格汇总");
}

/* Adds one part's cells to out. Returns 0, or -1 on overflow (err). */
static int add_part(struct report *out, const struct report_part *part, const struct cell_pos *cells, size_t ncells,
		    struct findings *f, char *err, size_t errsize)
{
	size_t blanks = 0;
	const struct cell_pos *first = NULL;
	for (size_t i = 0; i < ncells; i++) {
		const struct rcell *c = part_cell(part->report, cells[i]);
		struct rcell *acc = cell_mut(out, cells[i]);
		if (!c->present) {
			if (!first)
				first = &cells[i];
			blanks++;
			continue;
		}
		if (__builtin_add_overflow(acc->value, c->value, &acc->value))
			return fail(err, errsize, part_name(part), "的年报数字过大，汇总溢出");
	}
	const struct rcell *fee = &part->report->processing_fee;
	if (fee->present && __builtin_add_overflow(out->processing_fee.value, fee->value, &out->processing_fee.value))
		return fail(err, errsize, part_name(part), "的年报信息处理费过大，汇总溢出");
	if (f && report_app_edition(part->report) == REPORT_EDITION_2019)
		findings_add(f, "H2", SEV_WARNING, false, "表三", report_app_rows[APP_OTHER].short_label, NULL,
			     "%s 的年报表三按 2019 年版格式填写：其“（六）其他处理”计入 2021 年版的“3.其他”",
			     part_name(part));
	if (blanks && f) {
		const char *table, *row, *col;
		enum cell_kind kind;
		cell_labels(*first, &table, &row, &col, &kind);
		findings_add(f, "H2", SEV_WARNING, false, table, row, col,
			     "%s 的年报有 %zu 格空白或无法读出，汇总时按 0 计（第一格：%s %s %s列），请向该单位核实",
			     part_name(part), blanks, table, row, col);
	}
	return 0;
}

int report_sum(const struct report_part *parts, size_t n, int year, const char *agency, struct report *out,
	       struct findings *f, char *err, size_t errsize)
{
	report_init(out, REPORT_EDITION_2021);
	report_zero(out);
	out->year = year;
	out->agency = agency ? xstrdup(agency) : NULL;
	out->processing_fee = rcell_of(0);
	struct cell_pos cells[CELL_MAX];
	size_t ncells = cells_2021(cells);
	for (size_t i = 0; i < n; i++)
		if (check_edition(&parts[i], err, errsize) < 0 ||
		    add_part(out, &parts[i], cells, ncells, f, err, errsize) < 0) {
			report_free(out);
			report_init(out, REPORT_EDITION_2021);
			return -1;
		}
	return 0;
}

/* Appends "A 10、B 13" for the parts with a non-zero number in the cell (at most NAMES_LISTED). */
static void list_contributors(struct buf *b, const struct report_part *parts, size_t n, struct cell_pos p,
			      enum cell_kind kind)
{
	size_t listed = 0, more = 0;
	for (size_t i = 0; i < n; i++) {
		const struct rcell *c = part_cell(parts[i].report, p);
		if (!c->present || c->value == 0)
			continue;
		if (listed == NAMES_LISTED) {
			more++;
			continue;
		}
		char text[32];
		rcell_format(*c, kind, text, sizeof text);
		buf_printf(b, "%s%s %s", listed++ ? "、" : "", part_name(&parts[i]), text);
	}
	if (listed == 0)
		buf_puts(b, "各单位该格均为 0");
	if (more)
		buf_printf(b, " 等（另有 %zu 个单位）", more);
}

/* The part whose number in the cell equals the difference (the likely cause), or NULL. */
static const struct report_part *part_matching(const struct report_part *parts, size_t n, struct cell_pos p,
					       int64_t diff)
{
	int64_t want = diff < 0 ? -diff : diff;
	for (size_t i = 0; i < n; i++) {
		const struct rcell *c = part_cell(parts[i].report, p);
		if (c->present && c->value == want && want != 0)
			return &parts[i];
	}
	return NULL;
}

/* One H1 finding for a differing cell. */
static void report_difference(const struct report_part *parts, size_t n, struct cell_pos p, int64_t written,
			      int64_t sum, struct findings *f)
{
	const char *table, *row, *col;
	enum cell_kind kind;
	cell_labels(p, &table, &row, &col, &kind);
	int64_t diff = written - sum;
	char w[32], s[32], d[32];
	rcell_format(rcell_of(written), kind, w, sizeof w);
	rcell_format(rcell_of(sum), kind, s, sizeof s);
	rcell_format(rcell_of(diff < 0 ? -diff : diff), kind, d, sizeof d);
	struct buf b = {0};
	buf_printf(&b, "%s %s %s列 汇总报告为 %s，各单位之和为 %s（%s %s）。该格各单位：", table, row, col, w, s,
		   diff > 0 ? "多" : "少", d);
	list_contributors(&b, parts, n, p, kind);
	const struct report_part *cause = part_matching(parts, n, p, diff);
	if (cause)
		buf_printf(&b, "。差额恰等于 %s 的该格数字（疑似%s该单位）", part_name(cause),
			   diff < 0 ? "漏汇" : "重复汇总");
	findings_add(f, "H1", SEV_ERROR, false, table, row, col, "%s", b.data);
	buf_free(&b);
}

int report_sum_check(const struct report *aggregate, const struct report_part *parts, size_t n, struct findings *f,
		     char *err, size_t errsize)
{
	struct report_part self = {aggregate, aggregate->agency ? aggregate->agency : "汇总报告"};
	if (check_edition(&self, err, errsize) < 0)
		return -1;
	struct report sum;
	if (report_sum(parts, n, aggregate->year, aggregate->agency, &sum, f, err, errsize) < 0) {
		report_free(&sum);
		return -1;
	}
	struct cell_pos cells[CELL_MAX];
	size_t ncells = cells_2021(cells);
	int differing = 0;
	for (size_t i = 0; i < ncells; i++) {
		const struct rcell *written = cell_of(aggregate, cells[i]);
		if (written->unknown)
			continue; /* the parser said why; nothing to compare */
		int64_t value = written->present ? written->value : 0;
		int64_t expected = cell_of(&sum, cells[i])->value;
		if (value != expected) {
			report_difference(parts, n, cells[i], value, expected, f);
			differing++;
		}
	}
	report_free(&sum);
	return differing;
}
