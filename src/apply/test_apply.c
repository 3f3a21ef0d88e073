/* test_apply.c — unit tests of the 依申请公开 domain on a real (temporary) database: field checks with
 * checksums, submission (tracking number, query code shown once, idempotency, rate limit, staff
 * intake rights), every event-order rule (future dates, events before receipt, second extension,
 * delivery before reply, events after the reply), the outcome ↔ table-三 mapping (including
 * 逾期未补正 → other_no_correction, 逾期未缴费 → other_no_fee, withdrawal → other_other), masking, the
 * audited full view, repeat detection, supervision lists and the reply letter.
 *
 * Dates: the application arrives online on Thursday 2023-09-28, the day before the 2023 中秋/国庆
 * holiday (09-29…10-06 off, Saturday 10-07 and Sunday 10-08 work). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply.h"
#include "notify/notify.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "report/report.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

#define T0	   1700000000
#define VALID_ID   "11010519491231002X"
#define VALID_ID_2 "440308199001011239"
#define VALID_USCC "91350100M000100Y43"

struct fixture {
	char dir[64];
	struct store *store;
	struct calendar *cal;
	int64_t agency_id, other_agency_id, handler_id, editor_id, outsider_id;
	struct actor public_actor, handler, editor, outsider;
};

static int day_of(const char *iso)
{
	int d = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &d), 0);
	return d;
}

static int64_t add_agency(struct fixture *f, const char *name)
{
	char err[256];
	struct agency a = {.level = AGENCY_SUBDISTRICT};
	snprintf(a.name, sizeof a.name, "%s", name);
	struct db *w = store_write_begin(f->store);
	int64_t id = agency_add_at(w, &a, T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, true), 0);
	return id;
}

static int64_t add_user(struct fixture *f, int64_t agency_id, const char *name, unsigned roles)
{
	char err[256];
	struct db *w = store_write_begin(f->store);
	int64_t id = user_add(w, agency_id, name, NULL, roles, "$argon2id$not-a-real-hash", T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-apply-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	if (!f->store) {
		fprintf(stderr, "store_open: %s\n", err);
		return -1;
	}
	f->cal = calendar_new();
	if (calendar_load_embedded(f->cal, err, sizeof err) != 0)
		return -1;
	f->agency_id = add_agency(f, "汝州市钟楼街道办事处");
	f->other_agency_id = add_agency(f, "汝州市风穴路街道办事处");
	f->handler_id = add_user(f, f->agency_id, "handler", ROLE_HANDLER);
	f->editor_id = add_user(f, f->agency_id, "editor", ROLE_EDITOR);
	f->outsider_id = add_user(f, f->other_agency_id, "outsider", ROLE_HANDLER);
	f->public_actor = (struct actor){.user_id = 0, .agency_id = 0, .roles = 0, .ip = "198.51.100.7"};
	f->handler = (struct actor){
	    .user_id = f->handler_id, .agency_id = f->agency_id, .roles = ROLE_HANDLER, .ip = "10.0.0.1"};
	f->editor =
	    (struct actor){.user_id = f->editor_id, .agency_id = f->agency_id, .roles = ROLE_EDITOR, .ip = "10.0.0.2"};
	f->outsider = (struct actor){
	    .user_id = f->outsider_id, .agency_id = f->other_agency_id, .roles = ROLE_HANDLER, .ip = "10.0.0.3"};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	calendar_free(f->cal);
	int rc = test_dir_remove(f->dir);
	free(f);
	return rc == 0 ? 0 : -1;
}

static struct apply_input valid_input(int64_t agency_id)
{
	return (struct apply_input){
	    .agency_id = agency_id,
	    .applicant_type = "natural_person",
	    .name = "张三",
	    .id_type = "resident_id",
	    .id_number = VALID_ID,
	    .phone = "13812345678",
	    .email = "zhang@example.cn",
	    .address = "河南省汝州市钟楼街道中大街1号",
	    .description = "2023年钟楼街道老旧小区改造项目的立项批复文件",
	    .doc_no = "",
	    .form = "electronic",
	    .delivery = "email",
	};
}

/* Submits online on `day` (a public applicant). */
static struct apply_created submit_online(struct fixture *f, const struct apply_input *in, const char *day)
{
	struct apply_created c;
	struct apply_errors e = {0};
	assert_int_equal(apply_submit(f->store, in, &f->public_actor, day_of(day), T0, &c, &e), APPLY_OK);
	return c;
}

static enum apply_status event(struct fixture *f, const char *no, const char *type, const char *date, const char *today,
			       struct apply_errors *e)
{
	struct apply_event_input in = {.type = type, .date = date};
	if (strcmp(type, "extend") == 0) {
		in.workdays = 10;
		in.approver = "王科长";
	}
	if (strcmp(type, "request_correction") == 0) {
		in.workdays = 10;
		in.note = "请写明所需文件的名称或文号";
	}
	if (strcmp(type, "fee_notice") == 0) { /* 按量 50 pages: 20 pages × 10 元 = 200 元 */
		in.fee_method = "page";
		in.fee_pages = 50;
	}
	memset(e, 0, sizeof *e);
	return apply_add_event(f->store, f->cal, no, &f->handler, &in, day_of(today), T0 + 100, e);
}

static enum apply_status reply(struct fixture *f, const char *no, const char *outcome, const char *date,
			       const char *today, struct apply_errors *e)
{
	struct apply_event_input in = {.type = "reply", .date = date, .outcome = outcome};
	memset(e, 0, sizeof *e);
	return apply_add_event(f->store, f->cal, no, &f->handler, &in, day_of(today), T0 + 100, e);
}

static struct application get(struct fixture *f, const char *no)
{
	struct application a;
	assert_int_equal(apply_get(store_reader(f->store), no, &a), 1);
	return a;
}

/* ---- vocabularies ---- */

static void test_applicant_types_are_report_columns(void **state)
{
	(void)state;
	assert_int_equal(APPLICANT_TYPE_COUNT, APP_COL_TOTAL);
	assert_int_equal(apply_applicant_type_from_name("natural_person"), APP_COL_NATURAL);
	assert_int_equal(apply_applicant_type_from_name("legal_service"), APP_COL_LEGAL);
	assert_int_equal(apply_applicant_type_from_name("other"), APP_COL_OTHER_ORG);
	for (int t = 0; t < APPLICANT_TYPE_COUNT - 1; t++)
		assert_string_equal(apply_applicant_type_label(t), report_app_col_labels[t]);
	assert_int_equal(apply_applicant_type_from_name("citizen"), -1);
}

static void test_outcomes_are_report_rows(void **state)
{
	(void)state;
	size_t outcomes = 0;
	for (int r = 0; r < APP_ROW_COUNT; r++) {
		const struct app_row_def *d = &report_app_rows[r];
		bool leaf = d->is_outcome && report_app_row_in(2021, (enum app_row)r);
		assert_int_equal(apply_outcome_valid(d->key), leaf);
		if (!leaf)
			continue;
		outcomes++;
		assert_non_null(apply_outcome_basis(d->key));
		assert_non_null(apply_outcome_decision(d->key));
		assert_string_equal(apply_outcome_label(d->key), d->short_label);
	}
	assert_int_equal(outcomes, 21); /* 予以公开, 部分公开, 不予公开 1–8, 无法提供 1–3, 不予处理 1–5, 其他处理 1–3 */
	assert_false(apply_outcome_valid("new"));
	assert_false(apply_outcome_valid("total"));
	assert_false(apply_outcome_valid("other")); /* the 2019 edition's single row */
	assert_non_null(strstr(apply_outcome_basis("partial"), "第三十七条"));
	assert_non_null(strstr(apply_outcome_basis("rejected_repeat"), "第三十六条第（六）项"));
	assert_non_null(strstr(apply_outcome_basis("denied_internal_affairs"), "第十六条第一款"));
}

static void test_intake_channels_follow_article_31(void **state)
{
	(void)state;
	assert_int_equal(apply_channel_clock(INTAKE_ONLINE), CHANNEL_ONLINE);
	assert_int_equal(apply_channel_clock(INTAKE_ORAL), CHANNEL_IN_PERSON);
	assert_int_equal(apply_channel_clock(INTAKE_MAIL), CHANNEL_ORDINARY_MAIL);
	assert_int_equal(apply_channel_clock(INTAKE_REGISTERED_MAIL), CHANNEL_REGISTERED_MAIL);
	assert_int_equal(apply_channel_clock(INTAKE_FAX), CHANNEL_FAX);
}

/* ---- field checks ---- */

static void test_validate_accepts_valid(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_errors e = {0};
	assert_int_equal(apply_validate(&in, false, day_of("2023-09-28"), &e), 0);
	in.applicant_type = "commercial";
	in.id_type = "uscc";
	in.id_number = VALID_USCC;
	assert_int_equal(apply_validate(&in, false, day_of("2023-09-28"), &e), 0);
}

