/* assets.h — the static assets (CSS, logo, icons) embedded in the binary from assets/, served under
 * content-hashed URLs so they can be cached for a year: /assets/<stem>.<hash>.<ext>, where hash is the
 * first 10 hex characters of the BLAKE2b of the bytes. A changed file gets a new URL, so a browser
 * never uses a stale copy, and an old URL simply stops resolving (404). */
#ifndef GONGKAI_HTTP_ASSETS_H
#define GONGKAI_HTTP_ASSETS_H

#include <stddef.h>

enum { ASSETS_MAX = 32 };

struct asset {
	const char *name; /* file name under assets/, e.g. "gongkai.css" */
	char url[96];	  /* hashed URL, e.g. "/assets/gongkai.3fa9c2d1e0.css" */
	const char *content_type;
	const unsigned char *data; /* embedded bytes, never freed */
	size_t size;
	char etag[16];
};

struct assets {
	struct asset items[ASSETS_MAX];
	size_t count;
};

/* Builds the table from the embedded files under assets/ (hashing each once at start-up). */
void assets_init(struct assets *assets);

/* The asset served at this URL path (hashed form), or NULL. */
const struct asset *assets_by_url(const struct assets *assets, const char *path);

/* The hashed URL of an asset by file name (e.g. "gongkai.css"), or "" when there is no such asset —
 * a missing asset shows up as a broken link in tests rather than a crash. */
const char *assets_url(const struct assets *assets, const char *name);

#endif
