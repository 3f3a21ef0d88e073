/* api_info.c — the JSON API of 主动公开 (issue 4 §7, docs/info.md):
 *   POST /api/v1/items                          draft an item (editor) → 201 {"id","index_no","status"}
 *   GET  /api/v1/items?q=&category=&year=&doc_type=&page=&per_page=&agency=   published items (public)
 *   GET  /api/v1/items/{id}                     one item: public when published, else staff of its agency
 *   POST /api/v1/items/{id}/submit|review|approve|publish|withdraw|validity   workflow steps
 *   GET  /api/v1/categories[?agency=]           the catalogue
 *   POST /api/v1/categories/defaults            install the default catalogue (admin)
 * 422 names the invalid field ("field：message"), 409 carries the workflow's reason, 404 hides what the
 * caller may not see. Bodies are built with jansson. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "domain/audit.h"
#include "http/api.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_meta.h"
#include "info/attach.h"
#include "info/info_search.h"

#define ITEMS_PREFIX	 "/api/v1/items/"
#define PER_PAGE_DEFAULT 20

/* Fails with the outcome; for 422 the message starts with the field name. */
static int api_fail(struct req *r, const struct outcome *out)
{
	if (out->code == OUTCOME_INVALID && *out->field)
		return req_error(r, 422, arena_printf(&r->arena, "%s：%s", out->field, out->message));
	return http_outcome_fail(r, out);
}

/* Parses the JSON object body; NULL with the 400 already set on r. */
static json_t *json_body(struct req *r, int *status)
{
	json_error_t jerr;
	json_t *j = json_loadb(r->body_in.data ? r->body_in.data : "", r->body_in.len, JSON_REJECT_DUPLICATES, &jerr);
	if (json_is_object(j))
		return j;
	json_decref(j);
	*status = req_error(r, 400, "请求体不是有效的 JSON 对象。");
	return NULL;
}

/* A string field of the body (numbers become decimal text in the arena); NULL when absent. Sets *bad
 * to the field name when the value has another type. */
static const char *field(struct req *r, json_t *body, const char *name, const char **bad)
{
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v) && utf8_valid(json_string_value(v), json_string_length(v)))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
	*bad = name;
	return NULL;
}

static int bad_field(struct req *r, const char *name)
{
	return req_error(r, 422, arena_printf(&r->arena, "%s：应为字符串", name));
}

/* ---- item JSON ---- */

static json_t *date_json(int day)
{
	char iso[CAL_ISO_SIZE];
	return day == CAL_NO_DAY ? json_null() : json_string(cal_format_iso(day, iso));
}

/* The item's current attachments: name, type, size, SHA-256 and the public download address. */
static json_t *attachments_json(struct req *r, int64_t item_id)
{
	json_t *arr = json_array();
	struct info_attachment *list = NULL;
	size_t n = 0;
	if (info_attach_list(req_reader(r), item_id, &list, &n) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    arr, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)list[i].id, "name",
					   list[i].name, "type", attach_kind_mime(list[i].kind), "size",
					   (json_int_t)list[i].size, "sha256", list[i].sha256, "url",
					   arena_printf(&r->arena, "/info/file/%lld", (long long)list[i].id)));
	free(list);
	return arr;
}

static json_t *item_json(struct req *r, const struct info_item *it, bool staff)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s}", "id",
			      (json_int_t)it->id, "index_no", it->index_no, "title", it->title, "doc_no", it->doc_no,
			      "publisher", it->publisher, "category", it->category_name, "formed_on",
			      date_json(it->formed_on), "summary", it->summary, "body_html", it->body_html,
			      "published_on", date_json(it->published_on), "doc_type", info_doc_type_name(it->doc_type),
			      "validity", info_validity_name(it->validity), "validity_on", date_json(it->validity_on),
			      "disclosure", "主动公开", "url", info_http_item_path(r, it->id));
	json_object_set_new(j, "category_id", json_integer(it->category_id));
	json_object_set_new(j, "theme", json_string(it->theme_name)); /* 主题分类 (info_meta.h), "" = none */
	json_object_set_new(j, "theme_code", json_string(it->theme_code));
	json_object_set_new(j, "replaced_by",
			    it->replaced_by ? json_pack("{s:I, s:s}", "id", (json_int_t)it->replaced_by, "url",
							info_http_item_path(r, it->replaced_by))
					    : json_null());
	json_object_set_new(j, "attachments", attachments_json(r, it->id));
	if (staff) {
		json_object_set_new(j, "status", json_string(info_status_name(it->status)));
		json_object_set_new(j, "body", json_string(it->body));
		json_object_set_new(j, "late", json_boolean(it->late));
		json_object_set_new(j, "due_on", date_json(it->due_on));
		json_object_set_new(j, "withdraw_reason", json_string(it->withdraw_reason));
	}
	return j;
}

