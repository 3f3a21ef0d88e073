/* test_apply_supervision.c — unit tests of supervision across the agency tree on a real (temporary)
 * database: 督办 notices (who may send and answer, every refusal with its field, answered once,
 * audited, listed per application, per agency and per sender), the open applications of a subtree,
 * and the per-agency figures of a year (received, concluded, on time / late, median working days,
 * outcome mix, open overdue) against values worked out by hand from the 2024 holiday schedule.
 *
 * Tree: 汝州市人民政府 → 钟楼街道 (the applications); 某县人民政府 is another root (another county). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_supervision.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "storage/db.h"
#include "storage/store_testutil.h"
#include "util/buf.h"

#define T0    1700000000
#define TODAY "2025-02-28"

struct fixture {
	char dir[64];
	struct store *store;
	struct calendar *cal;
	int64_t city, street, county;
	struct actor city_supervisor, county_supervisor, street_handler, street_editor, county_handler;
	char no[5][APPLY_TRACKING_SIZE]; /* the street's applications, see setup */
};

static int iso_day(const char *iso)
{
	int d = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &d), 0);
	return d;
}

static int64_t new_agency(struct fixture *f, int64_t parent, enum agency_level level, const char *name)
{
	char err[256];
	struct agency a = {.parent_id = parent, .level = level};
	snprintf(a.name, sizeof a.name, "%s", name);
	struct db *w = store_write_begin(f->store);
	int64_t id = agency_add_at(w, &a, T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, id > 0), 0);
	return id;
}

static struct actor new_staff(struct fixture *f, int64_t agency_id, const char *name, unsigned roles)
{
	char err[256];
	struct db *w = store_write_begin(f->store);
	int64_t id = user_add(w, agency_id, name, NULL, roles, "$argon2id$not-a-real-hash", T0, err, sizeof err);
	assert_int_equal(store_write_end(f->store, id > 0), 0);
	return (struct actor){.user_id = id, .agency_id = agency_id, .roles = roles, .ip = "10.0.0.9"};
}

/* An application handed in at the street's counter on received (in person: received that day), entered
 * the same day. */
static void intake(struct fixture *f, const char *received, char no[APPLY_TRACKING_SIZE])
{
	struct apply_input in = {.agency_id = f->street,
				 .applicant_type = "natural_person",
				 .name = "李四",
				 .id_type = "resident_id",
				 .id_number = "11010519491231002X",
				 .phone = "13812345678",
				 .address = "河南省汝州市钟楼街道中大街1号",
				 .description = received, /* distinct descriptions: no repeat warnings */
				 .form = "paper",
				 .delivery = "pickup",
				 .channel = "in_person",
				 .received_on = received};
	struct apply_created c;
	struct apply_errors e = {0};
	assert_int_equal(apply_submit(f->store, &in, &f->street_handler, iso_day(received), T0, &c, &e), APPLY_OK);
	memcpy(no, c.tracking_no, APPLY_TRACKING_SIZE);
}