static void test_validate_names_each_field(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = {.agency_id = f->agency_id};
	struct apply_errors e = {0};
	assert_true(apply_validate(&in, false, day_of("2023-09-28"), &e) >= 6);
	const char *fields[] = {"applicant_type", "name", "id_type", "phone", "description", "form", "delivery"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_non_null(apply_error_for(&e, fields[i]));
	assert_non_null(strstr(apply_error_for(&e, "name"), "申请人姓名"));
}

static void test_validate_checksums(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_errors e = {0};
	in.id_number = "110105194912310021"; /* wrong check digit */
	assert_int_equal(apply_validate(&in, false, day_of("2023-09-28"), &e), 1);
	assert_non_null(strstr(apply_error_for(&e, "id_number"), "校验"));
	memset(&e, 0, sizeof e);
	in.applicant_type = "commercial";
	in.id_type = "uscc";
	in.id_number = "91350100M000100Y44";
	assert_int_equal(apply_validate(&in, false, day_of("2023-09-28"), &e), 1);
	assert_non_null(strstr(apply_error_for(&e, "id_number"), "统一社会信用代码"));
}

static void test_validate_channels_and_dates(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_errors e = {0};
	in.channel = "in_person"; /* the public cannot claim an in-person submission */
	assert_int_equal(apply_validate(&in, false, day_of("2023-09-28"), &e), 1);
	assert_non_null(apply_error_for(&e, "channel"));
	memset(&e, 0, sizeof e);
	in.received_on = "2023-09-29"; /* staff intake dated tomorrow */
	assert_int_equal(apply_validate(&in, true, day_of("2023-09-28"), &e), 1);
	assert_non_null(strstr(apply_error_for(&e, "received_on"), "不能晚于今天"));
	memset(&e, 0, sizeof e);
	in.received_on = "2023-02-30";
	assert_int_equal(apply_validate(&in, true, day_of("2023-09-28"), &e), 1);
	memset(&e, 0, sizeof e);
	in.received_on = "2023-09-26";
	assert_int_equal(apply_validate(&in, true, day_of("2023-09-28"), &e), 0);
	in.delivery = "post";
	in.address = "";
	assert_int_equal(apply_validate(&in, true, day_of("2023-09-28"), &e), 1);
	assert_non_null(apply_error_for(&e, "address"));
}

/* ---- masking ---- */

static void test_masking(void **state)
{
	(void)state;
	char out[128];
	apply_mask_id(VALID_ID, out, sizeof out);
	assert_string_equal(out, "110***********002X");
	apply_mask_phone("13812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	apply_mask_address("河南省汝州市钟楼街道中大街1号", out, sizeof out);
	assert_string_equal(out, "河南省汝州市****");
	apply_mask_phone("123", out, sizeof out);
	assert_string_equal(out, "***");
	struct application a = {0};
	snprintf(a.id_number, sizeof a.id_number, VALID_ID);
	snprintf(a.phone, sizeof a.phone, "13812345678");
	snprintf(a.address, sizeof a.address, "北京市东城区某街道");
	snprintf(a.email, sizeof a.email, "zhangsan@example.cn");
	apply_mask(&a);
	assert_null(strstr(a.id_number, "19491231"));
	assert_null(strstr(a.phone, "1234"));
	assert_null(strstr(a.address, "某街道"));
	assert_string_equal(a.email, "z***@example.cn");
	apply_mask_email("x@example.cn", out, sizeof out);
	assert_string_equal(out, "*@example.cn");
	apply_mask_email("no-at-sign", out, sizeof out);
	assert_string_equal(out, "n***");
	/* every field the one list names is masked by apply_mask: none keeps its original text */
	struct application b = {0};
	for (size_t i = 0; i < apply_personal_field_count; i++) {
		char *f = (char *)&b + apply_personal_fields[i].offset;
		snprintf(f, apply_personal_fields[i].size, "secretvalue%zu@host-and-more-text", i);
	}
	apply_mask(&b);
	for (size_t i = 0; i < apply_personal_field_count; i++) {
		const char *f = (const char *)&b + apply_personal_fields[i].offset;
		assert_null(strstr(f, "secretvalue"));
	}
	assert_true(apply_personal_field_count >= 4);
}

/* ---- submission ---- */

static void test_submit_and_query_code(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	assert_int_equal(strlen(c.query_code), APPLY_CODE_LEN);
	assert_string_equal(c.status, "awaiting_confirmation");
	assert_false(c.replayed);
	assert_non_null(strstr(c.tracking_no, "YS2023-"));
	struct application a;
	struct db *db = store_reader(f->store);
	assert_int_equal(apply_get_public(db, c.tracking_no, c.query_code, &a), 1);
	assert_string_equal(a.name, "张三");
	assert_int_equal(a.intake, INTAKE_ONLINE);
	assert_int_equal(a.submitted_on, day_of("2023-09-28"));
	char lower[APPLY_CODE_LEN + 1];
	for (int i = 0; i <= APPLY_CODE_LEN; i++)
		lower[i] =
		    (char)(c.query_code[i] >= 'A' && c.query_code[i] <= 'Z' ? c.query_code[i] + 32 : c.query_code[i]);
	assert_int_equal(apply_get_public(db, c.tracking_no, lower, &a), 1); /* codes are case-insensitive */
	assert_int_equal(apply_get_public(db, c.tracking_no, "WRONGCODE123", &a), 0);
	assert_int_equal(apply_get_public(db, "YS2023-1-99999", c.query_code, &a), 0);
	/* The code itself is not stored anywhere. */
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM application WHERE query_code_hash = :c");
	int64_t n = -1;
	db_bind_text(st, ":c", c.query_code);
	assert_int_equal(db_step_int(st, &n), 1);
	assert_int_equal(n, 0);
	/* The timeline starts with the receive event. */
	struct apply_event *ev;
	size_t count;
	assert_int_equal(apply_events(db, a.id, &ev, &count), 0);
	assert_int_equal(count, 1);
	assert_string_equal(ev[0].type, "receive");
	free(ev);
}

static int64_t count_rows(struct fixture *f, int64_t agency_id)
{
	struct db_stmt *st =
	    db_prepare(store_reader(f->store), "SELECT count(*) FROM application WHERE agency_id = :a");
	int64_t n = -1;
	db_bind_int(st, ":a", agency_id);
	assert_int_equal(db_step_int(st, &n), 1);
	return n;
}

static void test_idempotent_submission(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	in.idempotency_key = "form-key-0001";
	int64_t before = count_rows(f, f->agency_id);
	struct apply_created first = submit_online(f, &in, "2023-09-28");
	struct apply_created second = submit_online(f, &in, "2023-09-28");
	assert_true(second.replayed);
	assert_string_equal(first.tracking_no, second.tracking_no);
	assert_string_equal(first.query_code, second.query_code); /* the applicant can still use the shown code */
	assert_int_equal(count_rows(f, f->agency_id), before + 1);
	struct application a;
	assert_int_equal(apply_get_public(store_reader(f->store), first.tracking_no, second.query_code, &a), 1);
}

static void set_setting(struct fixture *f, const char *name, const char *value)
{
	struct db *w = store_write_begin(f->store);
	struct db_stmt *st = db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES (:n, :v, 0) "
					   "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
	db_bind_text(st, ":n", name);
	db_bind_text(st, ":v", value);
	assert_int_equal(db_step(st), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
}

static void test_rate_limit(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c;
	struct apply_errors e = {0};
	/* generous by default: 40 at once from one address pass */
	struct actor office = {.user_id = 0, .agency_id = 0, .roles = 0, .ip = "203.0.113.8"};
	for (int i = 0; i < 40; i++)
		assert_int_equal(apply_submit(f->store, &in, &office, day_of("2023-09-28"), T0, &c, &e), APPLY_OK);
	set_setting(f, "apply_rate_limit", "3");
	struct actor flood = {.user_id = 0, .agency_id = 0, .roles = 0, .ip = "203.0.113.9"};
	int64_t before = count_rows(f, f->agency_id);
	for (int i = 0; i < 3; i++)
		assert_int_equal(apply_submit(f->store, &in, &flood, day_of("2023-09-28"), T0 + i, &c, &e), APPLY_OK);
	assert_int_equal(apply_submit(f->store, &in, &flood, day_of("2023-09-28"), T0 + 3, &c, &e), APPLY_RATE_LIMITED);
	assert_non_null(strstr(e.reason, "请稍后再提交"));
	assert_int_equal(count_rows(f, f->agency_id), before + 3);
	/* Another address, and the same address after the window, still pass. */
	struct actor other = {.user_id = 0, .agency_id = 0, .roles = 0, .ip = "203.0.113.10"};
	assert_int_equal(apply_submit(f->store, &in, &other, day_of("2023-09-28"), T0 + 4, &c, &e), APPLY_OK);
	assert_int_equal(
	    apply_submit(f->store, &in, &flood, day_of("2023-09-28"), T0 + 4 + APPLY_RATE_WINDOW_DEFAULT, &c, &e),
	    APPLY_OK);
	set_setting(f, "apply_rate_limit", "120");
}

static void test_staff_intake(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	in.channel = "registered_mail";
	in.received_on = "2023-09-26";
	struct apply_created c;
	struct apply_errors e = {0};
	assert_int_equal(apply_submit(f->store, &in, &f->editor, day_of("2023-09-28"), T0, &c, &e), APPLY_FORBIDDEN);
	assert_int_equal(apply_submit(f->store, &in, &f->outsider, day_of("2023-09-28"), T0, &c, &e), APPLY_FORBIDDEN);
	assert_int_equal(apply_submit(f->store, &in, &f->handler, day_of("2023-09-28"), T0, &c, &e), APPLY_OK);
	assert_string_equal(c.status, "running"); /* signed for: the signing day is the receipt day */
	assert_int_equal(strlen(c.query_code), APPLY_CODE_LEN);
	struct application a = get(f, c.tracking_no);
	assert_int_equal(a.intake, INTAKE_REGISTERED_MAIL);
	assert_int_equal(a.submitted_on, day_of("2023-09-26"));
	assert_int_equal(a.entered_by, f->handler_id);
}

/* ---- the timeline ---- */

static void test_event_order_rules(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	/* Nothing before the online application is confirmed (第三十一条（三）). */
	assert_int_equal(reply(f, c.tracking_no, "granted", "2023-09-28", "2023-10-09", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "确认收到申请"));
	/* No future dates. */
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-10-10", "2023-10-09", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "晚于今天"));
	/* Not before the receipt. */
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-27", "2023-10-09", &e), APPLY_REFUSED);
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-10-09", &e), APPLY_OK);
	/* Delivery only after a reply. */
	assert_int_equal(event(f, c.tracking_no, "deliver", "2023-10-09", "2023-10-09", &e), APPLY_REFUSED);
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-10", "2023-10-10", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "只能延长一次"));
	/* Out of order: earlier than the last event. */
	assert_int_equal(event(f, c.tracking_no, "consultation_start", "2023-10-08", "2023-10-10", &e), APPLY_REFUSED);
	/* Field errors are 422 and name the field. */
	assert_int_equal(event(f, c.tracking_no, "teleport", "2023-10-10", "2023-10-10", &e), APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "type"));
	assert_int_equal(event(f, c.tracking_no, "receive", "2023-10-10", "2023-10-10", &e), APPLY_INVALID);
	assert_int_equal(reply(f, c.tracking_no, "unknown_row", "2023-10-10", "2023-10-10", &e), APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "outcome"));
	assert_int_equal(reply(f, c.tracking_no, NULL, "2023-10-10", "2023-10-10", &e), APPLY_INVALID);
	/* The reply carries its outcome onto the application. */
	assert_int_equal(reply(f, c.tracking_no, "partial", "2023-10-10", "2023-10-10", &e), APPLY_OK);
	struct application a = get(f, c.tracking_no);
	assert_string_equal(a.outcome, "partial");
	assert_non_null(strstr(a.legal_basis, "第三十七条"));
	assert_int_equal(a.concluded_on, day_of("2023-10-10"));
	/* Nothing but delivery after the reply. */
	assert_int_equal(event(f, c.tracking_no, "withdraw", "2023-10-11", "2023-10-11", &e), APPLY_REFUSED);
	assert_int_equal(event(f, c.tracking_no, "deliver", "2023-10-09", "2023-10-11", &e), APPLY_REFUSED);
	assert_int_equal(event(f, c.tracking_no, "deliver", "2023-10-11", "2023-10-11", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "deliver", "2023-10-12", "2023-10-12", &e), APPLY_REFUSED);
	a = get(f, c.tracking_no);
	assert_int_equal(a.delivered_on, day_of("2023-10-11"));
}

static void test_events_need_the_agencys_handler(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_event_input ev = {.type = "confirm_receipt", .date = "2023-09-28"};
	struct apply_errors e = {0};
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->editor, &ev, day_of("2023-09-28"), T0, &e),
	    APPLY_FORBIDDEN);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->outsider, &ev, day_of("2023-09-28"), T0, &e),
	    APPLY_FORBIDDEN);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, "YS2023-1-77777", &f->handler, &ev, day_of("2023-09-28"), T0, &e),
	    APPLY_NOT_FOUND);
}

