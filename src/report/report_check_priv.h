/* report_check_priv.h — what the two halves of the checker share: report_check.c (table rules) and
 * report_check_text.c (rules on the free text: R9, R10, T1, T2). Not part of the public interface. */
#ifndef GONGKAI_REPORT_REPORT_CHECK_PRIV_H
#define GONGKAI_REPORT_REPORT_CHECK_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "report/findings.h"
#include "report/report.h"
#include "report/report_check.h"

/* Adds cell c to *acc (saturating on overflow); a blank cell adds 0. Returns false, leaving *acc
 * alone, when c is unknown (the parser could not tell its value). */
bool check_add(int64_t *acc, struct rcell c);
/* Sums n cells into *sum; false when any of them is blank. */
bool check_sum_row(const struct rcell *cells, int n, int64_t *sum);
/* Sums the outcome rows of the edition in column col; false when any of them is blank. */
bool check_outcome_sum(const struct report *r, int col, int64_t *sum);

/* R9, R10, T1 on one report. */
void check_text_rules(const struct report *r, struct findings *f);
/* T2: section 五 of cur nearly identical to prev's; memo (may be NULL) as for
 * report_check_years_kept. */
void check_repeated_problems(const struct report_years *prev, const struct report_years *cur, struct findings *f,
			     struct report_years_memo *memo);

#endif
