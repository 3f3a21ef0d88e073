/* test_info_search.c — Chinese search over published items: one-, two-, three- and four-character
 * terms (all answered by the bigram index), terms that match nothing, several terms (AND), 文号 with 〔〕,
 * mixed Latin/CJK terms (PM2.5, 2024年), full-width forms, punctuation-only terms (scanned), filters by
 * category, year, document type and publication date range, paging newest first or by relevance, "did
 * you mean" for a one-character typo, escaped snippets with <mark>, the index kept
 * in step when a draft is edited, and the rule that drafts, 涉密, withdrawn and scheduled items are never
 * found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "info/info_search.h"
#include "info/info_testutil.h"

struct corpus {
	int64_t budget, road, open, rules, secret, draft, withdrawn, scheduled;
};

static struct corpus ids;

static int64_t publish_at(struct info_fixture *f, const char *category, const char *title, const char *body, int y,
			  int m, int d, const char *doc_type)
{
	f->now = fixture_time(y, m, d);
	char formed[CAL_ISO_SIZE];
	cal_format_iso(cal_day_from_date(y, m, d), formed);
	int64_t id = fixture_draft(f, &f->editor, category, title, formed, body, doc_type);
	if (id <= 0 || fixture_publish(f, id, f->now) != OUTCOME_OK)
		return 0;
	return id;
}

static int setup(void **state)
{
	struct info_fixture *f = fixture_open("info-search");
	if (!f)
		return -1;
	ids.budget =
	    publish_at(f, "财政信息", "钟楼街道2023年部门预算公开", "本年度一般公共预算收入……", 2023, 3, 1, NULL);
	ids.road =
	    publish_at(f, "动态信息", "文化路道路改造完成", "中心路至文化路段路面修复。<b>粗体</b>", 2023, 6, 1, NULL);
	ids.open = publish_at(f, "动态信息", "街道召开政务公开工作会议", "会议部署政府信息公开工作，强调信息公开。",
			      2024, 1, 15, NULL);
	ids.rules = publish_at(f, "政策文件", "关于规范低保审批的通知", "文号见上。社会救助", 2024, 2, 1, "normative");
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	struct info_item_input in = {.category = "政策文件",
				     .title = "关于规范低保审批的通知",
				     .doc_no = "钟办〔2024〕3号",
				     .formed_on = "2024-02-01",
				     .body = "文号见上。社会救助"};
	bool ok = info_item_update(w, &f->editor, ids.rules, &in, f->now, &out) == OUTCOME_CONFLICT; /* published */
	assert_int_equal(store_write_end(f->store, false), 0);
	/* Items that must never be found, all containing 预算 and 公开. */
	ids.draft = fixture_draft(f, &f->editor, "财政信息", "预算草稿 公开前", "2024-02-01", "预算公开草稿", NULL);
	ids.secret = fixture_draft(f, &f->editor, "财政信息", "涉密预算公开", "2024-02-01", "预算", NULL);
	w = store_write_begin(f->store);
	ok = ok && info_submit(w, &f->editor, ids.secret, f->now, &out) == OUTCOME_OK &&
	     info_review(w, &f->reviewer, ids.secret, INFO_CLASSIFY, "涉密", f->now, &out) == OUTCOME_OK;
	assert_int_equal(store_write_end(f->store, ok), 0);
	ids.withdrawn = publish_at(f, "财政信息", "撤回的预算公开", "预算", 2024, 2, 2, NULL);
	w = store_write_begin(f->store);
	ok = ok && info_withdraw(w, &f->editor, ids.withdrawn, "有误", f->now, &out) == OUTCOME_OK;
	assert_int_equal(store_write_end(f->store, ok), 0);
	ids.scheduled = fixture_draft(f, &f->editor, "财政信息", "定时预算公开", "2024-02-02", "预算", NULL);
	w = store_write_begin(f->store);
	ok = ok && info_submit(w, &f->editor, ids.scheduled, f->now, &out) == OUTCOME_OK &&
	     info_review(w, &f->reviewer, ids.scheduled, INFO_PASS, "", f->now, &out) == OUTCOME_OK &&
	     info_publish(w, &f->editor, ids.scheduled, f->now + 30 * 86400, f->cal, f->now, &out) == OUTCOME_OK;
	assert_int_equal(store_write_end(f->store, ok), 0);
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
	struct info_query query = {
	    .agency_id = f->agency_id, .q = q, .category_id = category, .year = year, .doc_type = doc_type};
	struct info_hits hits;
	struct outcome out;
	enum outcome_code code = info_search(store_reader(f->store), &query, f->now, &hits, &out);
	if (code != OUTCOME_OK)
		fprintf(stderr, "search \"%s\": %s\n", q, out.message);
	assert_int_equal(code, OUTCOME_OK);
	assert_int_equal((size_t)hits.total, hits.count);
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < hits.count; i++) {
		const char *name = hits.items[i].id == ids.budget  ? "budget"
				   : hits.items[i].id == ids.road  ? "road"
				   : hits.items[i].id == ids.open  ? "open"
				   : hits.items[i].id == ids.rules ? "rules"
								   : "FORBIDDEN";
		buf_printf(&b, "%s%s", i ? "," : "", name);
	}
	info_hits_free(&hits);
	return buf_take(&b);
}

