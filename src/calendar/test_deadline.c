/* test_deadline.c — unit tests of the deadline engine against hand-counted deadlines.
 *
 * Every expected day below was counted by hand on the holiday data (holidays-cn 2023/2024 JSON):
 * 2023 劳动节 04-29…05-03 off, Sunday 04-23 and Saturday 05-06 work; 2023 国庆 09-29…10-06 off,
 * Saturday 10-07 and Sunday 10-08 work; 2024 元旦 01-01 off; 2024 春节 02-10…02-17 off, Sunday 02-04
 * and Sunday 02-18 work. The count is written next to each assertion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/deadline.h"

static int D(const char *iso)
{
	int day = CAL_NO_DAY;
	assert_int_equal(cal_parse_iso(iso, strlen(iso), &day), 0);
	return day;
}

static struct deadline_event ev(enum deadline_event_type type, const char *iso)
{
	return (struct deadline_event){.type = type, .day = D(iso)};
}

static struct deadline_event ev_days(enum deadline_event_type type, const char *iso, int workdays)
{
	return (struct deadline_event){.type = type, .day = D(iso), .workdays = workdays};
}

static struct deadline_event ev_party(enum deadline_event_type type, const char *iso, enum consultation_party p)
{
	return (struct deadline_event){.type = type, .day = D(iso), .party = p};
}

static int setup(void **state)
{
	struct calendar *cal = calendar_new();
	if (calendar_load_embedded(cal, NULL, 0) != 0) {
		calendar_free(cal);
		return -1;
	}
	*state = cal;
	return 0;
}

static int teardown(void **state)
{
	calendar_free(*state);
	return 0;
}

/* Computes and fails the test with the problems when the events are rejected. */
static void compute(void **state, enum apply_channel ch, const struct deadline_event *events, size_t n,
		    const char *today, struct deadline_result *r)
{
	struct deadline_problems problems = {0};
	int rc = deadline_compute(*state, ch, events, n, D(today), r, &problems);
	if (rc != 0)
		fail_msg("rejected: %s", problems.n ? problems.v[0].message : "?");
	deadline_problems_free(&problems);
}

static const struct deadline_step *find_step(const struct deadline_result *r, const char *code)
{
	for (size_t i = 0; i < r->nsteps; i++)
		if (strcmp(r->steps[i].code, code) == 0)
			return &r->steps[i];
	return NULL;
}

static bool any_warning(const struct deadline_result *r)
{
	for (size_t i = 0; i < r->nsteps; i++)
		if (r->steps[i].warning)
			return true;
	return false;
}

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- plain 20 working days ------------------------------------------------------------------ */

static void test_received_before_national_day(void **state)
{
	/* Thursday 2023-09-28, in person. 09-29…10-06 off; 10-07 Sat (1), 10-08 Sun (2), 10-09…10-13 (3–7),
	 * 10-16…10-20 (8–12), 10-23…10-27 (13–17), 10-30 (18), 10-31 (19), 11-01 (20). */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-28")};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-10-20", &r);
	assert_int_equal(r.state, STATE_RUNNING);
	assert_int_equal(r.received_on, D("2023-09-28"));
	assert_int_equal(r.due_on, D("2023-11-01"));
	/* after 10-20: 10-23…10-27 (5), 10-30, 10-31 (7), 11-01 (8) */
	assert_int_equal(r.working_days_left, 8);
	assert_false(r.paused || r.overdue || r.unknown_calendar);
	/* 补正 notice: 10-07 (1), 10-08 (2), 10-09…10-13 (3–7) */
	assert_int_equal(r.correction_due_on, D("2023-10-13"));
	const struct deadline_step *s = find_step(&r, "received");
	assert_non_null(s);
	assert_non_null(strstr(s->staff, "收到申请之日 2023-09-28（周四）；答复期限自次日起算 20 个工作日"));
	assert_non_null(strstr(s->staff, "第三十一条第一项"));
	s = find_step(&r, "due");
	assert_non_null(s);
	assert_string_equal(s->applicant, "我们于2023年9月28日收到您的申请，将在2023年11月1日前答复您。");
	assert_non_null(strstr(s->staff, "2023-11-01（周三）"));
	assert_non_null(find_step(&r, "calendar"));
	assert_non_null(strstr(r.calendar_version, "2019-2026"));
	assert_false(any_warning(&r));
	deadline_result_free(&r);
}

