/* page_apply.h — the 依申请公开 handlers (routes.c, block "application routes") and the helpers
 * shared by their files: page_apply_common.c (calendar, today, actor), api_apply.c (JSON API),
 * page_apply_public.c (申请表、申请查询), page_apply_staff.c (督办列表、登记、办理、答复书). */
#ifndef GONGKAI_HTTP_PAGE_APPLY_H
#define GONGKAI_HTTP_PAGE_APPLY_H

#include "apply/apply.h"
#include "http/req.h"

/* ---- shared helpers (page_apply_common.c) ---- */

/* The working-day calendar of the server: calendar_cache_get of the app's cache (domain/calendar_cache.h). */
const struct calendar *apply_http_calendar(const struct req *r);

/* Today's date in China (china_day) for the request's clock, as a day number. */
int apply_http_today(const struct req *r);

/* The HTTP status of a domain result (APPLY_INVALID → 422, APPLY_REFUSED → 409, …). */
int apply_http_status(enum apply_status st);

/* One Chinese sentence naming every field error: "申请人姓名（name）：请填写…；…". Arena string. */
const char *apply_http_error_text(struct req *r, const struct apply_errors *e);

/* Writes a day as YYYY-MM-DD, or "—" for CAL_NO_DAY (arena string). */
const char *apply_http_iso(struct req *r, int day);

/* Answers with a 答复书 text as PDF (apply_letter_pdf; draft: marked as unissued), inline, named
 * after the tracking number, never cached. Returns the status (200, or 500 when rendering fails). */
int apply_http_letter_pdf(struct req *r, const char *tracking_no, const char *body, bool draft);

/* The applicant's copy: the issued 答复书 of a as PDF, or 404 with a Chinese message when it has not
 * been issued. */
int apply_http_issued_letter_pdf(struct req *r, const struct application *a);

/* ---- JSON API (api_apply.c) ---- */
int api_apply_create(struct req *r); /* POST /api/v1/applications */
int api_apply_get(struct req *r);    /* GET /api/v1/applications/{no}[/deadline] */
int api_apply_post(struct req *r);   /* POST /api/v1/applications/{no}/events | /correction */

/* ---- public pages (page_apply_public.c) ---- */
int page_apply_form(struct req *r);	    /* GET /apply/new */
int page_apply_submit(struct req *r);	    /* POST /apply/new */
int page_apply_query_form(struct req *r);   /* GET /apply/query */
int page_apply_query(struct req *r);	    /* POST /apply/query */
int page_apply_query_letter(struct req *r); /* POST /apply/query/letter: the issued 答复书 as PDF */

/* ---- notices and the online 补正 (page_apply_notice.c) ---- */
/* The applicant's view: the pending 补正告知 (what, by when, and the form to answer it online, the
 * query code carried in the form body) and the notices sent. */
void apply_http_notices_public(struct req *r, const struct application *a, const struct deadline_result *res,
			       const char *code);
/* Staff view: every notice with its approver, and the applicant's online corrections. */
void apply_http_notices_staff(struct req *r, struct db *db, const struct application *a);
int page_apply_query_correction(struct req *r); /* POST /apply/query/correction */
int page_apply_resend_form(struct req *r);	/* GET /apply/query/resend: a lost query code */
int page_apply_resend(struct req *r);		/* POST /apply/query/resend */

/* ---- the applicant's files (page_apply_files.c) ---- */
/* The optional multiple file field "files" of the application and 补正 forms, with its help text and
 * an error (NULL: none) beside it. */
void apply_http_file_field(struct req *r, const char *error);
/* The files of a: the list with download links, for handlers and leaders of its agency only (the
 * caller checks). Nothing when there are none. */
void apply_http_files_staff(struct req *r, struct db *db, const struct application *a);
int page_apply_file(struct req *r); /* GET /admin/applications/file?id=N: handlers of the agency only */

/* ---- handler work led by the clock (page_apply_tasks.c) ---- */
/* CSS class of a row's urgency: urgency-overdue, -soon (≤ 5 working days or awaiting confirmation),
 * -paused, -running, -done. Always paired with apply_http_urgency_word (state never by colour alone). */
const char *apply_http_urgency_class(const struct apply_summary *s);
/* Where the application stands, in words: "已超期 3 个工作日", "今天到期", "暂停计时（等待补正）" … */
const char *apply_http_urgency_word(struct req *r, const struct apply_summary *s);
/* The display name of the assigned handler among users, or NULL (unassigned or unknown). */
struct user;
const char *apply_http_assignee(const struct user *users, size_t n, int64_t handler_id);
int api_apply_list(struct req *r); /* GET /api/v1/applications?state=…&sort=urgency|number */

/* ---- recording the next step (page_apply_event_form.c) ---- */
/* One form per event type the state of a (clock res) allows, each with only its fields; after a
 * refused POST the refused type's form is open with what was typed. */
void apply_http_event_forms(struct req *r, const struct application *a, const struct deadline_result *res,
			    int items_before);
/* A refusal in plain words: the "第 N 个事件（…）：" prefixes of the engine's messages and the API field
 * names before each message ("workdays：") removed — each message names its field in Chinese. */
const char *apply_http_plain_reason(struct req *r, const char *reason);
/* The calendar behind a clock in words ("节假日安排：已载入 2019–2026 年…", plus a caution when a year
 * without a published schedule was crossed) — no version hashes on screen. Arena string. */
const char *apply_http_calendar_words(struct req *r, const struct deadline_result *res);
/* The confirmation after an action (?done=TYPE or done=assign), NULL when none. */
const char *apply_http_done_message(struct req *r, const char *done);

/* ---- 依申请公开转主动公开, 条例第四十四条 (page_apply_publish.c) ---- */
/* How many applications of the site's agency led to a 主动公开 item (第四十四条), one line for the
 * applicant's pages (the form and 申请查询). */
void apply_http_publication_note(struct req *r);
/* On the view of a released application: the proposal form, or where the proposal stands. */
void apply_http_publication_block(struct req *r, struct db *db, const struct application *a);
int page_apply_propose(struct req *r);	      /* POST /admin/applications/propose */
int page_apply_proposals(struct req *r);      /* GET /admin/applications/proposals */
int page_apply_proposal_draft(struct req *r); /* POST /admin/applications/proposals/draft (editor) */

/* ---- staff pages (page_apply_staff.c, page_apply_handle.c) ---- */
int page_apply_list(struct req *r);	   /* GET /admin/applications?filter=… */
int page_apply_intake_form(struct req *r); /* GET /admin/applications/intake */
int page_apply_intake(struct req *r);	   /* POST /admin/applications/intake */
int page_apply_view(struct req *r);	   /* GET /admin/applications/view?no=… */
int page_apply_event(struct req *r);	   /* POST /admin/applications/event */
int page_apply_reveal(struct req *r);	   /* POST /admin/applications/reveal */
int page_apply_assign(struct req *r);	   /* POST /admin/applications/assign */
int page_apply_letter(struct req *r);	   /* GET /admin/applications/letter?no=… (printable) */
int page_apply_letter_save(struct req *r); /* POST /admin/applications/letter */
int page_apply_letter_pdf(struct req *r);  /* GET /admin/applications/letter.pdf?no=… */

#endif
