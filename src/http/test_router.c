/* test_router.c — the dispatcher against a real (temporary) database with the demo data: security
 * headers, error pages, login with the pre-login CSRF token, sessions, role checks, the CSRF and
 * cross-origin refusals, body limits, invalid UTF-8, hostile payloads rendered inert, and the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "annual/annual_demo.h"
#include "domain/demo.h"
#include "http/http.h"
#include "http/layout.h"
#include "http/router.h"
#include "storage/store_testutil.h"

struct fixture {
	char dir[64];
	char path[96];
	struct config cfg;
	struct store *store;
	struct http_app app;
	struct demo_account accounts[DEMO_ACCOUNTS];
	char session[SESSION_ID_LEN + 1]; /* admin's session cookie */
	char csrf[SESSION_ID_LEN + 1];
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/gk-router-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	config_init(&f->cfg);
	char err[256];
	f->store = test_store_open(f->dir, err, sizeof err);
	int64_t now = (int64_t)time(NULL);
	if (!f->store || demo_load(f->store, now, f->accounts, err, sizeof err) != 0 ||
	    annual_demo_load(f->store, now, err, sizeof err) != 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	http_app_init(&f->app, &f->cfg, f->store);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_app_free(&f->app);
	store_close(f->store);
	config_free(&f->cfg);
	if (test_dir_remove(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

/* Runs one request; headers is "Name: value\n…" (may be NULL). Caller req_destroy()s the result. */
static struct req *run(struct fixture *f, const char *method, const char *target, const char *headers, const char *body)
{
	struct req *r = req_create(&f->app);
	r->method = arena_strdup(&r->arena, method);
	r->client_ip = "127.0.0.1";
	req_parse_target(r, target);
	char *h = arena_strdup(&r->arena, headers ? headers : "");
	for (char *line = strtok(h, "\n"); line; line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':');
		*colon = '\0';
		kv_add(&r->arena, &r->headers, line, colon + 2, strlen(colon + 2));
	}
	if (!req_header(r, "Host"))
		kv_add(&r->arena, &r->headers, "Host", "127.0.0.1:8080", 14);
	r->body_limit = router_body_limit(&f->app, method, r->path);
	if (body) {
		if (strlen(body) > r->body_limit)
			r->body_too_large = true;
		else
			buf_puts(&r->body_in, body);
	}
	router_dispatch(r);
	return r;
}

static const char *resp_header(const struct req *r, const char *name)
{
	return kv_get_ci(&r->resp_headers, name);
}

static const char *body(const struct req *r)
{
	if (r->cached_page) /* served from the page cache: the kept bytes, NUL-terminated */
		return (const char *)r->static_body;
	return r->page.out.data ? r->page.out.data : "";
}

/* Logs in as the demo admin with the pre-login CSRF double submit; fills f->session / f->csrf. */
static void login_admin(struct fixture *f)
{
	const char *token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char headers[256], form[256];
	snprintf(headers, sizeof headers, "Cookie: gk_csrf=%s\nContent-Type: application/x-www-form-urlencoded", token);
	snprintf(form, sizeof form, "csrf=%s&name=admin&password=%s&next=%%2Fadmin", token, f->accounts[0].password);
	struct req *r = run(f, "POST", "/login", headers, form);
	assert_int_equal(r->status, 303);
	assert_string_equal(resp_header(r, "Location"), "/admin");
	const char *cookie = NULL;
	for (size_t i = 0; i < r->resp_headers.count; i++)
		if (strncmp(r->resp_headers.items[i].value, "gk_session=", 11) == 0)
			cookie = r->resp_headers.items[i].value;
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Lax"));
	snprintf(f->session, sizeof f->session, "%.*s", SESSION_ID_LEN, cookie + 11);
	req_destroy(r);
	/* the session's CSRF token, as the back office pages embed it */
	struct user u;
	struct session s;
	assert_int_equal(
	    session_lookup(store_reader(f->store), &f->app.policy, f->session, (int64_t)time(NULL), &u, &s), 1);
	memcpy(f->csrf, s.csrf, sizeof f->csrf);
}

static struct req *staff_post(struct fixture *f, const char *target, const char *form, const char *extra_headers)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Cookie: gk_session=%s\nContent-Type: application/x-www-form-urlencoded%s%s",
		 f->session, extra_headers ? "\n" : "", extra_headers ? extra_headers : "");
	return run(f, "POST", target, headers, form);
}

