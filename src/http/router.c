/* router.c — the dispatcher: finds the route for a request, enforces its flags before the handler
 * runs, turns errors into one error page, and adds the security headers to every response.
 * The order of the checks is documented in router.h. */
#include "http/router.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/agency.h"
#include "http/guard.h"
#include "http/layout.h"
#include "http/site_url.h"
#include "storage/db.h"

void req_parse_target(struct req *r, const char *target)
{
	r->target = arena_strdup(&r->arena, target);
	r->target_status = parse_target(&r->arena, r->target, &r->path, &r->query_raw);
	if (r->target_status != PARSE_OK) {
		r->path = NULL;
		r->query_raw = "";
	}
	site_unmount_path(r);
}

static bool route_matches_path(const struct route *rt, const char *path)
{
	/* every pattern starts with '/': its second byte turns most routes away without a string compare */
	if (rt->pattern[0] && rt->pattern[1] && rt->pattern[1] != path[1])
		return false;
	if (rt->flags & ROUTE_PREFIX)
		return strncmp(path, rt->pattern, strlen(rt->pattern)) == 0;
	return strcmp(path, rt->pattern) == 0;
}

static bool method_is(const char *method, const char *want)
{
	if (strcmp(want, "GET") == 0)
		return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	return strcmp(method, want) == 0;
}

/* Finds the route for (method, path); *path_known tells whether another method would match. */
static const struct route *route_find(const char *method, const char *path, bool *path_known)
{
	*path_known = false;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (!route_matches_path(rt, path))
			continue;
		*path_known = true;
		if (method_is(method, rt->method))
			return rt;
	}
	return NULL;
}

size_t router_body_limit(const struct http_app *app, const char *method, const char *path)
{
	bool known;
	const struct route *rt = path ? route_find(method, path, &known) : NULL;
	if (rt && (rt->flags & ROUTE_UPLOAD))
		return (size_t)app->cfg->max_upload_bytes;
	return (size_t)app->cfg->max_form_bytes;
}

static bool is_api_path(const char *path)
{
	return path && strncmp(path, "/api/", 5) == 0;
}

/* Host part ("example.org:8080") of an absolute URL such as an Origin or Referer value; arena copy. */
static const char *url_host(struct arena *a, const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	return arena_strndup(a, p, strcspn(p, "/?#"));
}

/* True when a state-changing request visibly comes from another site. A request without Origin and
 * Referer (non-browser clients) passes here and still needs the CSRF token. */
static bool cross_origin(struct req *r)
{
	const char *host = req_header(r, "Host");
	const char *origin = req_header(r, "Origin");
	const char *source = origin ? origin : req_header(r, "Referer");
	if (!source)
		return false;
	const char *source_host = url_host(&r->arena, source);
	return !host || !source_host || strcasecmp(host, source_host) != 0;
}

/* Parses the query string and, for POST, the body. Returns 0 or the error status. */
static int parse_inputs(struct req *r)
{
	if (parse_urlencoded(&r->arena, r->query_raw, strlen(r->query_raw), &r->query) != PARSE_OK)
		return req_error(r, 400, "网址中的查询参数格式错误或不是有效的 UTF-8 文本。");
	if (strcmp(r->method, "POST") != 0)
		return 0;
	if (r->body_too_large)
		return req_error(r, 413, NULL);
	if (r->route->flags & ROUTE_API)
		return 0; /* the API handler reads the raw JSON body */
	const char *type = req_header(r, "Content-Type");
	int rc = PARSE_OK;
	if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) == 0) {
		rc = parse_urlencoded(&r->arena, r->body_in.data ? r->body_in.data : "", r->body_in.len, &r->form);
	} else if (strncasecmp(type, "multipart/form-data", 19) == 0 && (r->route->flags & ROUTE_UPLOAD)) {
		const char *boundary = multipart_boundary(&r->arena, type);
		rc = boundary ? parse_multipart(&r->arena, boundary, r->body_in.data ? r->body_in.data : "",
						r->body_in.len, &r->form, &r->uploads)
			      : PARSE_MALFORMED;
	} else {
		return req_error(r, 415, "表单的编码方式不受支持。");
	}
	if (rc == PARSE_BAD_UTF8)
		return req_error(r, 400, "提交的内容含有无效的字符编码（不是有效的 UTF-8 文本），未作任何更改。");
	if (rc == PARSE_TOO_MANY)
		return req_error(r, 400, "提交的字段过多，未作任何更改。");
	if (rc != PARSE_OK)
		return req_error(r, 400, "提交的表单格式错误，未作任何更改。");
	return 0;
}

