/* test_info_search.c — Chinese search over published items: one-, two-, three- and four-character
 * terms (the first two cannot use the trigram index), several terms (AND), 文号, filters by category,
 * year and document type, paging newest first, escaped snippets with <mark>, and the rule that
 * drafts, 涉密, withdrawn and scheduled items are never found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_search.h"
#include "info/info_testutil.h"

struct corpus {
	int64_t budget, road, open, rules, secret, draft, withdrawn, scheduled;
};

static struct corpus ids;

static int64_t publish_at(struct info_fixture *f, const char *category, const char *title, const char *body,
			  int y, int m, int d, const char *doc_type)
{
	f->now = fixture_time(y, m, d);
	char formed[CAL_ISO_SIZE];
	cal_format_iso(cal_day_from_date(y, m, d), formed);
	int64_t id = fixture_draft(f, &f->editor, category, title, formed, body, doc_type);
	if (id <= 0 || fixture_publish(f, id, f->now) != INFO_OK)
		return 0;
	return id;
}

static int setup(void **state)
{
	struct info_fixture *f = fixture_open("info-search");
	if (!f)
		return -1;
	ids.budget = publish_at(f, "财政信息", "钟楼街道2023年部门预算公开", "本年度一般公共预算收入……", 2023, 3, 1, NULL);
	ids.road = publish_at(f, "动态信息", "文化路道路改造完成", "中心路至文化路段路面修复。<b>粗体</b>", 2023, 6, 1, NULL);
	ids.open = publish_at(f, "动态信息", "街道召开政务公开工作会议", "会议部署政府信息公开工作，强调信息公开。",
			      2024, 1, 15, NULL);
	ids.rules = publish_at(f, "政策文件", "关于规范低保审批的通知", "文号见上。社会救助", 2024, 2, 1, "normative");
	struct info_outcome out;
	struct db *w = store_write_begin(f->store);
	struct info_item_input in = { .category = "政策文件", .title = "关于规范低保审批的通知",
				      .doc_no = "钟办〔2024〕3号", .formed_on = "2024-02-01", .body = "文号见上。社会救助" };
	bool ok = info_item_update(w, &f->editor, ids.rules, &in, f->now, &out) == INFO_REFUSED; /* published */
	store_write_end(f->store, false);
	/* Items that must never be found, all containing 预算 and 公开. */
	ids.draft = fixture_draft(f, &f->editor, "财政信息", "预算草稿 公开前", "2024-02-01", "预算公开草稿", NULL);
	ids.secret = fixture_draft(f, &f->editor, "财政信息", "涉密预算公开", "2024-02-01", "预算", NULL);
	w = store_write_begin(f->store);
	ok = ok && info_submit(w, &f->editor, ids.secret, f->now, &out) == INFO_OK &&
	     info_review(w, &f->reviewer, ids.secret, INFO_CLASSIFY, "涉密", f->now, &out) == INFO_OK;
	store_write_end(f->store, ok);
	ids.withdrawn = publish_at(f, "财政信息", "撤回的预算公开", "预算", 2024, 2, 2, NULL);
	w = store_write_begin(f->store);
	ok = ok && info_withdraw(w, &f->editor, ids.withdrawn, "有误", f->now, &out) == INFO_OK;
	store_write_end(f->store, ok);
	ids.scheduled = fixture_draft(f, &f->editor, "财政信息", "定时预算公开", "2024-02-02", "预算", NULL);
	w = store_write_begin(f->store);
	ok = ok && info_submit(w, &f->editor, ids.scheduled, f->now, &out) == INFO_OK &&
	     info_review(w, &f->reviewer, ids.scheduled, INFO_PASS, "", f->now, &out) == INFO_OK &&
	     info_publish(w, &f->editor, ids.scheduled, f->now + 30 * 86400, f->cal, f->now, &out) == INFO_OK;
	store_write_end(f->store, ok);
	f->now = fixture_time(2024, 3, 1);
	*state = f;
	return ok && ids.budget && ids.road && ids.open && ids.rules && ids.withdrawn ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

/* Runs a query and returns the ids found, newest first, as a comma-separated string. */
static char *found(struct info_fixture *f, const char *q, int64_t category, int year, int doc_type)
{
	struct info_query query = { .agency_id = f->agency_id, .q = q, .category_id = category, .year = year,
				    .doc_type = doc_type };
	struct info_hits hits;
	struct info_outcome out;
	enum info_code code = info_search(store_reader(f->store), &query, f->now, &hits, &out);
	if (code != INFO_OK)
		fprintf(stderr, "search \"%s\": %s\n", q, out.message);
	assert_int_equal(code, INFO_OK);
	assert_int_equal((size_t)hits.total, hits.count);
	struct buf b = { 0 };
	buf_puts(&b, "");
	for (size_t i = 0; i < hits.count; i++) {
		const char *name = hits.items[i].id == ids.budget ? "budget"
				   : hits.items[i].id == ids.road ? "road"
				   : hits.items[i].id == ids.open ? "open"
				   : hits.items[i].id == ids.rules ? "rules"
								   : "FORBIDDEN";
		buf_printf(&b, "%s%s", i ? "," : "", name);
	}
	info_hits_free(&hits);
	return buf_take(&b);
}

#define assert_found(f, q, expected)                                                                         \
	do {                                                                                                 \
		char *got_ = found((f), (q), 0, 0, -1);                                                     \
		assert_string_equal(got_, (expected));                                                      \
		free(got_);                                                                                 \
	} while (0)