static void test_home_has_shell_and_security_headers(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/", NULL, NULL);
	assert_int_equal(r->status, 200);
	const char *csp = resp_header(r, "Content-Security-Policy");
	assert_non_null(csp);
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	char nonce[64];
	snprintf(nonce, sizeof nonce, "'nonce-%s'", r->nonce);
	assert_non_null(strstr(csp, nonce));
	char policy[512]; /* the whole policy, byte for byte */
	snprintf(policy, sizeof policy,
		 "default-src 'self'; script-src 'self' 'nonce-%s'; style-src 'self' 'nonce-%s'; img-src 'self' data:; "
		 "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
		 r->nonce, r->nonce);
	assert_string_equal(csp, policy);
	assert_string_equal(resp_header(r, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(resp_header(r, "X-Frame-Options"), "DENY");
	assert_non_null(resp_header(r, "Referrer-Policy"));
	assert_string_equal(resp_header(r, "X-Request-Id"), r->id);
	char id[64]; /* the process's random prefix and the request's number */
	snprintf(id, sizeof id, "%s-%llu", f->app.id_prefix, (unsigned long long)atomic_load(&f->app.next_request));
	assert_int_equal(strlen(f->app.id_prefix), 8);
	assert_string_equal(r->id, id);
	const char *b = body(r);
	assert_non_null(strstr(b, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(b, "跳转到主要内容"));
	assert_non_null(strstr(b, "汝州市钟楼街道办事处")); /* the demo portal serves the 街道 */
	assert_non_null(strstr(b, "<meta name=\"SiteName\""));
	assert_non_null(strstr(b, "政府信息公开指南"));
	assert_non_null(strstr(b, "href=\"/sitemap\">网站地图"));
	assert_non_null(strstr(b, "主办单位"));
	req_destroy(r);
	struct req *r2 = run(f, "GET", "/", NULL, NULL);
	assert_string_not_equal(r2->nonce, nonce + 7); /* a fresh nonce per response */
	req_destroy(r2);
}

static void test_error_pages(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/no/such/page", NULL, NULL);
	assert_int_equal(r->status, 404);
	assert_non_null(strstr(body(r), "页面不存在"));
	assert_non_null(strstr(body(r), "政府网站标识码") || strstr(body(r), "主办单位"));
	req_destroy(r);
	r = run(f, "GET", "/assets/%2e%2e/%2e%2e/etc/passwd", NULL, NULL);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(body(r), "请求无效"));
	req_destroy(r);
	r = run(f, "DELETE", "/", NULL, NULL);
	assert_int_equal(r->status, 405);
	req_destroy(r);
	r = run(f, "GET", "/?q=%FF", NULL, NULL);
	assert_int_equal(r->status, 400);
	req_destroy(r);
	r = run(f, "GET", "/assets/gongkai.0000000000.css", NULL, NULL);
	assert_int_equal(r->status, 404);
	req_destroy(r);
}

static void test_assets_are_hashed_and_cached(void **state)
{
	struct fixture *f = *state;
	const char *url = assets_url(&f->app.assets, "gongkai.css");
	assert_true(strlen(url) > strlen("/assets/gongkai..css"));
	struct req *r = run(f, "GET", url, NULL, NULL);
	assert_int_equal(r->status, 200);
	assert_non_null(r->static_body);
	assert_string_equal(r->content_type, "text/css; charset=utf-8");
	assert_non_null(strstr(resp_header(r, "Cache-Control"), "immutable"));
	req_destroy(r);
}

static void test_staff_pages_need_login(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/admin/users", NULL, NULL);
	assert_int_equal(r->status, 303);
	assert_string_equal(resp_header(r, "Location"), "/login?next=/admin/users");
	req_destroy(r);
	r = run(f, "GET", "/admin",
		"Cookie: gk_session=0000000000000000000000000000000000000000000000000000000000000000", NULL);
	assert_int_equal(r->status, 303);
	req_destroy(r);
}

/* When the database cannot be asked about a session cookie, a staff page answers 503 instead of sending
 * the user to the login page as if logged out; a public page about an agency answers 503, not 404
 * (PostgreSQL restarting, e2e/pg_failover). */
static void test_session_unknown_is_503(void **state)
{
	struct fixture *f = *state;
	struct store *store = f->app.store;
	f->app.store = NULL; /* no database: req_reader gives NULL */
	struct req *r =
	    run(f, "GET", "/admin",
		"Cookie: gk_session=0000000000000000000000000000000000000000000000000000000000000000", NULL);
	assert_int_equal(r->status, 503);
	assert_null(resp_header(r, "Location"));
	req_destroy(r);
	r = run(f, "GET", "/admin", NULL, NULL); /* no cookie: plainly not logged in */
	assert_int_equal(r->status, 303);
	req_destroy(r);
	/* public pages about an agency: "the database did not answer", not "no such agency" */
	const char *pages[] = {"/info", "/info?agency=2", "/info/feed", "/info/feed?category=1"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		r = run(f, "GET", pages[i], NULL, NULL);
		assert_int_equal(r->status, 503);
		req_destroy(r);
	}
	f->app.store = store;
	r = run(f, "GET", "/info?agency=999999", NULL, NULL); /* with the database: a real 404 */
	assert_int_equal(r->status, 404);
	req_destroy(r);
	r = run(f, "GET", "/info/feed?agency=999999", NULL, NULL);
	assert_int_equal(r->status, 404);
	req_destroy(r);
}

static void test_login_needs_csrf(void **state)
{
	struct fixture *f = *state;
	char form[256];
	snprintf(form, sizeof form, "name=admin&password=%s", f->accounts[0].password);
	struct req *r = run(f, "POST", "/login", "Content-Type: application/x-www-form-urlencoded", form);
	assert_int_equal(r->status, 403);
	assert_non_null(strstr(body(r), "CSRF"));
	assert_null(resp_header(r, "Location"));
	req_destroy(r);
}

static void test_login_page_sets_prelogin_token(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/login", NULL, NULL);
	assert_int_equal(r->status, 200);
	const char *set = resp_header(r, "Set-Cookie");
	assert_non_null(set);
	assert_memory_equal(set, "gk_csrf=", 8);
	assert_non_null(strstr(body(r), "name=\"csrf\""));
	assert_non_null(strstr(body(r), "<label for=\"password\">密码</label>"));
	req_destroy(r);
}

static void test_wrong_password_is_refused(void **state)
{
	struct fixture *f = *state;
	const char *token = "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char headers[256], form[256];
	snprintf(headers, sizeof headers, "Cookie: gk_csrf=%s\nContent-Type: application/x-www-form-urlencoded", token);
	snprintf(form, sizeof form, "csrf=%s&name=editor&password=wrong-password-1", token);
	struct req *r = run(f, "POST", "/login", headers, form);
	assert_int_equal(r->status, 200);
	assert_null(resp_header(r, "Location"));
	assert_non_null(strstr(body(r), "role=\"alert\""));
	req_destroy(r);
}

static void test_workbench_and_roles(void **state)
{
	struct fixture *f = *state;
	login_admin(f);
	char cookie[128];
	snprintf(cookie, sizeof cookie, "Cookie: gk_session=%s", f->session);
	struct req *r = run(f, "GET", "/admin", cookie, NULL);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(body(r), "工作台"));
	assert_non_null(strstr(body(r), "我的任务"));
	assert_non_null(strstr(body(r), "演示管理员"));
	assert_non_null(strstr(resp_header(r, "Cache-Control"), "no-store"));
	req_destroy(r);
	r = run(f, "GET", "/admin/users", cookie, NULL);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(body(r), "reviewer"));
	req_destroy(r);
}

