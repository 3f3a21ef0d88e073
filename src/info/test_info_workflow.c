/* test_info_workflow.c — every step of the 主动公开 workflow and every refusal: submit, 保密审查
 * (pass / return / classified), leader approval when the agency requires it, publish now and at a
 * time, withdraw; editors may not review or approve their own items; other agencies' staff see
 * nothing; each step leaves a trail row and an audit entry; late publication is flagged; field
 * validation names the field; the 索引号 is unique and follows the pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/audit.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	*state = fixture_open("info-wf");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

/* Runs one workflow step in its own transaction (committed only on success). */
enum step_kind { SUBMIT, PASS, RETURN, CLASSIFY, APPROVE, REJECT, PUBLISH, WITHDRAW };

static enum outcome_code step(struct info_fixture *f, enum step_kind kind, const struct actor *actor, int64_t id,
			      const char *opinion, struct outcome *out)
{
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	enum outcome_code code;
	switch (kind) {
	case SUBMIT:
		code = info_submit(w, actor, id, f->now, out);
		break;
	case PASS:
	case RETURN:
	case CLASSIFY:
		code = info_review(w, actor, id,
				   kind == PASS	    ? INFO_PASS
				   : kind == RETURN ? INFO_RETURN
						    : INFO_CLASSIFY,
				   opinion, f->now, out);
		break;
	case APPROVE:
	case REJECT:
		code = info_approve(w, actor, id, kind == APPROVE, opinion, f->now, out);
		break;
	case PUBLISH:
		code = info_publish(w, actor, id, 0, f->cal, f->now, out);
		break;
	default:
		code = info_withdraw(w, actor, id, opinion, f->now, out);
		break;
	}
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static enum info_status status_of(struct info_fixture *f, int64_t id)
{
	struct info_item it;
	assert_int_equal(info_item_get(store_reader(f->store), id, &it), 1);
	enum info_status s = it.status;
	info_item_free(&it);
	return s;
}

static void test_full_path_and_trail(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "政策文件", "关于印发钟楼街道2024年工作要点的通知", "2024-02-26",
				   "# 工作要点\n\n全面推进**政务公开**。", "normative");
	assert_true(id > 0);
	assert_int_equal(status_of(f, id), INFO_DRAFT);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_SUBMITTED);
	assert_int_equal(step(f, PASS, &f->reviewer, id, "经审查不涉密", &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_APPROVED);
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_string_equal(out.warning, "");

	struct info_item it;
	assert_int_equal(info_item_get_public(store_reader(f->store), id, f->now, &it), 1);
	assert_int_equal(it.status, INFO_PUBLISHED);
	assert_int_equal(it.published_on, cal_day_from_date(2024, 3, 1));
	assert_false(it.late);
	assert_non_null(strstr(it.body_html, "<strong>政务公开</strong>"));
	assert_string_equal(it.publisher, "汝州市钟楼街道办事处");
	info_item_free(&it);

	struct info_step *steps;
	size_t n;
	assert_int_equal(info_item_trail(store_reader(f->store), id, &steps, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(steps[0].action, "create");
	assert_string_equal(steps[1].action, "submit");
	assert_string_equal(steps[2].action, "pass");
	assert_string_equal(steps[2].opinion, "经审查不涉密");
	assert_string_equal(steps[2].to_status, "approved");
	assert_string_equal(steps[3].action, "publish");
	info_steps_free(steps, n);

	/* The reviewer's history shows the review. */
	assert_int_equal(info_review_history(store_reader(f->store), f->reviewer.user_id, 10, &steps, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(steps[0].item_title, "关于印发钟楼街道2024年工作要点的通知");
	info_steps_free(steps, n);

	/* The audit log holds the steps with the opinion, and its chain is intact. */
	struct audit_entry *entries;
	assert_int_equal(audit_list(store_reader(f->store), f->agency_id, 50, &entries, &n), 0);
	bool found_pass = false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(entries[i].action, "info.pass") == 0 && entries[i].detail &&
		    strstr(entries[i].detail, "经审查不涉密"))
			found_pass = true;
	audit_entries_free(entries, n);
	assert_true(found_pass);
	struct audit_verify_result vr;
	assert_int_equal(audit_verify(store_reader(f->store), &vr), 0);
}

static void test_editor_cannot_review_own_item(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	/* "both" is editor and reviewer: drafting makes it an editor of the item. */
	int64_t id = fixture_draft(f, &f->reviewer2, "动态信息", "街道开展安全生产检查", "2024-02-28", "检查。", NULL);
	assert_true(id > 0);
	assert_int_equal(step(f, SUBMIT, &f->reviewer2, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer2, id, "自审", &out), OUTCOME_FORBIDDEN);
	assert_non_null(strstr(out.message, "自己编辑"));
	assert_int_equal(status_of(f, id), INFO_SUBMITTED);
	/* A plain editor has no reviewer role at all. */
	assert_int_equal(step(f, PASS, &f->editor, id, NULL, &out), OUTCOME_FORBIDDEN);
	/* Another agency's reviewer does not even see the item. */
	assert_int_equal(step(f, PASS, &f->outsider, id, NULL, &out), OUTCOME_NOT_FOUND);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_OK);
}

static void test_editing_makes_you_an_editor(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "原标题", "2024-02-28", "正文", NULL);
	struct info_item_input in = {
	    .category = "动态信息", .title = "新标题", .formed_on = "2024-02-28", .body = "改过的正文"};
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_item_update(w, &f->reviewer2, id, &in, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer2, id, NULL, &out), OUTCOME_FORBIDDEN);
	/* Submitted items can no longer be edited. */
	w = store_write_begin(f->store);
	assert_int_equal(info_item_update(w, &f->editor, id, &in, f->now, &out), OUTCOME_CONFLICT);
	assert_int_equal(store_write_end(f->store, false), 0);
}

