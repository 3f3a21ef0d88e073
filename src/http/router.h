/* router.h — the declarative route table and the dispatcher that enforces it.
 *
 * routes.c holds one static array: the one place to read what the site offers. For each request the
 * dispatcher (router.c) finds the route, then — before the handler runs — checks, in this order:
 *   1. the target parsed (400) and the path exists (404) for this method (405);
 *   2. the body was within its limit (413) and parses as a form / multipart body (400);
 *   3. POSTs come from this site: an Origin or Referer naming another host is refused (403);
 *   4. the caller: ROUTE_STAFF needs a session (GET: redirect to /login; POST: 403), role bits need one
 *      of the roles (403), ROUTE_SITE needs the user's agency to be the portal's own or above it (403);
 *      ROUTE_API routes read a bearer token instead of the cookie;
 *   5. ROUTE_POST routes need the CSRF token of the session — or, before login, the pre-login token
 *      of the gk_csrf cookie — in the form field "csrf" (403).
 * Then it calls the handler, and renders one error page (HTML, or JSON for ROUTE_API) whenever the
 * handler returns a status >= 400. Security headers are added to every response. */
#ifndef GONGKAI_HTTP_ROUTER_H
#define GONGKAI_HTTP_ROUTER_H

#include "http/req.h"

enum route_flags {
	ROUTE_PUBLIC = 1u << 0,	  /* anyone */
	ROUTE_STAFF = 1u << 1,	  /* a logged-in user (plus any role bits in route.roles) */
	ROUTE_POST = 1u << 2,	  /* method POST; CSRF token required (except ROUTE_API with a bearer token) */
	ROUTE_READONLY = 1u << 3, /* the handler only reads (uses req_reader); documented intent */
	ROUTE_API = 1u << 4,	  /* JSON API: bearer tokens, JSON errors */
	ROUTE_PREFIX = 1u << 5,	  /* pattern matches every path starting with it */
	ROUTE_UPLOAD = 1u << 6,	  /* POST body may be multipart up to max_upload_bytes */
	ROUTE_WRITE = 1u << 7,	  /* the handler changes data (through store_write): when the commit fails it
				   * answers 503 and acknowledges nothing (test_route_matrix.c proves it for
				   * every such route). Every POST route is ROUTE_WRITE or ROUTE_READONLY. */
	ROUTE_SITE = 1u << 8,	  /* data of the whole site, not of one agency (the 错敏 wording list, 主题分类,
				   * 标准目录, the holiday calendar): only staff of the portal's agency or of an
				   * agency above it — an administrator of a sibling or subordinate agency gets 403 */
};

/* A handler writes the response (page, redirect) and returns its HTTP status. When the status is
 * >= 400 and the handler wrote no body (the usual `return req_error(r, 404, "…")`), the router renders
 * the error page with r->error_message; a handler that wrote its own error body keeps it. */
typedef int (*route_handler)(struct req *r);

struct route {
	const char *method;  /* "GET" (also serves HEAD) or "POST" */
	const char *pattern; /* exact path, or a prefix with ROUTE_PREFIX */
	unsigned flags;
	unsigned roles; /* ROLE_* bits: the user needs at least one of them (0 = any staff) */
	route_handler handler;
	/* Who gets what (the authorization matrix, checked by test_route_matrix.c for every route): four
	 * groups separated by spaces — anonymous (1 letter), then the roles admin, editor, reviewer,
	 * handler, leader, supervisor (6 letters each) of the agency that owns the records, of another
	 * agency, and of its parent agency. Letters: o answered (not refused: 2xx, 3xx, 400, 409, 422…),
	 * L redirected to /login, U 401, F 403, N 404. */
	const char *access;
};

/* The route table (routes.c), ending with a {NULL} row. */
extern const struct route routes[];

/* Largest body the route that would serve (method, path) accepts: max_upload_bytes for ROUTE_UPLOAD
 * routes, max_form_bytes otherwise. Used by the servers before reading a body. */
size_t router_body_limit(const struct http_app *app, const char *method, const char *path);

/* Answers the request: fills r->status, headers and body. Never fails: every problem becomes an
 * error response. r->path / r->target_status must have been set with req_parse_target(). */
void router_dispatch(struct req *r);

/* Whether the logged-in user of r would pass the caller checks (step 4: roles, ROUTE_SITE) of the route
 * serving (method, path): pages ask it before showing a form, so a form is offered exactly to those the
 * route accepts. False for an unknown route or without a login. */
bool router_user_may(struct req *r, const char *method, const char *path);

/* The form token of a form shown without a session (double submit): true when submitted equals the
 * gk_csrf cookie, compared in constant time. */
bool router_prelogin_csrf_ok(const struct req *r, const char *submitted);

/* Answers a request that could not even be parsed (malformed request line or headers) with status
 * and a Chinese message: security headers plus the error page. */
void router_refuse(struct req *r, int status, const char *message_zh);

/* Parses r->target into path and query (sets r->target_status). */
void req_parse_target(struct req *r, const char *target);

/* Renders the error page for status (Chinese title and explanation, plus r->error_message if set),
 * as HTML or, for API routes / API paths, as {"error":{"code":…,"message":…}}. */
void router_error_page(struct req *r, int status);

/* Writes the access-log line of a finished request (when enabled). */
void router_access_log(const struct req *r, size_t body_bytes);

#endif
