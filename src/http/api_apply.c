/* api_apply.c — the JSON API of 依申请公开 (issue 5 §9, docs/applications.md):
 *   POST /api/v1/applications                 public submission (JSON or form body); with a handler's
 *                                             bearer token and a non-online channel: staff intake
 *   GET  /api/v1/applications/{no}?code=…     the applicant's view (or a handler's, without code); the
 *                                             code may also come in the X-Query-Code header (preferred:
 *                                             it stays out of URLs and logs)
 *   GET  /api/v1/applications/{no}/deadline   the clock with its derivation (handler of the agency)
 *   GET  /api/v1/applications/{no}/letter.pdf?code=…  the issued 答复书 as PDF (applicant or handler)
 *   POST /api/v1/applications/{no}/events     record an event (handler of the agency)
 * Results: 201 created, 200 replayed/read, 422 invalid fields (every field named), 409 refused
 * transition (the reason), 429 rate limit, 403/404. Bodies are built with jansson; errors of the
 * domain are {"error":{"code","message","fields"?,"request_id"}} with Chinese messages (422 lists each
 * invalid field under "fields"); other errors are rendered by the router in the same shape. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/api.h"
#include "http/page_apply.h"
#include "http/router.h"

#define API_PREFIX "/api/v1/applications/"

static const char *error_code(enum apply_status st)
{
	switch (st) {
	case APPLY_INVALID:
		return "invalid";
	case APPLY_REFUSED:
		return "conflict";
	case APPLY_RATE_LIMITED:
		return "rate_limited";
	case APPLY_NOT_FOUND:
		return "not_found";
	case APPLY_FORBIDDEN:
		return "forbidden";
	default:
		return "internal_error";
	}
}

/* The error body: {"error":{"code","message","fields":{field: message…},"request_id"}}, the message
 * naming every field in Chinese, "fields" present for 422. */
static int fail(struct req *r, enum apply_status st, const struct apply_errors *e)
{
	int status = apply_http_status(st);
	const char *text = apply_http_error_text(r, e);
	json_t *err =
	    json_pack("{s:s, s:s, s:s}", "code", error_code(st), "message",
		      *text ? text : (st == APPLY_ERROR ? "服务器处理请求时出错，未作任何更改。" : "请求被拒绝。"),
		      "request_id", r->id);
	if (e->n) {
		json_t *fields = json_object();
		for (size_t i = 0; i < e->n; i++)
			if (!json_object_get(fields, e->v[i].field))
				json_object_set_new(fields, e->v[i].field, json_string(e->v[i].message));
		json_object_set_new(err, "fields", fields);
	}
	if (st == APPLY_RATE_LIMITED)
		req_add_header(r, "Retry-After", "60");
	return api_send_json(r, status, json_pack("{s:o}", "error", err));
}

/* ---- request bodies: JSON object or urlencoded form ---- */

struct body {
	json_t *json; /* object, or NULL for a form body */
	struct kvlist form;
};

/* Parses the body. Returns 0, or the error status (400) already set on r. */
static int body_parse(struct req *r, struct body *b)
{
	memset(b, 0, sizeof *b);
	const char *type = req_header(r, "Content-Type");
	const char *data = r->body_in.data ? r->body_in.data : "";
	if (type && strncasecmp(type, "application/json", 16) == 0) {
		json_error_t jerr;
		b->json = json_loadb(data, r->body_in.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(b->json)) {
			json_decref(b->json);
			b->json = NULL;
			return req_error(r, 400, "请求体不是有效的 JSON 对象。");
		}
		return 0;
	}
	if (type && strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0)
		return req_error(r, 415, "请求体须为 JSON（Content-Type: application/json）或表单编码。");
	if (parse_urlencoded(&r->arena, data, r->body_in.len, &b->form) != PARSE_OK)
		return req_error(r, 400, "请求体格式错误或不是有效的 UTF-8 文本。");
	return 0;
}

/* A text field (an arena copy): strings as given, integers as decimal text; anything else is a field error. */
static const char *body_text(struct req *r, const struct body *b, const char *name, struct apply_errors *e)
{
	if (!b->json)
		return kv_get(&b->form, name);
	json_t *v = json_object_get(b->json, name);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strlen(s) != json_string_length(v) || !utf8_valid(s, strlen(s))) {
			apply_error_add(e, name, "含有无效字符。");
			return NULL;
		}
		return arena_strdup(&r->arena, s); /* outlives the JSON document */
	}
	if (json_is_integer(v))
		return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
	apply_error_add(e, name, "应为字符串。");
	return NULL;
}

