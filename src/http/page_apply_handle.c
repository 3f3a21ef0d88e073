/* page_apply_handle.c — handling one application in the back office: the record (personal data
 * masked; shown in full on request to the agency's handlers, each view audited), repeated-application
 * hints, the deadline derivation (each step with the article it rests on), the timeline, the form to
 * record the next event (with the outcome as a table-三 row and its legal basis), assignment to a
 * handler, and the 答复书 (draft generated from the outcome, edited, issued, printed). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "apply/apply_supervision.h"
#include "http/layout.h"
#include "http/page_apply.h"
#include "http/page_supervision.h"
#include "report/report.h"
#include "util/china_time.h"
#include "util/buf.h"

static const struct crumb view_crumbs[] = {{"依申请公开办理", "/admin/applications"}, {"办理申请", NULL}};

static const char *param(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	if (!v)
		v = req_query(r, name);
	return v ? v : "";
}

/* A non-negative whole number from the form: 0 when empty, -1 when malformed or too large (the
 * domain then names the field). */
static long long param_number(struct req *r, const char *name, long long max)
{
	const char *v = param(r, name);
	if (!*v)
		return 0;
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	return *end || errno || x < 0 || x > max ? -1 : x;
}

/* "/admin/…?no=NO" with the tracking number URL-escaped (arena string). */
static const char *url_with_no(struct req *r, const char *path, const char *no, const char *extra)
{
	struct buf b = {0};
	buf_puts(&b, path);
	buf_puts(&b, "?no=");
	page_escape_url(&b, no);
	buf_puts(&b, extra);
	const char *url = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return url;
}

/* Who may look: the agency's own staff, or a supervisor of an agency above it. */
static bool may_see(struct req *r, struct db *db, int64_t agency_id)
{
	if (r->user.agency_id == agency_id)
		return true;
	return (r->user.roles & ROLE_SUPERVISOR) && agency_within(db, agency_id, r->user.agency_id) == 1;
}

static void details(struct req *r, const struct application *a, bool full)
{
	page_raw(&r->page, "<dl class=\"contact\" id=\"details\">\n");
	page_printf(&r->page, "<dt>申请编号</dt><dd>%h</dd>\n<dt>申请人</dt><dd>%h（%h）</dd>\n", a->tracking_no,
		    a->name, apply_applicant_type_label(a->applicant_type));
	page_printf(&r->page, "<dt>%h</dt><dd id=\"id-number\">%h</dd>\n", apply_id_type_label(a->id_type),
		    a->id_number);
	if (a->phone[0])
		page_printf(&r->page, "<dt>联系电话</dt><dd>%h</dd>\n", a->phone);
	if (a->email[0])
		page_printf(&r->page, "<dt>电子邮箱</dt><dd>%h</dd>\n", a->email);
	if (a->address[0])
		page_printf(&r->page, "<dt>通信地址</dt><dd>%h</dd>\n", a->address);
	page_printf(&r->page, "<dt>所需信息</dt><dd>%h</dd>\n", a->description);
	if (a->doc_no[0])
		page_printf(&r->page, "<dt>文号</dt><dd>%h</dd>\n", a->doc_no);
	page_printf(
	    &r->page,
	    "<dt>形式和方式</dt><dd>%h，%h</dd>\n<dt>渠道</dt><dd>%h</dd>\n<dt>提交日期</dt><dd>%h</dd>\n</dl>\n",
	    apply_form_label(a->form), apply_delivery_label(a->delivery), apply_intake_label(a->intake),
	    apply_http_iso(r, a->submitted_on));
	if (!full) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/applications/reveal\">");
		layout_csrf_field(r);
		page_printf(
		    &r->page,
		    "<input type=\"hidden\" name=\"no\" value=\"%h\"><button type=\"submit\" class=\"secondary\">"
		    "查看完整个人信息（将记入审计日志）</button></form>\n",
		    a->tracking_no);
	}
}