static void test_withdraw_is_other_other(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(reply(f, c.tracking_no, "other_other", "2023-09-28", "2023-09-28", &e), APPLY_REFUSED);
	assert_int_equal(event(f, c.tracking_no, "withdraw", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	struct application a = get(f, c.tracking_no);
	assert_string_equal(a.outcome, "other_other");
	assert_int_equal(a.concluded_on, day_of("2023-09-28"));
}

static void test_abandoned_correction_is_other_no_correction(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	struct apply_event_input corr = {
	    .type = "request_correction", .date = "2023-10-09", .workdays = 10, .note = "请写明项目名称"};
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->handler, &corr, day_of("2023-10-09"), T0, &e),
	    APPLY_OK);
	/* Within the correction period other_no_correction is refused … */
	assert_int_equal(reply(f, c.tracking_no, "other_no_correction", "2023-10-12", "2023-10-12", &e), APPLY_REFUSED);
	/* … and after it, only other_no_correction is accepted (filled in when omitted). */
	assert_int_equal(reply(f, c.tracking_no, "granted", "2023-12-01", "2023-12-01", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "逾期未补正"));
	assert_int_equal(reply(f, c.tracking_no, NULL, "2023-12-01", "2023-12-01", &e), APPLY_OK);
	assert_string_equal(get(f, c.tracking_no).outcome, "other_no_correction");
}

static void test_unpaid_fee_is_other_no_fee(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "fee_notice", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	assert_int_equal(reply(f, c.tracking_no, "other_no_fee", "2023-10-10", "2023-10-10", &e), APPLY_REFUSED);
	assert_int_equal(reply(f, c.tracking_no, "other_no_fee", "2023-12-20", "2023-12-20", &e), APPLY_OK);
	assert_string_equal(get(f, c.tracking_no).outcome, "other_no_fee");
}

static void test_deadline_of_timeline(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	struct application a = get(f, c.tracking_no);
	struct apply_event *ev;
	size_t n;
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &n), 0);
	struct deadline_result r;
	struct deadline_problems p = {0};
	assert_int_equal(apply_deadline(f->cal, &a, ev, n, day_of("2023-10-09"), &r, &p), 0);
	/* 20 working days after Thu 2023-09-28, skipping 09-29…10-06, counting Sat 10-07 and Sun 10-08. */
	assert_int_equal(r.received_on, day_of("2023-09-28"));
	assert_int_equal(r.due_on, day_of("2023-11-01"));
	assert_int_equal(r.state, STATE_RUNNING);
	assert_true(r.nsteps > 0);
	deadline_result_free(&r);
	deadline_problems_free(&p);
	free(ev);
}

/* ---- fees (国办函〔2020〕109号) ---- */

static enum apply_status fee_notice(struct fixture *f, const char *no, const char *method, int items, int pages,
				    int64_t yuan, const char *date, struct apply_errors *e)
{
	struct apply_event_input in = {.type = "fee_notice",
				       .date = date,
				       .fee_method = method,
				       .fee_items = items,
				       .fee_pages = pages,
				       .fee_yuan = yuan};
	memset(e, 0, sizeof *e);
	return apply_add_event(f->store, f->cal, no, &f->handler, &in, day_of(date), T0 + 200, e);
}

static void test_fee_by_pages(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	in.description = "2023年钟楼街道全部会议纪要的复印件";
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	/* one method only, its own quantity, an amount that matches the computation */
	assert_int_equal(fee_notice(f, c.tracking_no, NULL, 0, 150, 0, "2023-10-09", &e), APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "fee_method"));
	assert_int_equal(fee_notice(f, c.tracking_no, "page", 3, 150, 0, "2023-10-09", &e), APPLY_INVALID);
	assert_non_null(strstr(apply_error_for(&e, "fee_items"), "不得同时"));
	assert_int_equal(fee_notice(f, c.tracking_no, "item", 0, 150, 0, "2023-10-09", &e), APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "fee_pages"));
	assert_int_equal(fee_notice(f, c.tracking_no, "page", 0, 0, 0, "2023-10-09", &e), APPLY_INVALID);
	assert_int_equal(fee_notice(f, c.tracking_no, "page", 0, 150, 1000, "2023-10-09", &e), APPLY_INVALID);
	assert_non_null(strstr(apply_error_for(&e, "fee_yuan"), "1700 元"));
	/* 30 pages or fewer are free: no notice */
	assert_int_equal(fee_notice(f, c.tracking_no, "page", 0, 30, 0, "2023-10-09", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "不收费"));
	/* 150 pages: 70 × 10 + 50 × 20 = 1700 元 */
	assert_int_equal(fee_notice(f, c.tracking_no, "page", 0, 150, 1700, "2023-10-09", &e), APPLY_OK);
	struct application a = get(f, c.tracking_no);
	struct apply_fee *fees;
	size_t n;
	assert_int_equal(apply_fees(store_reader(f->store), a.id, &fees, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(fees[0].method, "page");
	assert_int_equal(fees[0].quantity, 150);
	assert_int_equal(fees[0].yuan, 1700);
	assert_int_equal(fees[0].notice_on, day_of("2023-10-09"));
	assert_int_equal(fees[0].paid_on, CAL_NO_DAY);
	assert_non_null(strstr(fees[0].explanation, "第 101–150 页：50 页 × 20 元 = 1000 元"));
	free(fees);
	/* the clock is paused while the fee is unpaid */
	struct apply_event *ev;
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &n), 0);
	assert_int_equal(ev[n - 1].fee_yuan, 1700);
	struct deadline_result r;
	struct deadline_problems p = {0};
	assert_int_equal(apply_deadline(f->cal, &a, ev, n, day_of("2023-10-20"), &r, &p), 0);
	assert_int_equal(r.state, STATE_AWAITING_FEE);
	assert_true(r.paused);
	deadline_result_free(&r);
	deadline_problems_free(&p);
	free(ev);
}