static void test_csrf_and_cross_origin_refused(void **state)
{
	struct fixture *f = *state;
	char form[512];
	snprintf(form, sizeof form, "csrf=%s&name=intruder&display_name=x&agency_id=1&role=editor",
		 "badbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadbadb");
	struct req *r = staff_post(f, "/admin/users", form, NULL);
	assert_int_equal(r->status, 403);
	req_destroy(r);
	snprintf(form, sizeof form, "name=intruder&display_name=x&agency_id=1&role=editor");
	r = staff_post(f, "/admin/users", form, NULL);
	assert_int_equal(r->status, 403);
	req_destroy(r);
	snprintf(form, sizeof form, "csrf=%s&name=intruder&display_name=x&agency_id=1&role=editor", f->csrf);
	r = staff_post(f, "/admin/users", form, "Origin: http://evil.example");
	assert_int_equal(r->status, 403);
	assert_non_null(strstr(body(r), "其他网站"));
	req_destroy(r);
	struct user u;
	assert_int_equal(user_get_by_name(store_reader(f->store), "intruder", &u), 0);
}

static void test_hostile_payload_stored_as_text(void **state)
{
	struct fixture *f = *state;
	char form[512];
	snprintf(
	    form, sizeof form,
	    "csrf=%s&name=xss.user&display_name=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E%%27%%3B+DROP+TABLE+users%%3B--"
	    "&agency_id=1&role=editor&role=reviewer",
	    f->csrf);
	struct req *r = staff_post(f, "/admin/users", form, "Origin: http://127.0.0.1:8080");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(body(r), "已新增用户 xss.user"));
	assert_null(strstr(body(r), "<script>alert(1)"));
	assert_non_null(strstr(body(r), "&lt;script&gt;alert(1)&lt;/script&gt;&#39;; DROP TABLE users;--"));
	req_destroy(r);
	struct user u;
	assert_int_equal(user_get_by_name(store_reader(f->store), "xss.user", &u), 1);
	assert_string_equal(u.display_name, "<script>alert(1)</script>'; DROP TABLE users;--");
	assert_int_equal(u.roles, ROLE_EDITOR | ROLE_REVIEWER);
}

