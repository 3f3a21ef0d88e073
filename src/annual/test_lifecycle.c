/* test_lifecycle.c — the annual report's lifecycle (approve → publish → correct, frozen versions and
 * their database triggers, refusal of a report that breaks a hard rule), the statutory deadline, the
 * drill-down lists (each must add up to the cell it explains), the trend and the workbench summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "annual/annual_archive.h"
#include "annual/annual_testutil.h"
#include "report/report_json.h"
#include "util/buf.h"

struct lc {
	struct annual_fixture *fx;
	struct actor leader;
	char err[ANNUAL_ERR_SIZE];
};

static struct lc *lc_open(const char *tag)
{
	struct lc *t = xcalloc(1, sizeof *t);
	t->fx = annual_fixture_open(tag);
	assert_non_null(t->fx);
	struct db *w = store_write_begin(t->fx->store);
	t->leader = annual_fixture_user(w, t->fx->agency_id, "leader", ROLE_LEADER);
	assert_true(t->leader.user_id > 0);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	return t;
}

static void lc_close(struct lc *t)
{
	annual_fixture_close(t->fx);
	free(t);
}

/* Records of 2022 and 2023: a December application answered in January, outcomes, documents, cases. */
static void add_records(struct lc *t)
{
	struct annual_fixture *fx = t->fx;
	struct db *w = store_write_begin(fx->store);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2022-03-01", "2022-03-20", "granted") >
		    0);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2022-12-20", "2023-01-10", "partial") >
		    0);
	assert_true(
	    annual_fixture_app(fx, w, fx->agency_id, "commercial", "2023-02-01", "2023-02-15", "unable_no_info") > 0);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "research", "2023-05-01", "2023-05-20", "granted") > 0);
	assert_true(annual_fixture_app(fx, w, fx->agency_id, "natural_person", "2023-12-28", NULL, NULL) > 0);
	assert_true(
	    annual_fixture_app(fx, w, fx->agency_id, "legal_service", "2023-06-01", "2023-06-09", "other_other") > 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2022-04-01", "normative", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2023-04-01", "normative", "valid", ""), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2021-04-01", "normative", "repealed", "2023-08-01"), 0);
	assert_int_equal(annual_fixture_item(fx, w, "C01", "2023-07-01", "regulation", "valid", ""), 0);
	struct annual_case_input cases[] = {
	    {.kind = "reconsideration", .filed_on = "2023-02-01", .result = "upheld", .result_on = "2023-04-01"},
	    {.kind = "litigation_direct", .filed_on = "2023-11-01", .result = "corrected", .result_on = "2024-01-15"},
	    {.kind = "litigation_after", .role = "co_defendant", .filed_on = "2023-05-01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_true(annual_case_add(w, &fx->handler, fx->agency_id, &cases[i], fx->env.today, fx->now, t->err,
					    sizeof t->err) > 0);
	assert_int_equal(store_write_end(fx->store, true), 0);
}

static int64_t approve(struct lc *t, const struct actor *who, int year, const char *note)
{
	struct findings f = {0};
	struct db *w = store_write_begin(t->fx->store);
	int64_t id =
	    annual_approve(w, &t->fx->env, who, t->fx->agency_id, year, note, t->fx->now, &f, t->err, sizeof t->err);
	assert_int_equal(store_write_end(t->fx->store, id > 0), 0);
	findings_free(&f);
	return id;
}

static int publish(struct lc *t, const struct actor *who, int year, struct findings *f)
{
	struct db *w = store_write_begin(t->fx->store);
	int v = annual_publish(w, &t->fx->env, who, t->fx->agency_id, year, t->fx->now, f, t->err, sizeof t->err);
	assert_int_equal(store_write_end(t->fx->store, v > 0), 0);
	return v;
}

static void set_text(struct lc *t, int year, int section, const char *body)
{
	struct db *w = store_write_begin(t->fx->store);
	assert_int_equal(annual_text_set(w, &t->fx->editor, t->fx->agency_id, year, section, body, t->fx->now, t->err,
					 sizeof t->err),
			 1);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
}

