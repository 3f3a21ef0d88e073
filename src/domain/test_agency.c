/* test_agency.c — unit tests of the agency tree: 统一社会信用代码 check character, field validation,
 * tree order, ancestry (supervisors), cycles refused on update, and the demo data set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/admin.h"
#include "domain/agency.h"
#include "domain/demo.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

#define T0 1700000000

struct fixture {
	char dir[64];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-agency-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	*state = f;
	return f->store ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static int64_t add(struct fixture *f, int64_t parent, enum agency_level level, const char *name, const char *uscc)
{
	struct agency a = {.parent_id = parent, .level = level};
	snprintf(a.name, sizeof a.name, "%s", name);
	snprintf(a.uscc, sizeof a.uscc, "%s", uscc ? uscc : "");
	char err[256];
	struct db *w = store_write_begin(f->store);
	int64_t id = agency_add_at(w, &a, T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, id > 0), 0);
	return id;
}

static void test_uscc(void **state)
{
	(void)state;
	/* Codes whose check character is right (the first is the example often quoted for GB 32100-2015). */
	assert_true(agency_uscc_valid("91350100M000100Y43"));
	assert_true(agency_uscc_valid("11410482MB1000010L"));
	assert_false(agency_uscc_valid("91350100M000100Y44")); /* wrong check character */
	assert_false(agency_uscc_valid("91350100M000100Y4"));  /* 17 characters */
	assert_false(agency_uscc_valid("91350100M000I00Y43")); /* I is not a code character */
	assert_false(agency_uscc_valid("91350100m000100y43")); /* lower case */
	assert_false(agency_uscc_valid(""));
	assert_false(agency_uscc_valid(NULL));
}

static void test_validation(void **state)
{
	(void)state;
	struct agency a = {.level = AGENCY_CITY};
	char err[256];
	assert_false(agency_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "机关名称"));
	snprintf(a.name, sizeof a.name, "汝州市人民政府");
	assert_true(agency_validate(&a, err, sizeof err));
	snprintf(a.uscc, sizeof a.uscc, "11410482MB1000010X");
	assert_false(agency_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "统一社会信用代码"));
	a.uscc[0] = '\0';
	snprintf(a.email, sizeof a.email, "not-an-address");
	assert_false(agency_validate(&a, err, sizeof err));
	assert_non_null(strstr(err, "电子邮箱"));
	a.email[0] = '\0';
	a.level = 0;
	assert_false(agency_validate(&a, err, sizeof err));
	enum agency_level level;
	assert_int_equal(agency_level_parse("街道", &level), 0);
	assert_int_equal(level, AGENCY_SUBDISTRICT);
	assert_int_equal(agency_level_parse("department", &level), 0);
	assert_int_equal(level, AGENCY_DEPARTMENT);
	assert_int_equal(agency_level_parse("村", &level), -1);
}