static json_t *hit_json(struct req *r, const struct info_hit *h)
{
	json_t *j = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:s, s:s, s:s}", "id", (json_int_t)h->id, "index_no",
	    h->index_no, "title", h->title, "doc_no", h->doc_no, "publisher", h->publisher, "category",
	    h->category_name, "category_id", (json_int_t)h->category_id, "formed_on", date_json(h->formed_on),
	    "published_on", date_json(h->published_on), "doc_type", info_doc_type_name(h->doc_type), "validity",
	    info_validity_name(h->validity), "url", info_http_item_path(r, h->id), "snippet_html", h->snippet_html);
	json_object_set_new(j, "theme", json_string(h->theme_name)); /* 主题分类 */
	json_object_set_new(j, "theme_code", json_string(h->theme_code));
	return j;
}

/* ---- POST /api/v1/items ---- */

struct create_job {
	struct actor actor;
	const struct info_item_input *in;
	int64_t now, id;
};

static enum outcome_code create_item(struct db *w, void *ctx, struct outcome *out)
{
	struct create_job *j = ctx;
	return info_item_create(w, &j->actor, j->in, j->now, &j->id, out);
}

int api_info_create(struct req *r)
{
	int status = 0;
	json_t *body = json_body(r, &status);
	if (!body)
		return status;
	const char *bad = NULL;
	struct info_item_input in = {
	    .category = field(r, body, "category", &bad),
	    .title = field(r, body, "title", &bad),
	    .doc_no = field(r, body, "doc_no", &bad),
	    .publisher = field(r, body, "publisher", &bad),
	    .formed_on = field(r, body, "formed_on", &bad),
	    .summary = field(r, body, "summary", &bad),
	    .body = field(r, body, "body", &bad),
	    .doc_type = field(r, body, "doc_type", &bad),
	};
	/* The strings stay owned by body until it is released below. */
	if (bad) {
		json_decref(body);
		return bad_field(r, bad);
	}
	struct create_job job = {http_actor(r), &in, req_now(r), 0};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, create_item, &job, &out);
	json_decref(body);
	if (code != OUTCOME_OK)
		return api_fail(r, &out);
	int64_t id = job.id;
	struct info_item it;
	if (info_item_get(req_reader(r), id, &it) != 1)
		return req_error(r, 500, NULL);
	json_t *j = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "index_no", it.index_no, "status", "draft");
	if (*out.warning)
		json_object_set_new(j, "warning", json_string(out.warning));
	info_item_free(&it);
	req_add_header(r, "Location", arena_printf(&r->arena, ITEMS_PREFIX "%lld", (long long)id));
	return api_send_json(r, 201, j);
}

/* ---- GET /api/v1/items ---- */

/* The agency whose items are listed: ?agency=ID, else every agency (0). */
static int64_t list_agency(struct req *r)
{
	return req_positive(req_query(r, "agency"));
}

/* The agency for category names and the catalogue: ?agency=ID, else the portal's agency. */
static int64_t catalogue_agency(struct req *r)
{
	int64_t id = req_positive(req_query(r, "agency"));
	const struct agency *site = id ? NULL : layout_site(r);
	return id ? id : site ? site->id : 0;
}

/* Fills q from the query string; returns 0 or the 422 status. */
static int read_query(struct req *r, struct info_query *q, size_t *page, size_t *per_page)
{
	memset(q, 0, sizeof *q);
	q->agency_id = list_agency(r);
	q->q = req_query(r, "q");
	q->doc_type = -1;
	const char *category = req_query(r, "category");
	if (category && *category) {
		struct info_category c;
		int64_t agency = req_positive(category) ? 0 : catalogue_agency(r);
		int rc = agency ? info_category_resolve(req_reader(r), agency, category, &c)
				: info_category_get(req_reader(r), req_positive(category), &c);
		if (rc != 1 || c.retired)
			return req_error(r, 422, "category：没有这个信息类别");
		q->category_id = c.id;
	}
	const char *year = req_query(r, "year");
	if (year && *year && ((q->year = (int)req_positive(year)) < 1900 || q->year > 9999))
		return req_error(r, 422, "year：应为四位年份");
	const char *type = req_query(r, "doc_type");
	if (type && *type && (q->doc_type = info_doc_type_parse(type)) < 0)
		return req_error(r, 422, "doc_type：应为 regulation、normative 或 other");
	const char *bad = info_http_search_filters(r, q); /* theme, from, to, order as on the portal */
	if (bad)
		return req_error(r, 422, bad);
	*page = req_query(r, "page") ? (size_t)req_positive(req_query(r, "page")) : 1;
	*per_page = req_query(r, "per_page") ? (size_t)req_positive(req_query(r, "per_page")) : PER_PAGE_DEFAULT;
	if (*page == 0 || *page > 10000 || *per_page == 0 || *per_page > 100)
		return req_error(r, 422, "page / per_page：应为正整数（每页最多 100 条）");
	q->limit = *per_page;
	q->offset = (*page - 1) * *per_page;
	return 0;
}

