/* test_aggregate.c — the aggregated report on a database (src/supervise/aggregate.h): a county with a
 * department that has records, an external town whose received report is imported, and a 县 below it
 * that published its own aggregate over a 街道 — the parts, their sources, the 县 standing for its subtree
 * (its 街道 not counted twice), the sum, the stored selection (and a part outside the subtree refused),
 * who may act (the subtree rule), the JSON with its parts, and the lifecycle through the annual one
 * (approve, publish, portal-visible version, correction needing a note). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "annual/annual_archive.h"
#include "annual/annual_testutil.h"
#include "report/report_json.h"
#include "supervise/aggregate.h"

struct tree {
	struct annual_fixture *fx;
	int64_t county, dept, town, subcounty, street;
	struct actor county_leader, county_supervisor, sub_supervisor;
};

static int64_t child(struct db *w, const char *name, enum agency_level level, int64_t parent, bool external)
{
	struct agency a;
	memset(&a, 0, sizeof a);
	a.level = level;
	a.parent_id = parent;
	a.external = external;
	snprintf(a.name, sizeof a.name, "%s", name);
	char err[256];
	int64_t id = agency_add(w, &a, err, sizeof err);
	assert_true(id > 0);
	return id;
}

/* The town's received 2023 report: 新收 7 自然人 + 2 商业企业, all granted. */
static void import_town(struct db *w, int64_t town)
{
	struct report r;
	report_init(&r, REPORT_EDITION_2021);
	report_zero(&r);
	r.year = 2023;
	r.agency = xstrdup("测试县甲镇人民政府");
	const int64_t row[APP_COL_COUNT] = {7, 2, 0, 0, 0, 0, 9};
	for (int c = 0; c < APP_COL_COUNT; c++) {
		r.applications[APP_NEW][c] = rcell_of(row[c]);
		r.applications[APP_GRANTED][c] = rcell_of(row[c]);
		r.applications[APP_TOTAL][c] = rcell_of(row[c]);
	}
	struct buf json = {0};
	report_to_json(&r, &json);
	struct actor system = {.system = true, .ip = "test"};
	struct findings f = {0};
	char err[ANNUAL_ERR_SIZE];
	int year = 0;
	assert_true(annual_import(w, &system, town, json.data, json.len, "town.json", 1709258400, &year, &f, err,
				  sizeof err) > 0);
	findings_free(&f);
	buf_free(&json);
	report_free(&r);
}

static struct tree *tree_open(void)
{
	struct tree *t = xcalloc(1, sizeof *t);
	t->fx = annual_fixture_open("aggregate");
	assert_non_null(t->fx);
	struct annual_fixture *fx = t->fx;
	struct db *w = store_write_begin(fx->store);
	t->county = child(w, "测试县人民政府", AGENCY_COUNTY, 0, false);
	t->dept = child(w, "测试县财政局", AGENCY_DEPARTMENT, t->county, false);
	t->town = child(w, "测试县甲镇人民政府", AGENCY_TOWNSHIP, t->county, true);
	t->subcounty = child(w, "测试县乙区人民政府", AGENCY_COUNTY, t->county, false);
	t->street = child(w, "测试县乙区丙街道办事处", AGENCY_SUBDISTRICT, t->subcounty, false);
	t->county_leader = annual_fixture_user(w, t->county, "county_leader", ROLE_LEADER);
	t->county_supervisor = annual_fixture_user(w, t->county, "county_supervisor", ROLE_SUPERVISOR);
	t->sub_supervisor = annual_fixture_user(w, t->subcounty, "sub_supervisor", ROLE_SUPERVISOR | ROLE_LEADER);
	/* records: the department 2 applications, the street 1 */
	assert_true(annual_fixture_app(fx, w, t->dept, "natural_person", "2023-03-01", "2023-03-20", "granted") > 0);
	assert_true(annual_fixture_app(fx, w, t->dept, "legal_service", "2023-04-01", "2023-04-20", "granted") > 0);
	assert_true(annual_fixture_app(fx, w, t->street, "research", "2023-05-01", "2023-05-20", "granted") > 0);
	import_town(w, t->town);
	assert_int_equal(store_write_end(fx->store, true), 0);
	return t;
}