static void test_fee_by_items_counts_the_month(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	in.id_type = "passport";
	in.id_number = "E90000001";
	char desc[128];
	struct apply_created c[13];
	for (int i = 0; i < 12; i++) { /* twelve applications in March 2024 by the same applicant */
		snprintf(desc, sizeof desc, "第 %d 项：钟楼街道2023年第 %d 次党工委会议纪要", i + 1, i + 1);
		in.description = desc;
		c[i] = submit_online(f, &in, i < 6 ? "2024-03-04" : "2024-03-18");
	}
	in.description = "四月份的申请：钟楼街道2024年一季度财政收支情况";
	c[12] = submit_online(f, &in, "2024-04-01");
	struct apply_input other = valid_input(f->agency_id); /* another applicant, same month */
	other.description = "钟楼街道2024年3月信访事项办理情况统计";
	struct apply_created stranger = submit_online(f, &other, "2024-03-20");
	int before = -1;
	assert_int_equal(apply_items_before(store_reader(f->store), get(f, c[11].tracking_no).id, &before), 0);
	assert_int_equal(before, 11);
	assert_int_equal(apply_items_before(store_reader(f->store), get(f, c[0].tracking_no).id, &before), 0);
	assert_int_equal(before, 0);
	assert_int_equal(apply_items_before(store_reader(f->store), get(f, c[12].tracking_no).id, &before), 0);
	assert_int_equal(before, 0); /* a new natural month starts from zero */
	struct apply_fee q;
	struct apply_errors e = {0};
	assert_int_equal(apply_fee_quote(store_reader(f->store), get(f, stranger.tracking_no).id, "item", 1, 0, &q, &e),
			 APPLY_OK);
	assert_int_equal(q.items_before, 0); /* other applicants' applications do not count */
	/* the 10th is free (refused as a notice), the 11th and 12th cost 100 元 each */
	for (int i = 9; i < 12; i++)
		assert_int_equal(event(f, c[i].tracking_no, "confirm_receipt", "2024-03-18", "2024-03-18", &e),
				 APPLY_OK);
	assert_int_equal(fee_notice(f, c[9].tracking_no, "item", 0, 0, 0, "2024-03-19", &e), APPLY_REFUSED);
	assert_int_equal(fee_notice(f, c[11].tracking_no, "item", 0, 0, 0, "2024-03-19", &e), APPLY_OK);
	struct apply_fee *fees;
	size_t n;
	assert_int_equal(apply_fees(store_reader(f->store), get(f, c[11].tracking_no).id, &fees, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(fees[0].method, "item");
	assert_int_equal(fees[0].items_before, 11);
	assert_int_equal(fees[0].yuan, 100);
	assert_non_null(strstr(fees[0].explanation, "本月此前已累计 11 件"));
	free(fees);
	/* three items of one application after 一事一申请 splitting: items 11–13 → 300 元 */
	assert_int_equal(apply_fee_quote(store_reader(f->store), get(f, c[10].tracking_no).id, "item", 3, 0, &q, &e),
			 APPLY_OK);
	assert_int_equal(q.items_before, 10);
	assert_int_equal(q.yuan, 300);
}

static void test_fee_paid_and_collected(void **state)
{
	struct fixture *f = *state;
	int64_t agency = add_agency(f, "汝州市收费测试局");
	int64_t handler_id = add_user(f, agency, "fee-handler", ROLE_HANDLER);
	struct actor h = {.user_id = handler_id, .agency_id = agency, .roles = ROLE_HANDLER, .ip = "10.0.0.9"};
	struct apply_input in = valid_input(agency);
	struct apply_created c1 = submit_online(f, &in, "2025-12-01"), c2;
	in.description = "钟楼街道2025年全部建设工程图纸复印件";
	c2 = submit_online(f, &in, "2025-12-01");
	struct apply_errors e = {0};
	const char *nos[] = {c1.tracking_no, c2.tracking_no};
	for (int i = 0; i < 2; i++) {
		struct apply_event_input confirm = {.type = "confirm_receipt", .date = "2025-12-01"};
		struct apply_event_input notice = {
		    .type = "fee_notice", .date = "2025-12-02", .fee_method = "page", .fee_pages = 40};
		assert_int_equal(apply_add_event(f->store, f->cal, nos[i], &h, &confirm, day_of("2025-12-01"), T0, &e),
				 APPLY_OK);
		assert_int_equal(apply_add_event(f->store, f->cal, nos[i], &h, &notice, day_of("2025-12-02"), T0, &e),
				 APPLY_OK);
	}
	/* paid on time (100 元: pages 31–40 × 10 元); a different amount is refused */
	struct apply_event_input paid = {.type = "fee_paid", .date = "2025-12-10", .fee_yuan = 90};
	assert_int_equal(apply_add_event(f->store, f->cal, c1.tracking_no, &h, &paid, day_of("2025-12-10"), T0, &e),
			 APPLY_INVALID);
	memset(&e, 0, sizeof e);
	paid.fee_yuan = 0;
	assert_int_equal(apply_add_event(f->store, f->cal, c1.tracking_no, &h, &paid, day_of("2025-12-10"), T0, &e),
			 APPLY_OK);
	/* the second pays after the 20 working days: refused, the application is abandoned */
	paid.date = "2026-01-20";
	assert_int_equal(apply_add_event(f->store, f->cal, c2.tracking_no, &h, &paid, day_of("2026-01-20"), T0, &e),
			 APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "视为放弃申请"));
	struct apply_fee *fees;
	size_t n;
	assert_int_equal(apply_fees(store_reader(f->store), get(f, c1.tracking_no).id, &fees, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fees[0].paid_on, day_of("2025-12-10"));
	free(fees);
	int64_t yuan = -1;
	assert_int_equal(apply_fees_collected(store_reader(f->store), agency, 2025, &yuan), 0);
	assert_int_equal(yuan, 100);
	assert_int_equal(apply_fees_collected(store_reader(f->store), agency, 2026, &yuan), 0);
	assert_int_equal(yuan, 0);
	assert_int_equal(apply_fees_collected(store_reader(f->store), f->agency_id, 2025, &yuan), 0);
	assert_int_equal(yuan, 0);
}

/* ---- personal data ---- */

static int64_t audit_count(struct fixture *f, const char *action)
{
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM audit_log WHERE action = :a");
	int64_t n = -1;
	db_bind_text(st, ":a", action);
	assert_int_equal(db_step_int(st, &n), 1);
	return n;
}

static void test_reveal_is_audited_and_restricted(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct application a;
	int64_t before = audit_count(f, "application.view_personal");
	assert_int_equal(apply_reveal(f->store, c.tracking_no, &f->editor, T0, &a), APPLY_FORBIDDEN);
	assert_int_equal(apply_reveal(f->store, c.tracking_no, &f->outsider, T0, &a), APPLY_FORBIDDEN);
	assert_string_equal(a.id_number, "");
	assert_int_equal(audit_count(f, "application.view_personal"), before);
	assert_int_equal(apply_reveal(f->store, c.tracking_no, &f->handler, T0, &a), APPLY_OK);
	assert_string_equal(a.id_number, VALID_ID);
	assert_int_equal(audit_count(f, "application.view_personal"), before + 1);
}

static void test_assign(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e = {0};
	assert_int_equal(apply_assign(f->store, c.tracking_no, &f->handler, f->editor_id, T0, &e), APPLY_INVALID);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_assign(f->store, c.tracking_no, &f->handler, f->outsider_id, T0, &e), APPLY_INVALID);
	assert_int_equal(apply_assign(f->store, c.tracking_no, &f->editor, f->handler_id, T0, &e), APPLY_FORBIDDEN);
	assert_int_equal(apply_assign(f->store, c.tracking_no, &f->handler, f->handler_id, T0, &e), APPLY_OK);
	assert_int_equal(get(f, c.tracking_no).handler_id, f->handler_id);
}

/* ---- repeats ---- */

static void test_similarity(void **state)
{
	(void)state;
	assert_int_equal(apply_text_similarity("关于老旧小区改造的批复", "关于老旧小区改造的批复"), 100);
	assert_int_equal(apply_text_similarity("关于老旧小区改造的批复。", "关于 老旧小区改造的“批复”"), 100);
	assert_true(apply_text_similarity("2023年钟楼街道老旧小区改造项目的立项批复文件",
					  "2023年钟楼街道老旧小区改造项目立项批复文件") >= APPLY_REPEAT_THRESHOLD);
	assert_true(apply_text_similarity("2023年钟楼街道老旧小区改造项目的立项批复文件", "2022年度部门预算公开表") <
		    30);
	assert_int_equal(apply_text_similarity("", "批复"), 0);
}

static void test_repeat_detection(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	in.id_number = VALID_ID_2;
	in.description = "钟楼街道2022年度财政预算执行情况报告";
	struct apply_created first = submit_online(f, &in, "2023-09-28");
	in.description = "钟楼街道 2022 年度财政预算执行情况的报告";
	struct apply_created second = submit_online(f, &in, "2023-10-09");
	in.description = "钟楼街道公共厕所的分布情况";
	struct apply_created unrelated = submit_online(f, &in, "2023-10-09");
	struct db *db = store_reader(f->store);
	struct application a = get(f, second.tracking_no);
	struct apply_repeat *rep;
	size_t n;
	assert_int_equal(apply_repeat_candidates(db, &a, &rep, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rep[0].tracking_no, first.tracking_no);
	assert_true(rep[0].similarity >= APPLY_REPEAT_THRESHOLD);
	free(rep);
	a = get(f, unrelated.tracking_no);
	assert_int_equal(apply_repeat_candidates(db, &a, &rep, &n), 0);
	assert_int_equal(n, 0);
	free(rep);
	/* Another applicant asking the same is not a repeat. */
	in.id_number = VALID_ID;
	in.description = "钟楼街道2022年度财政预算执行情况报告";
	struct apply_created someone_else = submit_online(f, &in, "2023-10-09");
	a = get(f, someone_else.tracking_no);
	assert_int_equal(apply_repeat_candidates(db, &a, &rep, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(rep[i].tracking_no, first.tracking_no);
	free(rep);
}

/* ---- supervision ---- */

static bool listed(struct fixture *f, enum apply_filter filter, const char *today, const char *no)
{
	struct apply_summary *rows;
	size_t n;
	assert_int_equal(
	    apply_list(store_reader(f->store), f->cal, f->other_agency_id, 0, filter, day_of(today), &rows, &n), 0);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= strcmp(rows[i].tracking_no, no) == 0;
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(rows[i].phone_masked, "1234")); /* masked */
	free(rows);
	return found;
}

static void test_supervision_lists(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->other_agency_id);
	struct actor h = f->outsider; /* the handler of the other agency */
	struct apply_created c[3];
	struct apply_errors e = {0};
	in.channel = "in_person";
	in.received_on = "2023-09-28";
	for (int i = 0; i < 3; i++)
		assert_int_equal(apply_submit(f->store, &in, &h, day_of("2023-10-09"), T0, &c[i], &e), APPLY_OK);
	struct apply_event_input consult = {.type = "consultation_start", .date = "2023-10-09", .party = "third_party"};
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c[1].tracking_no, &h, &consult, day_of("2023-10-09"), T0, &e), APPLY_OK);
	struct apply_event_input answer = {.type = "reply", .date = "2023-10-09", .outcome = "granted"};
	assert_int_equal(apply_add_event(f->store, f->cal, c[2].tracking_no, &h, &answer, day_of("2023-10-09"), T0, &e),
			 APPLY_OK);
	/* Due 2023-11-01: on 10-26 (4 working days left) it is due soon; on 11-02 overdue. */
	assert_true(listed(f, APPLY_FILTER_DUE_SOON, "2023-10-26", c[0].tracking_no));
	assert_false(listed(f, APPLY_FILTER_DUE_SOON, "2023-10-09", c[0].tracking_no));
	assert_true(listed(f, APPLY_FILTER_OVERDUE, "2023-11-02", c[0].tracking_no));
	assert_false(listed(f, APPLY_FILTER_OVERDUE, "2023-10-20", c[0].tracking_no));
	/* The consultation pauses the clock: paused, not overdue. */
	assert_true(listed(f, APPLY_FILTER_PAUSED, "2023-10-20", c[1].tracking_no));
	assert_false(listed(f, APPLY_FILTER_OVERDUE, "2023-10-20", c[1].tracking_no));
	assert_true(listed(f, APPLY_FILTER_CONCLUDED, "2023-10-20", c[2].tracking_no));
	assert_false(listed(f, APPLY_FILTER_OPEN, "2023-10-20", c[2].tracking_no));
	struct apply_counts counts;
	struct db *db = store_reader(f->store);
	assert_int_equal(apply_counts(db, f->cal, f->other_agency_id, 0, day_of("2023-10-20"), &counts), 0);
	assert_int_equal(counts.open, 2);
	assert_int_equal(counts.paused, 1);
	assert_int_equal(counts.overdue, 0);
	assert_int_equal(apply_counts(db, f->cal, f->other_agency_id, 0, day_of("2023-10-26"), &counts), 0);
	assert_int_equal(counts.due_soon, 1);
	/* On 11-02 the first is overdue; the consultation has outlasted its 15 working days (10-30), so
	 * its clock runs again (第三十二条: 逾期未提出意见) — neither paused nor overdue. */
	assert_int_equal(apply_counts(db, f->cal, f->other_agency_id, 0, day_of("2023-11-02"), &counts), 0);
	assert_int_equal(counts.open, 2);
	assert_int_equal(counts.overdue, 1);
	assert_int_equal(counts.paused, 0);
	assert_int_equal(apply_counts(db, f->cal, f->other_agency_id, f->handler_id, day_of("2023-11-02"), &counts), 0);
	assert_int_equal(counts.open, 2); /* unassigned: a task for every handler until assigned */
}

