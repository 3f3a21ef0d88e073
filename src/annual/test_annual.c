/* test_annual.c — the annual report from records: the cases register and C2, the table-二 figures and
 * their CSV import (all or nothing), annual_build against hand-computed tables (carry-over across two
 * years, every outcome row, fees, items, cases), the refusals, and the import of a historical report
 * with the cross-year check against it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "annual/annual_testutil.h"
#include "report/report_json.h"
#include "util/buf.h"

static bool has_rule(const struct findings *f, const char *rule)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].rule, rule) == 0)
			return true;
	return false;
}

static void print_errors(const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity == SEV_ERROR)
			fprintf(stderr, "finding %s: %s\n", f->v[i].rule, f->v[i].message);
}

/* ---- cases ---- */

static int64_t add_case(struct annual_fixture *fx, const struct actor *actor, const char *kind, const char *role,
			const char *filed, const char *result, const char *result_on, char *err)
{
	struct annual_case_input in = {
	    .kind = kind, .role = role, .filed_on = filed, .result = result, .result_on = result_on};
	struct db *w = store_write_begin(fx->store);
	int64_t id = annual_case_add(w, actor, fx->agency_id, &in, fx->env.today, fx->now, err, ANNUAL_ERR_SIZE);
	assert_int_equal(store_write_end(fx->store, id > 0), 0);
	return id;
}

static void add_fixture_cases(struct annual_fixture *fx)
{
	char err[ANNUAL_ERR_SIZE];
	assert_true(add_case(fx, &fx->handler, "reconsideration", NULL, "2023-02-01", "upheld", "2023-04-01", err) > 0);
	assert_true(
	    add_case(fx, &fx->handler, "litigation_direct", NULL, "2023-11-01", "corrected", "2024-01-15", err) > 0);
	assert_true(add_case(fx, &fx->handler, "litigation_after", NULL, "2022-10-01", "other", "2023-03-01", err) > 0);
	assert_true(add_case(fx, &fx->handler, "litigation_after", "co_defendant", "2023-05-01", NULL, NULL, err) > 0);
	assert_true(add_case(fx, &fx->handler, "reconsideration", "original", "2023-06-01", "pending", NULL, err) > 0);
}