/* An integer field (JSON number or decimal text); fallback when absent; error when malformed. */
static long long body_int(struct req *r, const struct body *b, const char *name, long long fallback,
			  struct apply_errors *e)
{
	const char *text = body_text(r, b, name, e);
	if (!text || !*text)
		return fallback;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end) {
		apply_error_add(e, name, "应为整数。");
		return fallback;
	}
	return v;
}

/* ---- POST /api/v1/applications ---- */

static void read_input(struct req *r, const struct body *b, struct apply_input *in, struct apply_errors *e)
{
	in->agency_id = body_int(r, b, "agency_id", 0, e);
	in->applicant_type = body_text(r, b, "applicant_type", e);
	in->name = body_text(r, b, "name", e);
	in->id_type = body_text(r, b, "id_type", e);
	in->id_number = body_text(r, b, "id_number", e);
	in->phone = body_text(r, b, "phone", e);
	in->email = body_text(r, b, "email", e);
	in->address = body_text(r, b, "address", e);
	in->description = body_text(r, b, "description", e);
	in->doc_no = body_text(r, b, "doc_no", e);
	in->form = body_text(r, b, "form", e);
	in->delivery = body_text(r, b, "delivery", e);
	in->channel = body_text(r, b, "channel", e);
	in->received_on = body_text(r, b, "received_on", e);
	in->idempotency_key = body_text(r, b, "idempotency_key", e);
	if (!in->idempotency_key)
		in->idempotency_key = req_header(r, "Idempotency-Key");
}

int api_apply_create(struct req *r)
{
	struct body b;
	int status = body_parse(r, &b);
	if (status)
		return status;
	/* A form body is what another site's page can post: it must carry the form token. */
	if (!b.json && !r->via_token && !router_prelogin_csrf_ok(r, kv_get(&b.form, "csrf")))
		return req_error(r, 403, "表单提交须带有本站表单令牌（csrf），未作任何更改；程序调用请使用 JSON。");
	struct apply_input in = {0};
	struct apply_errors e = {0};
	read_input(r, &b, &in, &e);
	struct apply_created c;
	enum apply_status st = e.n ? APPLY_INVALID : APPLY_OK;
	if (st == APPLY_OK) {
		struct actor actor = http_actor(r);
		st = apply_submit(r->app->store, &in, &actor, apply_http_today(r), req_now(r), &c, &e);
	}
	json_decref(b.json);
	if (st != APPLY_OK)
		return fail(r, st, &e);
	json_t *j = json_pack("{s:s, s:s, s:s, s:b}", "tracking_no", c.tracking_no, "query_code", c.query_code,
			      "status", c.status, "replayed", c.replayed);
	req_add_header(r, "Location", arena_printf(&r->arena, API_PREFIX "%s", c.tracking_no));
	return api_send_json(r, c.replayed ? 200 : 201, j);
}

/* ---- shared: the clock as JSON ---- */

static json_t *iso_or_null(int day)
{
	char iso[CAL_ISO_SIZE];
	return day == CAL_NO_DAY ? json_null() : json_string(cal_format_iso(day, iso));
}

/* Loads an application's events and clock. Returns 0 (free events, deadline_result_free) or -1. */
static int load_clock(struct req *r, const struct application *a, struct apply_event **events, size_t *n,
		      struct deadline_result *res)
{
	struct deadline_problems probs = {0};
	const struct calendar *cal = apply_http_calendar(r);
	memset(res, 0, sizeof *res);
	if (!cal || apply_events(req_reader(r), a->id, events, n) != 0)
		return -1;
	int rc = apply_deadline(cal, a, *events, *n, apply_http_today(r), res, &probs);
	deadline_problems_free(&probs);
	if (rc != 0) {
		free(*events);
		deadline_result_free(res);
	}
	return rc;
}

static json_t *derivation_json(const struct deadline_result *res, bool staff)
{
	json_t *steps = json_array();
	for (size_t i = 0; i < res->nsteps; i++) {
		const struct deadline_step *s = &res->steps[i];
		if (!staff && !s->applicant)
			continue;
		json_t *o = json_pack("{s:s, s:o}", "code", s->code, "date", iso_or_null(s->day));
		if (staff) {
			json_object_set_new(o, "staff", json_string(s->staff));
			json_object_set_new(o, "warning", json_boolean(s->warning));
		}
		if (s->applicant)
			json_object_set_new(o, "applicant", json_string(s->applicant));
		json_array_append_new(steps, o);
	}
	return steps;
}