/* Unassigned open applications are tasks for every handler of the agency; the list in urgency order:
 * the most overdue first, then the fewest working days left, the paused ones after them. */
static void test_tasks_and_urgency(void **state)
{
	struct fixture *f = *state;
	int64_t agency = add_agency(f, "汝州市督办测试局");
	int64_t h1 = add_user(f, agency, "urgent-1", ROLE_HANDLER), h2 = add_user(f, agency, "urgent-2", ROLE_HANDLER);
	struct actor actor = {.user_id = h1, .agency_id = agency, .roles = ROLE_HANDLER, .ip = "10.0.0.7"};
	const char *received[] = {"2023-09-28", "2023-10-09", "2023-09-25", "2023-10-30", "2023-10-09"};
	struct apply_created c[5];
	struct apply_errors e = {0};
	struct apply_input in = valid_input(agency);
	in.channel = "in_person";
	for (int i = 0; i < 5; i++) {
		in.received_on = received[i];
		assert_int_equal(apply_submit(f->store, &in, &actor, day_of("2023-10-30"), T0, &c[i], &e), APPLY_OK);
	}
	struct apply_event_input consult = {.type = "consultation_start", .date = "2023-10-30", .party = "third_party"};
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c[4].tracking_no, &actor, &consult, day_of("2023-10-30"), T0, &e),
	    APPLY_OK);
	assert_int_equal(apply_assign(f->store, c[0].tracking_no, &actor, h1, T0, &e), APPLY_OK);
	struct db *db = store_reader(f->store);
	struct apply_summary *rows;
	size_t n;
	/* The other handler sees the four unassigned ones, not the one assigned to h1 … */
	assert_int_equal(apply_list(db, f->cal, agency, h2, APPLY_FILTER_OPEN, day_of("2023-11-06"), &rows, &n), 0);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(rows[i].tracking_no, c[0].tracking_no);
	free(rows);
	struct apply_counts counts;
	assert_int_equal(apply_counts(db, f->cal, agency, h2, day_of("2023-11-06"), &counts), 0);
	assert_int_equal(counts.open, 4);
	assert_int_equal(counts.overdue, 1);
	assert_int_equal(counts.paused, 1);
	/* … h1 sees all five; in urgency order: due 10-27 (6 working days over), due 11-01 (3 over), due
	 * 11-06 (today, 0 left), due in December, then the paused one. */
	assert_int_equal(apply_list(db, f->cal, agency, h1, APPLY_FILTER_OPEN, day_of("2023-11-06"), &rows, &n), 0);
	assert_int_equal(n, 5);
	apply_sort_urgency(rows, n);
	const int order[] = {2, 0, 1, 3, 4};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rows[i].tracking_no, c[order[i]].tracking_no);
	assert_true(rows[0].overdue && rows[1].overdue && !rows[2].overdue);
	assert_int_equal(rows[0].working_days_left, -6);
	assert_int_equal(rows[1].working_days_left, -3);
	assert_int_equal(rows[2].working_days_left, 0);
	assert_true(rows[3].working_days_left > 0);
	assert_true(rows[4].paused);
	assert_int_equal(rows[1].handler_id, h1);
	assert_int_equal(rows[0].handler_id, 0);
	free(rows);
	/* Concluded lists stay per handler: an unassigned concluded application is nobody's task. */
	struct apply_event_input answer = {.type = "reply", .date = "2023-11-06", .outcome = "granted"};
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c[3].tracking_no, &actor, &answer, day_of("2023-11-06"), T0, &e),
	    APPLY_OK);
	assert_int_equal(apply_list(db, f->cal, agency, h2, APPLY_FILTER_CONCLUDED, day_of("2023-11-06"), &rows, &n),
			 0);
	assert_int_equal(n, 0);
	free(rows);
}

/* ---- reply letter ---- */

static void test_letter(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct application a = get(f, c.tracking_no);
	struct apply_letter_context ctx = {
	    &a,	  "汝州市钟楼街道办事处", "钟政信复〔2023〕3号", day_of("2023-09-28"), day_of("2023-10-20"), "partial",
	    NULL, "汝州市人民政府"};
	char *text = apply_letter_draft(&ctx);
	const char *elements[] = {"政府信息公开申请答复书",
				  "钟政信复〔2023〕3号",
				  "张三：",
				  "2023年9月28日",
				  "老旧小区改造",
				  "第三十七条",
				  "区分处理",
				  "六十日内",
				  "六个月内",
				  "汝州市钟楼街道办事处",
				  "2023年10月20日"};
	for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
		if (!strstr(text, elements[i]))
			fail_msg("letter lacks %s:\n%s", elements[i], text);
	}
	struct apply_errors e = {0};
	assert_int_equal(
	    apply_letter_save(f->store, c.tracking_no, &f->handler, "钟政信复〔2023〕3号", text, false, T0, &e),
	    APPLY_OK);
	assert_int_equal(apply_letter_save(f->store, c.tracking_no, &f->handler, NULL, text, true, T0, &e),
			 APPLY_REFUSED); /* no reply recorded yet */
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-10-20", &e), APPLY_OK);
	assert_int_equal(reply(f, c.tracking_no, "partial", "2023-10-20", "2023-10-20", &e), APPLY_OK);
	assert_int_equal(apply_letter_save(f->store, c.tracking_no, &f->editor, NULL, text, true, T0, &e),
			 APPLY_FORBIDDEN);
	assert_int_equal(
	    apply_letter_save(f->store, c.tracking_no, &f->handler, "钟政信复〔2023〕3号", text, true, T0, &e),
	    APPLY_OK);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_letter_save(f->store, c.tracking_no, &f->handler, NULL, "改", false, T0, &e),
			 APPLY_REFUSED);
	struct apply_letter l;
	assert_int_equal(apply_letter_get(store_reader(f->store), a.id, &l), 1);
	assert_true(l.issued_at > 0);
	assert_string_equal(l.body, text);
	free(l.body);
	free(text);
}

/* ---- 第三十条 补正告知 and 第三十三条第二款 extensions ---- */

/* Received 2023-09-28 (confirmed the same day): due 2023-11-01. An extension on that last working day
 * is accepted, on the next working day refused; the approver and the notice are kept. */
