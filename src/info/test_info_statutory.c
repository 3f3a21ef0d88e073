/* test_info_statutory.c — 法定主动公开内容 over the default catalogue of a 街道: every item of 第二十条
 * is a statutory category, the seed categories are filed under the item their basis names (政策文件
 * under （一）, 财政信息 under （七）, two under （十五）), 动态信息 under none, a descendant is filed
 * under its ancestor; every statutory code has an empty-reason sentence; the 基层政务公开标准目录 is
 * seeded, and administrators (only) add rows with checked fields and retire them, audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_statutory.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	*state = fixture_open("info-statutory");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

static size_t index_of(const struct info_category *cats, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cats[i].code, code) == 0)
			return i;
	fail_msg("no category %s", code);
	return 0;
}

static void test_filing(void **state)
{
	struct info_fixture *f = *state;
	struct info_category *cats;
	size_t n;
	assert_int_equal(info_category_list(store_reader(f->store), f->agency_id, false, f->now, &cats, &n), 0);
	size_t statutory20 = 0, statutory21 = 0;
	for (size_t i = 0; i < n; i++) {
		bool art21 = false;
		if (info_statutory_is(cats, n, i, &art21))
			art21 ? statutory21++ : statutory20++;
	}
	assert_int_equal(statutory20, 15);
	assert_int_equal(statutory21, 7); /* the 乡镇/街道 list */
	size_t a01 = index_of(cats, n, "A01"), a07 = index_of(cats, n, "A07"), a15 = index_of(cats, n, "A15");
	size_t b11 = index_of(cats, n, "B11");
	assert_true(info_statutory_member(cats, n, a01, index_of(cats, n, "C01")));
	assert_true(info_statutory_member(cats, n, a01, a01));
	assert_false(info_statutory_member(cats, n, a07, index_of(cats, n, "C01")));
	assert_true(info_statutory_member(cats, n, a07, index_of(cats, n, "C05")));
	assert_true(info_statutory_member(cats, n, a15, index_of(cats, n, "C04")));
	assert_true(info_statutory_member(cats, n, a15, index_of(cats, n, "C10")));
	assert_true(info_statutory_member(cats, n, b11, index_of(cats, n, "C09")));
	size_t news = index_of(cats, n, "C02");
	for (size_t s = 0; s < n; s++)
		if (info_statutory_is(cats, n, s, NULL))
			assert_false(info_statutory_member(cats, n, s, news));
	/* groups and seed categories are not statutory categories themselves */
	assert_false(info_statutory_is(cats, n, index_of(cats, n, "A"), NULL));
	assert_false(info_statutory_is(cats, n, index_of(cats, n, "C05"), NULL));
	/* a child added under A12 is filed under it through the tree */
	struct info_category child = {.parent_id = cats[index_of(cats, n, "A12")].id};
	snprintf(child.code, sizeof child.code, "A12-1");
	snprintf(child.name, sizeof child.name, "防汛应急预案");
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_category_save(w, &f->admin, &child, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	free(cats);
	assert_int_equal(info_category_list(store_reader(f->store), f->agency_id, false, f->now, &cats, &n), 0);
	assert_true(info_statutory_member(cats, n, index_of(cats, n, "A12"), index_of(cats, n, "A12-1")));
	assert_false(info_statutory_is(cats, n, index_of(cats, n, "A12-1"), NULL));
	for (size_t i = 0; i < n; i++)
		assert_true(strlen(info_statutory_empty_reason(cats[i].code)) > 10);
	assert_non_null(strstr(info_statutory_empty_reason("A08"), "收费"));
	free(cats);
}

static void test_standard_directory(void **state)
{
	struct info_fixture *f = *state;
	struct info_standard_entry *rows;
	size_t n;
	assert_int_equal(info_standard_list(store_reader(f->store), &rows, &n), 0);
	assert_int_equal(n, 24);
	assert_string_equal(rows[0].domain, "财政预决算");
	assert_string_equal(rows[0].category_code, "C05");
	assert_string_equal(rows[0].mode, "主动");
	free(rows);
	struct info_standard_entry e = {.sort_order = 30};
	snprintf(e.domain, sizeof e.domain, "退役军人服务");
	snprintf(e.matter, sizeof e.matter, "优抚对象抚恤补助");
	snprintf(e.audience, sizeof e.audience, "特定群体");
	snprintf(e.mode, sizeof e.mode, "主动");
	struct outcome out;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_standard_save(w, &f->editor, &e, f->now, &out), OUTCOME_FORBIDDEN);
	snprintf(e.mode, sizeof e.mode, "公开");
	assert_int_equal(info_standard_save(w, &f->admin, &e, f->now, &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "mode");
	snprintf(e.mode, sizeof e.mode, "依申请");
	e.domain[0] = '\0';
	assert_int_equal(info_standard_save(w, &f->admin, &e, f->now, &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "domain");
	snprintf(e.domain, sizeof e.domain, "退役军人服务");
	assert_int_equal(info_standard_save(w, &f->admin, &e, f->now, &out), OUTCOME_OK);
	assert_true(e.id > 0);
	int64_t added = e.id;
	snprintf(e.matter, sizeof e.matter, "优抚对象抚恤补助发放");
	assert_int_equal(info_standard_save(w, &f->admin, &e, f->now, &out), OUTCOME_OK);
	assert_int_equal(e.id, added);
	assert_int_equal(info_standard_list(w, &rows, &n), 0);
	assert_int_equal(n, 25);
	assert_string_equal(rows[24].matter, "优抚对象抚恤补助发放");
	assert_string_equal(rows[24].mode, "依申请");
	free(rows);
	assert_int_equal(info_standard_retire(w, &f->admin, added, f->now, &out), OUTCOME_OK);
	assert_int_equal(info_standard_retire(w, &f->admin, added, f->now, &out), OUTCOME_NOT_FOUND);
	e.id = added;
	assert_int_equal(info_standard_save(w, &f->admin, &e, f->now, &out), OUTCOME_NOT_FOUND);
	assert_int_equal(info_standard_list(w, &rows, &n), 0);
	assert_int_equal(n, 24);
	free(rows);
	assert_int_equal(store_write_end(f->store, true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_filing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_standard_directory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
