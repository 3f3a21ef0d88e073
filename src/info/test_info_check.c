/* test_info_check.c — the publishing safeguards: personal data (身份证号码 with a valid check digit
 * and not with a wrong one, mobile numbers plain / hyphenated / two in a row, bank cards by Luhn,
 * numbers inside longer tokens and phone numbers of offices left alone, masking), the 错敏 check
 * against the seeded list (a misspelt leader's name such as 习近凭 blocks, the right name does not),
 * the workflow gates (warning at submission, review pass and publication refused until a reviewer who
 * did not edit the item overrides with a reason, audited; an edited text needs a new override), the
 * administrator's maintenance of the list, and the scan of published items. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/audit.h"
#include "domain/idcheck.h"
#include "info/info_check.h"
#include "info/info_testutil.h"

static int setup(void **state)
{
	*state = fixture_open("info-check");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return fixture_close(*state);
}

/* A 身份证号码 with the right (valid) or a wrong check character for the first 17 digits (a wrong one
 * that does not happen to pass the Luhn check of bank cards either). */
static void resident_id(const char *first17, bool valid, char out[19])
{
	char c = idcheck_resident_check_char(first17);
	snprintf(out, 19, "%s%c", first17, c);
	for (char d = '0'; !valid && d <= '9'; d++) {
		snprintf(out, 19, "%s%c", first17, d);
		if (d != c && !info_luhn_valid(out, 18))
			return;
	}
}

/* Completes 15–18 digits with the Luhn check digit. */
static void luhn_complete(const char *prefix, char *out, size_t size)
{
	for (char d = '0'; d <= '9'; d++) {
		snprintf(out, size, "%s%c", prefix, d);
		if (info_luhn_valid(out, strlen(out)))
			return;
	}
	fail();
}

static size_t count_kind(const struct info_check *c, enum info_finding_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < c->count; i++)
		n += c->items[i].kind == kind;
	return n;
}

static void test_luhn(void **state)
{
	(void)state;
	assert_true(info_luhn_valid("4111111111111111", 16));
	assert_false(info_luhn_valid("4111111111111112", 16));
	assert_true(info_luhn_valid("79927398713", 11));
	assert_false(info_luhn_valid("7992739871a", 11));
	assert_false(info_luhn_valid("0", 1));
}

static void test_personal_data_resident_id(void **state)
{
	(void)state;
	char good[19], bad[19], text[256];
	resident_id("41048219850312004", true, good);
	resident_id("41048219850312004", false, bad);
	snprintf(text, sizeof text, "申请人张某（身份证号%s）已领取补贴；另一号码%s校验位错误。", good, bad);
	struct info_check c = {0};
	info_check_personal_data(text, false, &c);
	assert_int_equal(c.count, 1);
	assert_int_equal(c.items[0].kind, INFO_FIND_RESIDENT_ID);
	assert_false(c.items[0].in_title);
	assert_int_equal(c.blocking, 0);
	assert_false(info_finding_blocks(c.items[0].kind));
	/* masked: the first six and the last four characters only */
	assert_null(strstr(c.items[0].found, good));
	assert_memory_equal(c.items[0].found, "410482********", 14);
	assert_string_equal(c.items[0].found + 14, good + 14);
	info_check_free(&c);
	/* X as check character, lower case too */
	assert_int_equal(idcheck_resident_check_char("11010519491231002"), 'X');
	info_check_personal_data("证号11010519491231002x。", true, &c);
	assert_int_equal(count_kind(&c, INFO_FIND_RESIDENT_ID), 1);
	assert_true(c.items[0].in_title);
	info_check_free(&c);
}

static void test_personal_data_mobile_and_card(void **state)
{
	(void)state;
	char card[24], bad_card[24], text[512];
	luhn_complete("622202123456789012", card, sizeof card);
	snprintf(bad_card, sizeof bad_card, "%s", card);
	bad_card[18] = bad_card[18] == '9' ? '0' : (char)(bad_card[18] + 1);
	snprintf(text, sizeof text,
		 "联系人手机13812345678，备用138-1234-5679；名单：13900001111 13900002222。"
		 "卡号%s，另%s。办公电话0375-0000011，日期2024-03-01，编号ABC13812345678，"
		 "金额12345678901元。",
		 card, bad_card);
	struct info_check c = {0};
	info_check_personal_data(text, false, &c);
	assert_int_equal(count_kind(&c, INFO_FIND_MOBILE), 4);
	assert_int_equal(count_kind(&c, INFO_FIND_BANK_CARD), 1);
	assert_int_equal(count_kind(&c, INFO_FIND_RESIDENT_ID), 0);
	assert_int_equal(c.count, 5);
	assert_string_equal(c.items[0].found, "138****5678");
	info_check_free(&c);
	/* a bank card written in groups of four */
	snprintf(text, sizeof text, "转账至 %.4s %.4s %.4s %.4s %.3s 。", card, card + 4, card + 8, card + 12,
		 card + 16);
	info_check_personal_data(text, false, &c);
	assert_int_equal(count_kind(&c, INFO_FIND_BANK_CARD), 1);
	assert_int_equal(c.count, 1);
	info_check_free(&c);
	info_check_personal_data("", true, &c);
	info_check_personal_data(NULL, true, &c);
	assert_int_equal(c.count, 0);
}

