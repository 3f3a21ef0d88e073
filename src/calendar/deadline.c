/* deadline.c — computes an application's reply deadline from its events and explains it.
 *
 * The engine reads the (validated) events once, in order, recording the receipt, the start of the
 * current 20-working-day clock, the pauses (consultations, fee) and the extension, and writing one
 * derivation step per event. Then it walks the calendar day by day from the clock start, skipping
 * paused days, until the working days run out (the deadline) or an open pause stops the clock.
 * Walking rather than adding keeps every rule visible: a paused working day is simply not counted.
 * The rules and their sources are listed in deadline.h; sentences are in deadline_steps.c. */
#include "calendar/deadline.h"
#include "calendar/deadline_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define WALK_GUARD (40 * 366) /* no clock runs for 40 years; stops a walk on absurd input */

static void add_pause(struct engine *e, struct pause p)
{
	if (e->npauses == e->cappauses) {
		e->cappauses = e->cappauses ? e->cappauses * 2 : 8;
		e->pauses = xrealloc(e->pauses, e->cappauses * sizeof *e->pauses);
	}
	e->pauses[e->npauses++] = p;
}

/* Adds working days, remembering when an unknown year was crossed. */
int engine_add_workdays(struct engine *e, int start, int n)
{
	int out = CAL_NO_DAY;
	enum cal_status st = calendar_add_workdays(e->cal, start, n, &out);
	if (st == CAL_UNKNOWN_YEAR)
		e->r->unknown_calendar = true;
	if (out != CAL_NO_DAY && out > e->last_day)
		e->last_day = out;
	return st == CAL_EINVAL ? CAL_NO_DAY : out;
}

int engine_workdays_between(struct engine *e, int a, int b)
{
	bool unknown = false;
	int n = calendar_workdays_between(e->cal, a, b, &unknown);
	if (unknown)
		e->r->unknown_calendar = true;
	return n;
}

/* ---- reading the events --------------------------------------------------------------------- */

static bool needs_confirmation(enum apply_channel c)
{
	return c == CHANNEL_ORDINARY_MAIL || c == CHANNEL_ONLINE || c == CHANNEL_FAX;
}

static void start_clock_at_receipt(struct engine *e, int day)
{
	e->r->received_on = day;
	e->r->clock_start = day;
	e->r->correction_due_on = engine_add_workdays(e, day, DEADLINE_CORRECTION_NOTICE);
	step_received(e, day);
}

static void on_receive(struct engine *e, const struct deadline_event *ev)
{
	e->arrived_on = ev->day;
	if (needs_confirmation(e->channel))
		step_arrived(e, ev->day);
	else
		start_clock_at_receipt(e, ev->day);
}

static void on_confirm(struct engine *e, const struct deadline_event *ev)
{
	if (e->channel == CHANNEL_ORDINARY_MAIL && ev->day != e->arrived_on)
		step_confirmation_late(e, ev->day);
	start_clock_at_receipt(e, ev->day);
}

static void on_request_correction(struct engine *e, const struct deadline_event *ev)
{
	e->awaiting_correction = true;
	e->r->clock_start = CAL_NO_DAY;
	e->r->correction_by = ev->workdays > 0 ? engine_add_workdays(e, ev->day, ev->workdays) : CAL_NO_DAY;
	step_correction_requested(e, ev);
	if (e->corrections_requested++ > 0)
		step_correction_repeated(e, ev->day);
	else if (e->r->correction_due_on != CAL_NO_DAY && ev->day > e->r->correction_due_on)
		step_correction_late(e, ev->day);
}

static void on_correction_received(struct engine *e, const struct deadline_event *ev)
{
	e->awaiting_correction = false;
	e->r->clock_start = ev->day;
	e->correction_received = true;
	step_correction_received(e, ev->day);
	e->r->correction_by = CAL_NO_DAY;
}