static void test_cases_register(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-cases");
	assert_non_null(fx);
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(add_case(fx, &fx->handler, "appeal", NULL, "2023-02-01", NULL, NULL, err), 0);
	assert_non_null(strstr(err, "案件类型"));
	assert_int_equal(add_case(fx, &fx->handler, "reconsideration", NULL, "2025-02-01", NULL, NULL, err), 0);
	assert_non_null(strstr(err, "晚于今天"));
	assert_int_equal(add_case(fx, &fx->handler, "reconsideration", NULL, "2023-02-01", "upheld", "2023-01-01", err),
			 0);
	assert_non_null(strstr(err, "不能早于"));
	assert_int_equal(add_case(fx, &fx->handler, "reconsideration", NULL, "2023-02-01", "upheld", NULL, err), 0);
	assert_non_null(strstr(err, "结果日期"));
	assert_int_equal(add_case(fx, &fx->handler, "reconsideration", "co_defendant", "2023-02-01", NULL, NULL, err),
			 0);
	assert_int_equal(add_case(fx, &fx->outsider, "reconsideration", NULL, "2023-02-01", NULL, NULL, err), 0);
	assert_int_equal(add_case(fx, &fx->editor, "reconsideration", NULL, "2023-02-01", NULL, NULL, err), 0);
	add_fixture_cases(fx);

	struct db *db = store_reader(fx->store);
	struct rcell cells[CASE_BLOCK_COUNT][CASE_COL_COUNT];
	assert_int_equal(annual_cases_count(db, fx->agency_id, 2023, cells), 0);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_UPHELD].value, 1);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_PENDING].value, 1);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_TOTAL].value, 2);
	assert_int_equal(cells[CASE_LITIGATION_DIRECT][CASE_PENDING].value, 1); /* decided only in 2024 */
	assert_int_equal(cells[CASE_LITIGATION_DIRECT][CASE_CORRECTED].value, 0);
	assert_int_equal(cells[CASE_LITIGATION_AFTER][CASE_OTHER].value, 1); /* filed 2022, decided 2023 */
	assert_int_equal(cells[CASE_LITIGATION_AFTER][CASE_TOTAL].value, 1); /* co-defendant case not counted (C2) */
	assert_int_equal(annual_cases_count(db, fx->agency_id, 2022, cells), 0);
	assert_int_equal(cells[CASE_LITIGATION_AFTER][CASE_PENDING].value, 1);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_TOTAL].value, 0);
	assert_int_equal(annual_cases_count(db, fx->agency_id, 2024, cells), 0);
	assert_int_equal(cells[CASE_LITIGATION_DIRECT][CASE_CORRECTED].value, 1);

	struct annual_case *list;
	size_t n;
	assert_int_equal(annual_case_list(db, fx->agency_id, 0, &list, &n), 0);
	assert_int_equal(n, 5);
	assert_true(list[3].co_defendant || list[2].co_defendant);
	free(list);
	assert_int_equal(annual_case_list(db, fx->agency_id, 2023, &list, &n), 0);
	assert_int_equal(n, 4);
	free(list);

	/* a result recorded later moves the case */
	struct db *w = store_write_begin(fx->store);
	assert_int_equal(annual_case_set_result(w, &fx->handler, 5, "corrected", "2023-12-01", fx->env.today, fx->now,
						err, sizeof err),
			 1);
	assert_int_equal(
	    annual_case_set_result(w, &fx->handler, 5, "upheld", "2023-05-01", fx->env.today, fx->now, err, sizeof err),
	    0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	assert_int_equal(annual_cases_count(store_reader(fx->store), fx->agency_id, 2023, cells), 0);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_CORRECTED].value, 1);
	assert_int_equal(cells[CASE_RECONSIDERATION][CASE_PENDING].value, 0);
	annual_fixture_close(fx);
}

/* ---- table 二 figures ---- */

static int set_figures(struct annual_fixture *fx, const struct actor *actor, const char *year, const char *lic,
		       const char *pun, const char *coe, const char *fees, char *err)
{
	struct annual_figures_input in = {year, lic, pun, coe, fees};
	struct db *w = store_write_begin(fx->store);
	int rc = annual_figures_set(w, actor, fx->agency_id, &in, fx->now, err, ANNUAL_ERR_SIZE);
	assert_int_equal(store_write_end(fx->store, rc == 1), 0);
	return rc;
}

static int import_csv(struct annual_fixture *fx, const char *csv, char *err)
{
	struct db *w = store_write_begin(fx->store);
	int rc =
	    annual_figures_import_csv(w, &fx->editor, fx->agency_id, csv, strlen(csv), fx->now, err, ANNUAL_ERR_SIZE);
	assert_int_equal(store_write_end(fx->store, rc > 0), 0);
	return rc;
}

