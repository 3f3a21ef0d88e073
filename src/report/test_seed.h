/* test_seed.h — the seed report (汝州市钟楼街道办事处 2023, tests/fixtures/reports/) built as a model in
 * C for the checker and renderer tests: its numbers set by hand, its section texts read from the
 * published file. Included by test_check.c and test_render.c only. */
#ifndef GONGKAI_REPORT_TEST_SEED_H
#define GONGKAI_REPORT_TEST_SEED_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report.h"
#include "util/buf.h"

#define SEED_PATH GONGKAI_SOURCE_DIR "/tests/fixtures/reports/ruzhou-zhonglou-2023.txt"

/* Text between the heading line `from` and the heading line `to` (or the end), malloc'd. */
static inline char *seed_section(const char *text, const char *from, const char *to)
{
	char start_line[128], end_line[128];
	snprintf(start_line, sizeof start_line, "\n%s\n", from);
	const char *start = strstr(text, start_line);
	assert_non_null(start);
	start += strlen(start_line);
	const char *end = to ? NULL : start + strlen(start);
	if (to) {
		snprintf(end_line, sizeof end_line, "\n%s\n", to);
		end = strstr(start, end_line);
		assert_non_null(end);
	}
	return xstrndup(start, (size_t)(end - start));
}

static inline void seed_set_row(struct report *r, enum app_row row, const int64_t values[APP_COL_COUNT])
{
	for (int c = 0; c < APP_COL_COUNT; c++)
		r->applications[row][c] = rcell_of(values[c]);
}

/* Fills r (which it initialises) with the seed report; caller frees with report_free. */
static inline void seed_report(struct report *r)
{
	static const int64_t one_natural[APP_COL_COUNT] = {1, 0, 0, 0, 0, 0, 1};
	struct buf file = {0};
	assert_int_equal(buf_read_file(&file, SEED_PATH, 1 << 20), 0);
	report_init(r, REPORT_EDITION_2021);
	report_zero(r);
	r->year = 2023;
	r->agency = xstrdup("汝州市钟楼街道办事处");
	seed_set_row(r, APP_NEW, one_natural);
	seed_set_row(r, APP_UNABLE_NO_INFO, one_natural);
	seed_set_row(r, APP_TOTAL, one_natural);
	char *overview = seed_section(file.data, report_section_titles[0], report_section_titles[1]);
	char *problems = seed_section(file.data, report_section_titles[4], report_section_titles[5]);
	char *other = seed_section(file.data, report_section_titles[5], NULL);
	report_set_text(&r->overview, overview);
	report_set_text(&r->problems, problems);
	report_set_text(&r->other, other);
	r->processing_fee = rcell_of(0);
	free(overview);
	free(problems);
	free(other);
	buf_free(&file);
}

#endif