/* Earlier applications that look like this one (compared on the stored, unmasked record). */
static void repeats(struct req *r, struct db *db, const struct application *a)
{
	struct apply_repeat *rep = NULL;
	size_t n = 0;
	struct application stored;
	if (apply_get(db, a->tracking_no, &stored) != 1 || apply_repeat_candidates(db, &stored, &rep, &n) != 0 ||
	    n == 0) {
		free(rep);
		return;
	}
	page_raw(&r->page, "<div class=\"notice\" id=\"repeat\"><p>同一申请人曾向本机关申请相同或相近的信息，"
			   "如已作出答复，可考虑“不予处理 2.重复申请”（条例第三十六条第（六）项）：</p><ul>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page,
			    "<li><a href=\"/admin/applications/view?no=%t\">%h</a>（%h，相似度 %d%%，%h）</li>\n",
			    rep[i].tracking_no, rep[i].tracking_no, apply_http_iso(r, rep[i].submitted_on),
			    rep[i].similarity, rep[i].outcome[0] ? apply_outcome_label(rep[i].outcome) : "尚在办理");
	page_raw(&r->page, "</ul></div>\n");
	free(rep);
}

/* The step's sentence for staff as of now: an arrival step no longer says "尚待与申请人确认" once the
 * receipt has been confirmed. */
static const char *step_text(struct req *r, const struct deadline_result *res, const struct deadline_step *st)
{
	static const char pending[] = "，尚待与申请人确认";
	const char *cut =
	    strcmp(st->code, "arrived") == 0 && res->received_on != CAL_NO_DAY ? strstr(st->staff, pending) : NULL;
	if (!cut)
		return st->staff;
	return arena_printf(&r->arena, "%.*s%s", (int)(cut - st->staff), st->staff, cut + strlen(pending));
}

static void derivation(struct req *r, const struct deadline_result *res)
{
	page_printf(&r->page, "<h2>答复期限</h2>\n<p id=\"due\">状态：%h。", deadline_state_label(res->state));
	if (res->due_on != CAL_NO_DAY)
		page_printf(&r->page, "答复期限：<strong>%h</strong>。", apply_http_iso(r, res->due_on));
	page_raw(&r->page, "</p>\n<ol id=\"derivation\">\n");
	for (size_t i = 0; i < res->nsteps; i++) {
		if (strcmp(res->steps[i].code, "calendar") == 0)
			continue; /* the version line below says it in words */
		if (res->steps[i].warning)
			page_raw(&r->page, "<li class=\"notice-error\">");
		else
			page_raw(&r->page, "<li>");
		page_printf(&r->page, "%h</li>\n", step_text(r, res, &res->steps[i]));
	}
	page_printf(&r->page, "</ol>\n<p class=\"muted\" id=\"calendar-version\">%h</p>\n",
		    apply_http_calendar_words(r, res));
}

/* Who recorded an event: the user's name, or the applicant (user 0: online submission or 补正). */
static const char *event_person(const struct user *users, size_t nusers, const struct apply_event *ev)
{
	const char *name = apply_http_assignee(users, nusers, ev->user_id);
	return name ? name : ev->user_id == 0 ? "申请人（网上）" : "本机关工作人员";
}

/* One row of the timeline table. */
static void timeline_row(struct req *r, int day, const char *event, const char *what, const char *person)
{
	page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n", apply_http_iso(r, day), event,
		    what, person);
}

/* The 督办 rows of notice s that fall on or before day `until` and were not shown yet (*shown counts
 * the rows of s already written: 0 none, 1 the notice, 2 the notice and its answer). */
static void supervision_rows(struct req *r, const struct apply_supervision *s, int until, int *shown)
{
	if (*shown == 0 && china_day(s->sent_at) <= until) {
		timeline_row(r, china_day(s->sent_at), "督办",
			     arena_printf(&r->arena, "%s（请于 %s 前答复）", s->body, apply_http_iso(r, s->reply_by)),
			     arena_printf(&r->arena, "%s %s", s->from_agency, s->sent_by_name));
		*shown = 1;
	}
	if (*shown == 1 && s->answered_at && china_day(s->answered_at) <= until) {
		timeline_row(r, china_day(s->answered_at), "督办答复", s->answer, s->answered_by_name);
		*shown = 2;
	}
}

/* The events of the application, with the 督办 notices and their answers (apply_supervision.h) placed
 * among them by date: the whole history in one table. */