static void conclude(struct fixture *f, const char *no, const char *type, const char *outcome, const char *day)
{
	struct apply_event_input in = {.type = type, .date = day, .outcome = outcome};
	struct apply_errors e = {0};
	assert_int_equal(apply_add_event(f->store, f->cal, no, &f->street_handler, &in, iso_day(day), T0 + 10, &e),
			 APPLY_OK);
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gongkai-test-supervise-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	f->cal = calendar_new();
	if (!f->store || calendar_load_embedded(f->cal, err, sizeof err) != 0)
		return -1;
	f->city = new_agency(f, 0, AGENCY_CITY, "汝州市人民政府");
	f->street = new_agency(f, f->city, AGENCY_SUBDISTRICT, "汝州市钟楼街道办事处");
	f->county = new_agency(f, 0, AGENCY_COUNTY, "某县人民政府");
	f->city_supervisor = new_staff(f, f->city, "city-supervisor", ROLE_SUPERVISOR);
	f->county_supervisor = new_staff(f, f->county, "county-supervisor", ROLE_SUPERVISOR);
	f->street_handler = new_staff(f, f->street, "street-handler", ROLE_HANDLER);
	f->street_editor = new_staff(f, f->street, "street-editor", ROLE_EDITOR);
	f->county_handler = new_staff(f, f->county, "county-handler", ROLE_HANDLER);
	/* 0: replied (予以公开) on time after 4 working days; 1: replied (部分公开) late after 29 working days
	 * (清明 2024-04-04…06 off, Sunday 04-07 worked); 2: withdrawn; 3: open since 2024-12-20, overdue on
	 * TODAY; 4: received in 2023, replied (予以公开) late on 2024-01-05 after 24 working days. */
	intake(f, "2024-03-04", f->no[0]);
	conclude(f, f->no[0], "reply", "granted", "2024-03-08");
	intake(f, "2024-03-04", f->no[1]);
	conclude(f, f->no[1], "reply", "partial", "2024-04-15");
	intake(f, "2024-03-11", f->no[2]);
	conclude(f, f->no[2], "withdraw", NULL, "2024-03-12");
	intake(f, "2024-12-20", f->no[3]);
	intake(f, "2023-12-01", f->no[4]);
	conclude(f, f->no[4], "reply", "granted", "2024-01-05");
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

static enum outcome_code supervise(struct fixture *f, const struct actor *who, const char *no, const char *body,
				   const char *reply_by, struct outcome *out, int64_t *id)
{
	struct apply_supervise_job job = {*who, no, body, reply_by, iso_day(TODAY), T0 + 20, 0};
	enum outcome_code code = store_write(f->store, apply_supervise, &job, out);
	if (id)
		*id = job.id;
	return code;
}

static enum outcome_code answer(struct fixture *f, const struct actor *who, int64_t id, const char *text,
				struct outcome *out)
{
	struct apply_supervision_answer_job job = {*who, id, text, T0 + 30};
	return store_write(f->store, apply_supervision_answer, &job, out);
}

static int64_t audit_rows(struct fixture *f, const char *action)
{
	struct db_stmt *st = db_prepare(store_reader(f->store), "SELECT count(*) FROM audit_log WHERE action = :a");
	db_bind_text(st, ":a", action);
	int64_t n = -1;
	assert_int_equal(db_step_int(st, &n), 1);
	return n;
}

static void test_send_refusals(void **state)
{
	struct fixture *f = *state;
	struct outcome out;
	const char *no = f->no[3];
	/* another county's supervisor learns nothing; a handler may not send; unknown numbers */
	assert_int_equal(supervise(f, &f->county_supervisor, no, "请说明", "2025-03-07", &out, NULL),
			 OUTCOME_NOT_FOUND);
	assert_int_equal(supervise(f, &f->street_handler, no, "请说明", "2025-03-07", &out, NULL), OUTCOME_FORBIDDEN);
	assert_int_equal(supervise(f, &f->city_supervisor, "NO-SUCH", "请说明", "2025-03-07", &out, NULL),
			 OUTCOME_NOT_FOUND);
	/* the text and the deadline, each named */
	assert_int_equal(supervise(f, &f->city_supervisor, no, " \n", "2025-03-07", &out, NULL), OUTCOME_INVALID);
	assert_string_equal(out.field, "body");
	char *longer = xmalloc(APPLY_SUPERVISION_CHARS * 3 + 4);
	memset(longer, 0, APPLY_SUPERVISION_CHARS * 3 + 4);
	for (int i = 0; i <= APPLY_SUPERVISION_CHARS; i++)
		memcpy(longer + 3 * i, "督", 3);
	assert_int_equal(supervise(f, &f->city_supervisor, no, longer, "2025-03-07", &out, NULL), OUTCOME_INVALID);
	assert_string_equal(out.field, "body");
	longer[3 * APPLY_SUPERVISION_CHARS] = '\0'; /* exactly the limit is accepted */
	assert_int_equal(supervise(f, &f->city_supervisor, no, longer, "2025-03-07", &out, NULL), OUTCOME_OK);
	free(longer);
	assert_int_equal(supervise(f, &f->city_supervisor, no, "请说明", "2025-02-30", &out, NULL), OUTCOME_INVALID);
	assert_string_equal(out.field, "reply_by");
	assert_int_equal(supervise(f, &f->city_supervisor, no, "请说明", "2025-02-27", &out, NULL), OUTCOME_INVALID);
	assert_string_equal(out.field, "reply_by");
	assert_int_equal(supervise(f, &f->city_supervisor, no, "请说明", "2025-04-30", &out, NULL), OUTCOME_INVALID);
	assert_int_equal(supervise(f, &f->city_supervisor, no, "请说明", "2025-04-29", &out, NULL), OUTCOME_OK);
	assert_int_equal(audit_rows(f, "application.supervise"), 2);
}

static void test_send_and_answer(void **state)
{
	struct fixture *f = *state;
	struct outcome out;
	int64_t id = 0;
	assert_int_equal(supervise(f, &f->city_supervisor, f->no[3], "该申请已超期，请于3月7日前说明原因。",
				   "2025-03-07", &out, &id),
			 OUTCOME_OK);
	assert_true(id > 0);
	struct db *db = store_reader(f->store);
	struct apply_supervision *v;
	size_t n;
	assert_int_equal(apply_supervision_pending(db, f->street, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, id);
	assert_string_equal(v[0].tracking_no, f->no[3]);
	assert_string_equal(v[0].from_agency, "汝州市人民政府");
	assert_string_equal(v[0].agency, "汝州市钟楼街道办事处");
	assert_int_equal(v[0].reply_by, iso_day("2025-03-07"));
	assert_int_equal(v[0].sent_by, f->city_supervisor.user_id);
	assert_int_equal(v[0].answered_at, 0);
	free(v);
	assert_int_equal(apply_supervision_pending(db, f->county, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);

	/* answered only by the street's handler or leader, once */
	assert_int_equal(answer(f, &f->county_handler, id, "已办理", &out), OUTCOME_NOT_FOUND);
	assert_int_equal(answer(f, &f->street_editor, id, "已办理", &out), OUTCOME_FORBIDDEN);
	assert_int_equal(answer(f, &f->street_handler, id, "", &out), OUTCOME_INVALID);
	assert_string_equal(out.field, "answer");
	assert_int_equal(answer(f, &f->street_handler, 9999, "已办理", &out), OUTCOME_NOT_FOUND);
	assert_int_equal(answer(f, &f->street_handler, id, "已于3月3日答复申请人。", &out), OUTCOME_OK);
	assert_int_equal(answer(f, &f->street_handler, id, "再答一次", &out), OUTCOME_CONFLICT);
	assert_int_equal(audit_rows(f, "application.supervise_answer"), 1);

	struct apply_supervision s;
	assert_int_equal(apply_supervision_get(db, id, &s), 1);
	assert_string_equal(s.answer, "已于3月3日答复申请人。");
	assert_string_equal(s.body, "该申请已超期，请于3月7日前说明原因。");
	assert_int_equal(s.answered_by, f->street_handler.user_id);
	assert_int_equal(s.answered_at, T0 + 30);
	assert_int_equal(s.sent_at, T0 + 20);
	assert_string_equal(s.answered_by_name, "street-handler");
	assert_int_equal(apply_supervision_pending(db, f->street, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);
	struct application a;
	assert_int_equal(apply_get(db, f->no[3], &a), 1);
	assert_int_equal(apply_supervision_of(db, a.id, &v, &n), 0);
	assert_int_equal(n, 1);
	free(v);
	assert_int_equal(apply_supervision_sent(db, f->city, &v, &n), 0);
	assert_int_equal(n, 1);
	free(v);
	assert_int_equal(apply_supervision_sent(db, f->county, &v, &n), 0);
	assert_int_equal(n, 0);
	free(v);
}

static void test_subtree_lists(void **state)
{
	struct fixture *f = *state;
	struct db *db = store_reader(f->store);
	struct apply_summary *rows;
	size_t n;
	assert_int_equal(apply_list_subtree(db, f->cal, f->city, APPLY_FILTER_OVERDUE, iso_day(TODAY), &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].tracking_no, f->no[3]);
	assert_int_equal(rows[0].agency_id, f->street);
	free(rows);
	assert_int_equal(apply_list_subtree(db, f->cal, f->city, APPLY_FILTER_OPEN, iso_day("2024-12-23"), &rows, &n),
			 0);
	assert_int_equal(n, 1);
	assert_false(rows[0].overdue); /* not yet on the next working day */
	free(rows);
	assert_int_equal(apply_list_subtree(db, f->cal, f->county, APPLY_FILTER_ALL, iso_day(TODAY), &rows, &n), 0);
	assert_int_equal(n, 0);
	free(rows);
	assert_int_equal(apply_list_subtree(db, f->cal, f->street, APPLY_FILTER_CONCLUDED, iso_day(TODAY), &rows, &n),
			 0);
	assert_int_equal(n, 4);
	free(rows);
}

static void test_figures(void **state)
{
	struct fixture *f = *state;
	struct db *db = store_reader(f->store);
	assert_int_equal(calendar_workdays_between(f->cal, iso_day("2024-03-04"), iso_day("2024-04-15"), NULL), 29);
	struct apply_figures *v;
	size_t n;
	assert_int_equal(apply_figures_subtree(db, f->cal, f->city, 2024, iso_day(TODAY), &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].agency_id, f->city);
	assert_int_equal(v[0].received + v[0].concluded + v[0].replied, 0);
	assert_int_equal(v[0].median_days_x2, -1);
	assert_int_equal(apply_figures_rate_permille(&v[0]), -1);
	const struct apply_figures *s = &v[1];
	assert_int_equal(s->agency_id, f->street);
	assert_int_equal(s->depth, 1);
	assert_int_equal(s->received, 4);
	assert_int_equal(s->concluded, 4);
	assert_int_equal(s->replied, 3);
	assert_int_equal(s->on_time, 1);
	assert_int_equal(s->late, 2);
	assert_int_equal(s->open_overdue, 1);
	assert_int_equal(s->median_days_x2, 48); /* {4, 24, 29} */
	assert_int_equal(s->mix[MIX_GRANTED], 2);
	assert_int_equal(s->mix[MIX_PARTIAL], 1);
	assert_int_equal(s->mix[MIX_WITHDRAWN], 1);
	assert_int_equal(s->mix[MIX_DENIED] + s->mix[MIX_UNABLE] + s->mix[MIX_REJECTED] + s->mix[MIX_OTHER], 0);
	assert_int_equal(apply_figures_rate_permille(s), 333);
	free(v);
	/* 2023: one received (replied in 2024), nothing concluded */
	assert_int_equal(apply_figures_subtree(db, f->cal, f->street, 2023, iso_day(TODAY), &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].received, 1);
	assert_int_equal(v[0].concluded, 0);
	assert_int_equal(v[0].depth, 0);
	free(v);
	/* the rate rounds half up to tenths of a percent */
	struct apply_figures even = {.replied = 2, .on_time = 1};
	assert_int_equal(apply_figures_rate_permille(&even), 500);
	struct apply_figures third = {.replied = 3, .on_time = 2};
	assert_int_equal(apply_figures_rate_permille(&third), 667);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_send_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_send_and_answer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_subtree_lists, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
