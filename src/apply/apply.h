/* apply.h — 依申请公开: the domain of disclosure applications (条例 第二十七–四十五条).
 *
 * An application is submitted online by the applicant or entered by staff (in person, letter, fax,
 * oral 代为填写). It gets a tracking number and a secret query code (shown once; only a hash is
 * stored). Its handling is a timeline of dated events; the statutory clock is never stored but
 * derived from the events by the deadline engine (calendar/deadline.h), which also validates their
 * order. The concluding event carries the outcome: exactly one outcome row of the annual report's
 * table 三 (report/report.h row keys such as "partial", "unable_no_info"), with its legal basis.
 *
 * Layering: functions that change data take the store and open their own short write transaction
 * (commit before the caller answers, so an acknowledged application survives a crash — the store
 * makes each batch durable before its jobs return, storage/store_sync.c); every change is audited in
 * the same transaction. Read functions take a reader (struct db *). Dates are day numbers (calendar.h); `today` and
 * `now` are passed in.
 *
 * Results: enum apply_status below; field errors (422) name each field in Chinese; refusals (409)
 * carry one Chinese reason. */
#ifndef GONGKAI_APPLY_APPLY_H
#define GONGKAI_APPLY_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "calendar/deadline.h"
#include "domain/actor.h"
#include "files/files.h"
#include "storage/db.h"

/* ---- vocabularies ---------------------------------------------------------------------------- */

/* Applicant types: exactly the columns of table 三, in the same order as enum app_col. */
enum applicant_type {
	APPLICANT_NATURAL_PERSON, /* "natural_person": 自然人 */
	APPLICANT_COMMERCIAL,	  /* "commercial": 商业企业 */
	APPLICANT_RESEARCH,	  /* "research": 科研机构 */
	APPLICANT_SOCIAL_WELFARE, /* "social_welfare": 社会公益组织 */
	APPLICANT_LEGAL_SERVICE,  /* "legal_service": 法律服务机构 */
	APPLICANT_OTHER,	  /* "other": 其他 */
	APPLICANT_TYPE_COUNT
};

/* How an application came in. Mapped onto the deadline engine's channels by apply_channel_clock(). */
enum apply_intake {
	INTAKE_ONLINE,		/* "online": 网上申请 — receipt date = confirmation day */
	INTAKE_IN_PERSON,	/* "in_person": 当面提交 — receipt date = submission day */
	INTAKE_MAIL,		/* "mail": 平常信函 — receipt date = confirmation day */
	INTAKE_REGISTERED_MAIL, /* "registered_mail": 挂号信/快递 — receipt date = signing day */
	INTAKE_FAX,		/* "fax": 传真 — receipt date = confirmation day */
	INTAKE_ORAL,		/* "oral": 口头提出，代为填写 — receipt date = the day it was made */
	INTAKE_COUNT
};

/* Names (API/database) and Chinese labels; NULL when out of range. The parsers return -1 when unknown. */
const char *apply_applicant_type_name(int type);
const char *apply_applicant_type_label(int type);
int apply_applicant_type_from_name(const char *name);
const char *apply_intake_name(int intake);
const char *apply_intake_label(int intake);
int apply_intake_from_name(const char *name);
/* The 第三十一条 channel that decides the receipt date of an intake channel. */
enum apply_channel apply_channel_clock(enum apply_intake intake);

/* Identity documents: "resident_id" 居民身份证 (ISO 7064 checksum), "uscc" 统一社会信用代码 (GB 32100),
 * "passport" 护照, "other" 其他证件. */
const char *apply_id_type_label(const char *name);
/* 获取信息的形式 ("paper" 纸质, "electronic" 电子) and 方式 ("post" 邮寄, "email" 电子邮件, "pickup"
 * 当面领取, "online" 网上查阅). Labels are NULL when the name is unknown. */
const char *apply_form_label(const char *name);
const char *apply_delivery_label(const char *name);

/* Event types of the timeline: the deadline engine's (deadline_event_from_name) plus "deliver". */
#define APPLY_EVENT_DELIVER "deliver"
/* Chinese label of an event type name ("补正告知" …), NULL when unknown. */
const char *apply_event_label(const char *type);

