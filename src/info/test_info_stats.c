/* test_info_stats.c — the annual-report figures of 主动公开 against a hand-counted fixture: the seed
 * report's 66 items of 2023 in its ten categories (plus items that must not count: other years,
 * withdrawn in the year, drafts, 涉密, another agency), the section 一 sentence exactly as the seed
 * report words it, and table 二's 规章 / 行政规范性文件 figures (制发, 废止, 现行有效). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_stats.h"
#include "info/info_testutil.h"
#include "report/report.h"

static const struct {
	const char *category;
	int count;
} seed[] = {
    {"政策文件", 7}, {"动态信息", 32}, {"规划计划", 2}, {"会议报告", 5}, {"财政信息", 7},
    {"安全生产", 5}, {"社会救助", 4},  {"养老服务", 2}, {"涉农补贴", 1}, {"公示公告", 1},
};

/* Drafts and publishes one item at y-m-d (formed two days earlier, same month); returns its id. */
static int64_t published(struct info_fixture *f, const char *category, const char *doc_type, int y, int m, int d)
{
	f->now = fixture_time(y, m, d);
	char formed[CAL_ISO_SIZE], title[64];
	cal_format_iso(cal_day_from_date(y, m, d) - 2, formed);
	snprintf(title, sizeof title, "%s %04d-%02d-%02d", category, y, m, d);
	int64_t id = fixture_draft(f, &f->editor, category, title, formed, "正文", doc_type);
	assert_true(id > 0);
	assert_int_equal(fixture_publish(f, id, f->now), OUTCOME_OK);
	return id;
}