static void timeline(struct req *r, struct db *db, const struct application *a, const struct apply_event *ev, size_t n)
{
	struct user *users = NULL;
	size_t nusers = 0;
	if (user_list(db, a->agency_id, &users, &nusers) != 0)
		nusers = 0;
	struct apply_supervision *notices = NULL;
	size_t nnotices = 0;
	if (apply_supervision_of(db, a->id, &notices, &nnotices) != 0)
		nnotices = 0;
	int *shown = nnotices ? arena_zalloc(&r->arena, nnotices * sizeof *shown) : NULL;
	page_raw(&r->page,
		 "<h2>办理过程</h2>\n<div class=\"table-wrap\"><table id=\"timeline\">\n<thead><tr><th "
		 "scope=\"col\">日期</th>"
		 "<th scope=\"col\">事件</th><th scope=\"col\">内容</th><th scope=\"col\">登记人</th></tr></thead>\n"
		 "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < nnotices; k++) /* notices of earlier days come first */
			supervision_rows(r, &notices[k], ev[i].day - 1, &shown[k]);
		const char *what =
		    ev[i].outcome[0]
			? arena_printf(&r->arena, "%s；%s", apply_outcome_label(ev[i].outcome), ev[i].legal_basis)
		    : ev[i].workdays ? arena_printf(&r->arena, "%d 个工作日", ev[i].workdays)
		    : ev[i].fee_yuan ? arena_printf(&r->arena, "%lld 元", (long long)ev[i].fee_yuan)
		    : ev[i].note[0]  ? ev[i].note
				     : "—";
		if (ev[i].workdays && ev[i].note[0])
			what = arena_printf(&r->arena, "%s；%s", what, ev[i].note);
		timeline_row(r, ev[i].day, apply_event_label(ev[i].type), what, event_person(users, nusers, &ev[i]));
	}
	for (size_t k = 0; k < nnotices; k++)
		supervision_rows(r, &notices[k], INT32_MAX, &shown[k]);
	page_raw(&r->page, "</tbody></table></div>\n");
	free(notices);
	free(users);
}

/* The fee notices with their computation, pay-by day and payment (pay_by: of the open notice). */
static void fee_block(struct req *r, struct db *db, const struct application *a, int pay_by)
{
	struct apply_fee *fees = NULL;
	size_t n = 0;
	if (apply_fees(db, a->id, &fees, &n) != 0 || n == 0) {
		free(fees);
		return;
	}
	page_raw(&r->page, "<h2>信息处理费</h2>\n");
	for (size_t i = 0; i < n; i++) {
		const struct apply_fee *f = &fees[i];
		page_printf(
		    &r->page,
		    "<dl class=\"contact fee\">\n<dt>收费通知日期</dt><dd>%h</dd>\n<dt>收费方式</dt><dd>%h</dd>\n"
		    "<dt>金额</dt><dd><strong>%h 元</strong></dd>\n",
		    apply_http_iso(r, f->notice_on), strcmp(f->method, "item") == 0 ? "按件计收" : "按量计收",
		    arena_printf(&r->arena, "%lld", (long long)f->yuan));
		if (f->paid_on != CAL_NO_DAY)
			page_printf(&r->page, "<dt>缴费日期</dt><dd>%h</dd>\n", apply_http_iso(r, f->paid_on));
		else if (i + 1 == n && pay_by != CAL_NO_DAY)
			page_printf(&r->page, "<dt>缴费期限</dt><dd>%h（逾期未缴纳的视为放弃申请）</dd>\n",
				    apply_http_iso(r, pay_by));
		page_printf(&r->page, "</dl>\n<pre class=\"fee-explanation\">%h</pre>\n", f->explanation);
	}
	free(fees);
}

/* The reconsideration and litigation cases registered against this application's reply (the cases
 * register of the annual report); a reply corrected by one of them is flagged at the top. */