static void on_consultation_start(struct engine *e, const struct deadline_event *ev)
{
	int limit = engine_add_workdays(e, ev->day, DEADLINE_CONSULTATION_DAYS);
	add_pause(e, (struct pause){PAUSE_CONSULTATION, ev->party, ev->day, CAL_NO_DAY, limit, false});
	step_consultation_started(e, &e->pauses[e->npauses - 1]);
}

/* Closes the earliest open pause of this kind (and party); returns it, or NULL. */
static struct pause *close_pause(struct engine *e, enum pause_kind kind, enum consultation_party party, int day)
{
	for (size_t i = 0; i < e->npauses; i++) {
		struct pause *p = &e->pauses[i];
		if (p->to == CAL_NO_DAY && p->kind == kind && (kind != PAUSE_CONSULTATION || p->party == party)) {
			p->to = day;
			return p;
		}
	}
	return NULL;
}

static void on_consultation_end(struct engine *e, const struct deadline_event *ev)
{
	struct pause *p = close_pause(e, PAUSE_CONSULTATION, ev->party, ev->day);
	if (!p)
		return; /* validation rules this out */
	step_consultation_ended(e, p);
	if (p->limit != CAL_NO_DAY && p->to > p->limit) {
		p->to = p->limit;
		step_consultation_overrun(e, p, false);
	}
}

static void on_fee_notice(struct engine *e, const struct deadline_event *ev)
{
	e->r->fee_pay_by = engine_add_workdays(e, ev->day, DEADLINE_FEE_PAY_DAYS);
	add_pause(e, (struct pause){PAUSE_FEE, PARTY_THIRD_PARTY, ev->day, CAL_NO_DAY, e->r->fee_pay_by, false});
	step_fee_notice(e, ev->day);
}

static void on_fee_paid(struct engine *e, const struct deadline_event *ev)
{
	if (!close_pause(e, PAUSE_FEE, PARTY_THIRD_PARTY, ev->day))
		return;
	step_fee_paid(e, ev->day);
}

/* A reply or withdrawal ends every open pause on that day. */
static void close_all_pauses(struct engine *e, int day)
{
	for (size_t i = 0; i < e->npauses; i++)
		if (e->pauses[i].to == CAL_NO_DAY)
			e->pauses[i].to = day;
}

static void read_event(struct engine *e, const struct deadline_event *ev)
{
	switch (ev->type) {
	case EVENT_RECEIVE:
		on_receive(e, ev);
		break;
	case EVENT_CONFIRM_RECEIPT:
		on_confirm(e, ev);
		break;
	case EVENT_REQUEST_CORRECTION:
		on_request_correction(e, ev);
		break;
	case EVENT_CORRECTION_RECEIVED:
		on_correction_received(e, ev);
		break;
	case EVENT_CONSULTATION_START:
		on_consultation_start(e, ev);
		break;
	case EVENT_CONSULTATION_END:
		on_consultation_end(e, ev);
		break;
	case EVENT_EXTEND:
		e->r->extension_days = ev->workdays;
		e->extended_on = ev->day;
		step_extended(e, ev);
		break;
	case EVENT_FEE_NOTICE:
		on_fee_notice(e, ev);
		break;
	case EVENT_FEE_PAID:
		on_fee_paid(e, ev);
		break;
	case EVENT_REPLY:
		e->r->replied_on = ev->day;
		close_all_pauses(e, ev->day);
		break;
	case EVENT_WITHDRAW:
		e->withdrawn_on = ev->day;
		close_all_pauses(e, ev->day);
		step_withdrawn(e, ev->day);
		break;
	default:
		break;
	}
}

/* ---- pauses still open on today ------------------------------------------------------------- */

static bool open_pause_of(const struct engine *e, enum pause_kind kind)
{
	for (size_t i = 0; i < e->npauses; i++)
		if ((e->pauses[i].to == CAL_NO_DAY || e->pauses[i].overrun) && e->pauses[i].kind == kind)
			return true;
	return false;
}