static void test_one_character(void **state)
{
	struct info_fixture *f = *state;
	assert_found(f, "路", "road");
	assert_found(f, "会", "rules,open"); /* 社会救助, 会议 */
	assert_found(f, "鑫", "");
}

static void test_two_characters(void **state)
{
	struct info_fixture *f = *state;
	assert_found(f, "预算", "budget");
	assert_found(f, "公开", "open,budget");
	assert_found(f, "低保", "rules");
}

static void test_three_and_four_characters(void **state)
{
	struct info_fixture *f = *state;
	assert_found(f, "文化路", "road");
	assert_found(f, "信息公开", "open");
	assert_found(f, "部门预算", "budget");
	assert_found(f, "社会救助", "rules");
	assert_found(f, "不存在的词", "");
}

static void test_several_terms_and_doc_no(void **state)
{
	struct info_fixture *f = *state;
	assert_found(f, "公开 预算", "budget");
	assert_found(f, "公开　会议", "open"); /* full-width space */
	assert_found(f, "政务公开 路", "");
	assert_found(f, "道路改造 路面", "road");
	assert_found(f, "钟办〔2024〕3号", "");
	assert_found(f, "钟楼街道", "budget");
}

static void test_filters(void **state)
{
	struct info_fixture *f = *state;
	struct info_category c;
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "动态信息", &c), 1);
	char *got = found(f, "", c.id, 0, -1);
	assert_string_equal(got, "open,road");
	free(got);
	/* The group 主动公开信息 contains every seed category. */
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "主动公开信息", &c), 1);
	got = found(f, "", c.id, 0, -1);
	assert_string_equal(got, "rules,open,road,budget");
	free(got);
	got = found(f, "公开", 0, 2023, -1);
	assert_string_equal(got, "budget");
	free(got);
	got = found(f, "", 0, 0, INFO_DOC_NORMATIVE);
	assert_string_equal(got, "rules");
	free(got);
}

static void test_paging_and_other_agency(void **state)
{
	struct info_fixture *f = *state;
	struct info_query q = { .agency_id = f->agency_id, .limit = 2, .offset = 2, .doc_type = -1 };
	struct info_hits hits;
	struct info_outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_OK);
	assert_int_equal(hits.total, 4);
	assert_int_equal(hits.count, 2);
	assert_int_equal(hits.items[0].id, ids.road);
	assert_int_equal(hits.items[1].id, ids.budget);
	info_hits_free(&hits);
	q.agency_id = f->other_agency_id;
	q.offset = 0;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_OK);
	assert_int_equal(hits.count, 0);
	info_hits_free(&hits);
}

static void test_scheduled_item_appears_on_time(void **state)
{
	struct info_fixture *f = *state;
	f->now += 40 * 86400;
	struct info_query q = { .agency_id = f->agency_id, .q = "定时预算", .doc_type = -1 };
	struct info_hits hits;
	struct info_outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_OK);
	assert_int_equal(hits.count, 1);
	assert_int_equal(hits.items[0].id, ids.scheduled);
	info_hits_free(&hits);
}

static void test_snippets_are_escaped(void **state)
{
	struct info_fixture *f = *state;
	struct info_query q = { .agency_id = f->agency_id, .q = "粗体 路", .doc_type = -1 };
	struct info_hits hits;
	struct info_outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_OK);
	assert_int_equal(hits.count, 1);
	assert_string_equal(hits.items[0].title_html, "文化<mark>路</mark>道<mark>路</mark>改造完成");
	/* The body was Markdown "…<b>粗体</b>": raw HTML is dropped by cmark's safe mode, and whatever
	 * reaches the snippet is escaped. */
	assert_null(strstr(hits.items[0].snippet_html, "<b>"));
	info_hits_free(&hits);

	struct info_terms t;
	char err[128];
	assert_int_equal(info_terms_parse("<b> 公开", &t, err, sizeof err), 0);
	char *html = info_highlight_html("a<b>&\"公开'", &t, 0);
	assert_string_equal(html, "a<mark>&lt;b&gt;</mark>&amp;&quot;<mark>公开</mark>&#39;");
	free(html);
	html = info_highlight_html("这是一段很长的文字，其中在很后面的位置才出现了检索词公开，然后又继续写了很多很多字。", &t, 10);
	assert_non_null(strstr(html, "<mark>公开</mark>"));
	assert_true(strncmp(html, "…", 3) == 0);
	free(html);
}

static void test_bad_terms(void **state)
{
	struct info_fixture *f = *state;
	struct info_query q = { .agency_id = f->agency_id, .q = "a b c d e f g h i", .doc_type = -1 };
	struct info_hits hits;
	struct info_outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_INVALID);
	assert_string_equal(out.field, "q");
	q.q = "\"'; DROP TABLE info_item; -- OR 1=1 *";
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), INFO_OK);
	assert_int_equal(hits.count, 0);
	info_hits_free(&hits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_character),
		cmocka_unit_test(test_two_characters),
		cmocka_unit_test(test_three_and_four_characters),
		cmocka_unit_test(test_several_terms_and_doc_no),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_paging_and_other_agency),
		cmocka_unit_test(test_snippets_are_escaped),
		cmocka_unit_test(test_bad_terms),
		cmocka_unit_test(test_scheduled_item_appears_on_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