static void test_bad_bodies_change_nothing(void **state)
{
	struct fixture *f = *state;
	char form[256];
	snprintf(form, sizeof form, "csrf=%s&name=utf8bad&display_name=%%FF%%FE&agency_id=1&role=editor", f->csrf);
	struct req *r = staff_post(f, "/admin/users", form, NULL);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(body(r), "UTF-8"));
	req_destroy(r);
	size_t big = (size_t)f->cfg.max_form_bytes + 10;
	char *huge = xmalloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = '\0';
	memcpy(huge, "name=", 5);
	r = staff_post(f, "/admin/users", huge, NULL);
	assert_int_equal(r->status, 413);
	assert_non_null(strstr(body(r), "提交的内容过大"));
	req_destroy(r);
	free(huge);
	struct user u;
	assert_int_equal(user_get_by_name(store_reader(f->store), "utf8bad", &u), 0);
}

static void test_api_health_and_tokens(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/api/v1/health", NULL, NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->content_type, "application/json; charset=utf-8");
	assert_non_null(strstr(body(r), "\"status\":\"ok\""));
	req_destroy(r);
	r = run(f, "GET", "/api/v1/me", NULL, NULL);
	assert_int_equal(r->status, 401);
	assert_non_null(strstr(body(r), "{\"error\":{\"code\":\"unauthorized\""));
	req_destroy(r);
	r = run(f, "GET", "/api/v1/nothing", NULL, NULL);
	assert_int_equal(r->status, 404);
	assert_non_null(strstr(body(r), "\"not_found\""));
	req_destroy(r);
	char token[TOKEN_LEN + 1];
	struct db *w = store_write_begin(f->store);
	assert_true(token_create(w, 1, "test", (int64_t)time(NULL), 0, token) > 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	char auth[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
	r = run(f, "GET", "/api/v1/me", auth, NULL);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(body(r), "\"name\":\"admin\""));
	req_destroy(r);
}

static void test_logout_ends_session(void **state)
{
	struct fixture *f = *state;
	char form[128];
	snprintf(form, sizeof form, "csrf=%s", f->csrf);
	struct req *r = staff_post(f, "/logout", form, NULL);
	assert_int_equal(r->status, 303);
	assert_string_equal(resp_header(r, "Location"), "/login?out=1");
	req_destroy(r);
	char cookie[128];
	snprintf(cookie, sizeof cookie, "Cookie: gk_session=%s", f->session);
	r = run(f, "GET", "/admin", cookie, NULL);
	assert_int_equal(r->status, 303); /* back to the login page */
	req_destroy(r);
}

static void test_expired_session(void **state)
{
	struct fixture *f = *state;
	login_admin(f);
	f->app.policy.idle_seconds = -1; /* every session is now past its idle timeout */
	char cookie[128];
	snprintf(cookie, sizeof cookie, "Cookie: gk_session=%s", f->session);
	struct req *r = run(f, "GET", "/admin", cookie, NULL);
	assert_int_equal(r->status, 303);
	req_destroy(r);
	accounts_policy_from_config(&f->app.policy, &f->cfg);
}

/* Commits a write that changes a row, as any edit does: the cache generation moves. */
static void commit_a_change(struct fixture *f)
{
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_int_equal(
	    db_step(db_prepare(w, "INSERT INTO settings (name, value, updated_at) VALUES ('test_change', "
				  "'1', 0) ON CONFLICT (name) DO UPDATE SET updated_at = settings.updated_at + 1")),
	    0);
	assert_int_equal(store_write_end(f->store, true), 0);
}

/* The footer is built with the portal's agency (once per load, not per page) and follows an edit of it:
 * the edit (page_admin) drops the cached agency, and the next page shows the new values, escaped. */
static void test_footer_follows_site_edit(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/rules", "Cookie: x=1", NULL); /* a cookie: rendered, not the page cache */
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(body(r), "<footer class=\"site-footer\">"));
	assert_null(strstr(body(r), "0375-6999999"));
	req_destroy(r);
	struct db *db = store_reader(f->store);
	int64_t site = agency_site_id(db);
	db_release(db);
	assert_true(site > 0);
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	struct db_stmt *st =
	    db_prepare(w, "UPDATE agency SET phone = '0375-6999999', address = '<b>新址</b>' WHERE id = :id");
	db_bind_int(st, ":id", site);
	assert_int_equal(db_step(st), 0);
	assert_int_equal(store_write_end(f->store, true), 0);
	layout_site_changed(&f->app);
	r = run(f, "GET", "/rules", "Cookie: x=1", NULL);
	assert_non_null(strstr(body(r), "<span class=\"footer-item\">联系电话：0375-6999999</span>"));
	assert_non_null(strstr(body(r), "地址：&lt;b&gt;新址&lt;/b&gt;"));
	assert_null(strstr(body(r), "<b>新址"));
	req_destroy(r);
	r = run(f, "GET", "/info", "Cookie: x=1", NULL); /* the next page: from the cached agency and footer */
	assert_non_null(strstr(body(r), "联系电话：0375-6999999"));
	req_destroy(r);
}