/* Consultations past their 15 working days resume the clock; an unpaid fee past its pay-by day and
 * a correction past its 补正期限 end the application as abandoned. */
static void settle_open_pauses(struct engine *e)
{
	for (size_t i = 0; i < e->npauses; i++) {
		struct pause *p = &e->pauses[i];
		if (p->to != CAL_NO_DAY || p->limit == CAL_NO_DAY || e->today <= p->limit)
			continue;
		if (p->kind == PAUSE_CONSULTATION) {
			p->to = p->limit;
			p->overrun = true;
			step_consultation_overrun(e, p, true);
		} else {
			e->abandoned = true;
			step_fee_expired(e, p->limit);
		}
	}
	if (e->awaiting_correction && e->r->correction_by != CAL_NO_DAY && e->today > e->r->correction_by) {
		e->abandoned = true;
		step_correction_expired(e, e->r->correction_by);
	}
}

/* ---- walking the clock ---------------------------------------------------------------------- */

static bool in_closed_pause(const struct engine *e, int day)
{
	for (size_t i = 0; i < e->npauses; i++) {
		const struct pause *p = &e->pauses[i];
		if (p->to != CAL_NO_DAY && day > p->from && day <= p->to)
			return true;
	}
	return false;
}

static bool stopped_by_open_pause(const struct engine *e, int day)
{
	for (size_t i = 0; i < e->npauses; i++)
		if (e->pauses[i].to == CAL_NO_DAY && day > e->pauses[i].from)
			return true;
	return false;
}

/* Counts `total` working days after the clock start, skipping paused days. */
static void walk_clock(struct engine *e, int total, struct walk *w)
{
	*w = (struct walk){.due = CAL_NO_DAY};
	int day = e->r->clock_start;
	for (int guard = 0; guard < WALK_GUARD; guard++) {
		day++;
		if (stopped_by_open_pause(e, day)) {
			w->stopped = true;
			return;
		}
		bool known;
		bool workday = calendar_is_workday(e->cal, day, &known);
		if (!known)
			e->r->unknown_calendar = true;
		if (day > e->last_day)
			e->last_day = day;
		if (in_closed_pause(e, day)) {
			w->paused_workdays += workday;
			continue;
		}
		if (workday && ++w->counted == total) {
			w->due = day;
			return;
		}
	}
}

/* ---- the outcome ---------------------------------------------------------------------------- */

static enum deadline_state final_state(const struct engine *e)
{
	if (e->withdrawn_on != CAL_NO_DAY)
		return STATE_WITHDRAWN;
	if (e->r->replied_on != CAL_NO_DAY)
		return STATE_REPLIED;
	if (e->abandoned)
		return STATE_ABANDONED;
	if (e->r->received_on == CAL_NO_DAY)
		return STATE_AWAITING_CONFIRMATION;
	if (e->awaiting_correction)
		return STATE_AWAITING_CORRECTION;
	if (open_pause_of(e, PAUSE_FEE))
		return STATE_AWAITING_FEE;
	if (open_pause_of(e, PAUSE_CONSULTATION))
		return STATE_CONSULTING;
	return STATE_RUNNING;
}

/* Flags notices that came after the deadline they belonged to. */
static void check_late_notices(struct engine *e, const struct walk *full)
{
	if (e->extended_on != CAL_NO_DAY) {
		struct walk base;
		walk_clock(e, DEADLINE_REPLY_DAYS, &base);
		if (base.due != CAL_NO_DAY && e->extended_on > base.due)
			step_notice_late(e, "extension_late", e->extended_on, base.due);
	}
	if (full->due == CAL_NO_DAY)
		return;
	for (size_t i = 0; i < e->npauses; i++)
		if (e->pauses[i].from > full->due)
			step_notice_late(e, e->pauses[i].kind == PAUSE_FEE ? "fee_notice_late" : "consultation_late",
					 e->pauses[i].from, full->due);
}