static json_t *timeline_json(const struct apply_event *ev, size_t n, bool staff)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:o}", "type", ev[i].type, "label", apply_event_label(ev[i].type),
				      "date", iso_or_null(ev[i].day));
		if (ev[i].outcome[0])
			json_object_set_new(o, "outcome", json_string(ev[i].outcome));
		if (ev[i].workdays)
			json_object_set_new(o, "workdays", json_integer(ev[i].workdays));
		if (staff && ev[i].note[0])
			json_object_set_new(o, "note", json_string(ev[i].note));
		json_array_append_new(list, o);
	}
	return list;
}

/* The fee notices: [{"notice_on","method","quantity","items_before"?,"yuan","explanation","pay_by"?,
 * "paid_on"}], pay_by for the open notice only. */
static json_t *fees_json(struct req *r, const struct application *a, const struct deadline_result *res)
{
	json_t *list = json_array();
	struct apply_fee *fees = NULL;
	size_t n = 0;
	if (apply_fees(req_reader(r), a->id, &fees, &n) != 0)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		const struct apply_fee *f = &fees[i];
		json_t *o = json_pack("{s:o, s:s, s:i, s:I, s:s, s:o}", "notice_on", iso_or_null(f->notice_on),
				      "method", f->method, "quantity", f->quantity, "yuan", (json_int_t)f->yuan,
				      "explanation", f->explanation, "paid_on", iso_or_null(f->paid_on));
		if (strcmp(f->method, "item") == 0)
			json_object_set_new(o, "items_before", json_integer(f->items_before));
		if (f->paid_on == CAL_NO_DAY && i + 1 == n && !a->outcome[0])
			json_object_set_new(o, "pay_by", iso_or_null(res->fee_pay_by));
		json_array_append_new(list, o);
	}
	free(fees);
	return list;
}

/* ---- GET /api/v1/applications/{no} ---- */

/* The 补正告知 / 延长答复期限告知 texts (approver for staff); sets "correction" {note, by} on view
 * while one is pending. */
static json_t *notices_json(struct req *r, const struct application *a, const struct deadline_result *res, json_t *view,
			    bool staff)
{
	json_t *list = json_array();
	struct apply_notice *v = NULL;
	size_t n = 0;
	if (apply_notices(req_reader(r), a->id, &v, &n) != 0)
		return list;
	const struct apply_notice *pending = apply_pending_correction(v, n, res);
	if (pending)
		json_object_set_new(view, "correction",
				    json_pack("{s:s, s:o}", "note", pending->note, "by", iso_or_null(pending->due_on)));
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:o, s:o, s:s}", "kind", v[i].kind, "date", iso_or_null(v[i].day),
				      "due_on", iso_or_null(v[i].due_on), "text", v[i].body ? v[i].body : "");
		if (staff && v[i].approver[0])
			json_object_set_new(o, "approver", json_string(v[i].approver));
		json_array_append_new(list, o);
	}
	apply_notices_free(v, n);
	return list;
}

static json_t *view_json(struct req *r, const struct application *a, const struct apply_event *ev, size_t n,
			 const struct deadline_result *res, bool staff)
{
	json_t *j = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:o, s:i, s:b, s:b, s:o, s:o}", "tracking_no", a->tracking_no, "status",
	    deadline_state_name(res->state), "status_label", deadline_state_label(res->state), "submitted_on",
	    iso_or_null(a->submitted_on), "received_on", iso_or_null(res->received_on), "due_on",
	    iso_or_null(res->due_on), "working_days_left", res->working_days_left, "paused", res->paused, "overdue",
	    res->overdue, "timeline", timeline_json(ev, n, staff), "explanation", derivation_json(res, false));
	if (a->outcome[0]) {
		json_object_set_new(j, "outcome", json_string(a->outcome));
		json_object_set_new(j, "outcome_label", json_string(apply_outcome_label(a->outcome)));
		json_object_set_new(j, "legal_basis", json_string(a->legal_basis));
		json_object_set_new(j, "concluded_on", iso_or_null(a->concluded_on));
	}
	json_object_set_new(j, "delivered_on", iso_or_null(a->delivered_on));
	json_object_set_new(j, "fees", fees_json(r, a, res));
	json_object_set_new(j, "notices", notices_json(r, a, res, j, staff));
	struct apply_letter letter;
	if (apply_letter_get(req_reader(r), a->id, &letter) == 1) {
		if (letter.issued_at || staff)
			json_object_set_new(j, "reply_letter", json_string(letter.body));
		free(letter.body);
	}
	return j;
}

