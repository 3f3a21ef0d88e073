/* page_cache.c — the one-second micro-cache of anonymous public pages (see page_cache.h). */
#include "http/page_cache.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

#include "http/req.h"
#include "http/router.h"
#include "storage/db.h"
#include "util/fnv.h"

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t key_hash(const char *s)
{
	return fnv1a64(FNV1A64_INIT, s, strlen(s));
}

void page_cache_init(struct page_cache *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
}

void page_cache_page_release(struct page_cache_page *page)
{
	if (!page || atomic_fetch_sub_explicit((_Atomic int *)&page->refs, 1, memory_order_acq_rel) != 1)
		return;
	free(page->body);
	free(page->gzip);
	free(page);
}

static void page_retain(struct page_cache_page *page)
{
	atomic_fetch_add_explicit((_Atomic int *)&page->refs, 1, memory_order_relaxed);
}

static void entry_clear(struct page_cache_entry *e)
{
	free(e->key);
	page_cache_page_release(e->page);
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
	size_t host_len = host ? strlen(host) : 0, target_len = strlen(r->target);
	char *key = arena_alloc(&r->arena, host_len + 1 + target_len + 1);
	if (host_len)
		memcpy(key, host, host_len);
	key[host_len] = ' ';
	memcpy(key + host_len + 1, r->target, target_len + 1);
	return key;
}

/* True when the comma-separated header list names token (case-insensitive, optional ";q=…"; q=0
 * refuses). "*" in Accept-Encoding does not count: only clients that name gzip get it. */
static bool header_lists(const char *list, const char *token)
{
	size_t tlen = strlen(token);
	for (const char *p = list; p && *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, " \t,;");
		if (n == tlen && strncasecmp(p, token, n) == 0) {
			const char *q = p + n;
			q += strspn(q, " \t");
			if (*q != ';')
				return true;
			const char *qv = strstr(q, "q=");
			size_t end = strcspn(q, ",");
			return !(qv && qv < q + end && strtod(qv + 2, NULL) <= 0.0);
		}
		p = strchr(p, ',');
	}
	return false;
}

/* Answers r from page (taking a reference that req_destroy drops): 304 when the client has these
 * bytes, else the gzip or plain bytes without copying them. */
static void answer_from(struct req *r, struct page_cache_page *page)
{
	page_retain(page);
	page_cache_page_release(r->cached_page);
	r->cached_page = page;
	page_free(&r->page);
	r->content_type = page->content_type;
	req_add_header_kept(r, "ETag", page->etag); /* r holds the page */
	req_add_header_literal(r, "Vary", "Accept-Encoding");
	if (req_etag_matches(r, page->etag)) {
		r->status = 304;
		r->static_body = (const unsigned char *)"";
		r->static_len = 0;
		return;
	}
	r->status = 200;
	if (page->gzip && header_lists(req_header(r, "Accept-Encoding"), "gzip")) {
		req_add_header_literal(r, "Content-Encoding", "gzip");
		r->static_body = page->gzip;
		r->static_len = page->gzip_len;
	} else {
		r->static_body = page->body;
		r->static_len = page->len;
	}
}

bool page_cache_serve(struct req *r, uint64_t *generation)
{
	*generation = r->app->store ? store_generation(r->app->store) : 0;
	const char *key = request_key(r);
	if (!key)
		return false;
	struct page_cache *c = &r->app->page_cache;
	struct page_cache_entry *e = &c->slots[key_hash(key) % PAGE_CACHE_SLOTS];
	struct page_cache_page *page = NULL;
	pthread_mutex_lock(&c->lock);
	if (e->key && strcmp(e->key, key) == 0 && e->generation == *generation &&
	    now_ms() - e->stored_ms < r->app->cache_ms) {
		page = e->page;
		page_retain(page);
	}
	pthread_mutex_unlock(&c->lock);
	if (!page)
		return false;
	req_add_header_literal(r, "Cache-Control", "no-cache");
	req_add_header_literal(r, "X-Cache", "HIT");
	answer_from(r, page);
	page_cache_page_release(page);
	return true;
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

/* True when the body uses this response's CSP nonce: such a page cannot be served to anyone else (a
 * hit is sent with a policy without nonce). */
static bool uses_nonce(const struct req *r)
{
	return r->nonce[0] && r->page.out.len &&
	       memmem(r->page.out.data, r->page.out.len, r->nonce, strlen(r->nonce)) != NULL;
}

/* The gzip form of body (best compression: it is made once per kept page), or NULL when it would not
 * save at least an eighth. */
static unsigned char *gzip_body(const unsigned char *body, size_t len, size_t *out_len)
{
	if (len < PAGE_CACHE_GZIP_MIN)
		return NULL;
	z_stream z = {0};
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	unsigned char *out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)body;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || *out_len > len - len / 8) {
		free(out);
		return NULL;
	}
	return out;
}

/* Builds the kept page of r's response (one reference, the caller's). */
static struct page_cache_page *page_build(const struct req *r)
{
	struct page_cache_page *page = xcalloc(1, sizeof *page);
	page->refs = 1;
	snprintf(page->content_type, sizeof page->content_type, "%s", r->content_type);
	page->len = r->page.out.len;
	page->body = xmalloc(page->len + 1);
	if (page->len)
		memcpy(page->body, r->page.out.data, page->len);
	page->body[page->len] = '\0';
	uint64_t h = fnv1a64(FNV1A64_INIT, page->body, page->len);
	snprintf(page->etag, sizeof page->etag, "\"%016llx-%zx\"", (unsigned long long)h, page->len);
	page->gzip = gzip_body(page->body, page->len, &page->gzip_len);
	return page;
}

void page_cache_store(struct req *r, uint64_t generation)
{
	const struct route *route = r->route;
	if (r->status != 200 || !route || !(route->flags & ROUTE_PUBLIC) || !(route->flags & ROUTE_READONLY) ||
	    r->logged_in || r->static_body || !r->content_type || strlen(r->content_type) >= 64 ||
	    r->page.out.len > PAGE_CACHE_MAX_BODY || !plain_headers(r))
		return;
	const char *key = request_key(r);
	if (!key || uses_nonce(r))
		return;
	struct page_cache_page *page = page_build(r);
	char *key_copy = xstrdup(key);
	struct page_cache *c = &r->app->page_cache;
	struct page_cache_entry *e = &c->slots[key_hash(key) % PAGE_CACHE_SLOTS];
	page_retain(page); /* one reference for the entry, one for this response */
	pthread_mutex_lock(&c->lock);
	entry_clear(e);
	e->key = key_copy;
	e->generation = generation;
	e->stored_ms = now_ms();
	e->page = page;
	pthread_mutex_unlock(&c->lock);
	answer_from(r, page);
	page_cache_page_release(page);
}