#define assert_found(f, q, expected)                                                                                   \
	do {                                                                                                           \
		char *got_ = found((f), (q), 0, 0, -1);                                                                \
		assert_string_equal(got_, (expected));                                                                 \
		free(got_);                                                                                            \
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
	struct info_query q = {.agency_id = f->agency_id, .limit = 2, .offset = 2, .doc_type = -1};
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_OK);
	assert_int_equal(hits.total, 4);
	assert_int_equal(hits.count, 2);
	assert_int_equal(hits.items[0].id, ids.road);
	assert_int_equal(hits.items[1].id, ids.budget);
	info_hits_free(&hits);
	q.agency_id = f->other_agency_id;
	q.offset = 0;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_OK);
	assert_int_equal(hits.count, 0);
	info_hits_free(&hits);
}

static void test_scheduled_item_appears_on_time(void **state)
{
	struct info_fixture *f = *state;
	f->now += 40 * 86400;
	struct info_query q = {.agency_id = f->agency_id, .q = "定时预算", .doc_type = -1};
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_OK);
	assert_int_equal(hits.count, 1);
	assert_int_equal(hits.items[0].id, ids.scheduled);
	info_hits_free(&hits);
}

static void test_snippets_are_escaped(void **state)
{
	struct info_fixture *f = *state;
	struct info_query q = {.agency_id = f->agency_id, .q = "粗体 路", .doc_type = -1};
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_OK);
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
	html = info_highlight_html(
	    "这是一段很长的文字，其中在很后面的位置才出现了检索词公开，然后又继续写了很多很多字。", &t, 10);
	assert_non_null(strstr(html, "<mark>公开</mark>"));
	assert_true(strncmp(html, "…", 3) == 0);
	free(html);
}

static void test_bad_terms(void **state)
{
	struct info_fixture *f = *state;
	struct info_query q = {.agency_id = f->agency_id, .q = "a b c d e f g h i", .doc_type = -1};
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "q");
	q.q = "\"'; DROP TABLE info_item; -- OR 1=1 *";
	assert_int_equal(info_search(store_reader(f->store), &q, f->now, &hits, &out), OUTCOME_OK);
	assert_int_equal(hits.count, 0);
	info_hits_free(&hits);
}

/* ---- mixed Latin / CJK terms, 文号, full-width forms (a corpus of its own) ---- */

struct mixed {
	struct info_fixture *f;
	int64_t pm, allowance, care, edited;
};