static void test_extension_within_the_time_limit(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created late = submit_online(f, &in, "2023-09-28");
	struct apply_created last = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, late.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, last.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, late.tracking_no, "extend", "2023-11-02", "2023-11-02", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "2023-11-01 届满"));
	assert_non_null(strstr(e.reason, "第三十三条第二款"));
	/* Refused: nothing stored, the clock unchanged. */
	struct application a = get(f, late.tracking_no);
	struct apply_event *ev;
	size_t n;
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &n), 0);
	assert_int_equal(n, 2);
	free(ev);
	/* Without the approver it is a field error. */
	struct apply_event_input ext = {.type = "extend", .date = "2023-11-01", .workdays = 10, .note = "需要调档"};
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, last.tracking_no, &f->handler, &ext, day_of("2023-11-01"), T0, &e),
	    APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "approver"));
	ext.approver = "李主任";
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, last.tracking_no, &f->handler, &ext, day_of("2023-11-01"), T0, &e),
	    APPLY_OK);
	a = get(f, last.tracking_no);
	struct apply_notice *notes;
	assert_int_equal(apply_notices(store_reader(f->store), a.id, &notes, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].kind, "extension");
	assert_string_equal(notes[0].approver, "李主任");
	assert_string_equal(notes[0].note, "需要调档");
	assert_int_equal(notes[0].event_seq, 3);
	assert_int_equal(notes[0].day, day_of("2023-11-01"));
	assert_int_equal(notes[0].due_on, day_of("2023-11-15")); /* 10 working days after 11-01 */
	assert_non_null(strstr(notes[0].body, "延长答复期限告知书"));
	assert_non_null(strstr(notes[0].body, "张三："));
	assert_non_null(strstr(notes[0].body, "因需要调档"));
	assert_non_null(strstr(notes[0].body, "延长 10 个工作日"));
	assert_non_null(strstr(notes[0].body, "2023年11月15日前答复您"));
	assert_non_null(strstr(notes[0].body, "2023年9月28日收到"));
	apply_notices_free(notes, n);
}

static void test_correction_states_what_and_by_when(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	struct apply_event_input corr = {.type = "request_correction", .date = "2023-10-09"};
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->handler, &corr, day_of("2023-10-09"), T0, &e),
	    APPLY_INVALID);
	assert_non_null(strstr(apply_error_for(&e, "note"), "需要补正的事项"));
	assert_non_null(strstr(apply_error_for(&e, "workdays"), "补正期限"));
	corr.note = "  ";
	corr.workdays = 10;
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->handler, &corr, day_of("2023-10-09"), T0, &e),
	    APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "note"));
	assert_null(apply_error_for(&e, "workdays"));
	corr.note = "请写明所需文件的名称或文号";
	memset(&e, 0, sizeof e);
	assert_int_equal(
	    apply_add_event(f->store, f->cal, c.tracking_no, &f->handler, &corr, day_of("2023-10-09"), T0, &e),
	    APPLY_OK);
	/* While the clock waits for the correction, an extension is refused. */
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-10", "2023-10-10", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "补正"));
	struct application a = get(f, c.tracking_no);
	struct apply_notice *notes;
	size_t n;
	assert_int_equal(apply_notices(store_reader(f->store), a.id, &notes, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(notes[0].kind, "correction");
	assert_string_equal(notes[0].approver, "");
	assert_string_equal(notes[0].note, "请写明所需文件的名称或文号");
	assert_int_equal(notes[0].due_on, day_of("2023-10-23")); /* 10 working days after 10-09 */
	assert_non_null(strstr(notes[0].body, "补正告知书"));
	assert_non_null(strstr(notes[0].body, "请写明所需文件的名称或文号"));
	assert_non_null(strstr(notes[0].body, "请您于2023年10月23日前补正"));
	/* The pending correction is this notice until the corrected application arrives. */
	struct apply_event *ev;
	struct deadline_result r;
	struct deadline_problems p = {0};
	size_t ne;
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &ne), 0);
	assert_int_equal(apply_deadline(f->cal, &a, ev, ne, day_of("2023-10-10"), &r, &p), 0);
	assert_ptr_equal(apply_pending_correction(notes, n, &r), &notes[0]);
	deadline_result_free(&r);
	free(ev);
	assert_int_equal(event(f, c.tracking_no, "correction_received", "2023-10-12", "2023-10-12", &e), APPLY_OK);
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &ne), 0);
	assert_int_equal(apply_deadline(f->cal, &a, ev, ne, day_of("2023-10-12"), &r, &p), 0);
	assert_null(apply_pending_correction(notes, n, &r));
	deadline_result_free(&r);
	deadline_problems_free(&p);
	free(ev);
	apply_notices_free(notes, n);
	/* The clock runs again: an extension on the day the correction arrived is accepted. */
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-12", "2023-10-12", &e), APPLY_OK);
}

/* During a consultation (第三十二条) the clock is stopped too: no extension. */
static void test_no_extension_during_consultation(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e;
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "consultation_start", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-10", "2023-10-10", &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "征求意见"));
	assert_int_equal(event(f, c.tracking_no, "consultation_end", "2023-10-11", "2023-10-11", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "extend", "2023-10-11", "2023-10-11", &e), APPLY_OK);
}

static void test_normalize_key(void **state)
{
	(void)state;
	char out[32];
	apply_normalize_key("  ys2026-1-00001 \t", out, sizeof out);
	assert_string_equal(out, "YS2026-1-00001");
	apply_normalize_key("\xe3\x80\x80"
			    "abc def"
			    "\xe3\x80\x80",
			    out, sizeof out); /* 全角空格 around */
	assert_string_equal(out, "ABC DEF");
	apply_normalize_key("   ", out, sizeof out);
	assert_string_equal(out, "");
	apply_normalize_key(NULL, out, sizeof out);
	assert_string_equal(out, "");
	apply_normalize_key("abcdef", out, 4);
	assert_string_equal(out, "ABC");
}

/* The applicant answers a 补正告知 online: correction_received dated the day it arrives, the text
 * kept; refused (409) when nothing is pending; the number and code may be typed loosely. */
static void test_online_correction(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct apply_errors e = {0};
	char loose_no[64], loose_code[32];
	snprintf(loose_no, sizeof loose_no, " %s ", c.tracking_no);
	for (size_t i = 0; loose_no[i]; i++)
		loose_no[i] = (char)(loose_no[i] >= 'A' && loose_no[i] <= 'Z' ? loose_no[i] + 32 : loose_no[i]);
	snprintf(loose_code, sizeof loose_code, "%s\xe3\x80\x80", c.query_code);
	for (size_t i = 0; loose_code[i]; i++)
		loose_code[i] =
		    (char)(loose_code[i] >= 'A' && loose_code[i] <= 'Z' ? loose_code[i] + 32 : loose_code[i]);
	assert_int_equal(apply_correction_online(f->store, f->cal, loose_no, loose_code, "补充：2023年立项批复", NULL,
						 0, NULL, day_of("2023-10-09"), T0, &e),
			 APPLY_REFUSED); /* not even confirmed: nothing pending */
	assert_non_null(strstr(e.reason, "没有需要补正"));
	assert_int_equal(event(f, c.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, c.tracking_no, "request_correction", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_correction_online(f->store, f->cal, c.tracking_no, "WRONGCODE234", "x", NULL, 0, NULL,
						 day_of("2023-10-11"), T0, &e),
			 APPLY_NOT_FOUND);
	assert_int_equal(apply_correction_online(f->store, f->cal, loose_no, loose_code, " \n", NULL, 0, NULL,
						 day_of("2023-10-11"), T0, &e),
			 APPLY_INVALID);
	assert_non_null(apply_error_for(&e, "text"));
	memset(&e, 0, sizeof e);
	store_fail_commits(f->store, true); /* a commit that fails: refused as an error, nothing recorded */
	assert_int_equal(apply_correction_online(f->store, f->cal, loose_no, loose_code, "所需文件为钟政〔2023〕5号",
						 NULL, 0, "127.0.0.1", day_of("2023-10-11"), T0, &e),
			 APPLY_ERROR);
	store_fail_commits(f->store, false);
	assert_true(e.reason[0] != '\0');
	struct application a = get(f, c.tracking_no);
	struct apply_event *ev;
	size_t n;
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &n), 0);
	assert_int_equal(n, 3);
	free(ev);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_correction_online(f->store, f->cal, loose_no, loose_code, "所需文件为钟政〔2023〕5号",
						 NULL, 0, "127.0.0.1", day_of("2023-10-11"), T0, &e),
			 APPLY_OK);
	assert_int_equal(apply_events(store_reader(f->store), a.id, &ev, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(ev[3].type, "correction_received");
	assert_int_equal(ev[3].day, day_of("2023-10-11"));
	assert_int_equal(ev[3].user_id, 0);
	/* The clock restarts in full from the day the correction arrived: 20 working days after 10-11. */
	struct deadline_result r;
	struct deadline_problems p = {0};
	assert_int_equal(apply_deadline(f->cal, &a, ev, n, day_of("2023-10-11"), &r, &p), 0);
	assert_int_equal(r.state, STATE_RUNNING);
	assert_int_equal(r.due_on, day_of("2023-11-08"));
	deadline_result_free(&r);
	free(ev);
	struct apply_notice *notes;
	assert_int_equal(apply_notices(store_reader(f->store), a.id, &notes, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(notes[1].kind, "correction_reply");
	assert_string_equal(notes[1].body, "所需文件为钟政〔2023〕5号");
	apply_notices_free(notes, n);
	/* A second one: nothing pending any more. */
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_correction_online(f->store, f->cal, c.tracking_no, c.query_code, "再补充", NULL, 0, NULL,
						 day_of("2023-10-12"), T0, &e),
			 APPLY_REFUSED);
}

/* ---- notices to the applicant: the outbox (notify/notify.h) ---- */

/* ---- reminders to staff ---- */

/* The working days left of application no on day d, from the handler's list. */
static int left_on(struct fixture *f, const char *no, int d)
{
	struct apply_summary *rows;
	size_t n;
	int left = INT_MIN;
	assert_int_equal(apply_list(store_reader(f->store), f->cal, f->agency_id, 0, APPLY_FILTER_OPEN, d, &rows, &n),
			 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].tracking_no, no) == 0)
			left = rows[i].working_days_left;
	free(rows);
	return left;
}

