/* deadline.h — the statutory deadline engine for 依申请公开 (and the 主动公开 20-day rule).
 *
 * An application's clock is derived, never stored: from its channel and its dated events
 * (receipt, 补正, consultations, extension, fee, reply …) the engine computes the reply deadline
 * with the working-day calendar and explains every step twice — a sentence for staff naming the
 * article ("收到申请之日 2023-09-28（周四）；答复期限自次日起算 20 个工作日") and a plain sentence
 * for the applicant ("我们于 2023年9月28日收到您的申请，将在 2023年11月1日前答复您").
 *
 * Rules (条例 2019, FORMAT.md §4.1; readings marked [derived] are ours, see src/calendar/README.md):
 * - 收到申请之日 by channel (第三十一条): in person → the submission day (receive); registered mail →
 *   the signing day (receive); ordinary letter, online, fax → the confirmation day (confirm_receipt).
 * - reply due 20 working days after that day; the day itself is not counted (第三十三条).
 * - 补正 (第三十条): the notice is due within 7 working days of receipt (later notices are flagged);
 *   the clock stops and restarts, full 20 days, from the day the corrected application arrives.
 * - consultation of a third party (第三十二条) or another agency (第三十四条): the working days after
 *   the start up to and including the end do not count; each party has 15 working days. [derived]
 *   A consultation is excluded for at most those 15 working days: an open one past them resumes the
 *   clock (with a warning), because 逾期未提出意见 no longer needs time.
 * - one extension of at most 20 working days (第三十三条第二款); a second one is refused.
 * - fee (国办函〔2020〕109号 and provincial notices): paused from the fee notice until payment
 *   [derived]; the applicant must pay within 20 working days after the notice, else the application
 *   counts as abandoned.
 * - reply stops the clock; withdraw ends it.
 * Everything is pure: the caller passes "today"; nothing reads the system clock. */
#ifndef GONGKAI_CALENDAR_DEADLINE_H
#define GONGKAI_CALENDAR_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar/calendar.h"

#define DEADLINE_REPLY_DAYS	   20 /* 第三十三条 */
#define DEADLINE_EXTENSION_MAX	   20 /* 第三十三条第二款 */
#define DEADLINE_CORRECTION_NOTICE 7  /* 第三十条 */
#define DEADLINE_CONSULTATION_DAYS 15 /* 第三十二条、第三十四条 */
#define DEADLINE_FEE_PAY_DAYS	   20 /* provincial notices on 国办函〔2020〕109号 */
#define DEADLINE_PUBLICATION_DAYS  20 /* 第二十六条 */
#define DEADLINE_CORRECTION_MAX	   60 /* most working days accepted as an applicant's 补正期限 */

/* How the application was submitted (第三十一条). Names for the API in deadline_channel_name(). */
enum apply_channel {
	CHANNEL_IN_PERSON,	 /* "in_person": 当面提交 */
	CHANNEL_REGISTERED_MAIL, /* "registered_mail": 邮寄，需签收 */
	CHANNEL_ORDINARY_MAIL,	 /* "ordinary_mail": 平常信函 */
	CHANNEL_ONLINE,		 /* "online": 互联网 */
	CHANNEL_FAX,		 /* "fax": 传真 */
	CHANNEL_COUNT
};

enum deadline_event_type {
	EVENT_RECEIVE,		   /* "receive": submitted / signed for / arrived */
	EVENT_CONFIRM_RECEIPT,	   /* "confirm_receipt": confirmed with the applicant (mail, online, fax) */
	EVENT_REQUEST_CORRECTION,  /* "request_correction": 补正告知 sent */
	EVENT_CORRECTION_RECEIVED, /* "correction_received": corrected application arrived */
	EVENT_CONSULTATION_START,  /* "consultation_start": 征求意见书 sent */
	EVENT_CONSULTATION_END,	   /* "consultation_end": opinion received (or consultation closed) */
	EVENT_EXTEND,		   /* "extend": 延长答复期限 notified */
	EVENT_FEE_NOTICE,	   /* "fee_notice": 收费通知 sent */
	EVENT_FEE_PAID,		   /* "fee_paid" */
	EVENT_REPLY,		   /* "reply": 答复 made */
	EVENT_WITHDRAW,		   /* "withdraw": the applicant withdrew */
	EVENT_TYPE_COUNT
};

/* Whom a consultation asks. */
enum consultation_party {
	PARTY_THIRD_PARTY,  /* "third_party": 第三方 (第三十二条) */
	PARTY_OTHER_AGENCY, /* "other_agency": 其他行政机关 (第三十四条) */
};

struct deadline_event {
	enum deadline_event_type type;
	int day; /* day number (calendar.h) */
	/* EVENT_EXTEND: working days added, 1–20. EVENT_REQUEST_CORRECTION: the 补正期限 granted to the
	 * applicant in working days, 0 when none was recorded. Ignored otherwise. */
	int workdays;
	enum consultation_party party; /* EVENT_CONSULTATION_START / _END */
};