static void test_overdue_and_reply(void **state)
{
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-28"), ev(EVENT_REPLY, "2023-11-02")};
	struct deadline_result r;
	/* Not replied, today Friday 11-03: past 11-01 by 11-02 and 11-03 = 2 working days. */
	compute(state, CHANNEL_IN_PERSON, e, 1, "2023-11-03", &r);
	assert_true(r.overdue);
	assert_int_equal(r.working_days_left, -2);
	assert_true(find_step(&r, "overdue")->warning);
	deadline_result_free(&r);

	/* On the last day: 0 left, not overdue. */
	compute(state, CHANNEL_IN_PERSON, e, 1, "2023-11-01", &r);
	assert_false(r.overdue);
	assert_int_equal(r.working_days_left, 0);
	deadline_result_free(&r);

	/* Replied one working day late. */
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-11-10", &r);
	assert_int_equal(r.state, STATE_REPLIED);
	assert_true(r.overdue);
	assert_int_equal(r.working_days_left, -1);
	assert_non_null(find_step(&r, "replied_late"));
	deadline_result_free(&r);

	/* Replied in time. */
	e[1] = ev(EVENT_REPLY, "2023-10-31");
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-11-10", &r);
	assert_false(r.overdue);
	assert_int_equal(r.working_days_left, 1);
	assert_non_null(find_step(&r, "replied"));
	deadline_result_free(&r);
}

static void test_confirmation_channels(void **state)
{
	/* Ordinary letter arrived Wednesday 09-27, confirmed only on 09-28: flagged (当日确认), but
	 * the confirmation day is 收到申请之日, so the deadline is the same 2023-11-01. */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-27"), ev(EVENT_CONFIRM_RECEIPT, "2023-09-28")};
	struct deadline_result r;
	compute(state, CHANNEL_ORDINARY_MAIL, e, N(e), "2023-10-09", &r);
	assert_int_equal(r.received_on, D("2023-09-28"));
	assert_int_equal(r.due_on, D("2023-11-01"));
	assert_true(find_step(&r, "confirmation_late")->warning);
	deadline_result_free(&r);

	/* Online, confirmed a day later: no warning for online. Unconfirmed: no clock yet. */
	compute(state, CHANNEL_ONLINE, e, N(e), "2023-10-09", &r);
	assert_null(find_step(&r, "confirmation_late"));
	assert_int_equal(r.due_on, D("2023-11-01"));
	deadline_result_free(&r);
	compute(state, CHANNEL_ONLINE, e, 1, "2023-10-09", &r);
	assert_int_equal(r.state, STATE_AWAITING_CONFIRMATION);
	assert_int_equal(r.due_on, CAL_NO_DAY);
	assert_int_equal(r.received_on, CAL_NO_DAY);
	assert_non_null(find_step(&r, "arrived"));
	deadline_result_free(&r);
}

/* ---- 补正 ----------------------------------------------------------------------------------- */

