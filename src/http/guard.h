/* guard.h — checks on the raw request that run before routing, shared by the live server (server.c)
 * and `gongkai http` (stream.c): unambiguous message framing (request smuggling), the client address
 * behind trusted reverse proxies, and the request target with its secret parameters redacted for
 * the access log. Pure functions over strings; no I/O. */
#ifndef GONGKAI_HTTP_GUARD_H
#define GONGKAI_HTTP_GUARD_H

#include <stdbool.h>

#include "util/arena.h"
#include "http/parse.h"
#include "util/buf.h"

/* Checks the framing headers of a request. Returns NULL when the framing is unambiguous, else the
 * Chinese reason for a 400: a NUL byte in a header name or value (value_len longer than the C
 * string), two Content-Length headers that differ or one that is not a decimal number, or
 * Transfer-Encoding together with Content-Length. */
const char *guard_framing(const struct kvlist *headers);

/* The client address of a request that reached us from peer. When trusted (comma-separated list of
 * proxy IPs) contains peer, X-Forwarded-For (xff, may be NULL) is read from the right: each hop that
 * is itself a trusted proxy is skipped, the first other hop is the client if it is a valid IPv4/IPv6
 * address (returned in canonical form, arena copy). Anything else — an untrusted peer, an empty
 * header, a hop that is not an IP — leaves the last address we can vouch for (peer or the nearest
 * trusted hop). */
const char *guard_client_ip(struct arena *a, const char *peer, const char *xff, const char *trusted);

/* True when a query or form parameter of this name carries a secret that must never be logged
 * (query codes, tokens, passwords, CSRF and idempotency keys, …). Case-insensitive. The one list. */
bool guard_secret_param(const char *name, size_t len);

/* Appends the request target to out with the value of every secret parameter (guard_secret_param,
 * name percent-decoded) replaced by "[redacted]". */
void guard_redact_target(struct buf *out, const char *target);

#endif