static void cases_block(struct req *r, struct db *db, const struct application *a)
{
	struct annual_case *cases = NULL;
	size_t n = 0;
	if (annual_cases_of_application(db, a->id, &cases, &n) != 0 || n == 0) {
		free(cases);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (cases[i].result == CASE_CORRECTED)
			page_printf(
			    &r->page,
			    "<div class=\"notice\" role=\"status\"><p><strong>本申请的答复已被%h结果纠正</strong>"
			    "（%h，案号 %h）：请按纠正结果重新处理并答复申请人。</p></div>\n",
			    report_case_block_labels[cases[i].kind], apply_http_iso(r, cases[i].result_on),
			    cases[i].case_no[0] ? cases[i].case_no : "—");
	page_raw(&r->page, "<h2>行政复议、行政诉讼</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>"
			   "<th scope=\"col\">类别</th><th scope=\"col\">案号</th><th scope=\"col\">立案日期</th>"
			   "<th scope=\"col\">结果</th><th scope=\"col\">结果日期</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_case *c = &cases[i];
		bool decided = c->result >= 0 && c->result < CASE_PENDING;
		page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			    report_case_block_labels[c->kind], c->case_no[0] ? c->case_no : "—",
			    apply_http_iso(r, c->filed_on), report_case_col_labels[decided ? c->result : CASE_PENDING],
			    decided ? apply_http_iso(r, c->result_on) : "—");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
	free(cases);
}

static void assign_form(struct req *r, struct db *db, const struct application *a)
{
	struct user *users = NULL;
	size_t n = 0;
	if (user_list(db, a->agency_id, &users, &n) != 0)
		return;
	page_raw(&r->page,
		 "<h2>承办人</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/applications/assign\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"no\" value=\"%h\">\n<p><label for=\"handler_id\">承办人</label>\n"
		    "<select id=\"handler_id\" name=\"handler_id\">\n<option value=\"0\">（未分配）</option>\n",
		    a->tracking_no);
	for (size_t i = 0; i < n; i++)
		if ((users[i].roles & ROLE_HANDLER) && !users[i].disabled)
			page_printf(&r->page, "<option value=\"%lld\"%h>%h</option>\n", (long long)users[i].id,
				    users[i].id == a->handler_id ? " selected" : "", users[i].display_name);
	page_raw(&r->page,
		 "</select></p>\n<p><button type=\"submit\" class=\"secondary\">分配</button></p>\n</form>\n");
	free(users);
}

/* The whole view. full: the record with personal data (already audited); NULL to load it masked. */
static int render_view(struct req *r, const char *no, const struct application *full, const char *message,
		       bool is_error)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	if (!db || !cal)
		return req_error(r, 503, NULL);
	struct application a;
	int rc = apply_get(db, no, &a);
	if (rc <= 0)
		return req_error(r, rc < 0 ? 500 : 404, rc < 0 ? NULL : "没有这个申请编号。");
	if (!may_see(r, db, a.agency_id))
		return req_error(r, 403, "此申请不属于您所在机关。");
	bool handles = r->user.agency_id == a.agency_id && (r->user.roles & (ROLE_HANDLER | ROLE_LEADER));
	if (full)
		a = *full;
	else
		apply_mask(&a);
	struct apply_event *ev = NULL;
	size_t n = 0;
	struct deadline_result res = {0};
	struct deadline_problems probs = {0};
	if (apply_events(db, a.id, &ev, &n) != 0 ||
	    apply_deadline(cal, &a, ev, n, apply_http_today(r), &res, &probs) != 0) {
		deadline_problems_free(&probs);
		deadline_result_free(&res);
		free(ev);
		return req_error(r, 500, "无法计算此申请的答复期限。");
	}
	layout_begin(r, &(struct layout){.title = arena_printf(&r->arena, "办理申请 %s", a.tracking_no),
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = view_crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	if (message)
		page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n",
			    is_error ? " notice-error" : "", is_error ? "alert" : "status", message);
	cases_block(r, db, &a);
	details(r, &a, full != NULL || !handles);
	repeats(r, db, &a);
	derivation(r, &res);
	fee_block(r, db, &a, res.fee_pay_by);
	apply_http_notices_staff(r, db, &a);
	if (handles)
		apply_http_files_staff(r, db, &a); /* personal data: the agency's handlers only */
	timeline(r, db, &a, ev, n);
	page_supervision_block(r, db, &a); /* 督办 notices and their answers (page_supervision.c) */
	if (handles) {
		int items_before = 0;
		if ((!a.outcome[0] || a.delivered_on == CAL_NO_DAY) && apply_items_before(db, a.id, &items_before) == 0)
			apply_http_event_forms(r, &a, &res, items_before);
		assign_form(r, db, &a);
		apply_http_publication_block(r, db, &a);
		page_printf(&r->page,
			    "<h2>答复书</h2>\n<p><a "
			    "href=\"/admin/applications/letter?no=%t\">起草、修改、签发和打印答复书</a></p>\n",
			    a.tracking_no);
	}
	layout_end(r);
	deadline_problems_free(&probs);
	deadline_result_free(&res);
	free(ev);
	return 200;
}

int page_apply_view(struct req *r)
{
	return render_view(r, param(r, "no"), NULL, apply_http_done_message(r, req_query(r, "done")), false);
}

int page_apply_reveal(struct req *r)
{
	struct actor actor = http_actor(r);
	struct application a;
	enum apply_status st = apply_reveal(r->app->store, param(r, "no"), &actor, req_now(r), &a);
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st),
				 st == APPLY_FORBIDDEN ? "只有本机关的申请办理人员可以查看完整个人信息。" : NULL);
	req_add_header(r, "Cache-Control", "no-store");
	return render_view(r, a.tracking_no, &a, "完整个人信息已显示，本次查看已记入审计日志。", false);
}