static int send_view(struct req *r, const struct application *a, bool staff)
{
	struct apply_event *ev;
	size_t n;
	struct deadline_result res;
	if (load_clock(r, a, &ev, &n, &res) != 0)
		return req_error(r, 500, "无法计算答复期限。");
	json_t *j = view_json(r, a, ev, n, &res, staff);
	free(ev);
	deadline_result_free(&res);
	return api_send_json(r, 200, j);
}

static int send_deadline(struct req *r, const struct application *a)
{
	struct apply_event *ev;
	size_t n;
	struct deadline_result res;
	if (load_clock(r, a, &ev, &n, &res) != 0)
		return req_error(r, 500, "无法计算答复期限。");
	json_t *j =
	    json_pack("{s:s, s:s, s:o, s:o, s:i, s:b, s:b, s:b, s:s, s:o}", "tracking_no", a->tracking_no, "state",
		      deadline_state_name(res.state), "received_on", iso_or_null(res.received_on), "due_on",
		      iso_or_null(res.due_on), "working_days_left", res.working_days_left, "paused", res.paused,
		      "overdue", res.overdue, "unknown_calendar", res.unknown_calendar, "calendar_version",
		      res.calendar_version ? res.calendar_version : "", "derivation", derivation_json(&res, true));
	free(ev);
	deadline_result_free(&res);
	return api_send_json(r, 200, j);
}

/* Splits "/api/v1/applications/NO[/TAIL]" into the tracking number and the tail ("" when none). */
static const char *split_path(struct req *r, const char **tail)
{
	const char *rest = r->path + strlen(API_PREFIX);
	const char *slash = strchr(rest, '/');
	*tail = slash ? slash + 1 : "";
	const char *no = slash ? arena_strndup(&r->arena, rest, (size_t)(slash - rest)) : rest;
	return *no ? no : NULL;
}

/* The applicant's query code: the X-Query-Code header (kept out of URLs and logs), else ?code=. */
static const char *query_code(const struct req *r)
{
	const char *header = req_header(r, "X-Query-Code");
	return header ? header : req_query(r, "code");
}

int api_apply_get(struct req *r)
{
	const char *tail, *no = split_path(r, &tail);
	struct db *db = req_reader(r);
	if (!no || (*tail && strcmp(tail, "deadline") != 0 && strcmp(tail, "letter.pdf") != 0))
		return req_error(r, 404, NULL);
	if (!db)
		return req_error(r, 503, NULL);
	struct actor actor = http_actor(r);
	struct application a;
	int rc = apply_get(db, no, &a);
	if (rc < 0)
		return req_error(r, 500, NULL);
	bool staff = rc == 1 && apply_actor_handles(&actor, a.agency_id);
	if (strcmp(tail, "deadline") == 0) {
		if (!r->logged_in)
			return req_error(r, 401, "请提供办理人员的访问令牌。");
		if (rc == 0)
			return req_error(r, 404, "没有这个申请编号。");
		return staff ? send_deadline(r, &a) : req_error(r, 403, "只有本机关的申请办理人员可以查看期限推算。");
	}
	char pub_no[APPLY_TRACKING_SIZE], code[APPLY_CODE_LEN + 8];
	apply_normalize_key(no, pub_no, sizeof pub_no);
	apply_normalize_key(query_code(r), code, sizeof code);
	if (!staff && apply_get_public(db, pub_no, code, &a) != 1)
		return req_error(r, 404, "申请编号或查询码不正确。");
	if (strcmp(tail, "letter.pdf") == 0)
		return apply_http_issued_letter_pdf(r, &a);
	return send_view(r, &a, staff);
}

/* ---- POST /api/v1/applications/{no}/events ---- */