static int64_t publish_item(struct info_fixture *f, const struct info_item_input *in, int y, int m, int d)
{
	f->now = fixture_time(y, m, d);
	struct outcome out;
	int64_t id = 0;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_item_create(w, &f->editor, in, f->now, &id, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code == OUTCOME_OK && fixture_publish(f, id, f->now) == OUTCOME_OK ? id : 0;
}

/* A draft titled 旧标题火锅 is renamed before publication: the index must forget the old words. */
static int64_t publish_edited(struct info_fixture *f)
{
	f->now = fixture_time(2022, 6, 1);
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "旧标题火锅店检查", "2022-06-01", "正文", NULL);
	struct info_item_input in = {
	    .category = "动态信息", .title = "新标题消防检查", .formed_on = "2022-06-01", .body = "正文"};
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_item_update(w, &f->editor, id, &in, f->now, &out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return id && code == OUTCOME_OK && fixture_publish(f, id, f->now) == OUTCOME_OK ? id : 0;
}

static int mixed_setup(void **state)
{
	struct mixed *m = xcalloc(1, sizeof *m);
	m->f = fixture_open("info-search-mixed");
	if (!m->f)
		return -1;
	struct info_item_input pm = {.category = "动态信息",
				     .title = "2024年PM2.5浓度监测报告",
				     .doc_no = "钟环〔2024〕7号",
				     .formed_on = "2024-03-01",
				     .body = "本季度空气质量优良天数增加。"};
	struct info_item_input allowance = {.category = "政策文件",
					    .title = "关于二〇二四年低保标准的通知",
					    .doc_no = "钟民〔2023〕12号",
					    .formed_on = "2024-01-10",
					    .body = "ＡＱＩ与低保无关；低保标准每人每月 ６８０ 元。"};
	struct info_item_input care = {.category = "动态信息",
				       .title = "社区养老服务站建设",
				       .formed_on = "2023-05-01",
				       .body = "养老服务补贴，年满80周岁。"};
	m->pm = publish_item(m->f, &pm, 2024, 3, 1);
	m->allowance = publish_item(m->f, &allowance, 2024, 1, 10);
	m->care = publish_item(m->f, &care, 2023, 5, 1);
	m->edited = publish_edited(m->f);
	m->f->now = fixture_time(2024, 3, 2);
	*state = m;
	return m->pm && m->allowance && m->care && m->edited ? 0 : -1;
}

static int mixed_teardown(void **state)
{
	struct mixed *m = *state;
	int rc = fixture_close(m->f);
	free(m);
	return rc;
}

/* The mixed corpus' items found for q, newest first, by name. */
static char *found_mixed(struct mixed *m, const char *q)
{
	struct info_query query = {.agency_id = m->f->agency_id, .q = q, .doc_type = -1};
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(m->f->store), &query, m->f->now, &hits, &out), OUTCOME_OK);
	assert_int_equal((size_t)hits.total, hits.count);
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < hits.count; i++) {
		int64_t id = hits.items[i].id;
		const char *name = id == m->pm		? "pm"
				   : id == m->allowance ? "allowance"
				   : id == m->care	? "care"
				   : id == m->edited	? "edited"
							: "UNKNOWN";
		buf_printf(&b, "%s%s", i ? "," : "", name);
	}
	info_hits_free(&hits);
	return buf_take(&b);
}

#define assert_found_mixed(m, q, expected)                                                                             \
	do {                                                                                                           \
		char *got_ = found_mixed((m), (q));                                                                    \
		assert_string_equal(got_, (expected));                                                                 \
		free(got_);                                                                                            \
	} while (0)

static void test_every_term_length(void **state)
{
	struct mixed *m = *state;
	assert_found_mixed(m, "养", "care");
	assert_found_mixed(m, "鑫", "");
	assert_found_mixed(m, "养老", "care");
	assert_found_mixed(m, "火锅", "");
	assert_found_mixed(m, "服务站", "care");
	assert_found_mixed(m, "站服务", "");
	assert_found_mixed(m, "监测报告", "pm");
	assert_found_mixed(m, "监测预算", "");
	assert_found_mixed(m, "二〇二四", "allowance");
	assert_found_mixed(m, "检查", "edited");
}