static void test_figures(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-figures");
	assert_non_null(fx);
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(set_figures(fx, &fx->editor, "2023", "12", "-3", "0", "1", err), 0);
	assert_non_null(strstr(err, "行政处罚"));
	assert_int_equal(set_figures(fx, &fx->editor, "2023", "12", "3", "0", "12500元", err), 0);
	assert_non_null(strstr(err, "万元"));
	assert_int_equal(set_figures(fx, &fx->editor, "2023", "12", "3", "0", "1.2345678", err), 0);
	assert_int_equal(set_figures(fx, &fx->outsider, "2023", "12", "3", "0", "1", err), 0);
	assert_int_equal(set_figures(fx, &fx->editor, "2023", "12", "3", "0", "1.25万元", err), 1);
	struct annual_figures fig;
	assert_int_equal(annual_figures_get(store_reader(fx->store), fx->agency_id, 2023, &fig), 1);
	assert_int_equal(fig.licensing, 12);
	assert_int_equal(fig.punishment, 3);
	assert_int_equal(fig.fees_micro, 1250000);
	assert_int_equal(fig.entered_by, fx->editor.user_id);
	assert_string_equal(fig.source, "manual");

	/* a bad third line: nothing imported, the line named */
	const char *bad = "年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n2021,1,2,3,0.5\n2022,4,x,6,0\n";
	assert_int_equal(import_csv(fx, bad, err), -1);
	assert_non_null(strstr(err, "第 3 行"));
	assert_non_null(strstr(err, "行政处罚"));
	assert_int_equal(annual_figures_get(store_reader(fx->store), fx->agency_id, 2021, &fig), 0);
	assert_int_equal(import_csv(fx, "年度,行政许可,行政处罚,行政强制,行政事业性收费（元）\n2021,1,2,3,5\n", err),
			 -1);
	assert_non_null(strstr(err, "万元"));
	assert_int_equal(import_csv(fx, "年度,行政许可\n2021,1\n", err), -1);
	assert_non_null(strstr(err, "缺少列"));
	assert_int_equal(
	    import_csv(fx, "year,licensing,punishment,coercion,fees_wan\n2021,1,2,3,5\n2021,1,2,3,5\n", err), -1);
	assert_non_null(strstr(err, "两次"));

	const char *good = "\xEF\xBB\xBF行政许可,年度,行政处罚,行政强制,行政事业性收费（万元）\r\n7,2021,2,3,0."
			   "5\r\n\r\n8,2022,0,1,0\r\n";
	assert_int_equal(import_csv(fx, good, err), 2);
	assert_int_equal(annual_figures_get(store_reader(fx->store), fx->agency_id, 2021, &fig), 1);
	assert_int_equal(fig.licensing, 7);
	assert_int_equal(fig.fees_micro, 500000);
	assert_string_equal(fig.source, "csv");
	assert_int_equal(annual_figures_get(store_reader(fx->store), fx->agency_id, 2022, &fig), 1);
	assert_int_equal(fig.coercion, 1);
	annual_fixture_close(fx);
}

/* ---- building ---- */

static const char *const types[6] = {"natural_person", "commercial",	"research",
				     "social_welfare", "legal_service", "other"};

static void add_fixture_records(struct annual_fixture *fx)
{
	struct db *w = store_write_begin(fx->store);
	assert_non_null(w);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2021-06-01", "2021-07-01", "granted") >
		    0);
	/* received in December 2022, answered in January 2023 */
	int64_t dec = annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2022-12-20", "2023-01-10", "granted");
	assert_true(dec > 0);
	int64_t partial = annual_fixture_app(fx, w, fx->agency_id, "commercial", "2022-05-01", "2022-06-01", "partial");
	assert_int_equal(annual_fixture_event(w, partial, 2, "fee_notice", "2022-05-10", 150), 0);
	assert_int_equal(annual_fixture_event(w, partial, 3, "fee_paid", "2022-05-12", 0), 0);
	int i = 0;
	for (int row = 0; row < APP_ROW_COUNT; row++) {
		if (!report_app_rows[row].is_outcome || !report_app_row_in(REPORT_EDITION_2021, row))
			continue;
		int64_t id = annual_fixture_app(fx, w, fx->agency_id, types[i % 6], "2023-03-01", "2023-04-01",
						report_app_rows[row].key);
		assert_true(id > 0);
		if (i == 0) {
			assert_int_equal(annual_fixture_event(w, id, 2, "fee_notice", "2023-03-05", 200), 0);
			assert_int_equal(annual_fixture_event(w, id, 3, "fee_paid", "2023-03-10", 0), 0);
		}
		i++;
	}
	assert_int_equal(i, 21);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "commercial", "2023-12-28", NULL, NULL) > 0);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "legal_service", "2023-12-30", "2024-01-05",
				       "denied_state_secret") > 0);
	int64_t other =
	    annual_fixture_app(fx, w, fx->other_agency_id, "natural_person", "2023-02-01", "2023-02-10", "granted");
	assert_int_equal(annual_fixture_event(w, other, 2, "fee_paid", "2023-02-05", 500), 0);
	/* items: 2023 three in 政策文件 (one 行政规范性文件), two in 动态信息; a 2022 normative document repealed in
	 * 2023 */
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2023-02-01", "normative", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2023-05-01", "other", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2023-07-01", "other", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C02", "2023-08-01", "other", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C02", "2023-09-01", "other", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2022-05-01", "normative", "repealed", "2023-06-01"), 0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	add_fixture_cases(fx);
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(set_figures(fx, &fx->editor, "2023", "12", "3", "0", "1.25", err), 1);
}