static void test_correction_restarts_over_spring_festival(void **state)
{
	/* Online, arrived Monday 2024-01-29, confirmed Tuesday 01-30 = 收到申请之日.
	 * 补正 notice due: 01-31 (1), 02-01 (2), 02-02 (3), 02-04 Sun work (4), 02-05 (5), 02-06 (6),
	 * 02-07 (7). Requested Thursday 02-08: one day late. Correction received Friday 02-09.
	 * Restart: 02-10…02-17 off; 02-18 Sun work (1), 02-19…02-23 (2–6), 02-26…03-01 (7–11),
	 * 03-04…03-08 (12–16), 03-11 (17), 03-12 (18), 03-13 (19), 03-14 (20). */
	struct deadline_event e[] = {
	    ev(EVENT_RECEIVE, "2024-01-29"),
	    ev(EVENT_CONFIRM_RECEIPT, "2024-01-30"),
	    ev(EVENT_REQUEST_CORRECTION, "2024-02-08"),
	    ev(EVENT_CORRECTION_RECEIVED, "2024-02-09"),
	};
	struct deadline_result r;
	compute(state, CHANNEL_ONLINE, e, N(e), "2024-02-20", &r);
	assert_int_equal(r.correction_due_on, D("2024-02-07"));
	assert_true(find_step(&r, "correction_late")->warning);
	assert_int_equal(r.clock_start, D("2024-02-09"));
	assert_int_equal(r.due_on, D("2024-03-14"));
	assert_int_equal(r.state, STATE_RUNNING);
	assert_string_equal(find_step(&r, "due")->applicant,
			    "我们于2024年2月9日收到您补正后的申请，将在2024年3月14日前答复您。");
	deadline_result_free(&r);
}

static void test_correction_pending_and_abandoned(void **state)
{
	/* In person Thursday 2023-09-28; 补正 requested Monday 10-09 (within 7 working days: due 10-13),
	 * giving 10 working days: 10-10…10-13 (1–4), 10-16…10-20 (5–9), 10-23 (10). */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-28"),
				     ev_days(EVENT_REQUEST_CORRECTION, "2023-10-09", 10)};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-10-12", &r);
	assert_int_equal(r.state, STATE_AWAITING_CORRECTION);
	assert_true(r.paused);
	assert_int_equal(r.due_on, CAL_NO_DAY);
	assert_int_equal(r.working_days_left, 20);
	assert_int_equal(r.correction_by, D("2023-10-23"));
	assert_null(find_step(&r, "correction_late"));
	assert_non_null(strstr(find_step(&r, "correction_requested")->applicant, "请于2023年10月23日前提交补正"));
	deadline_result_free(&r);

	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-10-24", &r);
	assert_int_equal(r.state, STATE_ABANDONED);
	assert_false(r.paused);
	assert_true(find_step(&r, "correction_expired")->warning);
	deadline_result_free(&r);
}

/* ---- consultation --------------------------------------------------------------------------- */

static void test_consultation_pauses_over_labour_day(void **state)
{
	/* In person Thursday 2023-04-20. 04-21 Fri (1), 04-23 Sun work (2), 04-24 Mon (3) — the day the
	 * consultation starts still counts. Paused (04-24, 05-08]: 04-25…04-28, 05-04, 05-05, 05-06 Sat work,
	 * 05-08 = 8 working days not counted. Resume 05-09 (4) … 05-12 (7), 05-15…05-19 (8–12),
	 * 05-22…05-26 (13–17), 05-29 (18), 05-30 (19), 05-31 (20). */
	struct deadline_event e[] = {
	    ev(EVENT_RECEIVE, "2023-04-20"),
	    ev_party(EVENT_CONSULTATION_START, "2023-04-24", PARTY_THIRD_PARTY),
	    ev_party(EVENT_CONSULTATION_END, "2023-05-08", PARTY_THIRD_PARTY),
	};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-05-10", &r);
	assert_int_equal(r.due_on, D("2023-05-31"));
	assert_int_equal(r.state, STATE_RUNNING);
	assert_non_null(strstr(find_step(&r, "due")->staff, "另有 8 个工作日因征求意见或待缴费不计入"));
	/* the third party's 15 working days: 04-25…04-28 (1–4), 05-04 (5), 05-05 (6), 05-06 (7), 05-08 (8),
	 * 05-09…05-12 (9–12), 05-15 (13), 05-16 (14), 05-17 (15) */
	assert_non_null(strstr(find_step(&r, "consultation_started")->staff, "2023-05-17（周三）"));
	assert_false(any_warning(&r));
	deadline_result_free(&r);

	/* Still open on 05-10: paused after 3 counted days, 17 to go. */
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-05-10", &r);
	assert_int_equal(r.state, STATE_CONSULTING);
	assert_true(r.paused);
	assert_int_equal(r.due_on, CAL_NO_DAY);
	assert_int_equal(r.working_days_left, 17);
	deadline_result_free(&r);

	/* Still open on 05-22, past the 15 days (05-17): the clock resumes on 05-18 (4), 05-19 (5),
	 * 05-22…05-26 (6–10), 05-29…06-02 (11–15), 06-05…06-09 (16–20). */
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-05-22", &r);
	assert_int_equal(r.state, STATE_CONSULTING);
	assert_false(r.paused);
	assert_int_equal(r.due_on, D("2023-06-09"));
	assert_true(find_step(&r, "consultation_overrun")->warning);
	deadline_result_free(&r);

	/* Closed late (05-22): only the 15 days up to 05-17 are excluded, same deadline, flagged. */
	e[2] = ev_party(EVENT_CONSULTATION_END, "2023-05-22", PARTY_THIRD_PARTY);
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-05-22", &r);
	assert_int_equal(r.due_on, D("2023-06-09"));
	assert_non_null(find_step(&r, "consultation_overrun"));
	deadline_result_free(&r);
}