/* Runs one SQL statement on the writer; returns db_step's result (the transaction is rolled back). */
static int try_sql_on(struct lc *t, int64_t id, int which)
{
	struct db *w = store_write_begin(t->fx->store);
	struct db_stmt *st = NULL;
	if (which == 0)
		st = db_prepare(w, "UPDATE annual_report SET json = '{}' WHERE id = :id");
	else if (which == 1)
		st = db_prepare(w, "UPDATE annual_report SET status = 'approved' WHERE id = :id");
	else if (which == 2)
		st = db_prepare(w, "DELETE FROM annual_report WHERE id = :id");
	else if (which == 3)
		st = db_prepare(w, "UPDATE annual_report_render SET body = 'x' WHERE report_id = :id");
	else if (which == 4)
		st = db_prepare(w, "DELETE FROM annual_report_render WHERE report_id = :id");
	else
		st = db_prepare(w, "UPDATE annual_report SET change_note = 'x' WHERE id = :id");
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	assert_int_equal(store_write_end(t->fx->store, false), 0);
	return rc;
}

static void test_publish_and_correct(void **state)
{
	(void)state;
	struct lc *t = lc_open("annual-lifecycle");
	add_records(t);
	set_text(t, 2023, ANNUAL_TEXT_PROBLEMS, "政府信息公开工作人员业务培训不足，计划每季度组织一次培训。");

	/* approval: a leader only, a finished year only */
	assert_int_equal(approve(t, &t->fx->editor, 2023, NULL), 0);
	assert_non_null(strstr(t->err, "审批领导"));
	assert_int_equal(approve(t, &t->leader, 2024, NULL), 0);
	assert_non_null(strstr(t->err, "尚未结束"));
	struct findings f = {0};
	assert_int_equal(publish(t, &t->fx->editor, 2023, &f), 0);
	assert_non_null(strstr(t->err, "先由审批领导批准"));
	int64_t v1 = approve(t, &t->leader, 2023, NULL);
	assert_true(v1 > 0);

	/* publishing: an outsider may not; the editor may */
	assert_int_equal(publish(t, &t->fx->outsider, 2023, &f), 0);
	assert_int_equal(publish(t, &t->fx->editor, 2023, &f), 1);
	assert_int_equal(findings_count(&f, SEV_ERROR), 0);
	findings_free(&f);

	struct db *db = store_reader(t->fx->store);
	struct annual_version v;
	assert_int_equal(annual_version_public(db, t->fx->agency_id, 2023, 0, &v), 1);
	assert_int_equal(v.id, v1);
	assert_int_equal(v.status, ANNUAL_PUBLISHED);
	assert_string_equal(v.approved_by_name, "leader");
	assert_string_equal(v.published_by_name, "editor");
	char *txt = annual_version_render(db, v1, "txt");
	assert_non_null(txt);
	assert_non_null(strstr(txt, "2023年政府信息公开工作年度报告"));
	free(txt);
	char *fragment = annual_version_render(db, v1, "fragment");
	assert_non_null(fragment);
	assert_non_null(strstr(fragment, "<table"));
	free(fragment);
	char *findings = annual_version_findings(db, v1);
	assert_non_null(findings);
	assert_int_equal(findings[0], '[');
	free(findings);
	struct report published;
	assert_int_equal(annual_version_report(db, v1, &published), 0);
	assert_int_equal(published.applications[APP_CARRIED_OVER][APP_COL_TOTAL].value, 1);
	report_free(&published);

	/* frozen: triggers refuse every change */
	for (int which = 0; which <= 5; which++)
		assert_int_equal(try_sql_on(t, v1, which), -1);

	/* nothing changed: no correction; a change without a note: refused */
	assert_int_equal(approve(t, &t->leader, 2023, "更正"), 0);
	assert_non_null(strstr(t->err, "相同"));
	set_text(t, 2023, ANNUAL_TEXT_PLATFORM, "门户网站政府信息公开专栏完成改版。");
	assert_int_equal(approve(t, &t->leader, 2023, ""), 0);
	assert_non_null(strstr(t->err, "更正说明"));
	int64_t v2 = approve(t, &t->leader, 2023, "补充平台建设情况");
	assert_true(v2 > 0);

	/* a record changed after approval: publication refused until approved again */
	struct db *w = store_write_begin(t->fx->store);
	assert_true(annual_fixture_app(t->fx, w, t->fx->agency_id, "other", "2023-09-01", "2023-09-05", "granted") > 0);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	assert_int_equal(publish(t, &t->leader, 2023, &f), 0);
	assert_non_null(strstr(t->err, "重新批准"));
	findings_free(&f);
	v2 = approve(t, &t->leader, 2023, "补充平台建设情况；补登记一件申请");
	assert_true(v2 > 0);
	assert_int_equal(publish(t, &t->leader, 2023, &f), 2);
	findings_free(&f);

	db = store_reader(t->fx->store);
	assert_int_equal(annual_version_public(db, t->fx->agency_id, 2023, 0, &v), 1);
	assert_int_equal(v.version, 2);
	assert_string_equal(v.change_note, "补充平台建设情况；补登记一件申请");
	assert_int_equal(annual_version_public(db, t->fx->agency_id, 2023, 1, &v), 1);
	assert_int_equal(v.status, ANNUAL_SUPERSEDED);
	struct annual_version *all;
	size_t n;
	assert_int_equal(annual_versions(db, t->fx->agency_id, 2023, &all, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].version, 2);
	free(all);
	int64_t *agencies;
	int *years;
	assert_int_equal(annual_public_years(db, &agencies, &years, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(years[0], 2023);
	free(agencies);
	free(years);
	lc_close(t);
}

/* A report breaking a hard rule (R5 against an imported 2022 report) is refused with the findings. */
static void test_publish_refused_on_error(void **state)
{
	(void)state;
	struct lc *t = lc_open("annual-refuse");
	add_records(t);
	struct report prev;
	assert_int_equal(
	    annual_build_figures(store_reader(t->fx->store), t->fx->agency_id, 2022, &prev, t->err, sizeof t->err), 0);
	prev.applications[APP_CARRIED_FORWARD][APP_COL_NATURAL] = rcell_of(5);
	prev.applications[APP_CARRIED_FORWARD][APP_COL_TOTAL] = rcell_of(5);
	struct buf json = {0};
	report_to_json(&prev, &json);
	report_free(&prev);
	struct findings f = {0};
	int year = 0;
	struct db *w = store_write_begin(t->fx->store);
	assert_true(annual_import(w, &t->fx->editor, t->fx->agency_id, json.data, json.len, "2022.json", t->fx->now,
				  &year, &f, t->err, sizeof t->err) > 0);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	findings_free(&f);
	buf_free(&json);

	assert_true(approve(t, &t->leader, 2023, NULL) > 0);
	assert_int_equal(publish(t, &t->leader, 2023, &f), 0);
	assert_non_null(strstr(t->err, "不能发布"));
	assert_non_null(strstr(t->err, "R5"));
	assert_true(findings_count(&f, SEV_ERROR) > 0);
	findings_free(&f);
	struct annual_version v;
	assert_int_equal(annual_version_public(store_reader(t->fx->store), t->fx->agency_id, 2023, 0, &v), 0);
	/* the imported 2022 report is on the portal and frozen */
	assert_int_equal(annual_version_public(store_reader(t->fx->store), t->fx->agency_id, 2022, 0, &v), 1);
	assert_int_equal(v.status, ANNUAL_IMPORTED);
	assert_int_equal(try_sql_on(t, v.id, 5), -1);
	/* the approval can be withdrawn */
	w = store_write_begin(t->fx->store);
	assert_int_equal(annual_revoke(w, &t->fx->editor, t->fx->agency_id, 2023, t->fx->now, t->err, sizeof t->err),
			 0);
	assert_int_equal(annual_revoke(w, &t->leader, t->fx->agency_id, 2023, t->fx->now, t->err, sizeof t->err), 1);
	assert_int_equal(annual_revoke(w, &t->leader, t->fx->agency_id, 2023, t->fx->now, t->err, sizeof t->err), 0);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	lc_close(t);
}

static void test_deadline(void **state)
{
	(void)state;
	const char *basis = NULL;
	assert_int_equal(annual_deadline(AGENCY_SUBDISTRICT, 2023, &basis), cal_day_from_date(2024, 1, 31));
	assert_non_null(strstr(basis, "1月31日"));
	assert_int_equal(annual_deadline(AGENCY_DEPARTMENT, 2023, NULL), cal_day_from_date(2024, 1, 31));
	assert_int_equal(annual_deadline(AGENCY_TOWNSHIP, 2023, NULL), cal_day_from_date(2024, 1, 31));
	assert_int_equal(annual_deadline(AGENCY_COUNTY, 2023, &basis), cal_day_from_date(2024, 2, 20));
	assert_non_null(strstr(basis, "2月20日"));
	assert_int_equal(annual_deadline(AGENCY_CITY, 2023, NULL), cal_day_from_date(2024, 3, 10));
	assert_int_equal(annual_deadline(AGENCY_PROVINCE, 2023, NULL), cal_day_from_date(2024, 3, 31));
}

/* Every drill-down list has exactly as many records as the cell it explains. */
static void test_drill_adds_up(void **state)
{
	(void)state;
	struct lc *t = lc_open("annual-drill");
	add_records(t);
	struct db *db = store_reader(t->fx->store);
	for (int year = 2022; year <= 2023; year++) {
		struct report r;
		assert_int_equal(annual_build_figures(db, t->fx->agency_id, year, &r, t->err, sizeof t->err), 0);
		for (int row = 0; row < APP_ROW_COUNT; row++) {
			if (!report_app_row_in(REPORT_EDITION_2021, row))
				continue;
			for (int col = 0; col < APP_COL_COUNT; col++) {
				struct annual_app_ref *apps;
				size_t n, total;
				assert_int_equal(annual_drill_applications(db, t->fx->agency_id, year,
									   report_app_rows[row].key, col, 0, 100, &apps,
									   &n, &total),
						 0);
				assert_int_equal(total, r.applications[row][col].value);
				assert_int_equal(n, total);
				free(apps);
			}
		}
		for (int row = PRO_REGULATIONS; row <= PRO_NORMATIVE; row++)
			for (int col = 0; col < 3; col++) {
				struct annual_item_ref *items;
				size_t n, total;
				assert_int_equal(annual_drill_items(db, t->fx->agency_id, year, row, col, 0, 100,
								    &items, &n, &total),
						 0);
				assert_int_equal(total, r.proactive[row][col].value);
				free(items);
			}
		for (int b = 0; b < CASE_BLOCK_COUNT; b++)
			for (int c = 0; c < CASE_COL_COUNT; c++) {
				struct annual_case *cases;
				size_t n;
				assert_int_equal(annual_drill_cases(db, t->fx->agency_id, year, b, c, &cases, &n), 0);
				assert_int_equal(n, r.cases[b][c].value);
				free(cases);
			}
		report_free(&r);
	}
	/* the December 2022 application is carried over into 2023 and answered there (partial) */
	struct annual_app_ref *apps;
	size_t n, total;
	assert_int_equal(annual_drill_applications(db, t->fx->agency_id, 2023, "carried_over", APP_COL_NATURAL, 0, 10,
						   &apps, &n, &total),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(apps[0].row, APP_PARTIAL);
	assert_int_equal(apps[0].received_on, cal_day_from_date(2022, 12, 20));
	free(apps);
	/* paging: offset past the first, the total still counted */
	assert_int_equal(
	    annual_drill_applications(db, t->fx->agency_id, 2023, "new", APP_COL_TOTAL, 1, 2, &apps, &n, &total), 0);
	assert_int_equal(total, 4);
	assert_int_equal(n, 2);
	free(apps);
	assert_int_equal(
	    annual_drill_applications(db, t->fx->agency_id, 2023, "no_such_row", 0, 0, 1, &apps, &n, &total), -1);
	lc_close(t);
}

static void test_trend_and_workbench(void **state)
{
	(void)state;
	struct lc *t = lc_open("annual-trend");
	add_records(t);
	struct db *db = store_reader(t->fx->store);
	struct annual_trend_point p[5];
	assert_int_equal(annual_trend(db, t->fx->agency_id, 2023, 5, true, p), 0);
	assert_false(p[4].known); /* nothing published yet */
	assert_int_equal(annual_trend(db, t->fx->agency_id, 2023, 5, false, p), 0);
	assert_int_equal(p[0].year, 2019);
	assert_false(p[0].known);
	assert_true(p[3].known);
	assert_int_equal(p[3].received, 2);
	assert_int_equal(p[3].carried_forward, 1);
	assert_int_equal(p[4].received, 4);
	assert_int_equal(p[4].answered, 4);
	assert_int_equal(p[4].carried_forward, 1);

	struct annual_workbench wb;
	assert_int_equal(annual_workbench_summary(db, &t->fx->env, t->fx->agency_id, &wb, t->err, sizeof t->err), 0);
	assert_int_equal(wb.year, 2023);
	assert_int_equal(wb.due_on, cal_day_from_date(2024, 1, 31));
	assert_true(wb.days_left < 0); /* today is 2024-03-01 */
	assert_string_equal(wb.status_zh, "草稿");
	assert_int_equal(wb.errors, 0);
	assert_true(approve(t, &t->leader, 2023, NULL) > 0);
	assert_int_equal(annual_workbench_summary(store_reader(t->fx->store), &t->fx->env, t->fx->agency_id, &wb,
						  t->err, sizeof t->err),
			 0);
	assert_true(wb.approved_pending);
	assert_string_equal(wb.status_zh, "已批准待发布");
	lc_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_publish_and_correct),
	    cmocka_unit_test(test_publish_refused_on_error),
	    cmocka_unit_test(test_deadline),
	    cmocka_unit_test(test_drill_adds_up),
	    cmocka_unit_test(test_trend_and_workbench),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
