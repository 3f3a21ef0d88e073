/* apply_internal.h — helpers shared by the files of src/apply/ only (not part of the module's API). */
#ifndef GONGKAI_APPLY_APPLY_INTERNAL_H
#define GONGKAI_APPLY_APPLY_INTERNAL_H

#include "apply/apply.h"

#define APPLY_HASH_HEX 65 /* 64 hex characters of SHA-256 + NUL */

/* SHA-256 hex of id_type ':' the id number upper-cased without spaces: one applicant's key. */
void apply_applicant_key(const char *id_type, const char *id_number, char out[APPLY_HASH_HEX]);

/* SHA-256 hex of tracking_no ':' code: what is stored for a query code. */
void apply_code_hash(const char *tracking_no, const char *code, char out[APPLY_HASH_HEX]);

/* Reads the application row of the current statement (columns in APPLY_COLUMNS order) into *out. */
struct db_stmt;
void apply_row_read(struct db_stmt *st, struct application *out);
#define APPLY_COLUMNS                                                                                                  \
	"id, agency_id, coalesce(handler_id, 0), entered_by, created_at, tracking_no, applicant_type, channel, "       \
	"name, id_type, id_number, phone, email, address, description, doc_no, form, delivery, submitted_on, "         \
	"coalesce(outcome, ''), coalesce(legal_basis, ''), coalesce(concluded_on, ''), coalesce(delivered_on, '')"

/* Reads the event columns of the current statement, in APPLY_EVENT_COLUMNS order from column first
 * on, into *e. */
void apply_event_read(struct db_stmt *st, int first, struct apply_event *e);
#define APPLY_EVENT_COLUMNS                                                                                            \
	"seq, type, day, workdays, party, coalesce(outcome, ''), coalesce(legal_basis, ''), fee_yuan, note, user_id, " \
	"created_at"

/* A write of this module in its own result convention: runs on the writer, returns APPLY_OK to commit. */
typedef enum apply_status (*apply_locked_fn)(struct db *w, const void *ctx, struct apply_errors *errs);

/* Runs fn through store_write (the one owner of writes): commits when fn returns APPLY_OK and returns
 * fn's status — or APPLY_ERROR with a Chinese reason in errs->reason (unless fn gave one) when the
 * transaction could not begin or the commit failed, so nothing is acknowledged that is not on disk. */
enum apply_status apply_write(struct store *store, apply_locked_fn fn, const void *ctx, struct apply_errors *errs);

/* Parses an ISO date column into a day number (CAL_NO_DAY when empty or malformed). */
int apply_day_of(const char *iso);

/* The clock of a on today from its timeline (events[0, n)); a timeline the engine refuses (should not
 * happen: events are validated on entry) yields an "unknown" clock. Free *r with deadline_result_free. */
void apply_clock_from(const struct calendar *cal, const struct application *a, const struct apply_event *events,
		      size_t n, int today, struct deadline_result *r);

/* Reads every row of st (APPLY_COLUMNS) into *apps, malloc'd, in the statement's order (st NULL:
 * -1). Returns 0 or -1; free *apps in both cases. */
int apply_rows_read(struct db_stmt *st, struct application **apps, size_t *count);

/* The events of a set of applications read in one statement (instead of one per application), ordered
 * by application then seq: owner[i] is the application of ev[i]. */
struct apply_timelines {
	int64_t *owner;
	struct apply_event *ev;
	size_t n, next; /* next: where apply_timelines_next looks first */
};
/* Reads every row of st — "SELECT application_id, " APPLY_EVENT_COLUMNS " … ORDER BY application_id,
 * seq" — into *t (st NULL: -1). Returns 0 or -1; free *t with apply_timelines_free in both cases. */
int apply_timelines_read(struct db_stmt *st, struct apply_timelines *t);
/* The events of one application (*n of them, maybe 0); asked for in ascending id order. */
const struct apply_event *apply_timelines_next(struct apply_timelines *t, int64_t application_id, size_t *n);
void apply_timelines_free(struct apply_timelines *t);

/* Converts the timeline into the deadline engine's events (skipping "deliver"). *out malloc'd, *n set;
 * returns 0 or -1 when a stored type is unknown. */
int apply_clock_events(const struct apply_event *events, size_t n, struct deadline_event **out, size_t *count);

/* Stores how the fee of the fee_notice event (application_id, event_seq) was computed. w: writer in a
 * transaction. Returns 0 or -1. */
int apply_fee_store(struct db *w, int64_t application_id, int event_seq, const struct apply_fee *fee);

/* The fields the 条例 requires of a notice event (apply_notice.c): request_correction needs the note
 * (what to correct) and workdays (the 补正期限); extend needs the approver. Appends field errors. */
void apply_notice_check_fields(const struct apply_event_input *in, struct apply_errors *errs);

/* An extension recorded on `day` for the timeline (events, n): APPLY_REFUSED (reason set) when the
 * clock is stopped on that day or the reply deadline has passed (day after due_on); else APPLY_OK. */
enum apply_status apply_extension_check(const struct calendar *cal, const struct application *a,
					const struct apply_event *events, size_t n, int day, struct apply_errors *errs);

/* A role bit no user has: set only by apply_correction_online on an actor it built after checking the
 * query code — the applicant, who may record exactly their own online correction_received. */
#define APPLY_ROLE_APPLICANT (1u << 30)

/* True when actor is that verified applicant and in is their online correction of application a. */
bool apply_applicant_may(const struct actor *actor, const struct application *a, const struct apply_event_input *in);

/* Stores the notice of a request_correction / extend event ev just recorded after (events, n) from
 * the input in (approver), or the applicant's text of an online correction_received
 * (in->correction_text); other events: nothing. w: writer in the event's transaction. 0 or -1. */
int apply_notice_record(struct db *w, const struct calendar *cal, const struct application *a,
			const struct apply_event *events, size_t n, const struct apply_event *ev,
			const struct apply_event_input *in);

/* Records n checked files (already in the content store) of application_id; event_seq 0 = with the
 * application, else the correction_received event they came with. w: writer in that transaction. 0/-1. */
int apply_files_record(struct db *w, int64_t application_id, int event_seq, const struct attach_upload *files, size_t n,
		       int64_t now);

/* ---- notices to the applicant (apply_notify.c), queued in the caller's write transaction w ---- */

/* At submission / intake: "we have received your application", for the application a just inserted
 * (id, agency_id, tracking_no, intake, name, phone, email and submitted_on are used) of the agency
 * named agency. Returns 0 or -1. */
int apply_notify_receipt(struct db *w, const struct application *a, const char *agency, int64_t now);
/* After a request_correction / extend (notice: its text) or fee_notice (pay_by: the pay-by day)
 * event ev was stored; other events: nothing. Returns 0 or -1. */
int apply_notify_event(struct db *w, const struct application *a, const struct apply_event *ev, const char *notice,
		       int pay_by);
/* When the 答复书 (text letter) is issued: the letter, with its PDF attached at sending time. */
int apply_notify_reply(struct db *w, const struct application *a, const char *letter, int64_t now);

#endif