static void finish_running(struct engine *e, const struct walk *w)
{
	struct deadline_result *r = e->r;
	if (w->stopped) {
		r->paused = true;
		r->working_days_left = DEADLINE_REPLY_DAYS + r->extension_days - w->counted;
		step_paused(e, w);
		return;
	}
	if (r->due_on == CAL_NO_DAY)
		return;
	step_due(e, w);
	if (r->replied_on != CAL_NO_DAY) {
		r->working_days_left = engine_workdays_between(e, r->replied_on, r->due_on);
		r->overdue = r->replied_on > r->due_on;
		step_replied(e);
		return;
	}
	r->working_days_left = engine_workdays_between(e, e->today, r->due_on);
	r->overdue = e->today > r->due_on;
	step_remaining(e);
}

static void compute_clock(struct engine *e)
{
	struct deadline_result *r = e->r;
	r->state = final_state(e);
	if (r->state == STATE_AWAITING_CORRECTION) {
		r->paused = true;
		r->working_days_left = DEADLINE_REPLY_DAYS + r->extension_days;
		step_paused(e, NULL);
		return;
	}
	bool clock_matters = r->state != STATE_WITHDRAWN && r->state != STATE_ABANDONED &&
			     r->state != STATE_AWAITING_CONFIRMATION && r->clock_start != CAL_NO_DAY;
	if (!clock_matters) {
		if (r->state == STATE_REPLIED)
			step_replied(e);
		return;
	}
	struct walk w;
	walk_clock(e, DEADLINE_REPLY_DAYS + r->extension_days, &w);
	r->due_on = w.due;
	check_late_notices(e, &w);
	finish_running(e, &w);
}

static void init_result(struct deadline_result *r)
{
	*r = (struct deadline_result){
	    .received_on = CAL_NO_DAY,
	    .clock_start = CAL_NO_DAY,
	    .due_on = CAL_NO_DAY,
	    .correction_due_on = CAL_NO_DAY,
	    .correction_by = CAL_NO_DAY,
	    .fee_pay_by = CAL_NO_DAY,
	    .replied_on = CAL_NO_DAY,
	};
}

int deadline_compute(const struct calendar *cal, enum apply_channel channel, const struct deadline_event *events,
		     size_t n, int today, struct deadline_result *out, struct deadline_problems *problems)
{
	init_result(out);
	if (deadline_validate(channel, events, n, today, problems) != 0)
		return -1;
	struct engine e = {
	    .cal = cal,
	    .channel = channel,
	    .today = today,
	    .r = out,
	    .arrived_on = CAL_NO_DAY,
	    .extended_on = CAL_NO_DAY,
	    .withdrawn_on = CAL_NO_DAY,
	    .first_day = events[0].day,
	    .last_day = today,
	};
	out->calendar_version = xstrdup(calendar_version(cal));
	for (size_t i = 0; i < n; i++)
		read_event(&e, &events[i]);
	settle_open_pauses(&e);
	compute_clock(&e);
	step_calendar(&e);
	free(e.pauses);
	return 0;
}

void deadline_result_free(struct deadline_result *r)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		free(r->steps[i].code);
		free(r->steps[i].staff);
		free(r->steps[i].applicant);
	}
	free(r->steps);
	free(r->calendar_version);
	init_result(r);
}

enum cal_status deadline_publication_due(const struct calendar *cal, int formed_on, struct publication_due *out)
{
	*out = (struct publication_due){.formed_on = formed_on, .due_on = CAL_NO_DAY};
	enum cal_status st = calendar_add_workdays(cal, formed_on, DEADLINE_PUBLICATION_DAYS, &out->due_on);
	if (st == CAL_EINVAL) {
		out->due_on = CAL_NO_DAY;
		return st;
	}
	out->unknown_calendar = st == CAL_UNKNOWN_YEAR;
	out->staff = publication_sentence(formed_on, out->due_on, out->unknown_calendar);
	return st;
}
