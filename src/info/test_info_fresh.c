/* test_info_fresh.c — column freshness for the living home page and the staleness warning: the
 * 14-day period for 动态/要闻 columns and 183 days for the others, checked one day either side of
 * the boundary; empty columns are not "stale" (they are reported as empty); scheduled items count only
 * once visible; the home page is stale 10 days after its newest item; the newest items of a column come newest first
 * and are limited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_fresh.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	*state = fixture_open("info-fresh");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

static void test_periods(void **state)
{
	(void)state;
	bool news = false;
	assert_int_equal(info_fresh_period_days("动态信息", &news), 14);
	assert_true(news);
	assert_int_equal(info_fresh_period_days("工作要闻", &news), 14);
	assert_int_equal(info_fresh_period_days("政策文件", &news), 183);
	assert_false(news);
	assert_int_equal(info_fresh_period_days("通知公告", NULL), 183);
	assert_int_equal(info_fresh_period_days("政府网站年度工作报表", &news), 366);
	assert_false(news);
}

static const struct info_column_fresh *column(const struct info_column_fresh *cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i].name, name) == 0)
			return &cols[i];
	fail_msg("no column %s", name);
	return NULL;
}

static void expect_stale(struct info_fixture *f, const char *name, int64_t now, bool stale, int64_t published)
{
	struct info_column_fresh *cols;
	size_t n;
	assert_int_equal(info_fresh_columns(store_reader(f->store), f->agency_id, now, &cols, &n), 0);
	const struct info_column_fresh *c = column(cols, n, name);
	assert_int_equal(c->stale, stale);
	assert_int_equal(c->published, published);
	free(cols);
}

static void test_staleness_boundaries(void **state)
{
	struct info_fixture *f = *state;
	int64_t day = 86400, t0 = fixture_time(2024, 3, 1);
	int64_t news = fixture_draft(f, &f->editor, "动态信息", "街道开展志愿服务活动", "2024-02-28", "活动。", NULL);
	int64_t policy =
	    fixture_draft(f, &f->editor, "政策文件", "关于做好防汛工作的通知", "2024-02-28", "通知。", NULL);
	assert_int_equal(fixture_publish(f, news, t0), OUTCOME_OK);
	assert_int_equal(fixture_publish(f, policy, t0), OUTCOME_OK);
	expect_stale(f, "动态信息", t0 + 14 * day, false, 1);
	expect_stale(f, "动态信息", t0 + 14 * day + 1, true, 1);
	expect_stale(f, "政策文件", t0 + 183 * day, false, 1);
	expect_stale(f, "政策文件", t0 + 183 * day + 1, true, 1);
	/* an empty column is reported with 0 items, never as stale */
	expect_stale(f, "规划计划", t0 + 400 * day, false, 0);
	/* before publication the columns are empty */
	expect_stale(f, "动态信息", t0 - 1, false, 0);
	assert_int_equal(info_fresh_newest(store_reader(f->store), f->agency_id, t0 + day), t0);
	assert_int_equal(info_fresh_newest(store_reader(f->store), f->other_agency_id, t0 + day), 0);
	/* the home page: stale more than 10 days after the newest item, and with no item at all */
	assert_false(info_fresh_home_stale(t0, t0 + 10 * day));
	assert_true(info_fresh_home_stale(t0, t0 + 10 * day + 1));
	assert_true(info_fresh_home_stale(0, t0));
}

static void test_latest_order_and_limit(void **state)
{
	struct info_fixture *f = *state;
	int64_t day = 86400, t0 = fixture_time(2024, 3, 1);
	int64_t ids[4];
	for (int i = 0; i < 4; i++) {
		char title[64];
		snprintf(title, sizeof title, "街道动态第%d条", i + 1);
		ids[i] = fixture_draft(f, &f->editor, "动态信息", title, "2024-02-28", "内容。", NULL);
		assert_int_equal(fixture_publish(f, ids[i], t0 + i * day), OUTCOME_OK);
	}
	struct info_category cat;
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "动态信息", &cat), 1);
	struct info_latest *items;
	size_t n;
	assert_int_equal(info_fresh_latest(store_reader(f->store), cat.id, t0 + 10 * day, 3, &items, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, ids[3]);
	assert_int_equal(items[1].id, ids[2]);
	assert_int_equal(items[2].id, ids[1]);
	assert_string_equal(items[0].title, "街道动态第4条");
	assert_int_equal(items[0].published_at, t0 + 3 * day);
	free(items);
	/* at t0 + 1 day only the first two are visible */
	assert_int_equal(info_fresh_latest(store_reader(f->store), cat.id, t0 + day, 5, &items, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, ids[1]);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_periods),
	    cmocka_unit_test_setup_teardown(test_staleness_boundaries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_latest_order_and_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