/* ---- outcomes (table 三 rows) ---------------------------------------------------------------- */

/* True when key names an outcome row of the 2021 table 三 (予以公开 … 其他处理 3). */
bool apply_outcome_valid(const char *key);
/* The report's label of an outcome ("（二）部分公开"), NULL when not an outcome key. */
const char *apply_outcome_label(const char *key);
/* The default legal basis of an outcome, citing 条/款/项 of the 条例 (FORMAT.md §6.2), NULL when unknown. */
const char *apply_outcome_basis(const char *key);
/* The 处理决定 sentence of the 答复书 for the outcome (static Chinese text), NULL when unknown. */
const char *apply_outcome_decision(const char *key);

/* ---- results and errors ---------------------------------------------------------------------- */

enum apply_status {
	APPLY_OK = 0,
	APPLY_INVALID,	    /* fields invalid: see struct apply_errors (HTTP 422) */
	APPLY_REFUSED,	    /* the transition is not allowed now: reason given (HTTP 409) */
	APPLY_RATE_LIMITED, /* too many submissions from this address (HTTP 429) */
	APPLY_NOT_FOUND,    /* no such application, or wrong query code (HTTP 404) */
	APPLY_FORBIDDEN,    /* not this agency's handler (HTTP 403) */
	APPLY_ERROR,	    /* database error or failed commit: nothing saved (HTTP 503) */
};

#define APPLY_MAX_ERRORS 24
#define APPLY_MSG_SIZE	 256

struct apply_field_error {
	const char *field;	      /* API field name, e.g. "id_number" */
	char message[APPLY_MSG_SIZE]; /* Chinese, names the field: "身份证号码校验位不正确…" */
};

struct apply_errors {
	struct apply_field_error v[APPLY_MAX_ERRORS];
	size_t n;
	char reason[APPLY_MSG_SIZE * 2]; /* APPLY_REFUSED / APPLY_RATE_LIMITED / APPLY_ERROR: one sentence */
};

