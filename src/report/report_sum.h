/* report_sum.h — the aggregated report (汇总年报) of a supervising agency as arithmetic on report models:
 * tables 二, 三 and 四 summed cell by cell over the reports of the agencies it sums (条例第四十九条; the
 * 本级政府 report of a 县 or 市), and the hierarchy rule that a published aggregate equals the sum of its
 * parts. Pure: no I/O, no SQL; the callers (src/supervise, `gongkai report aggregate-check`) bring
 * the parts.
 *
 * Rule ids: H1 (error) a cell of the aggregate differs from the sum of the parts; H2 (warning) a part
 * leaves a cell blank or unreadable, so the sum counts it as 0. Only the 2021 edition is summed (the
 * 2019 edition has other rows; a year's parts are all of one edition) — except that a part whose table
 * 三 alone is written in the 2019 edition (a mixed report, parser finding P5) is summed with its one
 * （六）其他处理 row counted as 2021's 3.其他 (and an H2 warning saying so). */
#ifndef GONGKAI_REPORT_REPORT_SUM_H
#define GONGKAI_REPORT_REPORT_SUM_H

#include <stddef.h>

#include "report/findings.h"
#include "report/report.h"

/* One report summed into an aggregate and the name messages call it by (the agency; not owned). */
struct report_part {
	const struct report *report;
	const char *name;
};

/* Sums the parts cell by cell into out (initialised here: 2021 edition, `year`, a copy of `agency`,
 * no section text): every cell of tables 二, 三 (all seven columns, 总计 included), 四 and the
 * 信息处理费; money cells exactly (millionths). A part's blank or unknown cell counts as 0 and is named
 * in an H2 warning appended to f (f may be NULL). n may be 0 (an all-zero report). Returns 0, or -1
 * with a Chinese message in err naming the part (table 二 not of the 2021 edition, or a sum that overflows); out is
 * then empty but initialised (report_free it either way). */
int report_sum(const struct report_part *parts, size_t n, int year, const char *agency, struct report *out,
	       struct findings *f, char *err, size_t errsize);

/* The hierarchy rule: every cell of tables 二–四 of `aggregate` against the sum of the parts. Each cell
 * that differs is one H1 error (table, row and column labels set) whose message gives both numbers, the
 * difference, the parts with a number in that cell and — when the difference equals one part's number —
 * that part as the likely cause (left out or counted twice). Returns the number of differing cells, or
 * -1 with err when the parts cannot be summed or the aggregate is not of the 2021 edition. */
int report_sum_check(const struct report *aggregate, const struct report_part *parts, size_t n, struct findings *f,
		     char *err, size_t errsize);

#endif
