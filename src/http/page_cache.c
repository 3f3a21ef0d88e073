/* page_cache.c — the one-second micro-cache of anonymous public pages (see page_cache.h). */
#include "http/page_cache.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/req.h"
#include "http/router.h"
#include "storage/db.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t key_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

void page_cache_init(struct page_cache *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
}

static void entry_clear(struct page_cache_entry *e)
{
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof *e);
}

void page_cache_free(struct page_cache *c)
{
	for (size_t i = 0; i < PAGE_CACHE_SLOTS; i++)
		entry_clear(&c->slots[i]);
	pthread_mutex_destroy(&c->lock);
}

/* The cache key of a cacheable request ("host target" in the arena), or NULL: only anonymous GET/HEAD
 * requests with a well-formed target, no cookie and no token qualify. */
static const char *request_key(struct req *r)
{
	if (!r->app->store || r->target_status != PARSE_OK || !r->target)
		return NULL;
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return NULL;
	if (req_header(r, "Cookie") || req_header(r, "Authorization"))
		return NULL;
	const char *host = req_header(r, "Host");
	return arena_printf(&r->arena, "%s %s", host ? host : "", r->target);
}

bool page_cache_serve(struct req *r, uint64_t *generation)
{
	*generation = r->app->store ? store_generation(r->app->store) : 0;
	const char *key = request_key(r);
	if (!key)
		return false;
	struct page_cache *c = &r->app->page_cache;
	struct page_cache_entry *e = &c->slots[key_hash(key) % PAGE_CACHE_SLOTS];
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	if (e->key && strcmp(e->key, key) == 0 && e->generation == *generation &&
	    now_ms() - e->stored_ms < PAGE_CACHE_TTL_MS) {
		r->content_type = arena_printf(&r->arena, "%s", e->content_type);
		buf_append(&r->page.out, e->body, e->len);
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	if (hit) {
		r->status = 200;
		req_add_header(r, "Cache-Control", "no-cache");
		req_add_header(r, "X-Cache", "HIT");
	}
	return hit;
}

/* True when the response carries only the headers every response gets (then nothing of it depends on
 * the handler beyond status, content type and body). */
static bool plain_headers(const struct req *r)
{
	static const char *const standard[] = {
	    "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
	    "Referrer-Policy",	       "X-Request-Id",		 "Cache-Control",
	};
	for (size_t i = 0; i < r->resp_headers.count; i++) {
		bool known = false;
		for (size_t k = 0; k < sizeof standard / sizeof standard[0] && !known; k++)
			known = strcasecmp(r->resp_headers.items[i].name, standard[k]) == 0;
		if (!known)
			return false;
	}
	return true;
}

void page_cache_store(struct req *r, uint64_t generation)
{
	const struct route *route = r->route;
	if (r->status != 200 || !route || !(route->flags & ROUTE_PUBLIC) || !(route->flags & ROUTE_READONLY) ||
	    r->logged_in || r->static_body || !r->content_type || strlen(r->content_type) >= 64 ||
	    r->page.out.len > PAGE_CACHE_MAX_BODY || !plain_headers(r))
		return;
	const char *key = request_key(r);
	if (!key)
		return;
	struct page_cache *c = &r->app->page_cache;
	struct page_cache_entry *e = &c->slots[key_hash(key) % PAGE_CACHE_SLOTS];
	char *body = xmalloc(r->page.out.len ? r->page.out.len : 1);
	memcpy(body, r->page.out.data ? r->page.out.data : "", r->page.out.len);
	char *key_copy = xstrdup(key);
	pthread_mutex_lock(&c->lock);
	entry_clear(e);
	e->key = key_copy;
	e->generation = generation;
	e->stored_ms = now_ms();
	snprintf(e->content_type, sizeof e->content_type, "%s", r->content_type);
	e->body = body;
	e->len = r->page.out.len;
	pthread_mutex_unlock(&c->lock);
}