/* Records that the session was used now (a write of the router's own, not of a route). */
static enum outcome_code touch_session(struct db *w, void *ctx, struct outcome *out)
{
	struct req *r = ctx;
	if (session_touch(w, r->session.id, req_now(r)) != 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法更新会话");
	return OUTCOME_OK;
}

/* Reads the session cookie and, when valid, fills r->user / r->session (sliding the idle timeout). */
static void load_session(struct req *r)
{
	const char *sid = req_cookie(r, "gk_session");
	if (!sid || strlen(sid) != SESSION_ID_LEN)
		return;
	struct db *db = req_reader(r);
	int found = db ? session_lookup(db, &r->app->policy, sid, req_now(r), &r->user, &r->session) : -1;
	r->session_unknown = found < 0;
	if (found != 1)
		return;
	r->logged_in = true;
	r->session_cookie = sid;
	if (session_needs_touch(&r->session, req_now(r)))
		store_write(r->app->store, touch_session, r, NULL); /* best effort: the request goes on */
}

struct token_touch_job {
	const char *token;
	int64_t now;
};

/* Records when the API token was last used (at most once a minute; a write of the router's own). */
static enum outcome_code touch_token(struct db *w, void *ctx, struct outcome *out)
{
	const struct token_touch_job *j = ctx;
	if (token_touch(w, j->token, j->now) != 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法记录令牌的使用时间");
	return OUTCOME_OK;
}

/* Reads "Authorization: Bearer gk_…" for API routes. */
static void load_token(struct req *r)
{
	const char *auth = req_header(r, "Authorization");
	struct db *db = req_reader(r);
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0 || !db)
		return;
	const char *token = auth + 7;
	while (*token == ' ')
		token++;
	if (token_lookup(db, token, req_now(r), &r->user) == 1) {
		r->logged_in = true;
		r->via_token = true;
		struct token_touch_job job = {token, req_now(r)};
		store_write(r->app->store, touch_token, &job, NULL); /* best effort: the request goes on */
	}
}

/* Checks who is asking against the route's flags. Returns 0 or the error status. */
/* Whether the user belongs to the portal's agency or to one above it (ROUTE_SITE). */
static bool site_staff(struct req *r)
{
	struct db *db = req_reader(r);
	int64_t site = db ? agency_site_id(db) : -1;
	return site > 0 && agency_within(db, site, r->user.agency_id) == 1;
}

/* Why the logged-in user may not use route rt (its roles, ROUTE_SITE), or NULL when they may. */
static const char *caller_refusal(struct req *r, const struct route *rt)
{
	if (rt->roles && !(r->user.roles & rt->roles))
		return "您的账号没有执行此操作的权限。";
	if ((rt->flags & ROUTE_SITE) && !site_staff(r))
		return "全站设置只能由本网站所属机关（或其上级机关）的管理员修改。";
	return NULL;
}

static int check_access(struct req *r)
{
	const struct route *rt = r->route;
	if (rt->flags & ROUTE_API)
		load_token(r);
	else if (rt->flags & (ROUTE_STAFF | ROUTE_POST))
		load_session(r);
	if (!(rt->flags & ROUTE_STAFF))
		return 0;
	if (!r->logged_in && r->session_unknown) /* not "logged out": the database did not answer */
		return req_error(r, 503, "数据库暂时无法访问，请稍后刷新页面；您的登录状态不受影响。");
	if (!r->logged_in) {
		if (!(rt->flags & ROUTE_API) && strcmp(r->route->method, "GET") == 0) {
			const char *next = arena_printf(&r->arena, "/login?next=%s", r->path);
			return req_redirect(r, next);
		}
		return req_error(r, (rt->flags & ROUTE_API) ? 401 : 403, "请先登录，或登录已过期，请重新登录。");
	}
	const char *refusal = caller_refusal(r, rt);
	return refusal ? req_error(r, 403, refusal) : 0;
}

bool router_user_may(struct req *r, const char *method, const char *path)
{
	bool path_known;
	const struct route *rt = route_find(method, path, &path_known);
	return rt && r->logged_in && !caller_refusal(r, rt);
}

bool router_prelogin_csrf_ok(const struct req *r, const char *submitted)
{
	/* Before login: double-submit of the gk_csrf cookie set by the forms shown without a session. */
	const char *cookie = req_cookie(r, "gk_csrf");
	return cookie && submitted && strlen(cookie) == SESSION_ID_LEN && strlen(submitted) == SESSION_ID_LEN &&
	       sodium_memcmp(cookie, submitted, SESSION_ID_LEN) == 0;
}

/* The CSRF check of ROUTE_POST routes. Returns 0 or 403. */
static int check_csrf(struct req *r)
{
	if (!(r->route->flags & ROUTE_POST) || r->via_token)
		return 0;
	const char *submitted = req_form(r, "csrf");
	/* Public pages are rendered without the session, so their forms carry the pre-login token even for
	 * a user who is logged in (e.g. opening /login again): a public route takes either token. */
	bool ok = r->logged_in && csrf_check(&r->session, submitted);
	if (!ok && (!r->logged_in || !(r->route->flags & ROUTE_STAFF)))
		ok = router_prelogin_csrf_ok(r, submitted);
	if (!ok)
		return req_error(
		    r, 403, "表单已过期或来源无法确认（CSRF 校验失败），未作任何更改。请返回上一页刷新后重新提交。");
	return 0;
}

/* Runs all checks and the handler. Returns the final status. */
static int dispatch(struct req *r)
{
	if (r->target_status == PARSE_TRAVERSAL)
		return req_error(r, 400, "请求的路径无效（含有“..”等不允许的部分）。");
	if (r->target_status != PARSE_OK)
		return req_error(r, 400, "请求的网址格式错误或不是有效的 UTF-8 文本。");
	const char *cookie_header = req_header(r, "Cookie");
	if (cookie_header && parse_cookies(&r->arena, cookie_header, &r->cookies) != PARSE_OK)
		return req_error(r, 400, "Cookie 数量过多。");
	const char *elder = req_cookie(r, "gk_elder");
	r->elder_mode = elder && strcmp(elder, "1") == 0;
	bool path_known;
	r->route = route_find(r->method, r->path, &path_known);
	if (!r->route) {
		if (!path_known)
			return req_error(r, 404, NULL);
		req_add_header(r, "Allow", "GET, HEAD, POST");
		return req_error(r, 405, NULL);
	}
	int status = parse_inputs(r);
	if (status == 0 && strcmp(r->method, "POST") == 0 && !(r->route->flags & ROUTE_API) && cross_origin(r))
		status = req_error(r, 403, "拒绝来自其他网站的提交请求，未作任何更改。");
	if (status == 0)
		status = check_access(r);
	if (status == 0)
		status = check_csrf(r);
	if (status == 0)
		status = r->route->handler(r);
	return status;
}

/* The one Content-Security-Policy, in three pieces: a nonce source goes after 'self' of script-src and
 * of style-src. */
#define CSP_HEAD   "default-src 'self'; script-src 'self'"
#define CSP_MIDDLE "; style-src 'self'"
#define CSP_TAIL   "; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
static const char csp_head[] = CSP_HEAD, csp_middle[] = CSP_MIDDLE, csp_tail[] = CSP_TAIL;

/* Appends s (len bytes) at *at and moves *at past it. */
static void put(char **at, const char *s, size_t len)
{
	memcpy(*at, s, len);
	*at += len;
}

/* The policy with r->nonce as the source of scripts and styles (in the arena; built without printf,
 * since every rendered page needs one). */
static const char *csp_with_nonce(struct req *r)
{
	static const char open[] = " 'nonce-", close[] = "'";
	size_t nonce_len = strlen(r->nonce);
	size_t source_len = sizeof open - 1 + nonce_len + sizeof close - 1;
	char *policy = arena_alloc(&r->arena, sizeof csp_head + sizeof csp_middle + sizeof csp_tail + 2 * source_len);
	char *at = policy;
	put(&at, csp_head, sizeof csp_head - 1);
	for (int i = 0; i < 2; i++) {
		put(&at, open, sizeof open - 1);
		put(&at, r->nonce, nonce_len);
		put(&at, close, sizeof close - 1);
		put(&at, i == 0 ? csp_middle : csp_tail, (i == 0 ? sizeof csp_middle : sizeof csp_tail) - 1);
	}
	*at = '\0';
	return policy;
}

/* The headers every response gets. A page answered from the page cache never uses a nonce (its body
 * was rendered for another response), so its policy is the same without one: no random bytes, no
 * formatting on the cache's fast path. */
static void add_security_headers(struct req *r, bool with_nonce)
{
	if (with_nonce) {
		unsigned char raw[16];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(r->nonce, sizeof r->nonce, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
		req_add_header_kept(r, "Content-Security-Policy", csp_with_nonce(r));
	} else {
		req_add_header_literal(r, "Content-Security-Policy", CSP_HEAD CSP_MIDDLE CSP_TAIL);
	}
	req_add_header_literal(r, "X-Content-Type-Options", "nosniff");
	req_add_header_literal(r, "X-Frame-Options", "DENY");
	req_add_header_literal(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	req_add_header_kept(r, "X-Request-Id", r->id);
	if (r->app->cfg->https)
		req_add_header_literal(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

void router_dispatch(struct req *r)
{
	uint64_t generation;
	if (page_cache_serve(r, &generation)) {
		add_security_headers(r, false);
		return;
	}
	add_security_headers(r, true);
	db_thread_error_clear();
	int status = dispatch(r);
	if (status >= 500)
		req_log_server_error(r, status);
	r->status = status;
	if (status >= 400 && r->page.out.len == 0 && !r->static_body)
		router_error_page(r, status);
	if (!r->static_body && !kv_get_ci(&r->resp_headers, "Cache-Control"))
		req_add_header_kept(r, "Cache-Control", r->logged_in ? "private, no-store" : "no-cache");
	req_release_reader(r);
	site_mount_response(r);
	page_cache_store(r, generation);
}

void router_refuse(struct req *r, int status, const char *message_zh)
{
	add_security_headers(r, true);
	r->status = req_error(r, status, message_zh);
	router_error_page(r, status);
	req_add_header(r, "Cache-Control", "no-store");
	req_release_reader(r);
	site_mount_response(r);
}

struct status_text {
	int status;
	const char *code;  /* JSON error code */
	const char *title; /* Chinese page title */
	const char *explanation;
};

static const struct status_text status_texts[] = {
    {400, "bad_request", "请求无效", "服务器无法理解这个请求。请检查网址或表单内容后重试。"},
    {401, "unauthorized", "需要身份认证", "请提供有效的访问令牌（Authorization: Bearer …）。"},
    {403, "forbidden", "禁止访问", "您没有访问此页面或执行此操作的权限。"},
    {404, "not_found", "页面不存在", "您访问的页面不存在或已被移除。请检查网址，或从首页、网站地图查找所需信息。"},
    {405, "method_not_allowed", "请求方法不允许", "此网址不支持这种请求方法。"},
    {409, "conflict", "操作与当前状态冲突", "这项操作在记录的当前状态下不允许，未作任何更改。请刷新页面查看最新状态。"},
    {410, "gone", "内容已撤回", "您访问的内容已被撤回，不再公开。"},
    {413, "payload_too_large", "提交的内容过大", "提交的内容超过了允许的大小，未作任何更改。请减少内容或分次提交。"},
    {414, "uri_too_long", "网址过长", "请求的网址过长，服务器无法处理。"},
    {415, "unsupported_media_type", "内容类型不受支持", "提交内容的类型不受支持。"},
    {422, "invalid_fields", "填写的内容有误", "部分字段的内容不符合要求，未作任何更改。请按提示修改后重新提交。"},
    {429, "too_many_requests", "请求过于频繁", "您提交得过于频繁，请稍后再试。"},
    {431, "header_too_large", "请求头过大", "请求头过大或过多，服务器无法处理。"},
    {500, "internal_error", "服务器内部错误", "服务器处理请求时出错，已记录此问题。请稍后重试。"},
    {503, "unavailable", "服务暂不可用", "服务器暂时无法处理请求，请稍后重试。"},
};

static const struct status_text *status_text(int status)
{
	for (size_t i = 0; i < sizeof status_texts / sizeof status_texts[0]; i++)
		if (status_texts[i].status == status)
			return &status_texts[i];
	for (size_t i = 0; i < sizeof status_texts / sizeof status_texts[0]; i++)
		if (status_texts[i].status == (status >= 500 ? 500 : 400))
			return &status_texts[i];
	return &status_texts[0];
}

void router_error_page(struct req *r, int status)
{
	const struct status_text *st = status_text(status);
	bool api = (r->route && (r->route->flags & ROUTE_API)) || is_api_path(r->path);
	if (api) {
		r->content_type = "application/json; charset=utf-8";
		page_printf(&r->page, "{\"error\":{\"code\":%j,\"message\":%j,\"request_id\":%j}}\n", st->code,
			    r->error_message ? r->error_message : st->explanation, r->id);
		return;
	}
	r->content_type = "text/html; charset=utf-8";
	layout_error(r, status, st->title, st->explanation, r->error_message);
}

/* Appends s to b with control characters, quotes and backslashes as \xNN (log-injection safe). */
static void log_escape(struct buf *b, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)(s ? s : "-"); *c; c++) {
		if (*c < 0x20 || *c == 0x7f || *c == '"' || *c == '\\')
			buf_printf(b, "\\x%02x", *c);
		else
			buf_putc(b, (char)*c);
	}
}

void router_access_log(const struct req *r, size_t body_bytes)
{
	if (!r->app->access_log)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long us = (now.tv_sec - r->started.tv_sec) * 1000000LL + (now.tv_nsec - r->started.tv_nsec) / 1000;
	time_t t = time(NULL);
	struct tm tm;
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S%z", localtime_r(&t, &tm));
	struct buf line = {0}; /* buf_puts and buf_put_int, not buf_printf: one line per request */
	buf_grow(&line, 160);
	buf_puts(&line, when);
	buf_putc(&line, ' ');
	buf_puts(&line, r->id);
	buf_putc(&line, ' ');
	buf_puts(&line, r->client_ip);
	buf_puts(&line, " \"");
	log_escape(&line, r->method);
	buf_putc(&line, ' ');
	struct buf target = {0};
	guard_redact_target(&target, r->target); /* query codes and tokens never reach the log */
	log_escape(&line, target.data);
	buf_free(&target);
	buf_puts(&line, "\" ");
	buf_put_int(&line, r->status);
	buf_putc(&line, ' ');
	buf_put_uint(&line, body_bytes);
	buf_putc(&line, ' ');
	buf_put_int(&line, us);
	buf_puts(&line, "us user=");
	buf_put_int(&line, r->logged_in ? (long long)r->user.id : 0LL);
	buf_putc(&line, '\n');
	fputs(line.data, stderr);
	buf_free(&line);
}
