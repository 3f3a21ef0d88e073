/* report_check.h — the consistency rules (勾稽关系) of FORMAT.md §3 applied to a report.
 *
 * Rule ids: R1 新收+结转 = 办理结果总计+结转下年度 (per column); R2 row totals; R3 （七）总计 = sum of
 * the outcome rows; R4 table 四 block totals; R5 上年结转(Y) = 结转下年度(Y−1); R6 2021 现行有效件数
 * carry (warning); R7 2019 上一年项目数量 carry; R8 cells (blank, negative); R9 plausibility of 规章
 * (warning); R10 numbers quoted in 一、总体情况 against the tables (warning); C4 2019 其他处理
 * share (warning); T1 title/statistics year; T2 年年雷同 section 五 (warning). Arithmetic rules skip
 * a sum when one of its cells is blank (R8 reports the blank). */
#ifndef GONGKAI_REPORT_REPORT_CHECK_H
#define GONGKAI_REPORT_REPORT_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "report/findings.h"
#include "report/report.h"

/* Single-report rules (R1–R4, R8–R10, C4). */
void report_check(const struct report *r, struct findings *f);

/* What the cross-year rules read of one report: the edition, year, table 二, the two carry-over
 * rows of table 三 and section 五. A batch of thousands keeps this (~0.6 KiB and section 五) for
 * every report until all are read, rather than the whole model (~3.6 KiB). */
struct report_years {
	int edition, year;
	struct rcell proactive[PRO_ROW_COUNT][PRO_MAX_COLS];
	struct rcell carried_over[APP_COL_COUNT];    /* table 三 二、上年结转 */
	struct rcell carried_forward[APP_COL_COUNT]; /* table 三 四、结转下年度继续办理 */
	char *problems; /* section 五 or NULL; report_years_of borrows r's, a batch owns its copy */
};

/* Fills y with what the cross-year rules read of r (y->problems points into r). */
void report_years_of(const struct report *r, struct report_years *y);

/* Cross-year rules between the same agency's reports of year Y−1 (prev) and Y (cur): R5–R7 and
 * the 年年雷同 warning on section 五. Findings are about cur. */
void report_check_years(const struct report *prev, const struct report *cur, struct findings *f);

/* The section 五 character bigrams (T2) of the last report checked as `cur` by
 * report_check_years_kept, kept so that the next call, where that report is `prev` (a batch walks
 * each agency's years in order), does not compute them again; and the buffers T2 reuses from call
 * to call. Starts zeroed; report_years_memo_free releases it. */
struct report_years_memo {
	const struct report_years *report; /* whose bigrams are kept (it must not change meanwhile), or NULL */
	uint64_t *bigrams;		   /* report's bigrams: n of cap */
	size_t n, cap;
	uint64_t *spare; /* a second buffer of spare_cap, for the other report of a comparison */
	size_t spare_cap;
	struct bigram_table {
		struct bigram_slot *slots;
		size_t size;	/* slots: a power of two, at least twice the bigrams counted */
		uint32_t stamp; /* of the current comparison: a slot with another stamp is free */
	} table;		/* the multiset counter (report_check_text.c) */
};
/* report_check_years on the kept parts of two reports, with memo reused for prev when it holds
 * prev's bigrams and left holding cur's. */
void report_check_years_kept(const struct report_years *prev, const struct report_years *cur, struct findings *f,
			     struct report_years_memo *memo);
void report_years_memo_free(struct report_years_memo *memo);

#endif