/* ---- extension ------------------------------------------------------------------------------ */

static void test_extension(void **state)
{
	/* 2023-09-28 + 20 = 11-01 (above); extended by 20 on 10-30: 11-02, 11-03 (21–22), 11-06…11-10 (23–27),
	 * 11-13…11-17 (28–32), 11-20…11-24 (33–37), 11-27 (38), 11-28 (39), 11-29 (40). */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-28"), ev_days(EVENT_EXTEND, "2023-10-30", 20),
				     ev_days(EVENT_EXTEND, "2023-10-31", 5)};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-11-06", &r);
	assert_int_equal(r.due_on, D("2023-11-29"));
	assert_int_equal(r.extension_days, 20);
	assert_non_null(strstr(find_step(&r, "due")->staff, "延长 20 个工作日"));
	assert_false(any_warning(&r));
	deadline_result_free(&r);

	/* A second extension is refused. */
	struct deadline_problems p = {0};
	assert_int_equal(deadline_compute(*state, CHANNEL_IN_PERSON, e, 3, D("2023-11-06"), &r, &p), -1);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.v[0].message, "第 3 个事件（延长答复期限，2023-10-31）：答复期限只能延长一次"));
	assert_int_equal(r.nsteps, 0);
	deadline_problems_free(&p);
	deadline_result_free(&r);

	/* An extension notified after the original deadline is flagged. */
	e[1] = ev_days(EVENT_EXTEND, "2023-11-02", 10);
	compute(state, CHANNEL_IN_PERSON, e, 2, "2023-11-06", &r);
	assert_true(find_step(&r, "extension_late")->warning);
	deadline_result_free(&r);
}

/* ---- fee ------------------------------------------------------------------------------------ */

static void test_fee_pauses_over_new_year(void **state)
{
	/* In person Friday 2023-12-15: 12-18 (1), 12-19 (2), 12-20 (3); fee notice 12-20, paid Friday
	 * 2024-01-05, so (12-20, 01-05] is not counted; 01-08…01-12 (4–8), 01-15…01-19 (9–13),
	 * 01-22…01-26 (14–18), 01-29 (19), 01-30 (20).
	 * Pay-by: 12-21 (1), 12-22 (2), 12-25…12-29 (3–7), 01-01 off, 01-02…01-05 (8–11),
	 * 01-08…01-12 (12–16), 01-15…01-18 (17–20). */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-12-15"), ev(EVENT_FEE_NOTICE, "2023-12-20"),
				     ev(EVENT_FEE_PAID, "2024-01-05")};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2024-01-10", &r);
	assert_int_equal(r.due_on, D("2024-01-30"));
	assert_int_equal(r.fee_pay_by, D("2024-01-18"));
	assert_non_null(strstr(find_step(&r, "fee_notice")->applicant, "请于2024年1月18日前缴纳"));
	deadline_result_free(&r);

	compute(state, CHANNEL_IN_PERSON, e, 2, "2024-01-10", &r);
	assert_int_equal(r.state, STATE_AWAITING_FEE);
	assert_true(r.paused);
	assert_int_equal(r.working_days_left, 17);
	deadline_result_free(&r);

	compute(state, CHANNEL_IN_PERSON, e, 2, "2024-01-19", &r);
	assert_int_equal(r.state, STATE_ABANDONED);
	assert_true(find_step(&r, "fee_expired")->warning);
	deadline_result_free(&r);
}

