/* req.h — one HTTP request and its response, as seen by the router and by every page handler.
 *
 * A struct req is created when a request arrives (by server.c for the live server, by stdin.c for
 * `gongkai http`), carries everything about that request — parsed target, headers, query, cookies,
 * form fields, uploads, the logged-in user, the response being built — and is destroyed with
 * req_destroy() when the response has been sent. Everything allocated for it lives in its arena.
 * There is no global request state: handlers receive the struct req * and nothing else. */
#ifndef GONGKAI_HTTP_REQ_H
#define GONGKAI_HTTP_REQ_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "domain/accounts.h"
#include "domain/actor.h"
#include "domain/agency.h"
#include "http/page_cache.h"
#include "util/arena.h"
#include "http/assets.h"
#include "http/page.h"
#include "http/parse.h"
#include "storage/db.h"
#include "util/config.h"
#include "util/outcome.h"

/* Process-wide state of the HTTP layer, created once by http_app_init() (http.h) and shared
 * read-only by all worker threads (next_request is the only field that changes, atomically). */
struct http_app {
	const struct config *cfg;
	struct store *store;
	struct accounts_policy policy;
	struct assets assets;
	char id_prefix[9]; /* random per process, so request ids of restarts do not collide */
	atomic_ullong next_request;
	bool access_log; /* one line per request on stderr */

	/* Longest life of what is cached from the database (config cache_ms): the page cache, the portal's
	 * agency, the calendar's check. Commits end it sooner: this process's at once, another process's
	 * once the store's watcher saw it (store_watch_start, within about 2 × STORE_WATCH_MS). */
	int cache_ms;

	/* The portal's own agency (banner, footer, meta tags) is read on every page; it is cached here
	 * for cache_ms so public pages need no database round trip. Edits through this process
	 * invalidate it at once (layout_site_changed); those of other processes once the store's watcher
	 * moved the generation, throttled to one reload per STORE_WATCH_MS. */
	pthread_mutex_t site_lock;
	struct agency site_cache;
	bool site_cached;		 /* site_cache holds an agency (false: none, or not loaded) */
	int64_t site_cached_at_ms;	 /* monotonic ms of the load; 0 = never */
	uint64_t site_cached_generation; /* store_generation() before that load */
	char *site_footer;		 /* the page footer of that agency, built with it (layout.c) */
	struct layout_parts *layout;	 /* page-shell pieces built once for the process (layout.c) */

	struct page_cache page_cache;	  /* anonymous public pages, for one second (page_cache.h) */
	struct calendar_cache *calendars; /* the working-day calendar shared by requests (calendar_cache.h) */
	struct watchdog *watchdog;	  /* the live server's request-head deadline (server.c); NULL otherwise */

	/* The write probe of /api/v1/health (api.c), run at most every HEALTH_PROBE_MS. */
	pthread_mutex_t health_lock;
	int64_t health_probed_ms; /* monotonic ms of the last probe; 0 = never */
	bool health_writes_ok;
	char health_reason[192];
};

struct route;
struct watchdog;

/* Where a handler's outcome goes: a page the handler wrote, a redirect, or an error page that the
 * router renders from status + message. */
struct req {
	struct arena arena;
	struct http_app *app;
	char id[32]; /* request id, also sent as X-Request-Id and written to the access log */
	struct timespec started;

	/* request */
	const char *method;    /* "GET", "POST", "HEAD", … */
	const char *target;    /* raw request target as received */
	const char *path;      /* decoded path (valid UTF-8, no traversal) or NULL when the target was bad */
	const char *query_raw; /* raw query string without '?' */
	int target_status;     /* PARSE_OK or why the target was refused */
	const char *client_ip;
	struct kvlist headers;
	struct kvlist query;
	struct kvlist cookies;
	struct kvlist form;
	struct uploads uploads;
	struct buf body_in; /* raw request body */
	size_t body_limit;  /* largest body accepted for this request */
	bool body_too_large;
	const struct route *route;

	/* who is asking */
	bool logged_in;
	bool session_unknown;	    /* a session cookie came but the database could not be asked about it */
	struct user user;	    /* valid when logged_in */
	struct session session;	    /* valid when logged_in via cookie */
	const char *session_cookie; /* cookie value when logged_in via cookie */
	bool via_token;		    /* API bearer token */
	bool elder_mode;	    /* 长者模式 cookie */
	const char *prelogin_csrf;  /* CSRF token for forms shown without a session (login) */
	struct agency *site;	    /* the agency whose portal this is (layout_site() loads it once) */
	bool site_loaded;
	const char *site_footer; /* the portal's footer HTML, loaded with site (layout.c) */
	struct db *reader;	 /* this thread's reader, once req_reader() was called; released by the router */