/* Anonymous public pages are served again from the micro-cache until this process writes. */
static void test_page_cache(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/rules", NULL, NULL);
	assert_int_equal(r->status, 200);
	assert_null(resp_header(r, "X-Cache"));
	char *first = strdup(body(r));
	req_destroy(r);
	r = run(f, "GET", "/rules", NULL, NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "X-Cache"), "HIT");
	assert_string_equal(body(r), first);
	assert_non_null(resp_header(r, "Content-Security-Policy"));		  /* fresh security headers */
	assert_null(strstr(resp_header(r, "Content-Security-Policy"), "nonce-")); /* the kept body uses none */
	assert_string_equal(resp_header(r, "Content-Security-Policy"),
			    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	req_destroy(r);
	free(first);
	/* a cookie (elder mode, a session) or a token is never served from the cache */
	r = run(f, "GET", "/rules", "Cookie: gk_elder=1", NULL);
	assert_null(resp_header(r, "X-Cache"));
	assert_non_null(strstr(body(r), "class=\"elder\""));
	req_destroy(r);
	/* a committed write that changed nothing keeps the entries (an API token's last-use touch) */
	struct db *w = store_write_begin(f->store);
	assert_non_null(w);
	assert_int_equal(store_write_end(f->store, true), 0);
	r = run(f, "GET", "/rules", NULL, NULL);
	assert_string_equal(resp_header(r, "X-Cache"), "HIT");
	req_destroy(r);
	/* a committed write of this process that changed rows invalidates every entry */
	commit_a_change(f);
	r = run(f, "GET", "/rules", NULL, NULL);
	assert_null(resp_header(r, "X-Cache"));
	req_destroy(r);
}

/* Decompresses a gzip body (test helper); returns a malloc'd NUL-terminated string or NULL. */
static char *gunzip(const unsigned char *data, size_t len)
{
	z_stream z = {0};
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return NULL;
	size_t cap = len * 20 + 1024;
	char *out = calloc(1, cap);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)(cap - 1);
	int rc = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* A kept page carries a strong ETag; If-None-Match with it gets 304 and no body (on the render that
 * fills the cache and on a hit); a client naming gzip gets the same bytes compressed, one refusing it
 * (q=0) or not naming it gets them plain; a page replaced in the cache stays valid for a response
 * still holding it. */
