/* test_demo.c — demo fidelity: the demo database's 街道办事处 2023 report, built from its records,
 * has exactly the numbers of the seed report (reference/ruzhou-zhonglou-2023.txt, parsed), and the
 * other demo years carry an application across the new year consistently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_demo.h"
#include "domain/demo.h"
#include "report/report_parse.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

struct demo_fixture {
	char dir[64];
	struct store *store;
	struct calendar *cal;
	struct annual_env env;
	int64_t agency_id;
};

static int setup(void **state)
{
	struct demo_fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-annual-demo-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[512];
	f->store = test_store_open(f->dir, err, sizeof err);
	struct demo_account accounts[DEMO_ACCOUNTS];
	int64_t now = 1768442400; /* 2026-01-15 */
	if (!f->store || demo_load(f->store, now, accounts, err, sizeof err) < 0 ||
	    annual_demo_load(f->store, now, err, sizeof err) < 0) {
		fprintf(stderr, "demo: %s\n", err);
		return -1;
	}
	f->cal = calendar_new();
	if (calendar_load_embedded(f->cal, err, sizeof err) < 0)
		return -1;
	f->env = (struct annual_env){.cal = f->cal, .today = cal_day_from_date(2026, 1, 15)};
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT id FROM agency WHERE name = :name");
	db_bind_text(st, ":name", ANNUAL_DEMO_AGENCY);
	if (db_step_int(st, &f->agency_id) != 1)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct demo_fixture *f = *state;
	store_close(f->store);
	calendar_free(f->cal);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void assert_same_cell(struct rcell a, struct rcell b, const char *where)
{
	if (a.present != b.present || a.value != b.value)
		fprintf(stderr, "%s: built %lld (%d), seed %lld (%d)\n", where, (long long)a.value, a.present,
			(long long)b.value, b.present);
	assert_int_equal(a.present, b.present);
	assert_int_equal(a.value, b.value);
}

static void test_demo_2023_equals_seed(void **state)
{
	struct demo_fixture *f = *state;
	struct buf text = {0};
	assert_int_equal(
	    buf_read_file(&text, GONGKAI_SOURCE_DIR "/tests/fixtures/reports/ruzhou-zhonglou-2023.txt", 1 << 20), 0);
	struct report seed, built;
	struct findings pf = {0}, bf = {0};
	char err[512];
	assert_int_equal(report_parse(text.data, text.len, &seed, &pf, err, sizeof err), 0);
	assert_int_equal(
	    annual_build(store_reader(f->store), &f->env, f->agency_id, 2023, &built, &bf, err, sizeof err), 0);
	assert_int_equal(findings_count(&bf, SEV_ERROR), 0);
	assert_int_equal(built.edition, seed.edition);
	assert_int_equal(built.year, seed.year);
	assert_string_equal(built.agency, seed.agency);
	char where[96];
	for (int r = 0; r < PRO_ROW_COUNT; r++)
		for (int c = 0; c < PRO_MAX_COLS; c++) {
			snprintf(where, sizeof where, "表二 %d/%d", r, c);
			assert_same_cell(built.proactive[r][c], seed.proactive[r][c], where);
		}
	for (int r = 0; r < APP_ROW_COUNT; r++)
		for (int c = 0; c < APP_COL_COUNT; c++) {
			snprintf(where, sizeof where, "表三 %s/%s", report_app_rows[r].key, report_app_col_labels[c]);
			assert_same_cell(built.applications[r][c], seed.applications[r][c], where);
		}
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		for (int c = 0; c < CASE_COL_COUNT; c++) {
			snprintf(where, sizeof where, "表四 %d/%d", b, c);
			assert_same_cell(built.cases[b][c], seed.cases[b][c], where);
		}
	assert_int_equal(built.applications[APP_UNABLE_NO_INFO][APP_COL_NATURAL].value, 1);
	/* the sentence of 一（一）, as the seed words it */
	assert_non_null(strstr(built.overview,
			       "公开政府信息 66 条。其中发布政策文件信息 7 条，动态信息 32 条，规划计划 2 条，"
			       "会议报告 5 条，财政信息 7 条，安全生产 5 条，社会救助 4 条，养老服务 2 条，"
			       "涉农补贴 1 条，公示公告 1 条。"));
	assert_non_null(strstr(built.other, "未收取信息处理费"));
	report_free(&seed);
	report_free(&built);
	findings_free(&pf);
	findings_free(&bf);
	buf_free(&text);
}

static void test_demo_other_years(void **state)
{
	struct demo_fixture *f = *state;
	struct report r24, r25;
	struct findings f24 = {0}, f25 = {0};
	char err[512];
	struct db *db = store_reader(f->store);
	assert_int_equal(annual_build(db, &f->env, f->agency_id, 2024, &r24, &f24, err, sizeof err), 0);
	assert_int_equal(annual_build(db, &f->env, f->agency_id, 2025, &r25, &f25, err, sizeof err), 0);
	assert_int_equal(findings_count(&f24, SEV_ERROR), 0);
	assert_int_equal(findings_count(&f25, SEV_ERROR), 0);
	assert_int_equal(r24.applications[APP_NEW][APP_COL_TOTAL].value, 5);
	assert_int_equal(r24.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL].value, 1);
	assert_int_equal(r25.applications[APP_CARRIED_OVER][APP_COL_TOTAL].value, 1);
	assert_int_equal(r24.proactive[PRO_NORMATIVE][0].value, 2);
	assert_int_equal(r25.proactive[PRO_NORMATIVE][2].value, 3);
	assert_int_equal(r24.proactive[PRO_LICENSING][0].value, 36);
	assert_int_equal(r24.cases[CASE_RECONSIDERATION][CASE_UPHELD].value, 1);
	assert_int_equal(r25.cases[CASE_LITIGATION_DIRECT][CASE_PENDING].value, 1);
	report_free(&r24);
	report_free(&r25);
	findings_free(&f24);
	findings_free(&f25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_demo_2023_equals_seed),
	    cmocka_unit_test(test_demo_other_years),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