static void test_tree(void **state)
{
	struct fixture *f = *state;
	int64_t city = add(f, 0, AGENCY_CITY, "汝州市人民政府", "11410482MB1000010L");
	int64_t finance = add(f, city, AGENCY_DEPARTMENT, "汝州市财政局", NULL);
	int64_t street = add(f, city, AGENCY_SUBDISTRICT, "汝州市钟楼街道办事处", NULL);
	int64_t office = add(f, street, AGENCY_DEPARTMENT, "钟楼街道党政办", NULL);
	int64_t other = add(f, 0, AGENCY_COUNTY, "某县人民政府", NULL);
	assert_true(city > 0 && finance > 0 && street > 0 && office > 0 && other > 0);
	/* Duplicate code and unknown parent are refused with a message. */
	struct agency dup = {.level = AGENCY_COUNTY, .parent_id = 0};
	snprintf(dup.name, sizeof dup.name, "重复");
	snprintf(dup.uscc, sizeof dup.uscc, "11410482MB1000010L");
	char err[256];
	struct db *w = store_write_begin(f->store);
	assert_int_equal(agency_add_at(w, &dup, T0, err, sizeof err), -1);
	assert_non_null(strstr(err, "统一社会信用代码已被"));
	/* a failed statement ends the transaction on PostgreSQL: one refusal per transaction */
	assert_int_equal(store_write_end(f->store, false), 0);
	w = store_write_begin(f->store);
	dup.uscc[0] = '\0';
	dup.parent_id = 999;
	assert_int_equal(agency_add_at(w, &dup, T0, err, sizeof err), -1);
	assert_non_null(strstr(err, "上级机关不存在"));
	assert_int_equal(store_write_end(f->store, false), 0);

	struct agency *list;
	size_t n;
	assert_int_equal(agency_list(store_reader(f->store), &list, &n), 0);
	assert_int_equal(n, 5);
	/* Depth-first: city, its subdistrict (level 5) with its office, its department (level 6), then the
	 * county root. */
	assert_int_equal(list[0].id, city);
	assert_int_equal(list[0].depth, 0);
	assert_int_equal(list[1].id, street);
	assert_int_equal(list[2].id, office);
	assert_int_equal(list[2].depth, 2);
	assert_int_equal(list[3].id, finance);
	assert_int_equal(list[3].depth, 1);
	assert_int_equal(list[4].id, other);
	free(list);
	assert_int_equal(agency_children(store_reader(f->store), 0, &list, &n), 0);
	assert_int_equal(n, 2);
	free(list);

	struct db *r = store_reader(f->store);
	assert_int_equal(agency_within(r, office, city), 1);
	assert_int_equal(agency_within(r, city, city), 1);
	assert_int_equal(agency_within(r, city, office), 0);
	assert_int_equal(agency_within(r, other, city), 0);

	/* Update: contact data changes; a cycle is refused. */
	struct agency a;
	assert_int_equal(agency_get(r, street, &a), 1);
	snprintf(a.phone, sizeof a.phone, "0375-1234567");
	w = store_write_begin(f->store);
	assert_int_equal(agency_update_at(w, &a, T0 + 1, err, sizeof err), 1);
	struct agency loop = a;
	loop.id = city;
	loop.parent_id = office;
	snprintf(loop.name, sizeof loop.name, "汝州市人民政府");
	assert_int_equal(agency_update_at(w, &loop, T0 + 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "上级机关"));
	a.id = 4242;
	assert_int_equal(agency_update_at(w, &a, T0 + 1, err, sizeof err), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(agency_get(r, street, &a), 1);
	assert_string_equal(a.phone, "0375-1234567");
	assert_int_equal(agency_get(r, 4242, &a), 0);
}

/* agency_subtree: the root and everything below it in tree order, depth from the root; retired ones
 * only when asked. agency_retire: refused with active subordinates, then once only. */
static void test_subtree_retire(void **state)
{
	struct fixture *f = *state;
	int64_t city = add(f, 0, AGENCY_CITY, "汝州市人民政府", NULL);
	int64_t finance = add(f, city, AGENCY_DEPARTMENT, "汝州市财政局", NULL);
	int64_t street = add(f, city, AGENCY_SUBDISTRICT, "汝州市钟楼街道办事处", NULL);
	int64_t office = add(f, street, AGENCY_DEPARTMENT, "钟楼街道党政办", NULL);
	int64_t other = add(f, 0, AGENCY_COUNTY, "某县人民政府", NULL);
	struct db *r = store_reader(f->store);
	struct agency *v;
	size_t n;
	assert_int_equal(agency_subtree(r, street, false, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, street);
	assert_int_equal(v[0].depth, 0);
	assert_int_equal(v[1].id, office);
	assert_int_equal(v[1].depth, 1);
	free(v);
	assert_int_equal(agency_subtree(r, city, false, &v, &n), 0);
	assert_int_equal(n, 4); /* not the other root */
	assert_int_equal(v[3].id, finance);
	free(v);
	assert_int_equal(agency_subtree(r, other, false, &v, &n), 0);
	assert_int_equal(n, 1);
	free(v);
	assert_int_equal(agency_subtree(r, 4242, false, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);

	char err[256] = "";
	struct db *w = store_write_begin(f->store);
	assert_int_equal(agency_retire(w, street, T0 + 5, err, sizeof err), -1);
	assert_non_null(strstr(err, "未撤销的下级机关"));
	assert_int_equal(agency_retire(w, office, T0 + 5, err, sizeof err), 1);
	assert_int_equal(agency_retire(w, office, T0 + 6, err, sizeof err), -1);
	assert_non_null(strstr(err, "已撤销"));
	assert_int_equal(agency_retire(w, 4242, T0 + 6, err, sizeof err), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct agency a;
	assert_int_equal(agency_get(r, office, &a), 1);
	assert_int_equal(a.retired_at, T0 + 5);
	assert_int_equal(agency_subtree(r, city, true, &v, &n), 0);
	assert_int_equal(n, 3); /* the retired office left out */
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(v[i].id, office);
	free(v);
	assert_int_equal(agency_subtree(r, city, false, &v, &n), 0);
	assert_int_equal(n, 4);
	free(v);
	enum agency_level level;
	assert_int_equal(agency_level_parse("乡镇街道", &level), 0);
	assert_int_equal(level, AGENCY_TOWNSHIP);
}

static enum outcome_code add_as(struct fixture *f, const struct actor *who, int64_t parent, const char *name,
				int64_t *id)
{
	struct agency a = {.parent_id = parent, .level = AGENCY_DEPARTMENT};
	snprintf(a.name, sizeof a.name, "%s", name);
	struct admin_agency_add_job job = {.actor = *who, .agency = &a, .now = T0};
	struct outcome out;
	enum outcome_code code = store_write(f->store, admin_agency_add, &job, &out);
	if (id)
		*id = job.id;
	return code;
}

static enum outcome_code move_as(struct fixture *f, const struct actor *who, int64_t id, int64_t parent)
{
	struct agency a;
	assert_int_equal(agency_get(store_reader(f->store), id, &a), 1);
	a.parent_id = parent;
	struct admin_agency_update_job job = {*who, &a, T0 + 1};
	struct outcome out;
	return store_write(f->store, admin_agency_update, &job, &out);
}

static enum outcome_code retire_as(struct fixture *f, const struct actor *who, int64_t id)
{
	struct admin_agency_retire_job job = {*who, id, T0 + 2};
	struct outcome out;
	return store_write(f->store, admin_agency_retire, &job, &out);
}

/* The administration jobs keep an administrator inside their subtree: an administrator of the 街道
 * adds, moves and retires below it only, never moves the 街道 itself; the root's administrator reaches
 * everything; the command line (system) is not limited. Users follow the same rule. */
static void test_admin_subtree(void **state)
{
	struct fixture *f = *state;
	int64_t city = add(f, 0, AGENCY_CITY, "汝州市人民政府", NULL);
	int64_t street = add(f, city, AGENCY_SUBDISTRICT, "汝州市钟楼街道办事处", NULL);
	int64_t finance = add(f, city, AGENCY_DEPARTMENT, "汝州市财政局", NULL);
	struct actor street_admin = {.user_id = 0, .agency_id = street, .roles = ROLE_ADMIN, .ip = "t"};
	struct actor city_admin = {.user_id = 0, .agency_id = city, .roles = ROLE_ADMIN, .ip = "t"};
	struct actor system = {.ip = "cli", .system = true};
	int64_t office = 0, office2 = 0;
	assert_int_equal(add_as(f, &street_admin, city, "越级新增", NULL), OUTCOME_FORBIDDEN);
	assert_int_equal(add_as(f, &street_admin, finance, "别处新增", NULL), OUTCOME_FORBIDDEN);
	assert_int_equal(add_as(f, &street_admin, street, "钟楼街道党政办", &office), OUTCOME_OK);
	assert_int_equal(add_as(f, &street_admin, office, "钟楼街道党政办文书组", &office2), OUTCOME_OK);
	assert_int_equal(add_as(f, &system, 0, "另一个根", NULL), OUTCOME_OK);
	/* moves: within the subtree only; the own agency stays */
	assert_int_equal(move_as(f, &street_admin, office2, street), OUTCOME_OK);
	assert_int_equal(move_as(f, &street_admin, office2, finance), OUTCOME_FORBIDDEN);
	assert_int_equal(move_as(f, &street_admin, street, finance), OUTCOME_FORBIDDEN);
	assert_int_equal(move_as(f, &street_admin, finance, street), OUTCOME_FORBIDDEN);
	assert_int_equal(move_as(f, &city_admin, office2, finance), OUTCOME_OK);
	/* retire: below the own agency only, then nothing new under it */
	assert_int_equal(retire_as(f, &street_admin, street), OUTCOME_FORBIDDEN);
	assert_int_equal(retire_as(f, &street_admin, office2), OUTCOME_FORBIDDEN); /* moved to the 财政局 */
	assert_int_equal(retire_as(f, &street_admin, office), OUTCOME_OK);
	assert_int_equal(retire_as(f, &street_admin, office), OUTCOME_CONFLICT);
	assert_int_equal(retire_as(f, &city_admin, 9999), OUTCOME_NOT_FOUND);
	assert_int_equal(add_as(f, &street_admin, office, "撤销后新增", NULL), OUTCOME_INVALID);
	/* users */
	struct admin_user_add_job u = {street_admin, finance, "outsider", NULL, ROLE_EDITOR, "$argon2id$x", T0, 0};
	struct outcome out;
	assert_int_equal(store_write(f->store, admin_user_add, &u, &out), OUTCOME_FORBIDDEN);
	u.agency_id = office;
	assert_int_equal(store_write(f->store, admin_user_add, &u, &out), OUTCOME_OK);
	struct admin_user_disable_job d = {{.agency_id = finance, .roles = ROLE_ADMIN, .ip = "t"}, "outsider", T0};
	assert_int_equal(store_write(f->store, admin_user_disable, &d, &out), OUTCOME_NOT_FOUND);
	d.actor = city_admin;
	assert_int_equal(store_write(f->store, admin_user_disable, &d, &out), OUTCOME_OK);
}

static void test_demo(void **state)
{
	struct fixture *f = *state;
	struct demo_account accounts[DEMO_ACCOUNTS];
	char err[256];
	assert_int_equal(demo_load(f->store, T0, accounts, err, sizeof err), 0);
	unsigned all = 0;
	for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
		all |= accounts[i].roles;
		assert_true(password_acceptable(accounts[i].password, err, sizeof err));
	}
	assert_int_equal(all, ROLE_ALL); /* one account per role */
	struct agency *list;
	size_t n;
	assert_int_equal(agency_list(store_reader(f->store), &list, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].name, "汝州市人民政府");
	bool street = false;
	for (size_t i = 0; i < n; i++) {
		street |= strcmp(list[i].name, "汝州市钟楼街道办事处") == 0 && list[i].level == AGENCY_SUBDISTRICT;
		assert_true(list[i].uscc[0] == '\0' || agency_uscc_valid(list[i].uscc));
	}
	assert_true(street);
	free(list);
	/* The printed password logs in. */
	struct accounts_policy policy = {1800, 43200, 5, 900};
	struct session_out out;
	assert_int_equal(accounts_login(f->store, &policy, accounts[1].name, accounts[1].password, NULL, T0, &out),
			 LOGIN_OK);
	assert_int_equal(demo_load(f->store, T0, accounts, err, sizeof err), -1); /* only into an empty db */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uscc),
	    cmocka_unit_test(test_validation),
	    cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_demo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_subtree_retire, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_subtree, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