/* ---- unknown years, withdrawal, publication -------------------------------------------------- */

static void test_unknown_year_flagged(void **state)
{
	/* Thursday 2026-12-10: the count reaches into 2027, whose schedule is not loaded. By weekdays
	 * alone: 12-11 (1), 12-14…12-18 (2–6), 12-21…12-25 (7–11), 12-28…12-31 (12–15), 2027-01-01 (16,
	 * probably 元旦 in reality — exactly why it is flagged), 01-04…01-07 (17–20). */
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2026-12-10")};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2026-12-11", &r);
	assert_true(r.unknown_calendar);
	assert_int_equal(r.due_on, D("2027-01-07"));
	const struct deadline_step *s = find_step(&r, "unknown_calendar");
	assert_non_null(s);
	assert_true(s->warning);
	assert_non_null(strstr(s->staff, "2027"));
	deadline_result_free(&r);

	/* Monday 2026-11-02 stays inside 2026: 11-03…11-06 (1–4), 11-09…11-27 (5–19), 11-30 (20). */
	e[0] = ev(EVENT_RECEIVE, "2026-11-02");
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2026-11-03", &r);
	assert_false(r.unknown_calendar);
	assert_int_equal(r.due_on, D("2026-11-30"));
	assert_null(find_step(&r, "unknown_calendar"));
	deadline_result_free(&r);
}

static void test_withdrawn(void **state)
{
	struct deadline_event e[] = {ev(EVENT_RECEIVE, "2023-09-28"), ev(EVENT_WITHDRAW, "2023-10-09")};
	struct deadline_result r;
	compute(state, CHANNEL_IN_PERSON, e, N(e), "2023-12-01", &r);
	assert_int_equal(r.state, STATE_WITHDRAWN);
	assert_false(r.overdue);
	assert_non_null(find_step(&r, "withdrawn"));
	deadline_result_free(&r);
}

static void test_publication_due(void **state)
{
	struct publication_due p;
	assert_int_equal(deadline_publication_due(*state, D("2023-09-28"), &p), CAL_OK);
	assert_int_equal(p.due_on, D("2023-11-01"));
	assert_false(p.unknown_calendar);
	assert_non_null(strstr(p.staff, "应于 2023-11-01（周三） 前主动公开"));
	free(p.staff);
	assert_int_equal(deadline_publication_due(*state, D("2026-12-20"), &p), CAL_UNKNOWN_YEAR);
	assert_true(p.unknown_calendar);
	free(p.staff);
	assert_int_equal(deadline_publication_due(*state, CAL_NO_DAY, &p), CAL_EINVAL);
	assert_null(p.staff);
}

/* ---- validation ----------------------------------------------------------------------------- */

struct invalid_case {
	enum apply_channel channel;
	struct deadline_event events[4];
	size_t n;
	const char *needle;
};