static void test_return_and_resubmit(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "公示公告", "低保公示", "2024-02-28", "名单含身份证号", NULL);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	/* Returning needs a reason. */
	assert_int_equal(step(f, RETURN, &f->reviewer, id, "  ", &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "opinion");
	assert_int_equal(step(f, RETURN, &f->reviewer, id, "请删除身份证号后再提交", &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_RETURNED);
	/* A returned item cannot be published or reviewed, but can be edited and submitted again. */
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_CONFLICT);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_CONFLICT);
	assert_int_equal(status_of(f, id), INFO_RETURNED);
	struct info_item_input in = {
	    .category = "公示公告", .title = "低保公示", .formed_on = "2024-02-28", .body = "名单（已脱敏）"};
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_item_update(w, &f->editor, id, &in, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_OK);
}

static void test_classified_is_final(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "会议报告", "内部会议纪要", "2024-02-28", "涉密内容", NULL);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, CLASSIFY, &f->reviewer, id, "", &out), OUTCOME_INVALID);
	assert_int_equal(step(f, CLASSIFY, &f->reviewer, id, "含国家秘密，依第十四条不予公开", &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_CLASSIFIED);
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_CONFLICT);
	assert_non_null(strstr(out.message, "涉密"));
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_CONFLICT);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_CONFLICT);
	struct info_item_input in = {.category = "会议报告", .title = "改名", .formed_on = "2024-02-28"};
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_item_update(w, &f->editor, id, &in, f->now, &out), OUTCOME_CONFLICT);
	assert_int_equal(store_write_end(f->store, false), 0);
	struct info_item it;
	assert_int_equal(info_item_get_public(store_reader(f->store), id, f->now, &it), 0);
}

