/* req.c — life cycle of a struct req and the small helpers handlers use (see req.h). */
#include "http/req.h"
#include "http/router.h"
#include "storage/db.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes "PREFIX-N" into id (32 bytes: the 8-character prefix, '-', at most 20 digits, NUL) without
 * printf, as every request gets one. */
static void request_id(char id[32], const char *prefix, unsigned long long n)
{
	size_t plen = strnlen(prefix, 8);
	memcpy(id, prefix, plen);
	id[plen] = '-';
	id[plen + 1 + decimal_digits(n, id + plen + 1)] = '\0';
}

struct req *req_create(struct http_app *app)
{
	struct req *r = xcalloc(1, sizeof *r);
	r->app = app;
	unsigned long long n = atomic_fetch_add(&app->next_request, 1) + 1;
	request_id(r->id, app->id_prefix, n);
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	r->method = "GET";
	r->target = "/";
	r->query_raw = "";
	r->client_ip = "";
	return r;
}

void req_destroy(struct req *r)
{
	if (!r)
		return;
	req_release_reader(r); /* normally done by the router already */
	page_cache_page_release(r->cached_page);
	buf_free(&r->body_in);
	page_free(&r->page);
	arena_free(&r->arena);
	explicit_bzero(r->session.csrf, sizeof r->session.csrf);
	free(r);
}

const char *req_header(const struct req *r, const char *name)
{
	return kv_get_ci(&r->headers, name);
}

const char *req_query(const struct req *r, const char *name)
{
	return kv_get(&r->query, name);
}

const char *req_form(const struct req *r, const char *name)
{
	return kv_get(&r->form, name);
}

int64_t req_positive(const char *text)
{
	if (!text || *text < '1' || *text > '9')
		return 0;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	return errno == 0 && end && *end == '\0' && v > 0 ? v : 0;
}

const char *req_cookie(const struct req *r, const char *name)
{
	return kv_get(&r->cookies, name);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	char *v = arena_strdup(&r->arena, value);
	for (char *c = v; *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' ';
	kv_add(&r->arena, &r->resp_headers, arena_strdup(&r->arena, name), v, strlen(v));
}

void req_add_header_kept(struct req *r, const char *name, const char *value)
{
	kv_add(&r->arena, &r->resp_headers, name, value, strlen(value));
}

void req_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char age[48] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	req_add_header(r, "Set-Cookie",
		       arena_printf(&r->arena, "%s=%s; Path=/%s; HttpOnly; SameSite=Lax%s", name, value, age,
				    r->app->cfg->https ? "; Secure" : ""));
}

void req_log_server_error(const struct req *r, int status)
{
	const char *db = db_thread_error();
	log_msg(LOG_ERROR, r->id, "%d %s %s%s%s%s%s", status, r->method ? r->method : "-",
		r->route ? r->route->pattern : "(no route)", r->error_message ? "：" : "",
		r->error_message ? r->error_message : "", *db ? "；database: " : "", db);
}

int req_error(struct req *r, int status, const char *message_zh)
{
	r->error_message = message_zh ? arena_strdup(&r->arena, message_zh) : NULL;
	return status;
}

const char *req_safe_local_path(const char *local_path)
{
	if (!local_path || local_path[0] != '/' || local_path[1] == '/' || strchr(local_path, '\\'))
		return "/";
	for (const unsigned char *c = (const unsigned char *)local_path; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return "/";
	return local_path;
}

static int redirect(struct req *r, const char *local_path, int status)
{
	/* Location must be ASCII: percent-encode UTF-8 bytes and characters unsafe in a URL. */
	struct buf loc = {0};
	for (const unsigned char *c = (const unsigned char *)req_safe_local_path(local_path); *c; c++) {
		if (*c >= 0x80 || *c == ' ' || *c == '"' || *c == '<' || *c == '>')
			buf_printf(&loc, "%%%02X", *c);
		else
			buf_putc(&loc, (char)*c);
	}
	req_add_header(r, "Location", loc.data);
	buf_free(&loc);
	r->content_type = "text/plain; charset=utf-8";
	page_raw(&r->page, "正在跳转…\n");
	return status;
}

int req_redirect(struct req *r, const char *local_path)
{
	return redirect(r, local_path, 303);
}

int req_redirect_permanent(struct req *r, const char *local_path)
{
	return redirect(r, local_path, 301);
}

struct db *req_reader(struct req *r)
{
	if (r->reader || !r->app->store)
		return r->reader;
	r->reader = store_reader(r->app->store);
	if (r->reader && r->route && (r->route->flags & ROUTE_READONLY))
		db_read_begin(r->reader);
	return r->reader;
}

void req_release_reader(struct req *r)
{
	db_release(r->reader);
	r->reader = NULL;
}

int64_t req_now(const struct req *r)
{
	(void)r;
	return (int64_t)time(NULL);
}

bool req_etag_matches(const struct req *r, const char *etag)
{
	const char *if_none_match = req_header(r, "If-None-Match");
	if (!if_none_match)
		return false;
	size_t elen = strlen(etag);
	for (const char *p = if_none_match; *p;) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, elen) == 0 && (p[elen] == '\0' || p[elen] == ',' || p[elen] == ' '))
			return true;
		const char *comma = strchr(p, ',');
		if (!comma)
			break;
		p = comma;
	}
	return false;
}