static void assert_row(const struct report *r, int row, const int64_t expected[6])
{
	int64_t total = 0;
	for (int c = 0; c < 6; c++) {
		if (r->applications[row][c].value != expected[c])
			fprintf(stderr, "row %s col %d: %lld != %lld\n", report_app_rows[row].key, c,
				(long long)r->applications[row][c].value, (long long)expected[c]);
		assert_true(r->applications[row][c].present);
		assert_int_equal(r->applications[row][c].value, expected[c]);
		total += expected[c];
	}
	assert_int_equal(r->applications[row][APP_COL_TOTAL].value, total);
}

static void test_build_2023(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-build");
	assert_non_null(fx);
	add_fixture_records(fx);
	struct db *db = store_reader(fx->store);
	struct report r;
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2023, &r, &f, err, sizeof err), 0);
	print_errors(&f);
	assert_int_equal(findings_count(&f, SEV_ERROR), 0);
	assert_int_equal(r.edition, REPORT_EDITION_2021);
	assert_int_equal(r.year, 2023);
	assert_string_equal(r.agency, "汝州市钟楼街道办事处");

	assert_row(&r, APP_NEW, (int64_t[]){4, 5, 4, 3, 4, 3});
	assert_row(&r, APP_CARRIED_OVER, (int64_t[]){1, 0, 0, 0, 0, 0});
	int i = 0;
	for (int row = 0; row < APP_ROW_COUNT; row++) {
		if (!report_app_rows[row].is_outcome || !report_app_row_in(REPORT_EDITION_2021, row))
			continue;
		int64_t expected[6] = {0};
		expected[i % 6] = 1;
		if (row == APP_GRANTED)
			expected[0] += 1; /* the December 2022 application answered in January */
		assert_row(&r, row, expected);
		i++;
	}
	assert_row(&r, APP_TOTAL, (int64_t[]){5, 4, 4, 3, 3, 3});
	assert_row(&r, APP_CARRIED_FORWARD, (int64_t[]){0, 1, 0, 0, 1, 0});
	assert_false(r.applications[APP_OTHER][APP_COL_TOTAL].present); /* 2019-only row stays blank */

	assert_int_equal(r.cases[CASE_RECONSIDERATION][CASE_UPHELD].value, 1);
	assert_int_equal(r.cases[CASE_RECONSIDERATION][CASE_TOTAL].value, 2);
	assert_int_equal(r.cases[CASE_LITIGATION_DIRECT][CASE_PENDING].value, 1);
	assert_int_equal(r.cases[CASE_LITIGATION_AFTER][CASE_OTHER].value, 1);

	assert_int_equal(r.proactive[PRO_NORMATIVE][0].value, 1);
	assert_int_equal(r.proactive[PRO_NORMATIVE][1].value, 1);
	assert_int_equal(r.proactive[PRO_NORMATIVE][2].value, 1);
	assert_int_equal(r.proactive[PRO_REGULATIONS][2].value, 0);
	assert_int_equal(r.proactive[PRO_LICENSING][0].value, 12);
	assert_int_equal(r.proactive[PRO_PUNISHMENT][0].value, 3);
	assert_int_equal(r.proactive[PRO_FEES][0].value, 1250000);
	assert_true(r.processing_fee.present);
	assert_int_equal(r.processing_fee.value, 200LL * REPORT_MONEY_SCALE);

	assert_non_null(strstr(r.overview, "（一）主动公开情况"));
	assert_non_null(strstr(r.overview, "公开政府信息 5 条"));
	assert_non_null(strstr(r.overview, "收到政府信息公开申请 23 件"));
	assert_non_null(strstr(r.overview, "（五）监督保障情况"));
	assert_non_null(strstr(r.other, "共收取信息处理费 200 元"));
	assert_false(has_rule(&f, "R10")); /* the generated sentences agree with the tables */
	assert_false(has_rule(&f, "A3"));
	assert_true(has_rule(&f, "A4")); /* section 五 not written yet */
	report_free(&r);
	findings_free(&f);

	/* 2022: the December application is carried forward; R5 holds against 2023 by construction */
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2022, &r, &f, err, sizeof err), 0);
	assert_row(&r, APP_NEW, (int64_t[]){1, 1, 0, 0, 0, 0});
	assert_row(&r, APP_CARRIED_OVER, (int64_t[]){0, 0, 0, 0, 0, 0});
	assert_row(&r, APP_PARTIAL, (int64_t[]){0, 1, 0, 0, 0, 0});
	assert_row(&r, APP_CARRIED_FORWARD, (int64_t[]){1, 0, 0, 0, 0, 0});
	assert_int_equal(r.proactive[PRO_NORMATIVE][0].value, 1);
	assert_int_equal(r.proactive[PRO_NORMATIVE][2].value, 1);
	assert_int_equal(r.processing_fee.value, 150LL * REPORT_MONEY_SCALE);
	assert_true(has_rule(&f, "A3")); /* no figures entered for 2022 */
	assert_int_equal(findings_count(&f, SEV_ERROR), 0);
	report_free(&r);
	findings_free(&f);
	annual_fixture_close(fx);
}