static void test_leader_approval_when_required(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	struct info_settings s;
	assert_int_equal(info_settings_get(store_reader(f->store), f->agency_id, &s), 0);
	assert_false(s.leader_approval);
	s.leader_approval = true;
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_settings_save(w, &f->editor, &s, f->now, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(info_settings_save(w, &f->admin, &s, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	info_settings_free(&s);

	int64_t id = fixture_draft(f, &f->editor, "财政信息", "2024年部门预算", "2024-02-28", "预算表", NULL);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_REVIEWED);
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_CONFLICT);
	assert_int_equal(step(f, APPROVE, &f->reviewer, id, NULL, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(step(f, REJECT, &f->leader, id, "", &out), OUTCOME_INVALID);
	assert_int_equal(step(f, REJECT, &f->leader, id, "数据需与财政局核对", &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_RETURNED);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, APPROVE, &f->leader, id, "同意发布", &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_APPROVED);
	/* A leader may publish too. */
	assert_int_equal(step(f, PUBLISH, &f->leader, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(status_of(f, id), INFO_PUBLISHED);
}

static void test_scheduled_publication(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "公示公告", "定时发布的公告", "2024-02-29", "三天后发布", NULL);
	assert_int_equal(step(f, SUBMIT, &f->editor, id, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer, id, NULL, &out), OUTCOME_OK);
	struct db *w = store_write_begin(f->store);
	int64_t later = f->now + 3 * 86400;
	assert_int_equal(info_publish(w, &f->editor, id, later, f->cal, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct info_item it;
	assert_int_equal(info_item_get_public(store_reader(f->store), id, f->now, &it), 0);
	assert_int_equal(info_item_get_public(store_reader(f->store), id, later, &it), 1);
	assert_int_equal(it.published_on, cal_day_from_date(2024, 3, 4));
	info_item_free(&it);
}

static void test_withdraw_needs_reason(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "将被撤回", "2024-02-28", "正文", NULL);
	assert_int_equal(step(f, WITHDRAW, &f->editor, id, "草稿不能撤回", &out), OUTCOME_CONFLICT);
	assert_int_equal(fixture_publish(f, id, f->now), OUTCOME_OK);
	assert_int_equal(step(f, WITHDRAW, &f->editor, id, "", &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "opinion");
	assert_int_equal(step(f, WITHDRAW, &f->reviewer, id, "理由", &out), OUTCOME_FORBIDDEN);
	assert_int_equal(step(f, WITHDRAW, &f->editor, id, "信息有误，更正后重新发布", &out), OUTCOME_OK);
	struct info_item it;
	assert_int_equal(info_item_get_public(store_reader(f->store), id, f->now, &it), 0);
	assert_int_equal(info_item_get(store_reader(f->store), id, &it), 1);
	assert_int_equal(it.status, INFO_WITHDRAWN);
	assert_string_equal(it.withdraw_reason, "信息有误，更正后重新发布");
	info_item_free(&it);
	assert_int_equal(step(f, WITHDRAW, &f->editor, id, "再撤一次", &out), OUTCOME_CONFLICT);
	assert_int_equal(step(f, PUBLISH, &f->editor, id, NULL, &out), OUTCOME_CONFLICT);
}

static void test_late_publication_flagged(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	/* Formed 2024-01-02 (a Tuesday, after 元旦); the 20th working day after it is 2024-01-30, so
	 * publishing on 2024-03-01 is late and on 2024-01-30 is not. */
	int64_t late = fixture_draft(f, &f->editor, "政策文件", "迟发的文件", "2024-01-02", "正文", NULL);
	assert_int_equal(step(f, SUBMIT, &f->editor, late, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PASS, &f->reviewer, late, NULL, &out), OUTCOME_OK);
	assert_int_equal(step(f, PUBLISH, &f->editor, late, NULL, &out), OUTCOME_OK);
	assert_non_null(strstr(out.warning, "逾期"));
	struct info_item it;
	assert_int_equal(info_item_get(store_reader(f->store), late, &it), 1);
	assert_true(it.late);
	assert_int_equal(it.due_on, cal_day_from_date(2024, 1, 30));
	info_item_free(&it);

	int64_t saved_now = f->now;
	f->now = fixture_time(2024, 1, 30);
	int64_t on_time = fixture_draft(f, &f->editor, "政策文件", "按时发的文件", "2024-01-02", "正文", NULL);
	assert_int_equal(fixture_publish(f, on_time, f->now), OUTCOME_OK);
	f->now = saved_now;
	assert_int_equal(info_item_get(store_reader(f->store), on_time, &it), 1);
	assert_false(it.late);
	info_item_free(&it);
}

static void test_field_validation(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	struct {
		struct info_item_input in;
		const char *field;
	} cases[] = {
	    {{.category = "不存在的类别", .title = "t", .formed_on = "2024-01-01"}, "category"},
	    {{.category = "", .title = "t", .formed_on = "2024-01-01"}, "category"},
	    {{.category = "动态信息", .title = " 　", .formed_on = "2024-01-01"}, "title"},
	    {{.category = "动态信息", .title = "t", .formed_on = "2024-02-30"}, "formed_on"},
	    {{.category = "动态信息", .title = "t", .formed_on = "01/02/2024"}, "formed_on"},
	    {{.category = "动态信息", .title = "t", .formed_on = "2099-01-01"}, "formed_on"},
	    {{.category = "动态信息", .title = "t", .formed_on = "2024-01-01", .doc_type = "law"}, "doc_type"},
	};
	struct db *w = store_write_begin(f->store);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t id = 0;
		assert_int_equal(info_item_create(w, &f->editor, &cases[i].in, f->now, &id, &out), OUTCOME_INVALID);
		assert_string_equal(out.field, cases[i].field);
		assert_true(strlen(out.message) > 0);
	}
	int64_t id = 0;
	struct info_item_input ok = {.category = "动态信息", .title = "t", .formed_on = "2024-01-01"};
	assert_int_equal(info_item_create(w, &f->reviewer, &ok, f->now, &id, &out), OUTCOME_FORBIDDEN);
	/* Another agency's category id is not usable. */
	struct info_category other;
	assert_int_equal(info_category_resolve(w, f->other_agency_id, "动态信息", &other), 1);
	char other_id[32];
	snprintf(other_id, sizeof other_id, "%lld", (long long)other.id);
	ok.category = other_id;
	assert_int_equal(info_item_create(w, &f->editor, &ok, f->now, &id, &out), OUTCOME_INVALID);
	assert_int_equal(store_write_end(f->store, false), 0);
}

static void test_index_numbers_and_duplicate_doc_no(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	struct info_settings s;
	assert_int_equal(info_settings_get(store_reader(f->store), f->agency_id, &s), 0);
	snprintf(s.index_pattern, sizeof s.index_pattern, "{agency}-{category}-{year}-{serial:4}");
	snprintf(s.agency_code, sizeof s.agency_code, "ZLJD");
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_settings_save(w, &f->admin, &s, f->now, &out), OUTCOME_OK);
	snprintf(s.index_pattern, sizeof s.index_pattern, "{agency}-{year}");
	assert_int_equal(info_settings_save(w, &f->admin, &s, f->now, &out), OUTCOME_INVALID);
	assert_int_equal(store_write_end(f->store, true), 0);
	info_settings_free(&s);

	struct info_item_input in = {
	    .category = "政策文件", .title = "一号文", .doc_no = "钟办〔2024〕1号", .formed_on = "2024-01-05"};
	int64_t ids[3];
	w = store_write_begin(f->store);
	assert_int_equal(info_item_create(w, &f->editor, &in, f->now, &ids[0], &out), OUTCOME_OK);
	assert_string_equal(out.warning, "");
	assert_int_equal(info_item_create(w, &f->editor, &in, f->now, &ids[1], &out), OUTCOME_OK);
	assert_non_null(strstr(out.warning, "钟办〔2024〕1号"));
	in.formed_on = "2023-12-29";
	in.doc_no = "";
	assert_int_equal(info_item_create(w, &f->editor, &in, f->now, &ids[2], &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	const char *expected[3] = {"ZLJD-C01-2024-0001", "ZLJD-C01-2024-0002", "ZLJD-C01-2023-0001"};
	for (int i = 0; i < 3; i++) {
		struct info_item it;
		assert_int_equal(info_item_get(store_reader(f->store), ids[i], &it), 1);
		assert_string_equal(it.index_no, expected[i]);
		info_item_free(&it);
	}
}

static void test_markdown_is_safe(void **state)
{
	struct info_fixture *f = *state;
	int64_t id = fixture_draft(
	    f, &f->editor, "动态信息", "<script>alert(1)</script>", "2024-02-28",
	    "<script>alert(2)</script>\n\n[点我](javascript:alert(3)) <img src=x onerror=alert(4)>", NULL);
	struct info_item it;
	assert_int_equal(info_item_get(store_reader(f->store), id, &it), 1);
	assert_null(strstr(it.body_html, "<script"));
	assert_null(strstr(it.body_html, "javascript:"));
	assert_null(strstr(it.body_html, "onerror"));
	assert_string_equal(it.title, "<script>alert(1)</script>"); /* stored as text, escaped on output */
	info_item_free(&it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_full_path_and_trail, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_editor_cannot_review_own_item, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_editing_makes_you_an_editor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_return_and_resubmit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_classified_is_final, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_leader_approval_when_required, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scheduled_publication, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_withdraw_needs_reason, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_late_publication_flagged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_field_validation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_index_numbers_and_duplicate_doc_no, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_markdown_is_safe, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