/* Where the application stands on "today". */
enum deadline_state {
	STATE_AWAITING_CONFIRMATION, /* arrived, receipt not yet confirmed: no clock yet */
	STATE_RUNNING,
	STATE_AWAITING_CORRECTION, /* 补正 requested, not received: clock stopped, restarts in full */
	STATE_CONSULTING,	   /* a consultation is open */
	STATE_AWAITING_FEE,	   /* fee notice sent, not paid */
	STATE_REPLIED,
	STATE_WITHDRAWN,
	STATE_ABANDONED, /* 逾期未补正 or 逾期未缴费: 视为放弃申请 (表三（六）) */
};

/* One line of the derivation. */
struct deadline_step {
	char *code;	 /* machine code, e.g. "received", "due", "extension_late" (src/calendar/README.md) */
	int day;	 /* the day the step is about, or CAL_NO_DAY */
	bool warning;	 /* staff must look at it (late notice, overdue, unknown calendar …) */
	char *staff;	 /* Chinese sentence for staff, naming the article */
	char *applicant; /* plain Chinese sentence for the applicant, or NULL when not for them */
};

/* The computed clock. Days are CAL_NO_DAY when not applicable. */
struct deadline_result {
	enum deadline_state state;
	int received_on; /* 收到申请之日 */
	int clock_start; /* the day the current 20 working days count from (receipt or correction) */
	int due_on;	 /* reply deadline; CAL_NO_DAY while the clock is stopped with no end in sight */
	/* Running: working days after today up to and including due_on (0 = today is the last day,
	 * negative = overdue by that many). Paused: working days that remain once the clock resumes.
	 * Replied: working days from the reply day to due_on (negative = replied late). */
	int working_days_left;
	bool paused;	       /* the clock is stopped on today (correction, consultation or fee) */
	bool overdue;	       /* not replied and past due_on, or replied after due_on */
	bool unknown_calendar; /* some day counted lies in a year whose holiday schedule is not loaded */
	int correction_due_on; /* last day for a 补正 notice: receipt + 7 working days */
	int correction_by;     /* last day for the applicant's correction, when a 补正期限 was recorded */
	int fee_pay_by;	       /* last day for paying the fee, when a fee notice was sent */
	int extension_days;    /* 0 when not extended */
	int replied_on;
	char *calendar_version; /* calendar_version() at computation time */
	struct deadline_step *steps;
	size_t nsteps, capsteps;
};

/* A reason the event list cannot be computed. */
struct deadline_problem {
	size_t event; /* index into the events array, or (size_t)-1 for the list as a whole */
	char *message; /* Chinese, names the event: "第 3 个事件（延长答复期限）：答复期限只能延长一次…" */
};

struct deadline_problems {
	struct deadline_problem *v;
	size_t n, cap;
};

/* Checks the event list: dates valid, in order and not after today, receipt first and once, the
 * confirmation where the channel needs it, no event after reply/withdraw, no second extension,
 * extension 1–20 days, consultation_end / correction_received / fee_paid only after their start.
 * Appends one problem per fault to out (which the caller frees with deadline_problems_free) and
 * returns the number appended (0 = valid). */
size_t deadline_validate(enum apply_channel channel, const struct deadline_event *events, size_t n, int today,
			 struct deadline_problems *out);

/* Validates, then computes the clock on "today" into *out (zeroed first; free it with
 * deadline_result_free even on failure). Returns 0, or -1 when the events are invalid (problems
 * appended to *problems, out holds no steps). */
int deadline_compute(const struct calendar *cal, enum apply_channel channel, const struct deadline_event *events,
		     size_t n, int today, struct deadline_result *out, struct deadline_problems *problems);

void deadline_result_free(struct deadline_result *r);
void deadline_problems_free(struct deadline_problems *p);

/* 主动公开 (第二十六条): the publication deadline of one information item. */
struct publication_due {
	int formed_on;
	int due_on;
	bool unknown_calendar;
	char *staff; /* "信息形成或者变更之日 …；应于 … 前主动公开（…第二十六条）"; caller frees */
};

/* Publish within 20 working days after the day the information was formed or changed. Fills *out
 * (the caller frees out->staff, also set on CAL_UNKNOWN_YEAR; NULL on CAL_EINVAL) and returns
 * CAL_OK, CAL_UNKNOWN_YEAR (computed, but a year without schedule was crossed) or CAL_EINVAL. */
enum cal_status deadline_publication_due(const struct calendar *cal, int formed_on, struct publication_due *out);

/* Names used by the API and the database, and their parsers (-1 when unknown). */
const char *deadline_channel_name(enum apply_channel c);
const char *deadline_channel_label(enum apply_channel c); /* "当面提交" … */
int deadline_channel_from_name(const char *name);
const char *deadline_event_name(enum deadline_event_type t);
const char *deadline_event_label(enum deadline_event_type t); /* "收到申请" … */
int deadline_event_from_name(const char *name);
const char *deadline_state_name(enum deadline_state s);	 /* "running", "awaiting_correction" … */
const char *deadline_state_label(enum deadline_state s); /* "办理中" … */

#endif
