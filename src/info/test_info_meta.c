/* test_info_meta.c — item metadata: the 主题分类 list (seeded 22 themes; add, rename, retire by an
 * administrator only, with every refusal naming its field), a new item's default theme from its
 * category and the editor's change (audited trail step; refused for other roles, agencies, unknown or
 * retired themes and withdrawn items), theme counts of visible items only; 发布机构 only from the
 * agency tree (own, superior and subordinate agencies; not a sibling, a retired agency or free text);
 * the 替代文件 of a repealed item (by 索引号 or id, public items of the same agency only, not itself,
 * cleared with ""); the administrator's reason for an empty statutory category. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "info/info_meta.h"
#include "info/info_statutory.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	struct info_fixture *f = fixture_open("info-meta");
	*state = f;
	return f ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

typedef enum outcome_code (*write_fn)(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out);

/* Runs fn in one write transaction (committed on OUTCOME_OK); returns its code, the message in out. */
static enum outcome_code in_write(struct info_fixture *f, write_fn fn, const void *arg, struct outcome *out)
{
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = fn(w, f, arg, out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

struct theme_op {
	const struct actor *actor;
	const char *op, *code, *name;
	int64_t id;
};

static enum outcome_code theme_op(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out)
{
	const struct theme_op *t = arg;
	if (strcmp(t->op, "add") == 0)
		return info_theme_add(w, t->actor, t->code, t->name, f->now, out);
	if (strcmp(t->op, "rename") == 0)
		return info_theme_rename(w, t->actor, t->id, t->name, f->now, out);
	return info_theme_retire(w, t->actor, t->id, f->now, out);
}

static void expect_theme_op(struct info_fixture *f, struct theme_op t, enum outcome_code want, const char *field)
{
	struct outcome out;
	assert_int_equal(in_write(f, theme_op, &t, &out), want);
	if (field)
		assert_string_equal(out.field, field);
}

static void test_theme_list(void **state)
{
	struct info_fixture *f = *state;
	struct info_theme *list;
	size_t n;
	assert_int_equal(info_theme_list(store_reader(f->store), false, &list, &n), 0);
	assert_int_equal(n, 22);
	assert_string_equal(list[0].name, "国务院组织机构");
	assert_string_equal(list[3].name, "财政、金融、审计");
	assert_string_equal(list[21].name, "其他");
	free(list);
	const struct actor *a = &f->admin;
	expect_theme_op(f, (struct theme_op){a, "add", "X1", "基层治理", 0}, OUTCOME_OK, NULL);
	expect_theme_op(f, (struct theme_op){&f->editor, "add", "X2", "社区服务", 0}, OUTCOME_FORBIDDEN, NULL);
	expect_theme_op(f, (struct theme_op){a, "add", "X1", "社区服务", 0}, OUTCOME_INVALID, "code");
	expect_theme_op(f, (struct theme_op){a, "add", "X-2", "社区服务", 0}, OUTCOME_INVALID, "code");
	expect_theme_op(f, (struct theme_op){a, "add", "", "社区服务", 0}, OUTCOME_INVALID, "code");
	expect_theme_op(f, (struct theme_op){a, "add", "X3", "基层治理", 0}, OUTCOME_INVALID, "name");
	expect_theme_op(f, (struct theme_op){a, "add", "X3", "基", 0}, OUTCOME_INVALID, "name");
	struct info_theme t;
	assert_int_equal(info_theme_find(store_reader(f->store), "基层治理", &t), 1);
	assert_string_equal(t.code, "X1");
	expect_theme_op(f, (struct theme_op){a, "rename", NULL, "城乡基层治理", t.id}, OUTCOME_OK, NULL);
	expect_theme_op(f, (struct theme_op){a, "rename", NULL, "综合政务", t.id}, OUTCOME_INVALID, "name");
	assert_int_equal(info_theme_find(store_reader(f->store), "X1", &t), 1);
	assert_string_equal(t.name, "城乡基层治理");
	expect_theme_op(f, (struct theme_op){a, "retire", NULL, NULL, t.id}, OUTCOME_OK, NULL);
	expect_theme_op(f, (struct theme_op){a, "retire", NULL, NULL, t.id}, OUTCOME_NOT_FOUND, NULL);
	assert_int_equal(info_theme_find(store_reader(f->store), "X1", &t), 0);
	/* a retired code stays taken; its name is free again */
	expect_theme_op(f, (struct theme_op){a, "add", "X1", "城乡基层治理", 0}, OUTCOME_INVALID, "code");
	expect_theme_op(f, (struct theme_op){a, "add", "X4", "城乡基层治理", 0}, OUTCOME_OK, NULL);
	assert_int_equal(info_theme_list(store_reader(f->store), true, &list, &n), 0);
	assert_int_equal(n, 24);
	assert_true(list[n - 1].retired_at > 0); /* retired ones last */
	free(list);
}

struct set_theme {
	const struct actor *actor;
	int64_t id;
	const char *theme;
};

static enum outcome_code set_theme(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out)
{
	const struct set_theme *s = arg;
	return info_item_set_theme(w, s->actor, s->id, s->theme, f->now, out);
}

static void expect_item_theme(struct info_fixture *f, int64_t id, const char *code, const char *name)
{
	struct info_item it;
	assert_int_equal(info_item_get(store_reader(f->store), id, &it), 1);
	assert_string_equal(it.theme_code, code);
	assert_string_equal(it.theme_name, name);
	info_item_free(&it);
}

static void test_item_theme(void **state)
{
	struct info_fixture *f = *state;
	int64_t budget = fixture_draft(f, &f->editor, "财政信息", "2024年部门预算", "2024-02-01", "预算。", NULL);
	int64_t news = fixture_draft(f, &f->editor, "动态信息", "街道开展义诊活动", "2024-02-01", "义诊。", NULL);
	expect_item_theme(f, budget, "04", "财政、金融、审计"); /* the category's default */
	expect_item_theme(f, news, "02", "综合政务");
	struct outcome out;
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->editor, news, "卫生、体育"}, &out), OUTCOME_OK);
	expect_item_theme(f, news, "13", "卫生、体育");
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->editor, news, "17"}, &out), OUTCOME_OK);
	expect_item_theme(f, news, "17", "民政、扶贫、救灾");
	struct info_step *steps;
	size_t n;
	assert_int_equal(info_item_trail(store_reader(f->store), news, &steps, &n), 0);
	assert_string_equal(steps[n - 1].action, "theme");
	assert_non_null(strstr(steps[n - 1].opinion, "卫生、体育 → 民政、扶贫、救灾"));
	info_steps_free(steps, n);
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->editor, news, "不存在的主题"}, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "theme");
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->editor, news, ""}, &out), OUTCOME_INVALID);
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->reviewer, news, "02"}, &out),
			 OUTCOME_FORBIDDEN);
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->outsider, news, "02"}, &out),
			 OUTCOME_NOT_FOUND);
	expect_item_theme(f, news, "17", "民政、扶贫、救灾");
	/* counts: only visible items; the draft budget is not counted until published */
	struct info_theme *counts;
	assert_int_equal(info_theme_counts(store_reader(f->store), f->agency_id, f->now, &counts, &n), 0);
	assert_int_equal(n, 0);
	free(counts);
	assert_int_equal(fixture_publish(f, budget, f->now), OUTCOME_OK);
	assert_int_equal(info_theme_counts(store_reader(f->store), f->agency_id, f->now, &counts, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(counts[0].code, "04");
	assert_int_equal(counts[0].published, 1);
	free(counts);
	assert_int_equal(info_theme_counts(store_reader(f->store), f->other_agency_id, f->now, &counts, &n), 0);
	assert_int_equal(n, 0);
	free(counts);
	struct db *w = store_write_begin(f->store);
	bool ok = info_withdraw(w, &f->editor, budget, "数据有误", f->now, &out) == OUTCOME_OK;
	assert_int_equal(store_write_end(f->store, ok), 0);
	assert_int_equal(in_write(f, set_theme, &(struct set_theme){&f->editor, budget, "02"}, &out), OUTCOME_CONFLICT);
}

/* An agency under parent_id (0 = root). */
static int64_t agency_under(struct info_fixture *f, const char *name, enum agency_level level, int64_t parent_id)
{
	struct db *w = store_write_begin(f->store);
	int64_t id = fixture_agency(w, name, level);
	struct agency a;
	char err[256];
	bool ok = id > 0 && agency_get(w, id, &a) == 1;
	a.parent_id = parent_id;
	ok = ok && agency_update(w, &a, err, sizeof err) == 1;
	assert_int_equal(store_write_end(f->store, ok), 0);
	return ok ? id : 0;
}

static enum outcome_code create_with_publisher(struct db *w, struct info_fixture *f, const void *arg,
					       struct outcome *out)
{
	struct info_item_input in = {.category = "动态信息",
				     .title = "发布机构测试",
				     .formed_on = "2024-02-01",
				     .body = "正文。",
				     .publisher = arg};
	int64_t id;
	return info_item_create(w, &f->editor, &in, f->now, &id, out);
}

static void test_publisher_from_tree(void **state)
{
	struct info_fixture *f = *state;
	int64_t city = agency_under(f, "汝州市人民政府", AGENCY_COUNTY, 0);
	struct agency street;
	assert_int_equal(agency_get(store_reader(f->store), f->agency_id, &street), 1);
	street.parent_id = city;
	struct db *w = store_write_begin(f->store);
	char err[256];
	assert_int_equal(agency_update(w, &street, err, sizeof err), 1);
	assert_int_equal(store_write_end(f->store, true), 0);
	int64_t centre = agency_under(f, "钟楼街道党群服务中心", AGENCY_DEPARTMENT, f->agency_id);
	int64_t sibling = agency_under(f, "汝州市风穴路街道办事处", AGENCY_SUBDISTRICT, city);
	assert_true(centre > 0 && sibling > 0);
	struct agency *list;
	size_t n;
	assert_int_equal(info_publisher_choices(store_reader(f->store), f->agency_id, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "汝州市人民政府");
	assert_string_equal(list[1].name, "汝州市钟楼街道办事处");
	assert_string_equal(list[2].name, "钟楼街道党群服务中心");
	free(list);
	struct outcome out;
	assert_int_equal(in_write(f, create_with_publisher, "", &out), OUTCOME_OK); /* own name */
	assert_int_equal(in_write(f, create_with_publisher, "汝州市钟楼街道办事处", &out), OUTCOME_OK);
	assert_int_equal(in_write(f, create_with_publisher, "汝州市人民政府", &out), OUTCOME_OK);
	assert_int_equal(in_write(f, create_with_publisher, "钟楼街道党群服务中心", &out), OUTCOME_OK);
	assert_int_equal(in_write(f, create_with_publisher, "汝州市风穴路街道办事处", &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "publisher");
	assert_int_equal(in_write(f, create_with_publisher, "汝州市民政局", &out), OUTCOME_INVALID);
	assert_int_equal(in_write(f, create_with_publisher, "钟楼街道", &out), OUTCOME_INVALID); /* not 全称 */
	assert_int_equal(in_write(f, create_with_publisher, "随便写的机构", &out), OUTCOME_INVALID);
	assert_non_null(strstr(out.message, "发布机构"));
}

struct replace {
	const struct actor *actor;
	int64_t id;
	const char *by;
};

static enum outcome_code replace(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out)
{
	const struct replace *r = arg;
	return info_item_set_replacement(w, r->actor, r->id, r->by, f->now, out);
}

static enum outcome_code repeal(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out)
{
	return info_set_validity(w, &f->editor, *(const int64_t *)arg, INFO_REPEALED, china_day(f->now), f->now, out);
}

static int64_t replaced_by(struct info_fixture *f, int64_t id)
{
	struct info_item it;
	assert_int_equal(info_item_get(store_reader(f->store), id, &it), 1);
	int64_t by = it.replaced_by;
	info_item_free(&it);
	return by;
}

static void test_replacement(void **state)
{
	struct info_fixture *f = *state;
	int64_t old = fixture_draft(f, &f->editor, "政策文件", "关于低保审批的通知", "2023-01-10", "旧。", "normative");
	int64_t neu =
	    fixture_draft(f, &f->editor, "政策文件", "关于低保审批的通知（修订）", "2024-02-01", "新。", "normative");
	int64_t draft = fixture_draft(f, &f->editor, "政策文件", "未发布的文件", "2024-02-01", "草稿。", "normative");
	assert_int_equal(fixture_publish(f, old, f->now), OUTCOME_OK);
	assert_int_equal(fixture_publish(f, neu, f->now), OUTCOME_OK);
	struct info_item n_it;
	assert_int_equal(info_item_get(store_reader(f->store), neu, &n_it), 1);
	char index_no[96];
	snprintf(index_no, sizeof index_no, "%s", n_it.index_no);
	info_item_free(&n_it);
	struct outcome out;
	/* a valid document has no replacement */
	assert_int_equal(in_write(f, replace, &(struct replace){&f->editor, old, index_no}, &out), OUTCOME_CONFLICT);
	assert_int_equal(in_write(f, repeal, &old, &out), OUTCOME_OK);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->editor, old, "不存在的索引号"}, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "replaced_by");
	char draft_id[24], self_id[24];
	snprintf(draft_id, sizeof draft_id, "%lld", (long long)draft);
	snprintf(self_id, sizeof self_id, "%lld", (long long)old);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->editor, old, draft_id}, &out), OUTCOME_INVALID);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->editor, old, self_id}, &out), OUTCOME_INVALID);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->reviewer, old, index_no}, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->outsider, old, index_no}, &out), OUTCOME_NOT_FOUND);
	assert_int_equal(replaced_by(f, old), 0);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->editor, old, index_no}, &out), OUTCOME_OK);
	assert_int_equal(replaced_by(f, old), neu);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->leader, old, ""}, &out), OUTCOME_OK);
	assert_int_equal(replaced_by(f, old), 0);
	char neu_id[24];
	snprintf(neu_id, sizeof neu_id, "%lld", (long long)neu);
	assert_int_equal(in_write(f, replace, &(struct replace){&f->leader, old, neu_id}, &out), OUTCOME_OK);
	assert_int_equal(replaced_by(f, old), neu);
	struct info_step *steps;
	size_t n;
	assert_int_equal(info_item_trail(store_reader(f->store), old, &steps, &n), 0);
	assert_string_equal(steps[n - 1].action, "replaced");
	assert_non_null(strstr(steps[n - 1].opinion, index_no));
	info_steps_free(steps, n);
}

