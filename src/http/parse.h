/* parse.h — the parsers of untrusted request text: request path, query string / urlencoded form
 * body, Cookie header, multipart/form-data body (UTF-8 validation: util/utf8.h, included here).
 *
 * Both faces of the server (the libmicrohttpd daemon and `gongkai http` on stdin) feed raw bytes to
 * these same functions, so what is fuzzed (src/http/fuzz_*.c) is exactly what serves requests.
 * All results are allocated in the request's arena; nothing here needs freeing on its own. Every
 * text value handed to the application is valid UTF-8 without NUL bytes; uploaded file bytes are
 * the only binary data and are kept with an explicit length. */
#ifndef GONGKAI_HTTP_PARSE_H
#define GONGKAI_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/utf8.h"

enum {
	PARSE_MAX_FIELDS = 1000,      /* fields per query string / form / cookie header / multipart body */
	PARSE_MAX_PART_HEADER = 8192, /* bytes of headers per multipart part */
};

/* Outcome of a parser. Anything but PARSE_OK means the request is answered with 400 and nothing
 * of it is used. */
enum parse_status {
	PARSE_OK = 0,
	PARSE_MALFORMED = -1, /* syntax error (bad %-escape, missing boundary, truncated part, …) */
	PARSE_BAD_UTF8 = -2,  /* a text value is not valid UTF-8 or contains a NUL byte */
	PARSE_TOO_MANY = -3,  /* more than PARSE_MAX_FIELDS fields */
	PARSE_TRAVERSAL = -4, /* path with "." / ".." segments, backslashes or an empty segment */
};

/* One name/value pair; value_len excludes the terminating NUL that is always present. */
struct kv {
	const char *name;
	const char *value;
	size_t value_len;
};

/* A list of pairs in arrival order; zero-initialised is empty. */
struct kvlist {
	struct kv *items;
	size_t count;
	size_t cap;
};

/* One uploaded file from a multipart body. filename is the last path component the client sent
 * (UTF-8, may be empty); data points into the request body and is not NUL-terminated. */
struct upload {
	const char *field;
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t size;
};

struct uploads {
	struct upload *items;
	size_t count;
	size_t cap;
};

/* Appends a pair (the strings are not copied: they must live in the arena already). */
void kv_add(struct arena *a, struct kvlist *list, const char *name, const char *value, size_t value_len);

/* Returns the value of the first pair called name, or NULL. */
const char *kv_get(const struct kvlist *list, const char *name);

/* Case-insensitive variant for header names. */
const char *kv_get_ci(const struct kvlist *list, const char *name);

/* Splits a request target ("/path?query") into the decoded path and the raw query (without '?';
 * "" when absent). The path must start with '/', decode to UTF-8 without NUL, and contain no "."
 * or ".." segment, backslash or "//". Returns PARSE_OK or the reason for refusing it. */
int parse_target(struct arena *a, const char *target, const char **path, const char **query);

/* Parses application/x-www-form-urlencoded data (query strings and form bodies): '&'-separated
 * pairs, '+' as space, %XX escapes. Empty pairs are skipped; a pair without '=' has value "". */
int parse_urlencoded(struct arena *a, const char *data, size_t len, struct kvlist *out);

/* Parses a Cookie header ("a=b; c=d"). Malformed pairs are skipped as browsers do; values are kept
 * verbatim (surrounding double quotes removed). Only PARSE_TOO_MANY is an error. */
int parse_cookies(struct arena *a, const char *header, struct kvlist *out);

/* Extracts the boundary parameter of a multipart/form-data Content-Type, or NULL if the type is
 * not multipart/form-data or the boundary is missing or longer than 70 bytes (RFC 2046). */
const char *multipart_boundary(struct arena *a, const char *content_type);

/* Parses a multipart/form-data body: parts with a filename go to files, the others (which must be
 * UTF-8) to fields. body must stay alive as long as the uploads are used. */
int parse_multipart(struct arena *a, const char *boundary, const char *body, size_t len, struct kvlist *fields,
		    struct uploads *files);

#endif