static void test_invalid_histories(void **state)
{
	const struct invalid_case cases[] = {
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_REPLY, "2023-10-08")},
	     2,
	     "第 2 个事件（答复，2023-10-08）：日期早于上一个事件（2023-10-09）"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_REPLY, "2023-10-08"), ev(EVENT_RECEIVE, "2023-10-09")},
	     2,
	     "第一个事件必须是“收到申请”"},
	    {CHANNEL_IN_PERSON, {ev(EVENT_RECEIVE, "2023-12-09")}, 1, "日期晚于今天（2023-11-01）"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev_party(EVENT_CONSULTATION_END, "2023-10-10", PARTY_THIRD_PARTY)},
	     2,
	     "没有对应的“征求意见开始”事件"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev_party(EVENT_CONSULTATION_START, "2023-10-10", PARTY_THIRD_PARTY),
	      ev_party(EVENT_CONSULTATION_END, "2023-10-11", PARTY_OTHER_AGENCY)},
	     3,
	     "没有对应的“征求意见开始”事件"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_CONFIRM_RECEIPT, "2023-10-09")},
	     2,
	     "无需另行确认"},
	    {CHANNEL_ONLINE, {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_REPLY, "2023-10-10")}, 2, "尚未确认收到申请"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev_days(EVENT_EXTEND, "2023-10-10", 25)},
	     2,
	     "延长的期限应为 1–20 个工作日"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_FEE_PAID, "2023-10-10")},
	     2,
	     "没有待缴的收费通知"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_CORRECTION_RECEIVED, "2023-10-10")},
	     2,
	     "没有待收的补正"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_REPLY, "2023-10-10"), ev_days(EVENT_EXTEND, "2023-10-11", 5)},
	     3,
	     "申请已答复或已撤回，其后不应再有事件"},
	    {CHANNEL_IN_PERSON,
	     {ev(EVENT_RECEIVE, "2023-10-09"), ev(EVENT_RECEIVE, "2023-10-10")},
	     2,
	     "重复登记收到申请"},
	    {CHANNEL_IN_PERSON, {{.type = EVENT_RECEIVE, .day = CAL_NO_DAY}}, 1, "日期无效"},
	    {CHANNEL_IN_PERSON, {ev(EVENT_RECEIVE, "2023-10-09")}, 0, "没有任何事件"},
	};
	for (size_t i = 0; i < N(cases); i++) {
		struct deadline_problems p = {0};
		struct deadline_result r;
		int rc =
		    deadline_compute(*state, cases[i].channel, cases[i].events, cases[i].n, D("2023-11-01"), &r, &p);
		bool found = false;
		for (size_t k = 0; k < p.n; k++)
			found = found || strstr(p.v[k].message, cases[i].needle);
		if (rc != -1 || !found)
			fail_msg("case %zu: rc=%d first problem: %s", i, rc, p.n ? p.v[0].message : "(none)");
		deadline_problems_free(&p);
		deadline_result_free(&r);
	}
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int c = 0; c < CHANNEL_COUNT; c++)
		assert_int_equal(deadline_channel_from_name(deadline_channel_name(c)), c);
	for (int t = 0; t < EVENT_TYPE_COUNT; t++)
		assert_int_equal(deadline_event_from_name(deadline_event_name(t)), t);
	assert_int_equal(deadline_event_from_name("consultation_start"), EVENT_CONSULTATION_START);
	assert_int_equal(deadline_event_from_name("nope"), -1);
	assert_int_equal(deadline_channel_from_name(NULL), -1);
	assert_string_equal(deadline_state_label(STATE_AWAITING_FEE), "待缴费");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_received_before_national_day),
	    cmocka_unit_test(test_overdue_and_reply),
	    cmocka_unit_test(test_confirmation_channels),
	    cmocka_unit_test(test_correction_restarts_over_spring_festival),
	    cmocka_unit_test(test_correction_pending_and_abandoned),
	    cmocka_unit_test(test_consultation_pauses_over_labour_day),
	    cmocka_unit_test(test_extension),
	    cmocka_unit_test(test_fee_pauses_over_new_year),
	    cmocka_unit_test(test_unknown_year_flagged),
	    cmocka_unit_test(test_withdrawn),
	    cmocka_unit_test(test_publication_due),
	    cmocka_unit_test(test_invalid_histories),
	    cmocka_unit_test(test_names_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