struct reason {
	const struct actor *actor;
	int64_t category;
	const char *text;
};

static enum outcome_code set_reason(struct db *w, struct info_fixture *f, const void *arg, struct outcome *out)
{
	const struct reason *r = arg;
	return info_statutory_set_reason(w, r->actor, r->category, r->text, f->now, out);
}

static void test_empty_reason(void **state)
{
	struct info_fixture *f = *state;
	struct info_category fees;
	assert_int_equal(info_category_resolve(store_reader(f->store), f->agency_id, "行政事业性收费", &fees), 1);
	bool custom = true;
	char *reason = info_statutory_reason(store_reader(f->store), fees.id, fees.code, &custom);
	assert_false(custom);
	assert_string_equal(reason, info_statutory_empty_reason(fees.code));
	free(reason);
	struct outcome out;
	const char *mine = "本街道不收取任何行政事业性收费，2024年未设立收费项目。";
	assert_int_equal(in_write(f, set_reason, &(struct reason){&f->admin, fees.id, mine}, &out), OUTCOME_OK);
	reason = info_statutory_reason(store_reader(f->store), fees.id, fees.code, &custom);
	assert_true(custom);
	assert_string_equal(reason, mine);
	free(reason);
	char long_text[4 * 201 + 1] = "";
	for (int i = 0; i < 201; i++)
		strcat(long_text, "长");
	assert_int_equal(in_write(f, set_reason, &(struct reason){&f->admin, fees.id, long_text}, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "reason");
	long_text[200 * 3] = '\0'; /* exactly 200 characters */
	assert_int_equal(in_write(f, set_reason, &(struct reason){&f->admin, fees.id, long_text}, &out), OUTCOME_OK);
	assert_int_equal(in_write(f, set_reason, &(struct reason){&f->editor, fees.id, "x"}, &out), OUTCOME_FORBIDDEN);
	struct actor other_admin = f->admin;
	other_admin.agency_id = f->other_agency_id;
	assert_int_equal(in_write(f, set_reason, &(struct reason){&other_admin, fees.id, "x"}, &out),
			 OUTCOME_NOT_FOUND);
	assert_int_equal(in_write(f, set_reason, &(struct reason){&f->admin, fees.id, "  "}, &out), OUTCOME_OK);
	reason = info_statutory_reason(store_reader(f->store), fees.id, fees.code, &custom);
	assert_false(custom); /* back to the standard sentence */
	free(reason);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_theme_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_item_theme, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_publisher_from_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replacement, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_reason, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