static void test_latin_and_full_width(void **state)
{
	struct mixed *m = *state;
	assert_found_mixed(m, "PM2.5", "pm");
	assert_found_mixed(m, "pm2.5", "pm");
	assert_found_mixed(m, "ＰＭ２．５", "pm"); /* only the index can find this (instr cannot) */
	assert_found_mixed(m, "PM2.5浓度", "pm");
	assert_found_mixed(m, "PM", ""); /* Latin terms match whole words */
	assert_found_mixed(m, "2024年", "pm");
	assert_found_mixed(m, "年PM2.5", "pm");
	assert_found_mixed(m, "aqi", "allowance");
	assert_found_mixed(m, "680元", "allowance");
	assert_found_mixed(m, "80周岁", "care");
}

static void test_doc_numbers_with_brackets(void **state)
{
	struct mixed *m = *state;
	assert_found_mixed(m, "钟环〔2024〕7号", "pm");
	assert_found_mixed(m, "〔2024〕", "pm");
	assert_found_mixed(m, "钟环〔2024〕8号", "");
	assert_found_mixed(m, "钟民〔2023〕12号", "allowance");
	assert_found_mixed(m, "钟民[2023]12号", "allowance"); /* punctuation is ignored */
	assert_found_mixed(m, "低保 〔2023〕", "allowance");
	assert_found_mixed(m, "低保 〔2024〕", "");
	/* Terms of punctuation only have no index tokens: they are matched exactly, with instr(). */
	assert_found_mixed(m, "〔", "pm,allowance");
	assert_found_mixed(m, "〔〕", "");
	assert_found_mixed(m, "〔 养老", "");
	assert_found_mixed(m, "； 低保", "allowance");
}

static void test_edited_draft_is_reindexed(void **state)
{
	struct mixed *m = *state;
	assert_found_mixed(m, "新标题", "edited");
	assert_found_mixed(m, "旧标题", "");
	assert_found_mixed(m, "火锅店", "");
}

/* 1100 published items inserted directly (then indexed as `gongkai migrate` does), published in a shuffled order:
 * 路灯维修第N批, the 7th with 鑫源. */
static void insert_bulk(struct mixed *m)
{
	struct info_category c;
	assert_int_equal(info_category_resolve(store_reader(m->f->store), m->f->agency_id, "动态信息", &c), 1);
	struct db *w = store_write_begin(m->f->store);
	struct db_stmt *st = db_prepare(
	    w, "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 1100) "
	       "INSERT INTO info_item (agency_id, category_id, index_no, title, publisher, formed_on, body_text, "
	       "status, published_at, published_on, pub_year, created_by, created_at, updated_at) "
	       "SELECT :agency, :category, 'BULK-' || n, '路灯维修第' || n || '批', '钟楼街道', '2021-01-01', "
	       "CASE WHEN n = 7 THEN '鑫源小区' ELSE '' END, 'published', :base + (n * 7919 % 1100) * 60, "
	       "'2021-01-01', 2021, :user, 0, 0 FROM seq");
	db_bind_int(st, ":agency", m->f->agency_id);
	db_bind_int(st, ":category", c.id);
	db_bind_int(st, ":base", fixture_time(2021, 1, 1));
	db_bind_int(st, ":user", m->f->editor.user_id);
	assert_int_equal(db_step(st), 0);
	assert_int_equal(store_write_end(m->f->store, true), 0);
	/* rows written around gongkai's item jobs: PostgreSQL's index rows are written as migrate does
	 * (SQLite's FTS5 triggers already indexed them: nothing to do there) */
	char err[256];
	assert_int_equal(info_search_reindex(m->f->store, err, sizeof err),
			 strcmp(store_backend(m->f->store), "postgresql") == 0 ? 1100 : 0);
}