static int64_t reminders_to(struct fixture *f, const char *recipient, const char *needle)
{
	struct db_stmt *st = db_prepare(
	    store_reader(f->store), "SELECT count(*) FROM notify_outbox WHERE kind = 'reminder' AND channel = 'email' "
				    "AND recipient = :to AND instr(subject || body, :needle) > 0");
	db_bind_text(st, ":to", recipient);
	db_bind_text(st, ":needle", needle);
	int64_t v = -1;
	assert_int_equal(db_step_int(st, &v), 1);
	return v;
}

/* Walks the days from..to: apply_remind_due queues exactly one reminder about application no, on the
 * first day with at most 3 working days left, and none before or after (the tests share one database:
 * only no's reminders are counted). Returns that day. */
static int reminded_once(struct fixture *f, const char *no, const char *from, const char *to)
{
	int first = CAL_NO_DAY;
	int64_t before = reminders_to(f, "handler@example.gov.cn", no);
	for (int d = day_of(from); d <= day_of(to); d++) {
		assert_true(apply_remind_due(f->store, f->cal, 3, d, T0 + d) >= 0);
		int64_t now = reminders_to(f, "handler@example.gov.cn", no);
		if (first == CAL_NO_DAY && left_on(f, no, d) <= 3) {
			assert_int_equal(now, before + 1);
			first = d;
		} else {
			assert_int_equal(now, before);
		}
		before = now;
	}
	assert_int_not_equal(first, CAL_NO_DAY);
	return first;
}

static void test_reminders_before_due_dates(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created mine = submit_online(f, &in, "2023-09-28");
	struct apply_created unassigned = submit_online(f, &in, "2023-09-28");
	struct apply_errors e = {0};
	assert_int_equal(event(f, mine.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, unassigned.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(apply_assign(f->store, mine.tracking_no, &f->handler, f->handler_id, T0, &e), APPLY_OK);
	/* no address yet: nothing queued, nothing recorded */
	assert_true(apply_remind_due(f->store, f->cal, 3, day_of("2023-10-31"), T0) >= 0);
	struct db_stmt *none = db_prepare(store_reader(f->store), "SELECT count(*) FROM application_reminder");
	int64_t recorded = -1;
	assert_int_equal(db_step_int(none, &recorded), 1);
	assert_int_equal(recorded, 0); /* so it is sent once the address is set (checked below) */
	struct db *w = store_write_begin(f->store);
	struct db_stmt *st = db_prepare(w, "UPDATE users SET email = 'handler@example.gov.cn' WHERE id = :id");
	db_bind_int(st, ":id", f->handler_id);
	assert_int_equal(db_step(st), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	assert_int_equal(apply_remind_due(f->store, f->cal, 0, day_of("2023-10-31"), T0), 0); /* switched off */
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", mine.tracking_no), 0);

	int first = reminded_once(f, mine.tracking_no, "2023-10-09", "2023-11-01");
	assert_int_equal(left_on(f, mine.tracking_no, first), 3);
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", mine.tracking_no), 1);
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", "2023-11-01"), 1);
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", "还剩 3 个工作日"), 1);
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", "张三"), 0); /* never the applicant */
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", unassigned.tracking_no), 0);

	/* an extension moves the due date: its own reminder, once */
	struct apply_event_input ext = {
	    .type = "extend", .date = "2023-11-01", .workdays = 10, .note = "需要调档", .approver = "李主任"};
	assert_int_equal(
	    apply_add_event(f->store, f->cal, mine.tracking_no, &f->handler, &ext, day_of("2023-11-01"), T0, &e),
	    APPLY_OK);
	reminded_once(f, mine.tracking_no, "2023-11-02", "2023-11-15");
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", "2023-11-15"), 1);
	assert_int_equal(reminders_to(f, "handler@example.gov.cn", mine.tracking_no), 2);
}

/* column "attempts" or "next" of the application's row on channel, or "count": its rows on channel
 * ("" = any channel). */
static int64_t outbox_int(struct fixture *f, int64_t app_id, const char *channel, const char *column)
{
	struct db *db = store_reader(f->store);
	struct db_stmt *st =
	    strcmp(column, "attempts") == 0
		? db_prepare(db, "SELECT attempts FROM notify_outbox WHERE application_id = :app AND channel = :ch")
	    : strcmp(column, "count") == 0
		? db_prepare(db, "SELECT count(*) FROM notify_outbox WHERE application_id = :app AND (:ch = '' OR "
				 "channel = :ch)")
		: db_prepare(db,
			     "SELECT next_attempt_at FROM notify_outbox WHERE application_id = :app AND channel = :ch");
	db_bind_int(st, ":app", app_id);
	db_bind_text(st, ":ch", channel);
	int64_t v = -1;
	assert_int_equal(db_step_int(st, &v), 1);
	return v;
}

static void outbox_status(struct fixture *f, int64_t app_id, const char *channel, char *out, size_t size)
{
	struct db_stmt *st =
	    db_prepare(store_reader(f->store), "SELECT status FROM notify_outbox WHERE "
					       "application_id = :app AND channel = :ch AND kind = 'receipt'");
	db_bind_int(st, ":app", app_id);
	db_bind_text(st, ":ch", channel);
	assert_int_equal(db_step(st), 1);
	db_column_copy(st, 0, out, size);
	db_reset(st);
}

/* The receipt is queued with the application (e-mail and SMS); unconfigured channels are skipped;
 * a failing SMTP server or SMS command is retried later, then given up; a working command is used. */
static void test_notify_outbox(void **state)
{
	struct fixture *f = *state;
	signal(SIGPIPE, SIG_IGN);
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	char status[16];
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "pending");
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "pending");
	struct notify_config none = {"", "", "", "", "", apply_notify_attachment, 1, NULL, NULL, NULL};
	assert_true(notify_deliver_due(f->store, &none, T0, 1000) >= 2);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "skipped");
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "skipped");
	/* skipping is not an attempt, and a skipped row is never due again */
	assert_int_equal(outbox_int(f, c.id, "sms", "attempts"), 0);
	assert_int_equal(outbox_int(f, c.id, "email", "next"), 0);
	assert_int_equal(notify_deliver_due(f->store, &none, T0 + 86400, 1000), 0);

	char script[160], sent[160], cmd[1024];
	snprintf(script, sizeof script, "%s/sms.sh", f->dir);
	snprintf(sent, sizeof sent, "%s/sms.txt", f->dir);
	snprintf(cmd, sizeof cmd, "printf '#!/bin/sh\\necho \"$1\" >\"%s\"; cat >>\"%s\"\\n' >'%s' && chmod +x '%s'",
		 sent, sent, script, script);
	assert_int_equal(system(cmd), 0);
	c = submit_online(f, &in, "2023-09-28");
	struct notify_config failing = {"smtp://127.0.0.1:1",
					"",
					"",
					"gongkai@example.gov.cn",
					"/bin/false",
					apply_notify_attachment,
					1,
					NULL,
					NULL,
					NULL};
	assert_int_equal(notify_deliver_due(f->store, &failing, T0, 1000), 2);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "pending");
	assert_int_equal(outbox_int(f, c.id, "email", "attempts"), 1);
	assert_int_equal(outbox_int(f, c.id, "email", "next"), T0 + 120);
	assert_int_equal(notify_deliver_due(f->store, &failing, T0 + 119, 1000), 0); /* not yet due */
	int64_t now = T0;
	for (int i = 1; i < NOTIFY_MAX_ATTEMPTS; i++) {
		now = outbox_int(f, c.id, "email", "next");
		assert_int_equal(notify_deliver_due(f->store, &failing, now, 1000), 2);
	}
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "failed");
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "failed");
	assert_int_equal(outbox_int(f, c.id, "sms", "attempts"), NOTIFY_MAX_ATTEMPTS);

	c = submit_online(f, &in, "2023-09-28");
	struct notify_config sms_only = {"", "", "", "", script, apply_notify_attachment, 1, NULL, NULL, NULL};
	assert_int_equal(notify_deliver_due(f->store, &sms_only, now + 1, 1000), 2);
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "sent");
	FILE *fp = fopen(sent, "r");
	assert_non_null(fp);
	char text[512] = "";
	size_t len = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[len] = '\0';
	assert_non_null(strstr(text, "13812345678\n")); /* the phone as argument */
	assert_non_null(strstr(text, c.tracking_no));	/* the text on standard input */
	assert_non_null(strstr(text, "已收到"));
}

/* Rows of unconfigured channels are skipped at most `limit` per pass, and counted. */
static void test_notify_skip_limit(void **state)
{
	struct fixture *f = *state;
	struct notify_config none = {"", "", "", "", "", apply_notify_attachment, 1, NULL, NULL, NULL};
	while (notify_deliver_due(f->store, &none, T0, 1000) > 0) /* what earlier tests left */
		;
	struct apply_input in = valid_input(f->agency_id);
	int64_t queued = 0, pending = -1, first = 0;
	for (int i = 0; i < 3; i++) {
		struct apply_created c = submit_online(f, &in, "2023-09-28");
		queued += outbox_int(f, c.id, "", "count");
		first = first ? first : c.id;
	}
	assert_int_equal(queued, 6);
	assert_int_equal(notify_deliver_due(f->store, &none, T0, 4), 4);
	assert_int_equal(notify_deliver_due(f->store, &none, T0, 4), 2);
	assert_int_equal(notify_deliver_due(f->store, &none, T0, 4), 0);
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM notify_outbox WHERE status = "
								"'pending' AND application_id >= :first");
	db_bind_int(st, ":first", first);
	assert_int_equal(db_step_int(st, &pending), 1);
	assert_int_equal(pending, 0);
}

