/* deadline_internal.h — the engine state shared by deadline.c (the computation) and
 * deadline_steps.c (the sentences of the derivation). Not for use outside src/calendar/. */
#ifndef GONGKAI_CALENDAR_DEADLINE_INTERNAL_H
#define GONGKAI_CALENDAR_DEADLINE_INTERNAL_H

#include "calendar/deadline.h"

enum pause_kind { PAUSE_CONSULTATION, PAUSE_FEE };

/* Working days after `from` up to and including `to` do not count; to == CAL_NO_DAY: still open. */
struct pause {
	enum pause_kind kind;
	enum consultation_party party;
	int from, to;
	int limit;    /* consultation: the 15th working day; fee: the pay-by day */
	bool overrun; /* consultation still open on today but past its limit: closed at the limit */
};

/* The result of counting the clock's working days. */
struct walk {
	int due;	     /* the day the count was reached, or CAL_NO_DAY */
	bool stopped;	     /* an open pause stopped the count */
	int counted;	     /* working days counted */
	int paused_workdays; /* working days skipped because they were paused */
};

struct engine {
	const struct calendar *cal;
	enum apply_channel channel;
	int today;
	struct deadline_result *r;
	struct pause *pauses;
	size_t npauses, cappauses;
	int arrived_on; /* day of the receive event */
	int extended_on, withdrawn_on;
	int corrections_requested;
	bool awaiting_correction, correction_received, abandoned;
	int first_day, last_day; /* span of days looked at, for naming unknown years */
};

int engine_add_workdays(struct engine *e, int start, int n);
int engine_workdays_between(struct engine *e, int a, int b);

/* deadline_steps.c: one function per derivation step; each appends to e->r->steps. */
void step_arrived(struct engine *e, int day);
void step_received(struct engine *e, int day);
void step_confirmation_late(struct engine *e, int day);
void step_correction_requested(struct engine *e, const struct deadline_event *ev);
void step_correction_repeated(struct engine *e, int day);
void step_correction_late(struct engine *e, int day);
void step_correction_received(struct engine *e, int day);
void step_correction_expired(struct engine *e, int by);
void step_consultation_started(struct engine *e, const struct pause *p);
void step_consultation_ended(struct engine *e, const struct pause *p);
void step_consultation_overrun(struct engine *e, const struct pause *p, bool still_open);
void step_extended(struct engine *e, const struct deadline_event *ev);
void step_fee_notice(struct engine *e, int day);
void step_fee_paid(struct engine *e, int day);
void step_fee_expired(struct engine *e, int by);
void step_withdrawn(struct engine *e, int day);
void step_notice_late(struct engine *e, const char *code, int day, int due);
void step_paused(struct engine *e, const struct walk *w);
void step_due(struct engine *e, const struct walk *w);
void step_replied(struct engine *e);
void step_remaining(struct engine *e);
void step_calendar(struct engine *e);
/* The 主动公开 sentence of deadline_publication_due(); caller frees. */
char *publication_sentence(int formed_on, int due_on, bool unknown);

#endif