int page_apply_event(struct req *r)
{
	const struct calendar *cal = apply_http_calendar(r);
	if (!cal)
		return req_error(r, 503, NULL);
	const char *no = param(r, "no");
	struct apply_event_input in = {
	    .type = req_form(r, "type"),
	    .date = req_form(r, "date"),
	    .outcome = *param(r, "outcome") ? param(r, "outcome") : NULL,
	    .legal_basis = *param(r, "legal_basis") ? param(r, "legal_basis") : NULL,
	    .party = req_form(r, "party"),
	    .workdays = (int)param_number(r, "workdays", 1000),
	    .fee_method = *param(r, "fee_method") ? param(r, "fee_method") : NULL,
	    .fee_items = (int)param_number(r, "fee_items", 100000),
	    .fee_pages = (int)param_number(r, "fee_pages", 10000000),
	    .fee_yuan = param_number(r, "fee_yuan", 1000000000),
	    .note = req_form(r, "note"),
	    .approver = req_form(r, "approver"),
	};
	struct apply_errors e = {0};
	struct actor actor = http_actor(r);
	enum apply_status st =
	    apply_add_event(r->app->store, cal, no, &actor, &in, apply_http_today(r), req_now(r), &e);
	if (st == APPLY_OK)
		return req_redirect(
		    r, url_with_no(r, "/admin/applications/view", no, arena_printf(&r->arena, "&done=%s", in.type)));
	if (st == APPLY_INVALID || st == APPLY_REFUSED)
		return render_view(r, no, NULL, apply_http_plain_reason(r, apply_http_error_text(r, &e)), true);
	return req_error(r, apply_http_status(st), e.reason[0] ? e.reason : NULL);
}

int page_apply_assign(struct req *r)
{
	const char *no = param(r, "no");
	struct apply_errors e = {0};
	struct actor actor = http_actor(r);
	enum apply_status st = apply_assign(r->app->store, no, &actor, atoll(param(r, "handler_id")), req_now(r), &e);
	if (st == APPLY_OK)
		return req_redirect(r, url_with_no(r, "/admin/applications/view", no, "&done=assign"));
	if (st == APPLY_INVALID)
		return render_view(r, no, NULL, apply_http_error_text(r, &e), true);
	return req_error(r, apply_http_status(st), NULL);
}

/* ---- 答复书 ---- */

/* The stored letter, or a draft generated from the record and its reply. Caller frees. */
static char *letter_text(struct req *r, struct db *db, const struct application *a, const struct apply_event *ev,
			 size_t n, int received_on, struct apply_letter *stored)
{
	if (apply_letter_get(db, a->id, stored) == 1)
		return stored->body;
	const struct agency *site = NULL;
	struct agency own;
	if (agency_get(db, a->agency_id, &own) == 1)
		site = &own;
	int reply_on = CAL_NO_DAY;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ev[i].type, "reply") == 0)
			reply_on = ev[i].day;
	struct apply_letter_context ctx = {a,
					   site ? site->name : layout_site_name(r),
					   "",
					   received_on,
					   reply_on,
					   a->outcome[0] ? a->outcome : "granted",
					   a->legal_basis,
					   ""};
	return apply_letter_draft(&ctx);
}

/* The letter of a (stored, or the generated draft, with the receipt date from the clock). Caller frees. */
static char *letter_of(struct req *r, struct db *db, const struct calendar *cal, const struct application *a,
		       struct apply_letter *stored)
{
	struct apply_event *ev = NULL;
	size_t n = 0;
	struct deadline_result res = {0};
	struct deadline_problems probs = {0};
	int received_on = CAL_NO_DAY;
	if (apply_events(db, a->id, &ev, &n) == 0 &&
	    apply_deadline(cal, a, ev, n, apply_http_today(r), &res, &probs) == 0)
		received_on = res.received_on;
	deadline_result_free(&res);
	deadline_problems_free(&probs);
	char *text = letter_text(r, db, a, ev, n, received_on, stored);
	free(ev);
	char *filled = apply_letter_fill_doc_no(text, stored->doc_no); /* the 文号 given in its own field */
	free(text);
	stored->body = NULL;
	return filled;
}