/* The receipt goes to each channel the applicant gave: both, or only the phone, or only the e-mail. */
static void test_notify_receipt_channels(void **state)
{
	struct fixture *f = *state;
	static const char *const expected[3][2] = {{"email", "sms"}, {"sms", NULL}, {"email", NULL}};
	for (int i = 0; i < 3; i++) {
		struct apply_input in = valid_input(f->agency_id);
		if (i == 1) {
			in.email = "";
			in.delivery = "pickup";
		} else if (i == 2) {
			in.phone = "";
		}
		struct apply_created c = submit_online(f, &in, "2023-09-28");
		assert_int_equal(outbox_int(f, c.id, "", "count"), expected[i][1] ? 2 : 1);
		for (int k = 0; k < 2 && expected[i][k]; k++)
			assert_int_equal(outbox_int(f, c.id, expected[i][k], "count"), 1);
	}
}

static enum outcome_code mark_sending(struct db *w, void *ctx, struct outcome *out)
{
	struct db_stmt *st = db_prepare(w, "UPDATE notify_outbox SET status = 'sending' WHERE application_id = :app");
	db_bind_int(st, ":app", *(const int64_t *)ctx);
	return db_step(st) == 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "test");
}

/* The sender's claims and results go through store_write: when commits fail, nothing is claimed or
 * recorded and the call says so (-1); rows a lost result left "sending" go back to pending. */
static void test_notify_failed_commits(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct notify_config none = {"", "", "", "", "", apply_notify_attachment, 1, NULL, NULL, NULL};
	char status[16];
	store_fail_commits(f->store, true);
	assert_int_equal(notify_deliver_due(f->store, &none, T0, 1000), -1);
	store_fail_commits(f->store, false);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "pending");
	assert_int_equal(outbox_int(f, c.id, "email", "attempts"), 0);

	struct outcome out;
	assert_int_equal(store_write(f->store, mark_sending, &c.id, &out), OUTCOME_OK);
	store_fail_commits(f->store, true);
	assert_int_equal(notify_release_claimed(f->store, "", T0), -1);
	store_fail_commits(f->store, false);
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "sending");
	assert_int_equal(notify_release_claimed(f->store, "", T0), 0);
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "pending");
	assert_true(notify_deliver_due(f->store, &none, T0, 1000) >= 2);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "skipped");
}

/* Marks the application's outbox rows as claimed at T0 by another server process's sender. */
static enum outcome_code claim_by_other(struct db *w, void *ctx, struct outcome *out)
{
	struct db_stmt *st = db_prepare(w, "UPDATE notify_outbox SET status = 'sending', claimed_by = 'host:9:1', "
					   "claimed_at = :t WHERE application_id = :app");
	db_bind_int(st, ":t", T0);
	db_bind_int(st, ":app", *(const int64_t *)ctx);
	return db_step(st) == 0 ? OUTCOME_OK : outcome_fail(out, OUTCOME_STORAGE, NULL, "test");
}

/* Several server processes share the outbox: a sender neither releases nor sends the rows another live
 * sender claimed; a claim older than the lease (its sender died) is due again, and the row then names
 * its new sender. */
static void test_notify_claims_of_other_senders(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created c = submit_online(f, &in, "2023-09-28");
	struct notify_config me = {"", "", "", "", "", apply_notify_attachment, 1, NULL, NULL, "host:8:1"};
	struct outcome out;
	char status[16];
	assert_int_equal(store_write(f->store, claim_by_other, &c.id, &out), OUTCOME_OK);
	assert_int_equal(notify_release_claimed(f->store, me.claimant, T0 + NOTIFY_CLAIM_LEASE), 0);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "sending"); /* not ours, not older than the lease */
	assert_int_equal(notify_deliver_due(f->store, &me, T0 + NOTIFY_CLAIM_LEASE, 1000), 0);
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "sending");
	assert_int_equal(notify_deliver_due(f->store, &me, T0 + NOTIFY_CLAIM_LEASE + 1, 1000), 2); /* abandoned */
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "skipped");
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM notify_outbox WHERE "
								"application_id = :app AND claimed_by = 'host:8:1'");
	db_bind_int(st, ":app", c.id);
	int64_t mine = 0;
	assert_int_equal(db_step_int(st, &mine), 1);
	assert_int_equal(mine, 2); /* the rows name their new sender */
	/* our own claims go back at once; another's stale one too */
	assert_int_equal(store_write(f->store, claim_by_other, &c.id, &out), OUTCOME_OK);
	assert_int_equal(notify_release_claimed(f->store, "host:9:1", T0), 0);
	outbox_status(f, c.id, "sms", status, sizeof status);
	assert_string_equal(status, "pending");
	assert_int_equal(store_write(f->store, claim_by_other, &c.id, &out), OUTCOME_OK);
	assert_int_equal(notify_release_claimed(f->store, me.claimant, T0 + NOTIFY_CLAIM_LEASE + 1), 0);
	outbox_status(f, c.id, "email", status, sizeof status);
	assert_string_equal(status, "pending");
}

/* 条例第四十四条: only released information, once, by the agency's handler. */
static void test_propose_publication(void **state)
{
	struct fixture *f = *state;
	struct apply_input in = valid_input(f->agency_id);
	struct apply_created granted = submit_online(f, &in, "2023-09-28"), none = submit_online(f, &in, "2023-09-28");
	struct apply_errors e = {0};
	assert_int_equal(event(f, granted.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	assert_int_equal(event(f, none.tracking_no, "confirm_receipt", "2023-09-28", "2023-09-28", &e), APPLY_OK);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_propose_publication(f->store, granted.tracking_no, &f->handler, "", T0, &e),
			 APPLY_REFUSED); /* not answered yet */
	assert_int_equal(reply(f, granted.tracking_no, "granted", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	assert_int_equal(reply(f, none.tracking_no, "unable_no_info", "2023-10-09", "2023-10-09", &e), APPLY_OK);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_propose_publication(f->store, none.tracking_no, &f->handler, "", T0, &e), APPLY_REFUSED);
	assert_non_null(strstr(e.reason, "第四十四条"));
	assert_int_equal(apply_propose_publication(f->store, granted.tracking_no, &f->editor, "", T0, &e),
			 APPLY_FORBIDDEN);
	assert_int_equal(apply_propose_publication(f->store, granted.tracking_no, &f->handler, "多人申请", T0, &e),
			 APPLY_OK);
	memset(&e, 0, sizeof e);
	assert_int_equal(apply_propose_publication(f->store, granted.tracking_no, &f->handler, "", T0, &e),
			 APPLY_REFUSED);
	struct apply_publication *v;
	size_t n;
	assert_int_equal(apply_publications(store_reader(f->store), f->agency_id, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].tracking_no, granted.tracking_no);
	assert_string_equal(v[0].reason, "多人申请");
	assert_int_equal(v[0].item_id, 0);
	assert_int_equal(v[0].concluded_on, day_of("2023-10-09"));
	free(v);
	int64_t count = -1;
	assert_int_equal(apply_publication_count(store_reader(f->store), f->agency_id, &count), 0);
	assert_int_equal(count, 0); /* proposed, no item yet */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_applicant_types_are_report_columns),
	    cmocka_unit_test(test_extension_within_the_time_limit),
	    cmocka_unit_test(test_correction_states_what_and_by_when),
	    cmocka_unit_test(test_no_extension_during_consultation),
	    cmocka_unit_test(test_normalize_key),
	    cmocka_unit_test(test_tasks_and_urgency),
	    cmocka_unit_test(test_notify_outbox),
	    cmocka_unit_test(test_notify_receipt_channels),
	    cmocka_unit_test(test_notify_skip_limit),
	    cmocka_unit_test(test_notify_failed_commits),
	    cmocka_unit_test(test_notify_claims_of_other_senders),
	    cmocka_unit_test(test_propose_publication),
	    cmocka_unit_test(test_online_correction),
	    cmocka_unit_test(test_reminders_before_due_dates),
	    cmocka_unit_test(test_outcomes_are_report_rows),
	    cmocka_unit_test(test_intake_channels_follow_article_31),
	    cmocka_unit_test(test_masking),
	    cmocka_unit_test(test_similarity),
	    cmocka_unit_test(test_validate_accepts_valid),
	    cmocka_unit_test(test_validate_names_each_field),
	    cmocka_unit_test(test_validate_checksums),
	    cmocka_unit_test(test_validate_channels_and_dates),
	    cmocka_unit_test(test_submit_and_query_code),
	    cmocka_unit_test(test_idempotent_submission),
	    cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_staff_intake),
	    cmocka_unit_test(test_event_order_rules),
	    cmocka_unit_test(test_events_need_the_agencys_handler),
	    cmocka_unit_test(test_withdraw_is_other_other),
	    cmocka_unit_test(test_abandoned_correction_is_other_no_correction),
	    cmocka_unit_test(test_unpaid_fee_is_other_no_fee),
	    cmocka_unit_test(test_deadline_of_timeline),
	    cmocka_unit_test(test_fee_by_pages),
	    cmocka_unit_test(test_fee_by_items_counts_the_month),
	    cmocka_unit_test(test_fee_paid_and_collected),
	    cmocka_unit_test(test_reveal_is_audited_and_restricted),
	    cmocka_unit_test(test_assign),
	    cmocka_unit_test(test_repeat_detection),
	    cmocka_unit_test(test_supervision_lists),
	    cmocka_unit_test(test_letter),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