static void read_event(struct req *r, const struct body *b, struct apply_event_input *in, struct apply_errors *e)
{
	in->type = body_text(r, b, "type", e);
	in->date = body_text(r, b, "date", e);
	in->outcome = body_text(r, b, "outcome", e);
	in->legal_basis = body_text(r, b, "legal_basis", e);
	in->party = body_text(r, b, "party", e);
	in->note = body_text(r, b, "note", e);
	in->approver = body_text(r, b, "approver", e);
	long long days = body_int(r, b, "workdays", 0, e);
	in->workdays = days < -1 || days > 1000 ? -1 : (int)days; /* out of range: refused by the domain */
	in->fee_yuan = body_int(r, b, "fee_yuan", 0, e);
	in->fee_method = body_text(r, b, "fee_method", e);
	long long items = body_int(r, b, "fee_items", 0, e), pages = body_int(r, b, "fee_pages", 0, e);
	in->fee_items = items < 0 || items > 100000 ? -1 : (int)items; /* out of range: named by the domain */
	in->fee_pages = pages < 0 || pages > 10000000 ? -1 : (int)pages;
	if (in->fee_yuan < 0 || in->fee_yuan > 1000000000)
		in->fee_yuan = -1;
}

/* ---- POST /api/v1/applications/{no}/correction: the applicant's online 补正 ---- */

static int post_correction(struct req *r, const char *no)
{
	struct body b;
	int status = body_parse(r, &b);
	if (status)
		return status;
	struct apply_errors e = {0};
	const char *code = req_header(r, "X-Query-Code");
	if (!code || !*code)
		code = body_text(r, &b, "code", &e);
	const char *text = body_text(r, &b, "text", &e);
	json_decref(b.json);
	const struct calendar *cal = apply_http_calendar(r);
	if (!cal)
		return req_error(r, 503, NULL);
	struct actor actor = http_actor(r);
	int today = apply_http_today(r);
	enum apply_status st =
	    e.n ? APPLY_INVALID
		: apply_correction_online(r->app->store, cal, no, code, text, NULL, 0, actor.ip, today, req_now(r), &e);
	if (st == APPLY_NOT_FOUND)
		return req_error(r, 404, "申请编号或查询码不正确。");
	if (st != APPLY_OK)
		return fail(r, st, &e);
	char iso[CAL_ISO_SIZE];
	return api_send_json(
	    r, 201, json_pack("{s:s, s:s}", "type", "correction_received", "date", cal_format_iso(today, iso)));
}

int api_apply_post(struct req *r)
{
	const char *tail, *no = split_path(r, &tail);
	if (no && strcmp(tail, "correction") == 0)
		return post_correction(r, no);
	if (!no || strcmp(tail, "events") != 0)
		return req_error(r, 404, NULL);
	if (!r->logged_in)
		return req_error(r, 401, "请先登录，或登录已过期，请重新登录。");
	if (!(r->user.roles & (ROLE_HANDLER | ROLE_LEADER)))
		return req_error(r, 403, "您的账号没有执行此操作的权限。");
	struct body b;
	int status = body_parse(r, &b);
	if (status)
		return status;
	struct apply_event_input in = {0};
	struct apply_errors e = {0};
	read_event(r, &b, &in, &e);
	enum apply_status st = e.n ? APPLY_INVALID : APPLY_OK;
	const struct calendar *cal = apply_http_calendar(r);
	if (st == APPLY_OK) {
		struct actor actor = http_actor(r);
		st = cal ? apply_add_event(r->app->store, cal, no, &actor, &in, apply_http_today(r), req_now(r), &e)
			 : APPLY_ERROR;
	}
	json_decref(b.json);
	if (st != APPLY_OK)
		return fail(r, st, &e);
	struct application a;
	if (apply_get(req_reader(r), no, &a) != 1)
		return req_error(r, 500, NULL);
	struct apply_event *ev;
	size_t n;
	struct deadline_result res;
	if (load_clock(r, &a, &ev, &n, &res) != 0)
		return req_error(r, 500, NULL);
	json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:o}", "tracking_no", a.tracking_no, "type", in.type, "seq", (int)n,
			      "status", deadline_state_name(res.state), "due_on", iso_or_null(res.due_on));
	if (a.outcome[0])
		json_object_set_new(j, "outcome", json_string(a.outcome));
	if (strcmp(in.type, "fee_notice") == 0 || strcmp(in.type, "fee_paid") == 0) {
		json_t *fees = fees_json(r, &a, &res);
		json_object_set(j, "fee", json_array_get(fees, json_array_size(fees) - 1));
		json_decref(fees);
	}
	free(ev);
	deadline_result_free(&res);
	return api_send_json(r, 201, j);
}