static void tree_close(struct tree *t)
{
	annual_fixture_close(t->fx);
	free(t);
}

static const struct aggregate_part *part_of(const struct aggregate *a, int64_t id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->parts[i].agency_id == id)
			return &a->parts[i];
	return NULL;
}

/* The 乙区 publishes its own aggregate (its 街道's records) as its 2023 report. */
static void publish_subcounty(struct tree *t)
{
	struct db *w = store_write_begin(t->fx->store);
	struct findings f = {0};
	char err[AGGREGATE_ERR_SIZE] = "";
	assert_true(aggregate_approve(w, &t->fx->env, &t->sub_supervisor, t->subcounty, 2023, NULL, t->fx->now, &f, err,
				      sizeof err) > 0);
	assert_int_equal(
	    aggregate_publish(w, &t->fx->env, &t->sub_supervisor, t->subcounty, 2023, t->fx->now, &f, err, sizeof err),
	    1);
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	findings_free(&f);
}

static void test_parts_sources_and_sum(void **state)
{
	(void)state;
	struct tree *t = tree_open();
	publish_subcounty(t);
	struct db *db = store_reader(t->fx->store);
	struct aggregate a;
	char err[AGGREGATE_ERR_SIZE] = "";
	assert_int_equal(aggregate_build(db, &t->fx->env, t->county, 2023, NULL, 0, &a, err, sizeof err), 0);
	assert_int_equal(part_of(&a, t->county)->source, AGG_SOURCE_RECORDS);
	assert_int_equal(part_of(&a, t->dept)->source, AGG_SOURCE_RECORDS);
	assert_int_equal(part_of(&a, t->town)->source, AGG_SOURCE_EXTERNAL);
	assert_int_equal(part_of(&a, t->subcounty)->source, AGG_SOURCE_PUBLISHED);
	assert_true(part_of(&a, t->subcounty)->aggregate);
	assert_null(part_of(&a, t->street)); /* counted inside the 乙区's aggregate, not again */
	assert_false(a.selection_saved);
	/* 新收: 自然人 1 (dept) + 7 (town); 商业企业 2 (town); 科研机构 1 (street via 乙区); 法律服务机构 1 (dept) */
	const int64_t want[APP_COL_COUNT] = {8, 2, 1, 0, 1, 0, 12};
	for (int c = 0; c < APP_COL_COUNT; c++)
		assert_int_equal(a.report.applications[APP_NEW][c].value, want[c]);
	assert_non_null(strstr(a.report.overview, "汇总以下 4 个单位"));
	assert_non_null(strstr(a.report.overview, "测试县甲镇人民政府"));
	struct buf json = {0};
	aggregate_to_json(&a, &json);
	assert_non_null(strstr(json.data, "\"parts\": [{\"agency_id\":"));
	assert_non_null(strstr(json.data, "\"source\":\"external\""));
	struct report back;
	assert_int_equal(report_from_json(json.data, json.len, &back, err, sizeof err), 0);
	assert_int_equal(back.applications[APP_NEW][APP_COL_TOTAL].value, 12);
	report_free(&back);
	buf_free(&json);
	aggregate_free(&a);
	db_release(db);
	tree_close(t);
}