int api_info_list(struct req *r)
{
	struct info_query q;
	size_t page = 1, per_page = PER_PAGE_DEFAULT;
	int status = read_query(r, &q, &page, &per_page);
	if (status)
		return status;
	struct info_hits hits;
	struct outcome out;
	if (info_search(req_reader(r), &q, req_now(r), &hits, &out) != OUTCOME_OK)
		return api_fail(r, &out);
	json_t *items = json_array();
	for (size_t i = 0; i < hits.count; i++)
		json_array_append_new(items, hit_json(r, &hits.items[i]));
	json_t *j =
	    json_pack("{s:o, s:I, s:b, s:I, s:I}", "items", items, "total", (json_int_t)hits.total, "total_capped",
		      hits.total_capped, "page", (json_int_t)page, "per_page", (json_int_t)per_page);
	info_hits_free(&hits);
	return api_send_json(r, 200, j);
}

/* ---- GET /api/v1/items/{id} ---- */

/* The id after the prefix and the optional "/action" into *action (arena). 0 when malformed. */
static int64_t path_id(struct req *r, const char **action)
{
	const char *rest = r->path + strlen(ITEMS_PREFIX);
	const char *slash = strchr(rest, '/');
	*action = slash ? slash + 1 : NULL;
	char *id_text = arena_strndup(&r->arena, rest, slash ? (size_t)(slash - rest) : strlen(rest));
	return req_positive(id_text);
}

int api_info_get(struct req *r)
{
	const char *action;
	int64_t id = path_id(r, &action);
	if (!id || action)
		return req_error(r, 404, NULL);
	struct info_item it;
	int rc = info_item_get(req_reader(r), id, &it);
	if (rc < 0)
		return req_error(r, 500, NULL);
	bool staff = rc == 1 && r->logged_in && r->user.agency_id == it.agency_id;
	if (rc == 0 || (!staff && !info_item_public(&it, req_now(r)))) {
		info_item_free(&it);
		return req_error(r, 404, "没有这条信息，或它尚未公开。");
	}
	json_t *j = item_json(r, &it, staff);
	info_item_free(&it);
	return api_send_json(r, 200, j);
}

/* ---- POST /api/v1/items/{id}/{action} ---- */

struct step_args {
	const char *decision, *opinion, *reason, *publish_at, *validity, *validity_on;
	int approve; /* -1 absent */
};

static void read_step_args(struct req *r, json_t *body, struct step_args *a, const char **bad)
{
	a->decision = field(r, body, "decision", bad);
	a->opinion = field(r, body, "opinion", bad);
	a->reason = field(r, body, "reason", bad);
	a->publish_at = field(r, body, "publish_at", bad);
	a->validity = field(r, body, "validity", bad);
	a->validity_on = field(r, body, "validity_on", bad);
	json_t *approve = json_object_get(body, "approve");
	a->approve = json_is_boolean(approve) ? json_is_true(approve) : -1;
}