/* More than INFO_SEARCH_COUNT_CAP matches take the newest-first plan, few matches the sorted one: both
 * must give the same order (published_at descending) and the capped total. */
static void test_many_matches(void **state)
{
	struct mixed *m = *state;
	insert_bulk(m);
	struct info_query q = {.agency_id = m->f->agency_id, .q = "路灯", .doc_type = -1};
	struct info_hits first, second;
	struct outcome out;
	assert_int_equal(info_search(store_reader(m->f->store), &q, m->f->now, &first, &out), OUTCOME_OK);
	assert_true(first.total_capped);
	assert_int_equal(first.total, INFO_SEARCH_COUNT_CAP);
	assert_int_equal(first.count, 20);
	assert_int_equal(first.items[0].published_at, fixture_time(2021, 1, 1) + 1099 * 60);
	q.offset = 20;
	assert_int_equal(info_search(store_reader(m->f->store), &q, m->f->now, &second, &out), OUTCOME_OK);
	assert_int_equal(second.count, 20);
	for (size_t i = 1; i < 20; i++) {
		assert_true(first.items[i].published_at < first.items[i - 1].published_at);
		assert_true(second.items[i].published_at < second.items[i - 1].published_at);
		assert_non_null(strstr(first.items[i].title_html, "<mark>路灯</mark>"));
	}
	assert_true(second.items[0].published_at < first.items[19].published_at);
	info_hits_free(&first);
	info_hits_free(&second);
	assert_found_mixed(m, "鑫源", "UNKNOWN");
	assert_found_mixed(m, "路灯 鑫源", "UNKNOWN");
	assert_found_mixed(m, "第7批", "UNKNOWN");
	assert_found_mixed(m, "路灯 养老", "");
}

/* Ids of a query with a publication date range (days; 0 = open) and an order, comma-separated. */
static char *found_range(struct info_fixture *f, const char *q, const char *from, const char *to, enum info_order order)
{
	struct info_query query = {.agency_id = f->agency_id, .q = q, .doc_type = -1, .order = order};
	if (from)
		assert_int_equal(cal_parse_iso(from, strlen(from), &query.from_day), 0);
	if (to)
		assert_int_equal(cal_parse_iso(to, strlen(to), &query.to_day), 0);
	struct info_hits hits;
	struct outcome out;
	assert_int_equal(info_search(store_reader(f->store), &query, f->now, &hits, &out), OUTCOME_OK);
	struct buf b = {0};
	buf_puts(&b, "");
	for (size_t i = 0; i < hits.count; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)hits.items[i].id);
	assert_int_equal((size_t)hits.total, hits.count);
	info_hits_free(&hits);
	return buf_take(&b);
}

#define assert_range(f, q, from, to, order, ...)                                                                       \
	do {                                                                                                           \
		char want_[128];                                                                                       \
		snprintf(want_, sizeof want_, __VA_ARGS__);                                                            \
		char *got_ = found_range((f), (q), (from), (to), (order));                                             \
		assert_string_equal(got_, want_);                                                                      \
		free(got_);                                                                                            \
	} while (0)

/* Both ends of the range are inclusive, either may be open, and the range combines with terms. Published:
 * budget 2023-03-01, road 2023-06-01, open 2024-01-15, rules 2024-02-01. */
static void test_date_range(void **state)
{
	struct info_fixture *f = *state;
	f->now = fixture_time(2024, 3, 1); /* before the scheduled item appears */
	long long b = ids.budget, r = ids.road, o = ids.open, u = ids.rules;
	assert_range(f, "", "2023-06-01", "2024-01-15", INFO_ORDER_DATE, "%lld,%lld", o, r);
	assert_range(f, "", "2023-06-02", "2024-01-14", INFO_ORDER_DATE, "%s", "");
	assert_range(f, "", "2023-06-02", NULL, INFO_ORDER_DATE, "%lld,%lld", u, o);
	assert_range(f, "", NULL, "2023-03-01", INFO_ORDER_DATE, "%lld", b);
	assert_range(f, "", NULL, "2023-02-28", INFO_ORDER_DATE, "%s", "");
	assert_range(f, "公开", "2023-01-01", "2023-12-31", INFO_ORDER_DATE, "%lld", b);
	assert_range(f, "公开", "2024-01-01", NULL, INFO_ORDER_RELEVANCE, "%lld", o);
}

