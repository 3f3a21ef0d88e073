/* test_info_catalog.c — the catalogue and the 索引号: default categories per agency level (第二十条's
 * fifteen items, 第二十一条's local items, the seed report's ten), admin-only editing, retiring and
 * merging without losing items, and the index pattern's validation and formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_search.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	*state = fixture_open("info-catalog");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

static bool has_category(const struct info_category *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].name, name) == 0)
			return true;
	return false;
}

static void test_defaults(void **state)
{
	struct info_fixture *f = *state;
	struct info_category *list;
	size_t n;
	assert_int_equal(info_category_list(store_reader(f->store), f->agency_id, false, f->now, &list, &n), 0);
	/* 3 groups + 11 seed (10 of the seed report, 政府网站年度工作报表) + 15 第二十条 + 7 乡镇 第二十一条. */
	assert_int_equal(n, 3 + 11 + 15 + 7);
	assert_string_equal(list[0].name, "主动公开信息");
	assert_int_equal(list[0].depth, 0);
	assert_string_equal(list[1].name, "政策文件");
	assert_int_equal(list[1].depth, 1);
	int article20 = 0;
	for (size_t i = 0; i < n; i++)
		article20 += list[i].code[0] == 'A' && list[i].depth == 1 &&
			     strncmp(list[i].basis, "条例第二十条第", strlen("条例第二十条第")) == 0;
	assert_int_equal(article20, 15);
	/* the seed categories are filed under a statutory item by their basis (动态信息 is not) */
	assert_string_equal(list[1].basis, "条例第二十条第（一）项");
	assert_string_equal(list[2].name, "动态信息");
	assert_string_equal(list[2].basis, "");
	assert_true(has_category(list, n, "宅基地使用情况审核"));
	assert_true(has_category(list, n, "社会救助"));
	assert_false(has_category(list, n, "治安管理")); /* 市县 item, not for a 街道 */
	free(list);
	/* The 部门 of the 市 gets the 市县 list. */
	assert_int_equal(info_category_list(store_reader(f->store), f->other_agency_id, false, f->now, &list, &n), 0);
	assert_true(has_category(list, n, "治安管理"));
	assert_false(has_category(list, n, "筹资筹劳"));
	free(list);
	/* Installing again changes nothing. */
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_categories_install_defaults(w, f->agency_id, f->now), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void test_admin_edits_and_merges(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t item = fixture_draft(f, &f->editor, "养老服务", "敬老院改造", "2024-02-20", "正文", NULL);
	assert_int_equal(fixture_publish(f, item, f->now), OUTCOME_OK);
	struct info_category older, target;
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "养老服务", &older), 1);
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "社会救助", &target), 1);

	struct db *w = store_write_begin(f->store);
	struct info_category c = {.parent_id = older.parent_id, .sort_order = 20};
	snprintf(c.name, sizeof c.name, "乡村振兴");
	snprintf(c.code, sizeof c.code, "C11");
	assert_int_equal(info_category_save(w, &f->editor, &c, f->now, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(info_category_save(w, &f->admin, &c, f->now, &out), OUTCOME_OK);
	assert_true(c.id > 0);
	struct info_category dup = c;
	dup.id = 0;
	assert_int_equal(info_category_save(w, &f->admin, &dup, f->now, &out), OUTCOME_INVALID);
	snprintf(dup.code, sizeof dup.code, "bad code!");
	assert_int_equal(info_category_save(w, &f->admin, &dup, f->now, &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "code");
	/* A category cannot become its own descendant. */
	struct info_category group;
	assert_int_equal(info_category_get(w, older.parent_id, &group), 1);
	group.parent_id = c.id;
	assert_int_equal(info_category_save(w, &f->admin, &group, f->now, &out), OUTCOME_INVALID);
	/* Merge 养老服务 into 社会救助: the item moves and stays public. */
	assert_int_equal(info_category_merge(w, &f->admin, older.id, target.id, f->now, &out), OUTCOME_OK);
	assert_int_equal(info_category_merge(w, &f->admin, older.id, target.id, f->now, &out), OUTCOME_CONFLICT);
	/* Retiring a group with active children is refused; retiring a leaf keeps its items. */
	assert_int_equal(info_category_retire(w, &f->admin, older.parent_id, f->now, &out), OUTCOME_CONFLICT);
	assert_int_equal(info_category_retire(w, &f->admin, target.id, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);

	struct info_item it;
	assert_int_equal(info_item_get_public(store_reader(f->store), item, f->now, &it), 1);
	assert_int_equal(it.category_id, target.id);
	info_item_free(&it);
	/* The retired category takes no new items. */
	struct info_category gone;
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "社会救助", &gone), 0);
	struct info_category *list;
	size_t n;
	assert_int_equal(info_category_list(store_reader(f->store), f->agency_id, true, f->now, &list, &n), 0);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		if (list[i].id == target.id)
			seen = list[i].retired && list[i].published == 1;
	assert_true(seen);
	free(list);
}

static void test_index_pattern(void **state)
{
	(void)state;
	char out[96], err[160];
	assert_true(info_index_pattern_valid(INFO_DEFAULT_INDEX_PATTERN, err, sizeof err));
	assert_int_equal(
	    info_index_format("{agency}/{year}-{serial:5}", "000014349", "A01", 2017, 110, out, sizeof out), 0);
	assert_string_equal(out, "000014349/2017-00110");
	assert_int_equal(
	    info_index_format("{agency}-{category}-{year}-{serial}", "ZL", "C05", 2024, 7, out, sizeof out), 0);
	assert_string_equal(out, "ZL-C05-2024-7");
	assert_int_equal(
	    info_index_format("{agency}-{category}-{year}-{serial}", "ZL", "C05", 2024, -1, out, sizeof out), 0);
	assert_string_equal(out, "ZL-C05-2024-");
	assert_false(info_index_pattern_valid("{agency}-{year}", err, sizeof err));
	assert_non_null(strstr(err, "流水号"));
	assert_false(info_index_pattern_valid("{serial}{serial}", err, sizeof err));
	assert_false(info_index_pattern_valid("{unknown}-{serial}", err, sizeof err));
	assert_false(info_index_pattern_valid("{serial:0}", err, sizeof err));
	assert_false(info_index_pattern_valid("a}{serial}", err, sizeof err));
	assert_false(info_index_pattern_valid("", err, sizeof err));
	assert_int_equal(info_index_format("{serial:9}", "", "", 2024, 1, out, 5), -1); /* does not fit */
}

static void test_terms(void **state)
{
	(void)state;
	struct info_terms t;
	char err[128];
	assert_int_equal(info_terms_parse("  预算　公开 预算 路 ", &t, err, sizeof err), 0);
	assert_int_equal(t.count, 3);
	assert_string_equal(t.term[0], "预算");
	assert_string_equal(t.term[1], "公开");
	assert_string_equal(t.term[2], "路");
	char longer[200];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(info_terms_parse(longer, &t, err, sizeof err), -1);
	assert_int_equal(info_terms_parse("", &t, err, sizeof err), 0);
	assert_int_equal(t.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_edits_and_merges, setup, teardown),
	    cmocka_unit_test(test_index_pattern),
	    cmocka_unit_test(test_terms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
