/* page_cache.h — a one-second micro-cache of anonymous public pages.
 *
 * Public portal pages are the same for every visitor without a cookie, and are requested far more
 * often than they change. A response to a cookie-less, token-less GET of a public read-only route is
 * kept for PAGE_CACHE_TTL_MS and served again to the same host + target, as long as this process
 * committed no write since it was rendered (store_generation). Writes by other processes (the CLI)
 * show after at most the TTL. Only plain 200 responses are kept: no Set-Cookie, no handler headers
 * (downloads, redirects), no logged-in user. The per-response security headers (CSP nonce, request
 * id) are generated fresh for every response; no page uses the nonce in its body. */
#ifndef GONGKAI_HTTP_PAGE_CACHE_H
#define GONGKAI_HTTP_PAGE_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_CACHE_SLOTS    512
#define PAGE_CACHE_TTL_MS   1000
#define PAGE_CACHE_MAX_BODY (256 * 1024)

struct page_cache_entry {
	char *key;	     /* "host target"; NULL when the slot is empty */
	uint64_t generation; /* store_generation() before the page was rendered */
	int64_t stored_ms;   /* monotonic clock */
	char content_type[64];
	char *body;
	size_t len;
};

struct page_cache {
	pthread_mutex_t lock;
	struct page_cache_entry slots[PAGE_CACHE_SLOTS]; /* direct-mapped by key hash */
};

struct req;

void page_cache_init(struct page_cache *c);
/* Frees every cached body. */
void page_cache_free(struct page_cache *c);

/* Serves r from the cache when it is cacheable and a fresh entry exists (status, content type, body;
 * the caller has added the security headers). Returns true when served. *generation receives the
 * store generation to tag a later page_cache_store() with. */
bool page_cache_serve(struct req *r, uint64_t *generation);

/* Keeps r's response when the request and the response qualify (see above). */
void page_cache_store(struct req *r, uint64_t generation);

#endif