/* Runs the step named action (known_action() was checked). Returns the code. */
static enum outcome_code run_step(struct req *r, struct db *w, int64_t id, const char *action,
				  const struct step_args *a, struct outcome *out)
{
	struct actor actor = http_actor(r);
	int64_t now = req_now(r);
	if (strcmp(action, "submit") == 0)
		return info_submit(w, &actor, id, now, out);
	if (strcmp(action, "review") == 0) {
		int decision = info_decision_parse(a->decision);
		if (decision < 0)
			return info_invalid(out, "decision", "审查结论：应为 pass、return 或 classified");
		return info_review(w, &actor, id, (enum info_decision)decision, a->opinion, now, out);
	}
	if (strcmp(action, "approve") == 0) {
		if (a->approve < 0)
			return info_invalid(out, "approve", "审批结论：approve 应为 true 或 false");
		return info_approve(w, &actor, id, a->approve == 1, a->opinion, now, out);
	}
	if (strcmp(action, "publish") == 0) {
		int64_t at;
		if (info_http_parse_time(a->publish_at, &at) < 0)
			return info_invalid(out, "publish_at", "发布时间：格式应为 YYYY-MM-DD HH:MM");
		return info_publish(w, &actor, id, at, info_http_calendar(r), now, out);
	}
	if (strcmp(action, "withdraw") == 0)
		return info_withdraw(w, &actor, id, a->reason ? a->reason : a->opinion, now, out);
	int validity = info_validity_parse(a->validity), day = CAL_NO_DAY;
	if (validity < 0)
		return info_invalid(out, "validity", "有效性：应为 valid、repealed 或 expired");
	if (a->validity_on && *a->validity_on && cal_parse_iso(a->validity_on, strlen(a->validity_on), &day) < 0)
		return info_invalid(out, "validity_on", "有效性变更日期：格式应为 YYYY-MM-DD");
	return info_set_validity(w, &actor, id, (enum info_validity)validity, day, now, out);
}

struct step_job {
	struct req *r;
	int64_t id;
	const char *action;
	const struct step_args *a;
};

static enum outcome_code step_item(struct db *w, void *ctx, struct outcome *out)
{
	struct step_job *j = ctx;
	return run_step(j->r, w, j->id, j->action, j->a, out);
}

static bool known_action(const char *action)
{
	static const char *const actions[] = {"submit", "review", "approve", "publish", "withdraw", "validity"};
	for (size_t i = 0; action && i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(action, actions[i]) == 0)
			return true;
	return false;
}

static int step_result(struct req *r, int64_t id, const char *action, const struct outcome *out)
{
	struct info_item it;
	if (info_item_get(req_reader(r), id, &it) != 1)
		return req_error(r, 500, NULL);
	json_t *j = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "index_no", it.index_no, "status",
			      info_status_name(it.status));
	if (strcmp(action, "publish") == 0) {
		json_object_set_new(j, "url", json_string(info_http_item_path(r, id)));
		json_object_set_new(j, "scheduled", json_boolean(it.published_at > req_now(r)));
		json_object_set_new(j, "late", json_boolean(it.late));
	}
	if (*out->warning)
		json_object_set_new(j, "warning", json_string(out->warning));
	info_item_free(&it);
	return api_send_json(r, 200, j);
}

int api_info_post(struct req *r)
{
	const char *action;
	int64_t id = path_id(r, &action);
	if (!id || !known_action(action))
		return req_error(r, 404, NULL);
	int status = 0;
	json_t *body = r->body_in.len ? json_body(r, &status) : json_object();
	if (!body)
		return status;
	const char *bad = NULL;
	struct step_args a;
	read_step_args(r, body, &a, &bad);
	if (bad) {
		json_decref(body);
		return bad_field(r, bad);
	}
	struct outcome out;
	struct step_job job = {r, id, action, &a};
	enum outcome_code code = store_write(r->app->store, step_item, &job, &out);
	json_decref(body);
	return code == OUTCOME_OK ? step_result(r, id, action, &out) : api_fail(r, &out);
}

/* ---- categories ---- */

int api_info_categories(struct req *r)
{
	struct info_category *list;
	size_t n;
	if (info_category_list(req_reader(r), catalogue_agency(r), false, req_now(r), &list, &n) < 0)
		return req_error(r, 500, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:I}", "id", (json_int_t)list[i].id,
						"parent_id", (json_int_t)list[i].parent_id, "code", list[i].code,
						"name", list[i].name, "basis", list[i].basis, "depth", list[i].depth,
						"published", (json_int_t)list[i].published));
	free(list);
	return api_send_json(r, 200, json_pack("{s:o}", "categories", items));
}

struct defaults_job {
	struct actor actor;
	int64_t now;
	int created;
};

static enum outcome_code install_defaults(struct db *w, void *ctx, struct outcome *out)
{
	struct defaults_job *j = ctx;
	return info_categories_defaults(w, &j->actor, j->now, &j->created, out);
}

int api_info_categories_defaults(struct req *r)
{
	struct defaults_job job = {http_actor(r), req_now(r), 0};
	struct outcome out;
	if (store_write(r->app->store, install_defaults, &job, &out) != OUTCOME_OK)
		return api_fail(r, &out);
	return api_send_json(r, job.created > 0 ? 201 : 200, json_pack("{s:i}", "created", job.created));
}