static void test_selection_and_access(void **state)
{
	(void)state;
	struct tree *t = tree_open();
	struct db *w = store_write_begin(t->fx->store);
	char err[AGGREGATE_ERR_SIZE] = "";
	const int64_t outside[] = {t->fx->agency_id}; /* the fixture's 街道: another tree */
	struct aggregate_draft_input bad = {.parts = outside, .n_parts = 1};
	assert_int_equal(aggregate_save(w, &t->county_supervisor, t->county, 2023, &bad, t->fx->now, err, sizeof err),
			 0);
	assert_non_null(strstr(err, "不是本机关或其下级机关"));
	const int64_t only[] = {t->dept};
	struct aggregate_draft_input in = {.parts = only, .n_parts = 1, .problems = "个别单位报送迟缓，需多次催报。"};
	assert_int_equal(aggregate_save(w, &t->county_supervisor, t->county, 2023, &in, t->fx->now, err, sizeof err),
			 1);
	/* the 乙区's supervisor may not edit the county's aggregate; the county's may edit the 乙区's */
	assert_int_equal(aggregate_save(w, &t->sub_supervisor, t->county, 2023, &in, t->fx->now, err, sizeof err), 0);
	assert_true(aggregate_actor_may(w, &t->county_supervisor, t->subcounty, ROLE_SUPERVISOR));
	assert_false(aggregate_actor_may(w, &t->sub_supervisor, t->county, ROLE_SUPERVISOR));
	assert_false(aggregate_actor_may(w, &t->county_supervisor, t->subcounty, ROLE_ADMIN)); /* wrong role */
	assert_int_equal(store_write_end(t->fx->store, true), 0);
	struct db *db = store_reader(t->fx->store);
	struct aggregate a;
	assert_int_equal(aggregate_build(db, &t->fx->env, t->county, 2023, NULL, 0, &a, err, sizeof err), 0);
	assert_true(a.selection_saved);
	assert_true(part_of(&a, t->dept)->selected);
	assert_false(part_of(&a, t->town)->selected);
	assert_int_equal(a.report.applications[APP_NEW][APP_COL_TOTAL].value, 2);
	assert_string_equal(a.report.problems, "个别单位报送迟缓，需多次催报。");
	aggregate_free(&a);
	db_release(db);
	tree_close(t);
}

static void test_lifecycle(void **state)
{
	(void)state;
	struct tree *t = tree_open();
	struct annual_fixture *fx = t->fx;
	struct db *w = store_write_begin(fx->store);
	struct findings f = {0};
	char err[AGGREGATE_ERR_SIZE] = "";
	/* a supervisor may not approve; the leader may; the supervisor publishes */
	assert_int_equal(
	    aggregate_approve(w, &fx->env, &t->county_supervisor, t->county, 2023, NULL, fx->now, &f, err, sizeof err),
	    0);
	assert_true(
	    aggregate_approve(w, &fx->env, &t->county_leader, t->county, 2023, NULL, fx->now, &f, err, sizeof err) > 0);
	assert_int_equal(
	    aggregate_publish(w, &fx->env, &t->county_supervisor, t->county, 2023, fx->now, &f, err, sizeof err), 1);
	/* a correction needs a note */
	struct aggregate_draft_input in = {.other = "本年度未收取信息处理费。"};
	assert_int_equal(aggregate_save(w, &t->county_supervisor, t->county, 2023, &in, fx->now, err, sizeof err), 1);
	assert_int_equal(
	    aggregate_approve(w, &fx->env, &t->county_leader, t->county, 2023, NULL, fx->now, &f, err, sizeof err), 0);
	assert_non_null(strstr(err, "更正说明"));
	assert_true(aggregate_approve(w, &fx->env, &t->county_leader, t->county, 2023, "补充第六部分", fx->now, &f, err,
				      sizeof err) > 0);
	assert_int_equal(
	    aggregate_publish(w, &fx->env, &t->county_supervisor, t->county, 2023, fx->now, &f, err, sizeof err), 2);
	assert_int_equal(store_write_end(fx->store, true), 0);
	findings_free(&f);
	struct db *db = store_reader(fx->store);
	char *json = aggregate_published_json(db, t->county, 2023, 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "本年度未收取信息处理费。"));
	free(json);
	json = aggregate_published_json(db, t->county, 2023, 1);
	assert_non_null(json); /* version 1, superseded, still readable */
	assert_null(strstr(json, "本年度未收取信息处理费。"));
	free(json);
	assert_null(aggregate_published_json(db, t->dept, 2023, 0)); /* not an aggregate */
	struct annual_version v;
	assert_int_equal(annual_version_public(db, t->county, 2023, 0, &v), 1); /* what the portal shows */
	assert_string_equal(v.source, AGGREGATE_SOURCE);
	assert_int_equal(v.version, 2);
	db_release(db);
	tree_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parts_sources_and_sum),
	    cmocka_unit_test(test_selection_and_access),
	    cmocka_unit_test(test_lifecycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