static void test_build_text_and_refusals(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-refuse");
	assert_non_null(fx);
	struct db *db = store_reader(fx->store);
	struct report r;
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2025, &r, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "尚未开始"));
	report_free(&r);
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2018, &r, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "节假日安排"));
	report_free(&r);
	assert_int_equal(annual_build(db, &fx->env, 9999, 2023, &r, &f, err, sizeof err), -1);
	assert_non_null(strstr(err, "不存在"));
	report_free(&r);
	assert_int_equal(f.n, 0);

	/* an agency without records: all zero, said clearly; the current year is flagged as unfinished */
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2024, &r, &f, err, sizeof err), 0);
	assert_true(has_rule(&f, "A1"));
	assert_true(has_rule(&f, "A2"));
	assert_int_equal(r.applications[APP_TOTAL][APP_COL_TOTAL].value, 0);
	assert_true(r.applications[APP_TOTAL][APP_COL_TOTAL].present);
	report_free(&r);
	findings_free(&f);

	/* the agency's own text lands under its heading; section 五 like last year's is flagged (T2) */
	const char *problems = "一是工作人员业务水平还需提高；二是公开形式仍需丰富。";
	struct db *w = store_write_begin(fx->store);
	assert_int_equal(annual_text_set(w, &fx->editor, fx->agency_id, 2023, ANNUAL_TEXT_PLATFORM,
					 "本机关信息只通过汝州市政府门户网站进行公开。", fx->now, err, sizeof err),
			 1);
	assert_int_equal(annual_text_set(w, &fx->editor, fx->agency_id, 2023, ANNUAL_TEXT_PROBLEMS, problems, fx->now,
					 err, sizeof err),
			 1);
	assert_int_equal(annual_text_set(w, &fx->editor, fx->agency_id, 2022, ANNUAL_TEXT_PROBLEMS, problems, fx->now,
					 err, sizeof err),
			 1);
	assert_int_equal(
	    annual_text_set(w, &fx->outsider, fx->agency_id, 2022, ANNUAL_TEXT_PROBLEMS, "x", fx->now, err, sizeof err),
	    0);
	assert_true(annual_fixture_item(fx, w, "C02", "2022-03-01", "other", "valid", "") == 0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2023, &r, &f, err, sizeof err), 0);
	const char *platform = strstr(r.overview, "（四）政府信息公开平台建设情况\n本机关信息只通过");
	assert_non_null(platform);
	assert_string_equal(r.problems, problems);
	assert_true(has_rule(&f, "T2"));
	assert_false(has_rule(&f, "A4"));
	report_free(&r);
	findings_free(&f);
	annual_fixture_close(fx);
}