static void test_page_cache_conditional(void **state)
{
	struct fixture *f = *state;
	commit_a_change(f); /* start from an empty cache generation */
	struct req *first = run(f, "GET", "/", NULL, NULL);
	assert_int_equal(first->status, 200);
	assert_null(resp_header(first, "X-Cache"));
	const char *etag = resp_header(first, "ETag");
	assert_non_null(etag);
	assert_int_equal(etag[0], '"');
	assert_string_equal(resp_header(first, "Vary"), "Accept-Encoding");
	assert_true(strlen(body(first)) > PAGE_CACHE_GZIP_MIN);

	char headers[160];
	snprintf(headers, sizeof headers, "If-None-Match: %s", etag);
	struct req *r = run(f, "GET", "/", headers, NULL);
	assert_int_equal(r->status, 304);
	assert_int_equal(r->static_len, 0);
	assert_string_equal(resp_header(r, "X-Cache"), "HIT");
	req_destroy(r);
	r = run(f, "GET", "/", "If-None-Match: \"0000000000000000-1\"", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(body(r), body(first));
	req_destroy(r);

	r = run(f, "GET", "/", "Accept-Encoding: br, gzip;q=0.8", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(resp_header(r, "Content-Encoding"), "gzip");
	assert_true(r->static_len < strlen(body(first)));
	char *plain = gunzip(r->static_body, r->static_len);
	assert_non_null(plain);
	assert_string_equal(plain, body(first));
	free(plain);
	req_destroy(r);
	r = run(f, "GET", "/", "Accept-Encoding: gzip;q=0, deflate", NULL);
	assert_null(resp_header(r, "Content-Encoding"));
	assert_string_equal(body(r), body(first));
	req_destroy(r);

	/* a write empties the cache; the render after it replaces the entry: the first response still
	 * holds its page (ASan would see a use after free) */
	commit_a_change(f);
	r = run(f, "GET", "/", headers, NULL); /* rendered afresh, same bytes: still 304 */
	assert_null(resp_header(r, "X-Cache"));
	assert_int_equal(r->status, 304);
	req_destroy(r);
	assert_true(strlen(body(first)) > PAGE_CACHE_GZIP_MIN);
	req_destroy(first);
}

static void test_elder_mode(void **state)
{
	struct fixture *f = *state;
	struct req *r = run(f, "GET", "/elder?on=1&back=%2Fguide", NULL, NULL);
	assert_int_equal(r->status, 303);
	assert_string_equal(resp_header(r, "Location"), "/guide");
	assert_memory_equal(resp_header(r, "Set-Cookie"), "gk_elder=1;", 11);
	req_destroy(r);
	r = run(f, "GET", "/elder?on=1&back=%2F%2Fevil.example", NULL, NULL);
	assert_string_equal(resp_header(r, "Location"), "/");
	req_destroy(r);
	r = run(f, "GET", "/rules", "Cookie: gk_elder=1", NULL);
	assert_non_null(strstr(body(r), "class=\"elder\""));
	assert_non_null(strstr(body(r), "退出长者模式"));
	req_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_home_has_shell_and_security_headers),
	    cmocka_unit_test(test_error_pages),
	    cmocka_unit_test(test_assets_are_hashed_and_cached),
	    cmocka_unit_test(test_staff_pages_need_login),
	    cmocka_unit_test(test_session_unknown_is_503),
	    cmocka_unit_test(test_login_needs_csrf),
	    cmocka_unit_test(test_login_page_sets_prelogin_token),
	    cmocka_unit_test(test_wrong_password_is_refused),
	    cmocka_unit_test(test_workbench_and_roles),
	    cmocka_unit_test(test_csrf_and_cross_origin_refused),
	    cmocka_unit_test(test_hostile_payload_stored_as_text),
	    cmocka_unit_test(test_bad_bodies_change_nothing),
	    cmocka_unit_test(test_api_health_and_tokens),
	    cmocka_unit_test(test_logout_ends_session),
	    cmocka_unit_test(test_expired_session),
	    cmocka_unit_test(test_elder_mode),
	    cmocka_unit_test(test_footer_follows_site_edit),
	    cmocka_unit_test(test_page_cache),
	    cmocka_unit_test(test_page_cache_conditional),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