/* Relevance puts the item with the term in its title before a newer one that has it only in the body;
 * date order the other way round; without terms relevance falls back to date order. */
static void test_relevance_order(void **state)
{
	struct info_fixture *f = *state;
	long long titled = publish_at(f, "动态信息", "桥梁检修公告", "桥梁检修期间绕行。", 2024, 2, 10, NULL);
	long long mentioned = publish_at(f, "动态信息", "春季工作安排",
					 "春季工作包括道路保洁、绿化和桥梁巡查等十余项内容。", 2024, 2, 20, NULL);
	assert_true(titled > 0 && mentioned > 0);
	f->now = fixture_time(2024, 3, 1);
	assert_range(f, "桥梁", NULL, NULL, INFO_ORDER_DATE, "%lld,%lld", mentioned, titled);
	assert_range(f, "桥梁", NULL, NULL, INFO_ORDER_RELEVANCE, "%lld,%lld", titled, mentioned);
	assert_range(f, "", "2024-02-10", NULL, INFO_ORDER_RELEVANCE, "%lld,%lld", mentioned, titled);
}

static void assert_suggestion(struct info_fixture *f, const char *q, const char *want)
{
	struct info_query query = {.agency_id = f->agency_id, .q = q, .doc_type = -1};
	char got[256];
	int rc = info_search_suggest(store_reader(f->store), &query, f->now, got, sizeof got);
	assert_int_equal(rc, want ? 1 : 0);
	assert_string_equal(got, want ? want : "");
}

/* "Did you mean": one wrong character in any position, in titles and summaries of published items only;
 * terms that find something are kept; no suggestion for a single character, nothing similar, a draft's
 * or another agency's words. */
static void test_did_you_mean(void **state)
{
	struct info_fixture *f = *state;
	assert_suggestion(f, "部门预箅", "部门预算");
	assert_suggestion(f, "钟楼街到", "钟楼街道");
	assert_suggestion(f, "种楼街道", "钟楼街道");
	assert_suggestion(f, "预算 政务工开", "预算 政务公开");
	assert_suggestion(f, "2023年部门预箅", "2023年部门预算"); /* unchanged part not all Chinese: scanned */
	assert_suggestion(f, "部门预算", NULL);
	assert_suggestion(f, "鑫", NULL);
	assert_suggestion(f, "鑫鑫鑫鑫", NULL);
	assert_suggestion(f, "预算草搞", NULL); /* only the draft's title has 预算草稿 */
	assert_suggestion(f, "涉密预箅", NULL); /* only the 涉密 item's */
	assert_suggestion(f, "", NULL);
	struct info_query other = {.agency_id = f->other_agency_id, .q = "部门预箅", .doc_type = -1};
	char got[64];
	assert_int_equal(info_search_suggest(store_reader(f->store), &other, f->now, got, sizeof got), 0);
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
	    cmocka_unit_test(test_date_range),
	    cmocka_unit_test(test_did_you_mean),
	    cmocka_unit_test(test_relevance_order), /* last: adds two items */
	};
	const struct CMUnitTest mixed_tests[] = {
	    cmocka_unit_test(test_every_term_length),
	    cmocka_unit_test(test_latin_and_full_width),
	    cmocka_unit_test(test_doc_numbers_with_brackets),
	    cmocka_unit_test(test_edited_draft_is_reindexed),
	    cmocka_unit_test(test_many_matches), /* last: adds 1100 items */
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed + cmocka_run_group_tests(mixed_tests, mixed_setup, mixed_teardown);
}