/* The confirmation after saving or issuing (?done=saved|issued). */
static void letter_done_notice(struct req *r)
{
	const char *done = req_query(r, "done");
	const char *text = !done ? NULL
			   : strcmp(done, "issued") == 0
			       ? "答复书已签发，不能再修改。请下载 PDF 打印、盖章后送达申请人。"
			   : strcmp(done, "saved") == 0 ? "答复书草稿已保存。"
							: NULL;
	if (text)
		page_printf(&r->page, "<div class=\"notice\" role=\"status\"><p>%h</p></div>\n", text);
}

int page_apply_letter(struct req *r)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	struct application a;
	if (!db || !cal)
		return req_error(r, 503, NULL);
	if (apply_get(db, param(r, "no"), &a) != 1)
		return req_error(r, 404, "没有这个申请编号。");
	if (a.agency_id != r->user.agency_id)
		return req_error(r, 403, "此申请不属于您所在机关。");
	struct apply_letter stored = {0};
	char *text = letter_of(r, db, cal, &a, &stored);
	layout_begin(r, &(struct layout){.title = "答复书",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = view_crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	letter_done_notice(r);
	page_printf(&r->page, "<p><a href=\"/admin/applications/view?no=%t\" id=\"back\">返回办理申请 %h</a></p>\n",
		    a.tracking_no, a.tracking_no);
	page_printf(&r->page, "<pre class=\"letter\" id=\"letter\">%h</pre>\n", text);
	if (stored.issued_at) {
		page_raw(&r->page, "<p class=\"muted\">答复书已签发，不能再修改。使用浏览器的打印功能打印。</p>\n");
	} else {
		page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/applications/letter\">\n");
		layout_csrf_field(r);
		page_printf(
		    &r->page,
		    "<input type=\"hidden\" name=\"no\" value=\"%h\">\n<p><label for=\"doc_no\">文号</label>\n"
		    "<input id=\"doc_no\" name=\"doc_no\" value=\"%h\" maxlength=\"120\"></p>\n"
		    "<p><label for=\"body\">答复书正文（签发前可修改）</label>\n"
		    "<textarea id=\"body\" name=\"body\" rows=\"24\">%h</textarea></p>\n"
		    "<p><button type=\"submit\" name=\"action\" value=\"save\" class=\"secondary\">保存草稿</button> "
		    "<button type=\"submit\" name=\"action\" value=\"issue\">签发</button></p>\n</form>\n",
		    a.tracking_no, stored.doc_no, text);
	}
	page_printf(&r->page, "<p><a href=\"/admin/applications/letter.pdf?no=%t\">下载 PDF%h</a></p>\n", a.tracking_no,
		    stored.issued_at ? "" : "（草稿）");
	layout_end(r);
	free(text);
	return 200;
}

int page_apply_letter_save(struct req *r)
{
	const char *no = param(r, "no");
	bool issue = strcmp(param(r, "action"), "issue") == 0;
	struct apply_errors e = {0};
	struct actor actor = http_actor(r);
	char *body = apply_letter_fill_doc_no(req_form(r, "body"), req_form(r, "doc_no"));
	enum apply_status st =
	    apply_letter_save(r->app->store, no, &actor, req_form(r, "doc_no"), body, issue, req_now(r), &e);
	free(body);
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st), apply_http_error_text(r, &e));
	return req_redirect(r,
			    url_with_no(r, "/admin/applications/letter", no, issue ? "&done=issued" : "&done=saved"));
}

int page_apply_letter_pdf(struct req *r)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	struct application a;
	if (!db || !cal)
		return req_error(r, 503, NULL);
	if (apply_get(db, param(r, "no"), &a) != 1)
		return req_error(r, 404, "没有这个申请编号。");
	if (a.agency_id != r->user.agency_id)
		return req_error(r, 403, "此申请不属于您所在机关。");
	struct apply_letter stored = {0};
	char *text = letter_of(r, db, cal, &a, &stored);
	int status = apply_http_letter_pdf(r, a.tracking_no, text, !stored.issued_at);
	free(text);
	return status;
}