/* Adds a field error (ignored beyond APPLY_MAX_ERRORS). */
void apply_error_add(struct apply_errors *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The message for a field, or NULL (for forms that show errors beside each field). */
const char *apply_error_for(const struct apply_errors *e, const char *field);

/* True when the actor is a handler (or leader) of this agency: the people who see personal data in
 * full and record events. */
bool apply_actor_handles(const struct actor *actor, int64_t agency_id);

/* ---- intake ----------------------------------------------------------------------------------- */

/* A submission as received (text fields, not owned; NULL = absent). */
struct apply_input {
	int64_t agency_id;
	const char *applicant_type, *name, *id_type, *id_number, *phone, *email, *address;
	const char *description, *doc_no, *form, *delivery, *channel;
	const char *received_on;     /* staff intake only: "YYYY-MM-DD", not in the future */
	const char *idempotency_key; /* optional, 8–64 characters [A-Za-z0-9_-] */
	/* files sent with an online application: checked by content (attach_check_upload) and already in
	 * the content store (attach_store_put); recorded in the application's transaction. At most
	 * APPLY_FILES_MAX. Not part of the idempotency fingerprint. */
	const struct attach_upload *files;
	size_t nfiles;
};

#define APPLY_TRACKING_SIZE 32
#define APPLY_CODE_LEN	    12

struct apply_created {
	int64_t id;
	char tracking_no[APPLY_TRACKING_SIZE];
	char query_code[APPLY_CODE_LEN + 1]; /* give it to the applicant once; it is not stored */
	bool replayed;	 /* the idempotency key was seen before: this is the first submission's result */
	char status[32]; /* deadline_state_name of the new application */
};

/* Checks every field; appends one error per bad field to errs and returns how many. Public
 * submissions (staff == false) must use channel "online" (or none) and may not give received_on;
 * staff intake needs a non-online channel and received_on (not after today). */
size_t apply_validate(const struct apply_input *in, bool staff, int today, struct apply_errors *errs);

/* Rate limit of public submissions per address, read by apply_submit from the settings table
 * (apply_rate_limit, apply_rate_window_seconds); defaults APPLY_RATE_DEFAULT per
 * APPLY_RATE_WINDOW_DEFAULT seconds. */
#define APPLY_RATE_DEFAULT	  120
#define APPLY_RATE_WINDOW_DEFAULT 600

/* Records a new application. A public actor (user_id 0) submits online; a handler of in->agency_id
 * records a staff intake. Validates (APPLY_INVALID), applies the rate limit to public submissions
 * (APPLY_RATE_LIMITED), returns the earlier result when the idempotency key was already used
 * (replayed = true, same tracking number and query code), else inserts the application with its
 * "receive" event, audits it and commits before returning APPLY_OK. */
enum apply_status apply_submit(struct store *store, const struct apply_input *in, const struct actor *actor, int today,
			       int64_t now, struct apply_created *out, struct apply_errors *errs);

/* ---- records ----------------------------------------------------------------------------------- */

struct application {
	int64_t id, agency_id, handler_id, entered_by, created_at;
	char tracking_no[APPLY_TRACKING_SIZE];
	int applicant_type; /* enum applicant_type */
	int intake;	    /* enum apply_intake */
	char name[192];
	char id_type[16];
	char id_number[64];
	char phone[48];
	char email[128];
	char address[384];
	char description[4096];
	char doc_no[192];
	char form[16];
	char delivery[16];
	int submitted_on;
	char outcome[40]; /* "" while open */
	char legal_basis[512];
	int concluded_on, delivered_on; /* CAL_NO_DAY when not yet */
};

struct apply_event {
	int seq;
	char type[24];
	int day;
	int workdays;
	char party[16];
	char outcome[40];
	char legal_basis[512];
	int64_t fee_yuan;
	char note[512];
	int64_t user_id;
	int64_t created_at;
};

/* Fetches an application by tracking number. Returns 1 found, 0 not found, -1 error. */
int apply_get(struct db *db, const char *tracking_no, struct application *out);

/* Fetches it for the applicant: 1 when the tracking number exists and code is its query code
 * (constant-time comparison), 0 otherwise (no hint which of the two was wrong), -1 error. */
int apply_get_public(struct db *db, const char *tracking_no, const char *code, struct application *out);

/* The events of an application in order. *out is malloc'd (free(); NULL when *n == 0). 0 or -1. */
int apply_events(struct db *db, int64_t application_id, struct apply_event **out, size_t *n);

/* Masks personal data for lists: ID "110***********123X" (first 3, last 4), phone "138****5678",
 * address: the first 6 characters then "****". Always NUL-terminated; UTF-8 safe. */
void apply_mask_id(const char *id, char *out, size_t size);
void apply_mask_phone(const char *phone, char *out, size_t size);
void apply_mask_address(const char *address, char *out, size_t size);
/* E-mail: the first character of the name, "***", the domain: "z***@example.cn". */
void apply_mask_email(const char *email, char *out, size_t size);

/* The personal fields of an application (struct application) that masked views hide, with the
 * masker of each — the one list: apply_mask and every masked view follow it. The applicant's name
 * is not in it: handlers of other agencies and the masked record show it to identify the case. */
struct apply_personal_field {
	const char *name;
	size_t offset, size; /* of the char array in struct application */
	void (*mask)(const char *value, char *out, size_t size);
};
extern const struct apply_personal_field apply_personal_fields[];
extern const size_t apply_personal_field_count;

/* Masks every field of apply_personal_fields in place. */
void apply_mask(struct application *a);

/* The full record for a handler of its agency: every such view is audited
 * ("application.view_personal"). APPLY_OK, APPLY_NOT_FOUND, APPLY_FORBIDDEN or APPLY_ERROR. */
enum apply_status apply_reveal(struct store *store, const char *tracking_no, const struct actor *actor, int64_t now,
			       struct application *out);

/* ---- what other features read (apply_year.c) ----------------------------------------------------- */

/* An application as the annual report of a year counts it. */
struct apply_year_row {
	int64_t id;
	char tracking_no[APPLY_TRACKING_SIZE];
	char applicant_type[32];
	int received_on;  /* day number of 收到申请 (submitted_on) */
	int concluded_on; /* day number, CAL_NO_DAY while open */
	char outcome[40]; /* "" while open */
};

/* The agency's applications that the report of year counts: received by 31 December and not concluded
 * before 1 January, by receipt date then id. *out malloc'd (free()), NULL when *n == 0. Returns 0 or
 * -1. */
int apply_year_rows(struct db *db, int64_t agency_id, int year, struct apply_year_row **out, size_t *n);

/* The 信息处理费 the agency collected in year (fees paid, at the notified amount), in yuan. Returns 0
 * or -1. */
int apply_year_fees(struct db *db, int64_t agency_id, int year, int64_t *yuan);

/* 1 when the agency received an application before iso_day ("YYYY-MM-DD"), 0 if not, -1 on error. */
int apply_received_before(struct db *db, int64_t agency_id, const char *iso_day);

/* The agency and the tracking number of an application (either output may be NULL). Returns 1, 0 (no
 * such application) or -1. */
int apply_agency_and_number(struct db *db, int64_t application_id, int64_t *agency_id,
			    char tracking_no[APPLY_TRACKING_SIZE]);

/* ---- handling ------------------------------------------------------------------------------------ */

/* One event to record (text fields as received; NULL = absent). */
struct apply_event_input {
	const char *type, *date;	   /* required: an event type name, "YYYY-MM-DD" */
	const char *outcome, *legal_basis; /* reply: outcome row key (required) and basis (default per outcome) */
	const char *party;		   /* consultation_start/end: "third_party" (default) or "other_agency" */
	int workdays; /* extend: 1–20; request_correction: 补正期限 granted (0 = not recorded) */
	/* fee_notice: the method, "item" (按件) or "page" (按量) — one of them, never both — and its
	 * quantity: fee_items (按件, items of this application, 0 = 1) or fee_pages (按量, required). The
	 * amount is computed (apply_fee_quote); fee_yuan, when given (≠ 0), must equal it. fee_paid: the
	 * amount of the notice is recorded as paid; fee_yuan, when given, must equal it. */
	const char *fee_method;
	int fee_items, fee_pages;
	int64_t fee_yuan;
	const char *note;     /* request_correction: what to correct (required); extend: the reason */
	const char *approver; /* extend: the 工作机构负责人 who approved it (required, 第三十三条第二款) */
	const char *correction_text;	   /* correction_received sent online: the applicant's text (kept in full) */
	const struct attach_upload *files; /* correction_received sent online: its files (as apply_input) */
	size_t nfiles;
};

/* Records an event: checks the fields (APPLY_INVALID), that the actor handles the agency
 * (APPLY_FORBIDDEN), then the whole timeline with the new event through deadline_validate plus the
 * rules of this module (deliver only after a reply; an abandoned application — 逾期未补正 / 逾期未缴费 —
 * can only be concluded with other_no_correction / other_no_fee; those two outcomes only then;
 * withdraw concludes with other_other): a violation is APPLY_REFUSED with the reason. On success the
 * event is stored, the application's outcome/conclusion updated, audited, committed. */
enum apply_status apply_add_event(struct store *store, const struct calendar *cal, const char *tracking_no,
				  const struct actor *actor, const struct apply_event_input *in, int today, int64_t now,
				  struct apply_errors *errs);

/* Assigns the application to a handler (a user of the same agency with the handler role), or
 * unassigns it (handler_user_id 0). Audited. */
enum apply_status apply_assign(struct store *store, const char *tracking_no, const struct actor *actor,
			       int64_t handler_user_id, int64_t now, struct apply_errors *errs);

/* Computes the clock of an application on today (see deadline_compute). out must be freed with
 * deadline_result_free. Returns 0, or -1 when the stored events cannot be computed (problems then
 * describe why; the caller frees them with deadline_problems_free). */
int apply_deadline(const struct calendar *cal, const struct application *a, const struct apply_event *events, size_t n,
		   int today, struct deadline_result *out, struct deadline_problems *problems);

/* ---- notices to the applicant: 补正告知, 延长答复期限告知 (apply_notice.c) ---------------------- */

/* A notice generated when a request_correction or extend event was recorded. */
struct apply_notice {
	int event_seq;
	int day;	   /* date of the event */
	char kind[20];	   /* "correction" | "extension" | "correction_reply" (the applicant's own text) */
	char approver[96]; /* extension: the 工作机构负责人 who approved it */
	int due_on;	   /* correction: last day of the 补正期限; extension: the new reply deadline */
	char note[512];	   /* correction: what to correct; extension: the reason */
	char *body;	   /* the notice's text as given to the applicant (malloc'd) */
};

/* The notices of an application in order. Free with apply_notices_free. Returns 0 or -1. */
int apply_notices(struct db *db, int64_t application_id, struct apply_notice **out, size_t *n);
void apply_notices_free(struct apply_notice *v, size_t n);

/* The 补正告知 the applicant has still to answer (the last correction notice while the clock r is
 * awaiting correction), or NULL. */
const struct apply_notice *apply_pending_correction(const struct apply_notice *v, size_t n,
						    const struct deadline_result *r);

/* Trims spaces (ASCII and 全角) around a tracking number or query code and upper-cases it, as the
 * applicant may type it: "  ys2026-1-00001 " → "YS2026-1-00001". Always NUL-terminates out. */
void apply_normalize_key(const char *in, char *out, size_t size);

#define APPLY_CORRECTION_TEXT_MAX 4000 /* bytes of an online 补正 */

/* The applicant's 补正 sent online (第三十条): with the tracking number and query code (normalised as
 * above), records correction_received dated today (the day it arrives) with the text kept in full.
 * APPLY_NOT_FOUND (wrong number or code), APPLY_INVALID (text empty or longer than
 * APPLY_CORRECTION_TEXT_MAX: error on "text"), APPLY_REFUSED when no correction is pending (reason
 * set), APPLY_OK or APPLY_ERROR. */
enum apply_status apply_correction_online(struct store *store, const struct calendar *cal, const char *tracking_no,
					  const char *code, const char *text, const struct attach_upload *files,
					  size_t nfiles, const char *ip, int today, int64_t now,
					  struct apply_errors *errs);

/* ---- reminders to staff before due dates (apply_remind.c, migration 027) ---- */

/* Queues an e-mail (notify outbox, kind "reminder") to the assigned handler of every open application
 * whose clock runs and whose reply deadline is at most `days` working days after today (not overdue,
 * not paused), once per application and due date; handlers without an e-mail address (users.email)
 * or disabled get none. days <= 0: nothing. Each reminder is its own short store_write. Returns how
 * many were queued, or -1 when a read or a write failed. */
int apply_remind_due(struct store *store, const struct calendar *cal, int days, int today, int64_t now);

/* The state of the server's reminder pass (owned by the caller, e.g. `gongkai serve`). */
struct calendar_cache;
struct apply_reminders {
	struct store *store;
	struct calendar_cache *calendars; /* the server's shared working-day calendar */
	int days;			  /* config reminder_days; 0 = no reminders */
	int64_t last_run;		  /* time of the last pass; 0 = never */
};

/* A notify_tick_fn (notify.h) for the sender thread: runs apply_remind_due for today (China time) at
 * the first call and then at most every ten minutes. ctx: struct apply_reminders. */
int apply_remind_tick(void *ctx, int64_t now);

/* ---- the applicant's files (apply_files.c, table application_file) ---- */

#define APPLY_FILES_MAX 5 /* files with one application or one online 补正 */

struct apply_file {
	int64_t id, application_id, agency_id; /* agency_id: the application's */
	int event_seq;			       /* 0: sent with the application; else its correction_received */
	enum attach_kind kind;
	char name[ATTACH_NAME_MAX + 1];
	int64_t size;
	char sha256[ATTACH_SHA256_HEX + 1];
	int64_t created_at;
};

/* The files of an application in the order they arrived. *out malloc'd (free()), NULL when *n == 0.
 * Personal data: show them to the handlers of the agency only (apply_actor_handles). 0 or -1. */
int apply_files(struct db *db, int64_t application_id, struct apply_file **out, size_t *n);
/* One file by id. Returns 1, 0 (none) or -1. */
int apply_file_get(struct db *db, int64_t id, struct apply_file *out);

/* A handler's download of an applicant's file: reads its record for a handler or leader of the
 * application's agency and audits the download ("application.file_download") in the same write, so
 * no file is served whose download was not recorded. APPLY_OK (*out filled), APPLY_NOT_FOUND (no such
 * file, or another agency's — indistinguishable to the caller) or APPLY_ERROR (the commit failed). */
enum apply_status apply_file_open(struct store *store, int64_t id, const struct actor *actor, int64_t now,
				  struct apply_file *out);

/* Re-sends a query code to the e-mail address the applicant gave: when the (normalised) tracking
 * number exists and email matches its address (trimmed, case-insensitive), a new code replaces the
 * old one (only its hash is stored, the old code stops working) and is queued by e-mail; audited.
 * APPLY_OK, APPLY_NOT_FOUND (no such number, no address, or another address — the caller shows the
 * same message for both, so it reveals nothing) or APPLY_ERROR. */
enum apply_status apply_code_resend(struct store *store, const char *tracking_no, const char *email, const char *ip,
				    int64_t now);

/* The attachment renderer of the notify outbox (notify_attachment_fn): kind "letter" is the 答复书 of
 * the application as PDF, named 答复书-NO.pdf. Returns 0 or -1. */
int apply_notify_attachment(struct db *reader, int64_t application_id, const char *kind, unsigned char **data,
			    size_t *len, char *name, size_t size);

/* The text of a notice: kind "correction" (ev->note = what to correct, due_on = 补正期限) or
 * "extension" (ev->workdays, ev->note = reason, due_on = new deadline). Caller frees. */
char *apply_notice_text(const char *kind, const char *agency, const struct application *a, int received_on,
			const struct apply_event *ev, int due_on);

/* ---- 依申请公开转主动公开 (条例第四十四条, apply_publication.c) ------------------------------------ */

struct apply_publication {
	int64_t application_id, item_id; /* item_id 0 until an editor made the draft */
	char tracking_no[APPLY_TRACKING_SIZE];
	char description[4096];
	char reason[512];
	int concluded_on;
	int64_t proposed_at;
};

/* The handler proposes the information released by a concluded application (予以公开 / 部分公开) for
 * 主动公开, once. APPLY_OK, APPLY_INVALID (reason too long), APPLY_REFUSED (not released, or already
 * proposed), APPLY_FORBIDDEN, APPLY_NOT_FOUND, APPLY_ERROR. Audited. */
enum apply_status apply_propose_publication(struct store *store, const char *tracking_no, const struct actor *actor,
					    const char *reason, int64_t now, struct apply_errors *errs);
/* The proposals of an agency, open ones first (oldest first). *out malloc'd (free()). 0 or -1. */
int apply_publications(struct db *db, int64_t agency_id, struct apply_publication **out, size_t *n);
/* Records the draft item made from a proposal (w: in the transaction that created the item). 0, 1
 * when there is no open proposal for the application, -1 on a database error. */
int apply_publication_link(struct db *w, int64_t application_id, int64_t item_id);
/* Applications that led to an information item (agency_id 0: all agencies). 0 or -1. */
int apply_publication_count(struct db *db, int64_t agency_id, int64_t *count);

/* ---- 信息处理费 (国办函〔2020〕109号; arithmetic in fees/fees.h, readings in docs/fees.md) ---------- */

#define APPLY_FEE_MAX_ITEMS	   100 /* items of one application after 一事一申请 splitting */
#define APPLY_FEE_EXPLANATION_SIZE 2048

/* One 收费通知 with its computation and payment. */
struct apply_fee {
	int event_seq;	  /* seq of the fee_notice event (0 for a quote not yet recorded) */
	char method[8];	  /* "item" 按件 | "page" 按量 */
	int quantity;	  /* items of this application (按件) or pages (按量) */
	int items_before; /* 按件: the applicant's earlier applications to this agency this natural month */
	int64_t yuan;
	char explanation[APPLY_FEE_EXPLANATION_SIZE]; /* band by band, lines separated by '\n' (fees.h) */
	int notice_on;				      /* date of the notice (CAL_NO_DAY for a quote) */
	int paid_on;				      /* date of payment, CAL_NO_DAY while unpaid */
};

/* How many applications the same applicant (same identity document) filed with the same agency
 * earlier in the natural month of this one (by submitted_on, ties by id): the 按件 count "同一申请人
 * 一个自然月内累计申请" before this application. Returns 0 (*count set) or -1. */
int apply_items_before(struct db *db, int64_t application_id, int *count);

/* Computes the fee of a notice for the application: method "item" (items 1–APPLY_FEE_MAX_ITEMS, 0 =
 * 1; pages must be 0) or "page" (pages 1–1000000; items must be 0). Fills *out except event_seq,
 * notice_on, paid_on. APPLY_OK, APPLY_INVALID (errors on fee_method, fee_items, fee_pages),
 * APPLY_NOT_FOUND or APPLY_ERROR. A fee of 0 元 is APPLY_OK with yuan == 0 (the caller decides). */
enum apply_status apply_fee_quote(struct db *db, int64_t application_id, const char *method, int items, int pages,
				  struct apply_fee *out, struct apply_errors *errs);

/* The fee notices of an application in order, each with its payment. *out malloc'd (free(); NULL
 * when *n == 0). Returns 0 or -1. */
int apply_fees(struct db *db, int64_t application_id, struct apply_fee **out, size_t *n);

/* 信息处理费 collected by the agency in the year: the sum of the fee_paid amounts dated in that year
 * (section 六 of the annual report, in 元). Returns 0 (*yuan set) or -1. */
int apply_fees_collected(struct db *db, int64_t agency_id, int year, int64_t *yuan);

/* ---- repeat detection (不予处理 2. 重复申请, 第三十六条（六）) ----------------------------------- */

struct apply_repeat {
	char tracking_no[APPLY_TRACKING_SIZE];
	int submitted_on;
	int similarity;	  /* percent, 100 = same information */
	char outcome[40]; /* "" while the earlier one is open */
};

/* Earlier applications to the same agency by the same applicant (same identity document) for the
 * same information: the same 文号, or descriptions at least APPLY_REPEAT_THRESHOLD percent alike
 * (character bigrams, ignoring spaces and punctuation). Newest first. *out malloc'd (free()). 0 or -1. */
#define APPLY_REPEAT_THRESHOLD 80
int apply_repeat_candidates(struct db *db, const struct application *a, struct apply_repeat **out, size_t *n);

/* Similarity in percent of two descriptions (0–100), as used above. */
int apply_text_similarity(const char *a, const char *b);

/* ---- supervision (督办) ------------------------------------------------------------------------- */

enum apply_filter {
	APPLY_FILTER_OPEN,	  /* every application not concluded */
	APPLY_FILTER_DUE_SOON,	  /* running, due within APPLY_DUE_SOON_DAYS working days, not overdue */
	APPLY_FILTER_OVERDUE,	  /* running (not paused) and past the due date */
	APPLY_FILTER_PAUSED,	  /* clock stopped: correction, consultation, fee (paused is not overdue) */
	APPLY_FILTER_UNCONFIRMED, /* online/mail/fax awaiting the receipt confirmation */
	APPLY_FILTER_CONCLUDED,	  /* replied or withdrawn */
	APPLY_FILTER_ALL,
};
#define APPLY_DUE_SOON_DAYS 5

/* Name ("due_soon" …) / Chinese label of a filter; parser returns -1 when unknown. */
const char *apply_filter_name(enum apply_filter f);
const char *apply_filter_label(enum apply_filter f);
int apply_filter_from_name(const char *name);

/* A row of a supervision list (personal data already masked). */
struct apply_summary {
	int64_t id, handler_id;
	int64_t agency_id;
	char tracking_no[APPLY_TRACKING_SIZE];
	char name[192];
	char phone_masked[48];
	int applicant_type, intake;
	int submitted_on;
	enum deadline_state state;
	int received_on, due_on, working_days_left;
	bool paused, overdue, unknown_calendar;
	char outcome[40];
};

/* Lists the applications of an agency matching the filter on today, oldest first, the clock
 * recomputed for each with cal. handler_id 0: every application; else that handler's own plus —
 * for the open ones — the unassigned ones (a task for every handler until it is assigned).
 * *out malloc'd (free()). 0 or -1. */
int apply_list(struct db *db, const struct calendar *cal, int64_t agency_id, int64_t handler_id,
	       enum apply_filter filter, int today, struct apply_summary **out, size_t *n);

/* Sorts rows by urgency (apply_urgency.c): overdue first, the most overdue first; then running (or
 * awaiting confirmation) by the fewest working days left; then paused; then concluded. */
void apply_sort_urgency(struct apply_summary *rows, size_t n);

/* Counts for the workbench (the same rows as apply_list with APPLY_FILTER_OPEN and handler_id). */
struct apply_counts {
	size_t open, due_soon, overdue, paused, unconfirmed;
};
int apply_counts(struct db *db, const struct calendar *cal, int64_t agency_id, int64_t handler_id, int today,
		 struct apply_counts *out);
/* The same counts from rows apply_list returned with APPLY_FILTER_OPEN (a page that lists the open
 * applications counts them without reading them twice). */
void apply_counts_of(const struct apply_summary *rows, size_t n, struct apply_counts *out);

/* ---- reply letters (答复书) --------------------------------------------------------------------- */

/* Everything the letter cites. */
struct apply_letter_context {
	const struct application *app;
	const char *agency_name;	  /* 答复主体 */
	const char *doc_no;		  /* 文号, e.g. "钟政信复〔2026〕3号" ("" = leave a blank to fill) */
	int received_on;		  /* 收到申请之日 */
	int reply_on;			  /* 答复日期 */
	const char *outcome;		  /* row key */
	const char *legal_basis;	  /* cites 条/款/项 */
	const char *reconsideration_body; /* 复议机关 ("" = generic wording) */
};

/* Writes the 答复书 as plain text with every required element (标题, 文号, 申请人, 申请事实, 法律依据,
 * 处理决定, 复议诉讼的权利和期限, 答复主体, 答复日期). Returns a malloc'd string (caller frees). */
char *apply_letter_draft(const struct apply_letter_context *ctx);

struct apply_letter {
	char doc_no[128];
	char *body;	   /* malloc'd */
	int64_t issued_at; /* 0 = draft */
	int64_t updated_at;
};

/* Loads the stored letter. Returns 1 (free letter->body), 0 none yet, -1 error. */
int apply_letter_get(struct db *db, int64_t application_id, struct apply_letter *letter);

/* Renders a 答复书 as an A4 PDF (util/pdf_text.h, Noto CJK embedded, page numbers). body is the
 * letter's text as stored (apply_letter_draft's layout, possibly edited): the first block (up to the
 * first blank line) is the title, a short block with 〔…〕/号 right after it the 文号, lines indented
 * by 4 spaces (or 两个全角空格) are paragraphs with a first-line indent, lines indented by 8 or more
 * spaces and "（印章）" are set flush right (答复主体, 答复日期), other lines flush left (the salutation).
 * draft: mark the letter as an unissued draft. Returns the PDF (malloc'd, caller frees; *len set), or
 * NULL with a Chinese message in err. */
unsigned char *apply_letter_pdf(const char *body, const char *tracking_no, bool draft, size_t *len, char *err,
				size_t errsize);

/* The letter text with the blank 文号 line of the draft ("〔    〕    号": 〔, 〕, 号 and spaces only)
 * replaced by doc_no; unchanged when doc_no is empty or there is no blank line (apply_letter_docno.c).
 * Returns a malloc'd string (caller frees). */
char *apply_letter_fill_doc_no(const char *body, const char *doc_no);

/* Saves an edited letter (handler of the agency; refused, APPLY_REFUSED, once issued). issue = true
 * freezes it. Audited. */
enum apply_status apply_letter_save(struct store *store, const char *tracking_no, const struct actor *actor,
				    const char *doc_no, const char *body, bool issue, int64_t now,
				    struct apply_errors *errs);

#endif