static char *read_seed(void)
{
	struct buf b = {0};
	assert_int_equal(
	    buf_read_file(&b, GONGKAI_SOURCE_DIR "/tests/fixtures/reports/ruzhou-zhonglou-2023.txt", 1 << 20), 0);
	return buf_take(&b);
}

static void test_import_and_cross_year(void **state)
{
	(void)state;
	struct annual_fixture *fx = annual_fixture_open("annual-import");
	assert_non_null(fx);
	char *seed = read_seed();
	char err[ANNUAL_ERR_SIZE];
	struct findings f = {0};
	int year = 0;
	struct db *w = store_write_begin(fx->store);
	int64_t id = annual_import(w, &fx->editor, fx->agency_id, seed, strlen(seed), "seed.txt", fx->now, &year, &f,
				   err, sizeof err);
	assert_true(id > 0);
	assert_int_equal(year, 2023);
	assert_int_equal(annual_import(w, &fx->editor, fx->agency_id, seed, strlen(seed), "seed.txt", fx->now, &year,
				       &f, err, sizeof err),
			 0);
	assert_non_null(strstr(err, "已有"));
	assert_int_equal(annual_import(w, &fx->editor, fx->other_agency_id, seed, strlen(seed), "seed.txt", fx->now,
				       &year, &f, err, sizeof err),
			 0);
	assert_int_equal(annual_import(w, &fx->editor, fx->agency_id, "not a report", 12, "x.txt", fx->now, &year, &f,
				       err, sizeof err),
			 0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	/* the frozen archive refuses changes (a refused statement ends its transaction on PostgreSQL) */
	w = store_write_begin(fx->store);
	struct db_stmt *st = db_prepare(w, "UPDATE annual_report SET json = '{}' WHERE id = :id");
	db_bind_int(st, ":id", id);
	assert_int_equal(db_step(st), -1);
	assert_int_equal(store_write_end(fx->store, false), 0);
	w = store_write_begin(fx->store);
	/* an application received late in 2023 that the imported report did not carry forward */
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2023-12-30", "2024-01-05", "granted") >
		    0);
	assert_int_equal(store_write_end(fx->store, true), 0);
	findings_free(&f);

	struct db *db = store_reader(fx->store);
	struct report prev, cur;
	assert_int_equal(annual_archived(db, fx->agency_id, 2023, &prev), 1);
	assert_int_equal(prev.applications[APP_UNABLE_NO_INFO][APP_COL_NATURAL].value, 1);
	report_free(&prev);
	assert_int_equal(annual_build(db, &fx->env, fx->agency_id, 2024, &cur, &f, err, sizeof err), 0);
	assert_int_equal(cur.applications[APP_CARRIED_OVER][APP_COL_NATURAL].value, 1);
	assert_true(has_rule(&f, "R5")); /* 上年结转 1 against the archived 结转下年度 0 */
	report_free(&cur);
	findings_free(&f);
	free(seed);
	annual_fixture_close(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases_register),
	    cmocka_unit_test(test_figures),
	    cmocka_unit_test(test_build_2023),
	    cmocka_unit_test(test_build_text_and_refusals),
	    cmocka_unit_test(test_import_and_cross_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