	/* response */
	int status;
	const char *content_type;
	struct kvlist resp_headers;
	struct page page;		  /* body written by handlers (or the router's error page) */
	const unsigned char *static_body; /* when set, the body (embedded asset), instead of page */
	size_t static_len;
	struct page_cache_page *cached_page; /* the kept page static_body points into (page_cache.h) */
	const char *error_message;	     /* detail for the error page (Chinese), when status >= 400 */
	char nonce[32];			     /* CSP nonce of this response (base64) */
};

/* Creates a request (zeroed, arena empty, id assigned, clock started). Free with req_destroy(). */
struct req *req_create(struct http_app *app);

/* Frees the request, its arena and any response buffer still owned by it. NULL is allowed. */
void req_destroy(struct req *r);

/* Value of a request header (case-insensitive name), query parameter, form field or cookie; NULL when
 * absent. The strings live in the request's arena. */
const char *req_header(const struct req *r, const char *name);
const char *req_query(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
/* Parses a positive decimal number (an id, a page number) of a query or form value; 0 when text is
 * NULL or not one. */
int64_t req_positive(const char *text);
const char *req_cookie(const struct req *r, const char *name);

/* True when the request's If-None-Match names etag (quotes included; a weak W/ form counts, as RFC 9110
 * asks for GET) or is "*": the client has these bytes and gets 304. */
bool req_etag_matches(const struct req *r, const char *etag);

/* Adds a response header (name and value are copied into the arena; CR/LF in value become spaces). */
void req_add_header(struct req *r, const char *name, const char *value);
/* Adds a response header without copying: name is a string literal, and value (without CR or LF) lives
 * as long as the request does (a literal, r's own fields or arena, a kept page r holds). For the
 * headers of every response. req_add_header_literal takes literals only. */
void req_add_header_kept(struct req *r, const char *name, const char *value);
#define req_add_header_literal(r, name, value) req_add_header_kept((r), "" name "", "" value "")

/* Adds a Set-Cookie header with Path=/, HttpOnly (unless script_visible), SameSite=Lax, and Secure
 * when the configuration says https. max_age < 0 omits Max-Age (session cookie); 0 deletes it. */
void req_set_cookie(struct req *r, const char *name, const char *value, long max_age);

/* Who acts in this request (req_outcome.c): the logged-in user with agency and roles, or the public
 * (user_id 0); the client address and the request id. Strings point into r. */
struct actor http_actor(const struct req *r);

/* HTTP status of an outcome: 200, 404 not found, 422 invalid, 409 conflict, 403 forbidden, 503
 * storage (the database failed or the commit did not happen: nothing was saved). */
int http_outcome_status(enum outcome_code code);

/* Sets r's error message from a failed outcome and returns its status, for
 * `return http_outcome_fail(r, &out);` (the router renders the page, or JSON on /api/). */
int http_outcome_fail(struct req *r, const struct outcome *out);

/* Handler helpers: each returns the status so a handler can `return req_error(r, 404, "…");`. */
int req_error(struct req *r, int status, const char *message_zh);

/* Logs a request that ends in a 5xx (router_dispatch calls it): one error line with the request id, the
 * status, the method, the route pattern (never the query string, which may carry a query code), the
 * error message, and the database error behind it (db_thread_error), if any. */
void req_log_server_error(const struct req *r, int status);
/* 303 See Other to a local path (anything not starting with a single '/' becomes "/"). */
int req_redirect(struct req *r, const char *local_path);
/* 301 Moved Permanently to a local path, for addresses that moved (same safety rule). */
int req_redirect_permanent(struct req *r, const char *local_path);

/* Returns "/" or local_path when it is a safe local redirect target (starts with one '/', no
 * backslash, no control characters). */
const char *req_safe_local_path(const char *local_path);

/* The database reader of this thread (NULL when the database cannot be opened). On a read-only route
 * the first call opens a read transaction, so every query of the request sees one snapshot (and the
 * file locks are taken once, not per statement). The router releases the reader when the response is
 * ready (req_release_reader). */
struct db *req_reader(struct req *r);
/* Ends the request's read transaction and resets what it left running (db_release). */
void req_release_reader(struct req *r);

/* Seconds since the epoch (the request's notion of now). */
int64_t req_now(const struct req *r);

#endif