static void test_wording_list_hits(void **state)
{
	struct info_fixture *f = *state;
	struct info_check c;
	assert_int_equal(info_check_text(store_reader(f->store), "深入学习习近凭新时代中国特色社会主义思想",
					 "会议强调，要坚持台湾总统……", &c),
			 0);
	assert_int_equal(c.blocking, 2);
	assert_int_equal(c.items[0].kind, INFO_FIND_MISSPELLING);
	assert_true(c.items[0].in_title);
	assert_string_equal(c.items[0].found, "习近凭");
	assert_non_null(strstr(c.items[0].advice, "习近平"));
	assert_int_equal(c.items[1].kind, INFO_FIND_FORBIDDEN);
	assert_false(c.items[1].in_title);
	assert_non_null(strstr(c.items[1].advice, "台湾地区领导人"));
	info_check_free(&c);
	assert_int_equal(
	    info_check_text(store_reader(f->store), "深入学习习近平新时代中国特色社会主义思想", "中华人民共和国。", &c),
	    0);
	assert_int_equal(c.count, 0);
	info_check_free(&c);
}

static enum outcome_code run_review(struct info_fixture *f, const struct actor *a, int64_t id, struct outcome *out)
{
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_review(w, a, id, INFO_PASS, "不涉密", f->now, out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static enum outcome_code run_override(struct info_fixture *f, const struct actor *a, int64_t id, const char *reason,
				      struct outcome *out)
{
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_check_override(w, a, id, reason, f->now, out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static enum outcome_code run_submit(struct info_fixture *f, int64_t id, struct outcome *out)
{
	struct db *w = store_write_begin(f->store);
	enum outcome_code code = info_submit(w, &f->editor, id, f->now, out);
	assert_int_equal(store_write_end(f->store, code == OUTCOME_OK), 0);
	return code;
}

static int64_t audit_count(struct info_fixture *f, const char *action)
{
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM audit_log WHERE action = :a");
	int64_t n = -1;
	assert_int_equal(db_bind_text(st, ":a", action), 0);
	assert_int_equal(db_step_int(st, &n), 1);
	return n;
}

static void test_gate_blocks_until_override(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "街道传达学习习近凭总书记重要讲话精神", "2024-02-28",
				   "街道党工委召开会议。", NULL);
	assert_true(id > 0);
	assert_int_equal(run_submit(f, id, &out), OUTCOME_OK);
	assert_non_null(strstr(out.warning, "错敏表述 1 处"));
	/* the reviewer cannot pass it */
	assert_int_equal(run_review(f, &f->reviewer, id, &out), OUTCOME_CONFLICT);
	assert_non_null(strstr(out.message, "习近凭"));
	assert_non_null(strstr(out.message, "习近平"));
	/* override: reviewers only, not the item's editors, with a reason */
	assert_int_equal(run_override(f, &f->editor, id, "核实无误", &out), OUTCOME_FORBIDDEN);
	assert_int_equal(run_override(f, &f->reviewer, id, "  ", &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "reason");
	assert_int_equal(run_override(f, &f->outsider, id, "核实无误", &out), OUTCOME_NOT_FOUND);
	assert_int_equal(audit_count(f, "info.override"), 0);
	assert_int_equal(run_override(f, &f->reviewer, id, "引用原文件标题，经核实原文如此", &out), OUTCOME_OK);
	assert_int_equal(audit_count(f, "info.override"), 1);
	assert_int_equal(run_review(f, &f->reviewer, id, &out), OUTCOME_OK);
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_publish(w, &f->editor, id, 0, f->cal, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	struct info_step *steps;
	size_t n;
	assert_int_equal(info_item_trail(store_reader(f->store), id, &steps, &n), 0);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		seen |= strcmp(steps[i].action, "override") == 0 && strstr(steps[i].opinion, "经核实原文如此");
	assert_true(seen);
	info_steps_free(steps, n);
}

static void test_publish_gate_and_new_text(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "街道召开安全生产会议", "2024-02-28",
				   "会议指出台湾政府的说法错误。", NULL);
	assert_int_equal(run_submit(f, id, &out), OUTCOME_OK);
	assert_int_equal(run_override(f, &f->reviewer, id, "引用批驳", &out), OUTCOME_OK);
	assert_int_equal(run_review(f, &f->reviewer, id, &out), OUTCOME_OK);
	/* the override covers this exact text at publication too */
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_publish(w, &f->editor, id, 0, f->cal, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, false), 0); /* roll back: keep it approved */
	/* a changed text (another item with the same wording) has no override */
	int64_t id2 = fixture_draft(f, &f->editor, "动态信息", "街道召开安全生产会议（二）", "2024-02-28",
				    "会议指出台湾政府的说法错误。", NULL);
	assert_int_equal(run_submit(f, id2, &out), OUTCOME_OK);
	assert_int_equal(run_review(f, &f->reviewer, id2, &out), OUTCOME_CONFLICT);
	/* personal data alone warns but does not block */
	char good[19], body[128];
	resident_id("41048219850312004", true, good);
	snprintf(body, sizeof body, "低保对象王某，身份证号%s。", good);
	int64_t id3 = fixture_draft(f, &f->editor, "社会救助", "低保对象公示", "2024-02-28", body, NULL);
	assert_int_equal(run_submit(f, id3, &out), OUTCOME_OK);
	assert_non_null(strstr(out.warning, "个人信息 1 处"));
	assert_int_equal(run_review(f, &f->reviewer, id3, &out), OUTCOME_OK);
}

static void test_publish_refused_after_list_update(void **state)
{
	struct info_fixture *f = *state;
	struct outcome out;
	int64_t id = fixture_draft(f, &f->editor, "动态信息", "街道走访习近瓶家属", "2024-02-28", "走访。", NULL);
	assert_int_equal(run_submit(f, id, &out), OUTCOME_OK);
	assert_string_equal(out.warning, "");
	assert_int_equal(run_review(f, &f->reviewer, id, &out), OUTCOME_OK);
	/* the administrator adds the misspelling; publication is now refused */
	struct db *w = store_write_begin(f->store);
	assert_int_equal(info_wording_add(w, &f->editor, "misspelling", "习近瓶", "习近平", "", f->now, &out),
			 OUTCOME_FORBIDDEN);
	assert_int_equal(info_wording_add(w, &f->admin, "misspelling", "习近瓶", "", "", f->now, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "correct");
	assert_int_equal(info_wording_add(w, &f->admin, "misspelling", "习", "习近平", "", f->now, &out),
			 OUTCOME_INVALID);
	assert_string_equal(out.field, "wrong");
	assert_int_equal(info_wording_add(w, &f->admin, "错别字", "习近瓶", "习近平", "领导人姓名", f->now, &out),
			 OUTCOME_OK);
	assert_int_equal(info_wording_add(w, &f->admin, "forbidden", "习近瓶", "x", "", f->now, &out), OUTCOME_INVALID);
	assert_int_equal(info_publish(w, &f->editor, id, 0, f->cal, f->now, &out), OUTCOME_CONFLICT);
	assert_non_null(strstr(out.message, "发布"));
	/* retiring the entry lifts the block */
	struct info_wording *rows;
	size_t n;
	assert_int_equal(info_wording_list(w, &rows, &n), 0);
	int64_t entry = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].wrong, "习近瓶") == 0)
			entry = rows[i].id;
	free(rows);
	assert_true(entry > 0);
	assert_int_equal(info_wording_retire(w, &f->reviewer, entry, f->now, &out), OUTCOME_FORBIDDEN);
	assert_int_equal(info_wording_retire(w, &f->admin, entry, f->now, &out), OUTCOME_OK);
	assert_int_equal(info_wording_retire(w, &f->admin, entry, f->now, &out), OUTCOME_NOT_FOUND);
	assert_int_equal(info_publish(w, &f->editor, id, 0, f->cal, f->now, &out), OUTCOME_OK);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(audit_count(f, "info.wording.add"), 1);
	assert_int_equal(audit_count(f, "info.wording.retire"), 1);
}

static void test_scan_published(void **state)
{
	struct info_fixture *f = *state;
	char good[19], body[128];
	resident_id("41048219850312004", true, good);
	snprintf(body, sizeof body, "补贴对象李某，身份证号%s，电话13812345678。", good);
	int64_t clean =
	    fixture_draft(f, &f->editor, "涉农补贴", "耕地地力保护补贴发放", "2024-02-28", "已发放。", NULL);
	int64_t leaky = fixture_draft(f, &f->editor, "涉农补贴", "补贴发放名单", "2024-02-28", body, NULL);
	int64_t draft = fixture_draft(f, &f->editor, "涉农补贴", "未发布", "2024-02-28", body, NULL);
	assert_true(clean > 0 && leaky > 0 && draft > 0);
	assert_int_equal(fixture_publish(f, clean, f->now), OUTCOME_OK);
	assert_int_equal(fixture_publish(f, leaky, f->now), OUTCOME_OK);
	struct info_scan_row *rows;
	size_t n, scanned;
	assert_int_equal(info_check_scan(store_reader(f->store), f->agency_id, &rows, &n, &scanned), 0);
	assert_int_equal(scanned, 2);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].item_id, leaky);
	assert_int_equal(rows[0].check.count, 2);
	assert_int_equal(count_kind(&rows[0].check, INFO_FIND_RESIDENT_ID), 1);
	assert_int_equal(count_kind(&rows[0].check, INFO_FIND_MOBILE), 1);
	info_scan_free(rows, n);
	assert_int_equal(info_check_scan(store_reader(f->store), f->other_agency_id, &rows, &n, &scanned), 0);
	assert_int_equal(scanned, 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_luhn),
	    cmocka_unit_test(test_personal_data_resident_id),
	    cmocka_unit_test(test_personal_data_mobile_and_card),
	    cmocka_unit_test_setup_teardown(test_wording_list_hits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gate_blocks_until_override, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_publish_gate_and_new_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_publish_refused_after_list_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scan_published, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
