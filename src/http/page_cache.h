/* page_cache.h — a one-second micro-cache of anonymous public pages, served without copying.
 *
 * Public portal pages are the same for every visitor without a cookie, and are requested far more
 * often than they change. A response to a cookie-less, token-less GET of a public read-only route is
 * kept for the configured cache_ms (default PAGE_CACHE_TTL_MS) and served again to the same host +
 * target, as long as no write was committed since it was rendered (store_generation: this process's
 * at once; other processes' — other instances, the CLI — once the store's watcher saw them, within
 * about 2 × STORE_WATCH_MS; without a watcher, after at most the TTL). Only plain 200 responses are kept: no
 * Set-Cookie, no handler headers (downloads, redirects), no logged-in user, no body that uses the response's CSP nonce.
 * The security headers are added fresh to every response; a hit's Content-Security-Policy carries no nonce (the kept
 * body uses none), which spares the fast path random bytes and formatting.
 *
 * Each kept page is built once: its bytes, a strong ETag over them and — when it pays — the same bytes
 * gzip-compressed (what nginx serves with gzip_static). Kept pages are reference counted: a response
 * points into the entry (no copy) and holds a reference until the response has been sent, so an entry
 * replaced meanwhile stays alive for the responses still using it. A request whose If-None-Match
 * names the ETag gets 304 without a body; a client that accepts gzip gets the compressed bytes
 * (Content-Encoding: gzip, Vary: Accept-Encoding on every cacheable response). */
#ifndef GONGKAI_HTTP_PAGE_CACHE_H
#define GONGKAI_HTTP_PAGE_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_CACHE_SLOTS    512
#define PAGE_CACHE_TTL_MS   1000 /* cache_ms when the configuration gives none */
#define PAGE_CACHE_MAX_BODY (256 * 1024)
#define PAGE_CACHE_GZIP_MIN 512 /* smaller pages are sent as they are */

/* One kept page; immutable once built, freed when the last reference is released. */
struct page_cache_page {
	int refs; /* atomic */
	char content_type[64];
	char etag[40];	     /* "…" with the quotes, as sent */
	unsigned char *body; /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
	unsigned char *gzip; /* NULL when compression would not pay */
	size_t gzip_len;
};

struct page_cache_entry {
	char *key;	     /* "host target"; NULL when the slot is empty */
	uint64_t generation; /* store_generation() before the page was rendered */
	int64_t stored_ms;   /* monotonic clock */
	struct page_cache_page *page;
};

struct page_cache {
	pthread_mutex_t lock;
	struct page_cache_entry slots[PAGE_CACHE_SLOTS]; /* direct-mapped by key hash */
};

struct req;

void page_cache_init(struct page_cache *c);
/* Releases every kept page. */
void page_cache_free(struct page_cache *c);

/* Serves r from the cache when it is cacheable and a fresh entry exists (status 200 with the kept
 * bytes, or 304; the caller has added the security headers). Returns true when served. *generation
 * receives the store generation to tag a later page_cache_store() with. */
bool page_cache_serve(struct req *r, uint64_t *generation);

/* Keeps r's response when the request and the response qualify (see above), and answers r itself
 * from the kept page as page_cache_serve would (ETag, 304, gzip). */
void page_cache_store(struct req *r, uint64_t generation);

/* Drops the reference a response holds (req_destroy calls it). NULL is allowed. */
void page_cache_page_release(struct page_cache_page *page);

#endif