static void withdraw(struct info_fixture *f, int64_t id, int y, int m, int d)
{
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_withdraw(w, &f->editor, id, "发布有误", fixture_time(y, m, d), &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void set_validity(struct info_fixture *f, int64_t id, enum info_validity v, int y, int m, int d)
{
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(
	    info_set_validity(w, &f->editor, id, v, cal_day_from_date(y, m, d), fixture_time(y, m, d), &out),
	    OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
}

struct ids {
	int64_t normative_a, normative_c, first_dynamic;
};

/* The seed's 66 items of 2023; three of the seven 政策文件 are a regulation and two normative documents. */
static void load_seed_year(struct info_fixture *f, struct ids *ids)
{
	for (size_t c = 0; c < sizeof seed / sizeof seed[0]; c++) {
		for (int i = 0; i < seed[c].count; i++) {
			const char *type = NULL;
			if (c == 0)
				type = i == 0 ? "regulation" : i <= 2 ? "normative" : NULL;
			int64_t id = published(f, seed[c].category, type, 2023, 1 + (i % 12), 10 + (int)c);
			if (c == 1 && i == 0)
				ids->first_dynamic = id;
		}
	}
}

static void load_noise(struct info_fixture *f, struct ids *ids)
{
	/* 2022: two normative documents (one is repealed in 2023) and an ordinary item. */
	ids->normative_a = published(f, "政策文件", "normative", 2022, 5, 10);
	ids->normative_c = published(f, "政策文件", "normative", 2022, 6, 10);
	published(f, "动态信息", NULL, 2022, 12, 30);
	set_validity(f, ids->normative_c, INFO_REPEALED, 2023, 6, 1);
	/* 2023, withdrawn within 2023: does not count. Withdrawn in 2024: counts for 2023. */
	int64_t gone = published(f, "动态信息", NULL, 2023, 4, 10);
	withdraw(f, gone, 2023, 8, 1);
	withdraw(f, ids->first_dynamic, 2024, 2, 1);
	/* 2024 items, a draft, a 涉密 item and another agency's item. */
	published(f, "动态信息", NULL, 2024, 1, 10);
	f->now = fixture_time(2023, 7, 1);
	assert_true(fixture_draft(f, &f->editor, "动态信息", "草稿", "2023-06-30", "", NULL) > 0);
	int64_t secret = fixture_draft(f, &f->editor, "会议报告", "涉密纪要", "2023-06-30", "", NULL);
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_submit(w, &f->editor, secret, f->now, &out), OUTCOME_OK);
	assert_int_equal(info_review(w, &f->reviewer, secret, INFO_CLASSIFY, "涉密", f->now, &out), OUTCOME_OK);
	int64_t other = 0;
	struct info_item_input in = {.category = "动态信息", .title = "民政局动态", .formed_on = "2023-06-30"};
	assert_int_equal(info_item_create(w, &f->outsider, &in, f->now, &other, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static int setup(void **state)
{
	struct info_fixture *f = fixture_open("info-stats");
	if (!f)
		return -1;
	struct ids ids = {0};
	load_seed_year(f, &ids);
	load_noise(f, &ids);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

static int64_t find_item(struct info_fixture *f, const char *title)
{
	int64_t id = 0;
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT id FROM info_item WHERE title = :t");
	db_bind_text(st, ":t", title);
	assert_int_equal(db_step_int(st, &id), 1);
	return id;
}

static void test_categories_and_sentence(void **state)
{
	struct info_fixture *f = *state;
	struct info_year_stats s;
	assert_int_equal(info_stats_year(store_reader(f->store), f->agency_id, 2023, &s), 0);
	assert_int_equal(s.total, 66);
	assert_int_equal(s.category_count, 10);
	for (size_t i = 0; i < 10; i++) {
		assert_string_equal(s.categories[i].name, seed[i].category);
		assert_int_equal(s.categories[i].count, seed[i].count);
	}
	char *sentence = info_stats_sentence(&s, "汝州市钟楼街道办事处", "市政府网站");
	assert_string_equal(sentence,
			    "2023 年汝州市钟楼街道办事处通过市政府网站公开政府信息 66 条。其中发布政策文件信息 7 "
			    "条，动态信息 32 条，规划计划 2 条，会议报告 5 条，财政信息 7 条，安全生产 5 条，"
			    "社会救助 4 条，养老服务 2 条，涉农补贴 1 条，公示公告 1 条。");
	free(sentence);
	info_stats_free(&s);

	assert_int_equal(info_stats_year(store_reader(f->store), f->agency_id, 2021, &s), 0);
	assert_int_equal(s.total, 0);
	sentence = info_stats_sentence(&s, "某机关", NULL);
	assert_string_equal(sentence, "2021 年某机关通过本机关门户网站公开政府信息 0 条。");
	free(sentence);
	info_stats_free(&s);
}

static void test_table_two_figures(void **state)
{
	struct info_fixture *f = *state;
	/* 2023's second normative 政策文件 expires on 2023-11-01. */
	set_validity(f, find_item(f, "政策文件 2023-03-10"), INFO_EXPIRED, 2023, 11, 1);
	struct info_year_stats s;
	assert_int_equal(info_stats_year(store_reader(f->store), f->agency_id, 2023, &s), 0);
	/* Hand count: 规章 published 2023: 1, in force. 规范性文件: A (2022, valid), C (2022, 废止
	 * 2023-06-01), B (2023-02, valid), D (2023-03, 失效 2023-11-01). */
	assert_int_equal(s.regulations.issued, 1);
	assert_int_equal(s.regulations.repealed, 0);
	assert_int_equal(s.regulations.in_force, 1);
	assert_int_equal(s.normative.issued, 2);
	assert_int_equal(s.normative.repealed, 1);
	assert_int_equal(s.normative.in_force, 2);
	assert_int_equal(s.normative.standing, 4);

	struct report r;
	report_init(&r, REPORT_EDITION_2021);
	info_stats_fill_report(&s, &r);
	assert_int_equal(r.proactive[PRO_NORMATIVE][0].value, 2);
	assert_int_equal(r.proactive[PRO_NORMATIVE][1].value, 1);
	assert_int_equal(r.proactive[PRO_NORMATIVE][2].value, 2);
	assert_true(r.proactive[PRO_REGULATIONS][2].present);
	report_free(&r);
	info_stats_free(&s);

	/* 2022: A and C issued, both in force at 31 Dec 2022 (C's repeal came later). */
	assert_int_equal(info_stats_year(store_reader(f->store), f->agency_id, 2022, &s), 0);
	assert_int_equal(s.normative.issued, 2);
	assert_int_equal(s.normative.repealed, 0);
	assert_int_equal(s.normative.in_force, 2);
	assert_int_equal(s.total, 3);
	info_stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_categories_and_sentence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_table_two_figures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
