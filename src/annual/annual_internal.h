/* annual_internal.h — helpers shared by the files of src/annual/ only (not part of the module's API). */
#ifndef GONGKAI_ANNUAL_ANNUAL_INTERNAL_H
#define GONGKAI_ANNUAL_ANNUAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

/* Formats a Chinese message into err (may be NULL) and returns -1, so callers write
 * `return annual_fail(err, size, "…");`. */
int annual_fail(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Index of name in names[0..n), or -1 (also for NULL). */
int annual_name_index(const char *const *names, int n, const char *name);

/* Parses a required "YYYY-MM-DD" field called label (Chinese) that may not lie after today.
 * Returns 0 (sets *day) or -1 with a message naming the field. */
int annual_parse_day(const char *label, const char *text, int today, int *day, char *err, size_t errsize);

/* Day number of an ISO date column, CAL_NO_DAY for NULL, "" or malformed text. */
int annual_day_of(const char *iso);

/* Parses a non-negative decimal with at most six decimal places into millionths. Returns 0 or -1. */
int annual_parse_decimal(const char *text, int64_t *micro);

/* Applicant type name (020_apply.sql) → column of table 三 (enum app_col); an unknown type counts as
 * 其他 (APP_COL_OTHER_ORG). Shared by the counting (build_tables.c) and the drill-down (drill.c). */
int annual_app_column(const char *type);

/* Outcome key → outcome row of the 2021 table 三 (enum app_row); an unknown or 2019-only key falls in
 * （六）3.其他 (APP_OTHER_OTHER). */
int annual_app_row(const char *outcome);

/* Where an application received by 31 Dec and open on 1 Jan falls in table 三 of the year (start, end:
 * day numbers of 1 January and 31 December): the one rule behind the counts and the drill-down. */
struct annual_app_place {
	bool is_new, carried_over, concluded, carried_forward;
	int outcome_row; /* -1 unless concluded */
};
struct annual_app_place annual_app_place(int received, int concluded, int start, int end, const char *outcome);

#endif
