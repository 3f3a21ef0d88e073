/* guard.c — framing checks, client address behind proxies and secret redaction (see guard.h). */
#include "http/guard.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

const char *guard_framing(const struct kvlist *headers)
{
	const char *length = NULL;
	bool chunked = false;
	for (size_t i = 0; i < headers->count; i++) {
		const struct kv *h = &headers->items[i];
		if (strlen(h->value) != h->value_len)
			return "请求头中含有空字符（NUL），请求被拒绝。";
		if (strcasecmp(h->name, "Transfer-Encoding") == 0)
			chunked = true;
		if (strcasecmp(h->name, "Content-Length") != 0)
			continue;
		if (!*h->value || strspn(h->value, "0123456789") != strlen(h->value))
			return "Content-Length 请求头不是十进制数字，请求被拒绝。";
		if (length && strcmp(length, h->value) != 0)
			return "请求含有两个不同的 Content-Length 请求头，请求被拒绝。";
		length = h->value;
	}
	if (chunked && length)
		return "请求同时含有 Transfer-Encoding 和 Content-Length 请求头，请求被拒绝。";
	return NULL;
}

/* Parses an IPv4 or IPv6 address (text of length len, blanks around it allowed) into a 16-byte form
 * (IPv4 as ::ffff:a.b.c.d) and its canonical text. Returns true when it is one. */
static bool parse_ip(const char *text, size_t len, unsigned char bin[16], char canon[INET6_ADDRSTRLEN])
{
	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	char tmp[INET6_ADDRSTRLEN];
	if (len == 0 || len >= sizeof tmp)
		return false;
	memcpy(tmp, text, len);
	tmp[len] = '\0';
	struct in_addr v4;
	if (inet_pton(AF_INET, tmp, &v4) == 1) {
		memset(bin, 0, 10);
		bin[10] = bin[11] = 0xff;
		memcpy(bin + 12, &v4, 4);
		return inet_ntop(AF_INET, &v4, canon, INET6_ADDRSTRLEN) != NULL;
	}
	struct in6_addr v6;
	if (inet_pton(AF_INET6, tmp, &v6) != 1)
		return false;
	memcpy(bin, &v6, 16);
	return inet_ntop(AF_INET6, &v6, canon, INET6_ADDRSTRLEN) != NULL;
}

/* True when the address (16-byte form) is one of the comma-separated trusted proxies. */
static bool is_trusted(const unsigned char bin[16], const char *trusted)
{
	for (const char *p = trusted ? trusted : ""; *p;) {
		size_t n = strcspn(p, ",");
		unsigned char other[16];
		char canon[INET6_ADDRSTRLEN];
		if (parse_ip(p, n, other, canon) && memcmp(bin, other, 16) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

const char *guard_client_ip(struct arena *a, const char *peer, const char *xff, const char *trusted)
{
	unsigned char bin[16];
	char canon[INET6_ADDRSTRLEN];
	if (!peer || !parse_ip(peer, strlen(peer), bin, canon) || !is_trusted(bin, trusted) || !xff)
		return peer;
	const char *client = peer;
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		if (!parse_ip(xff + start, end - start, bin, canon))
			break; /* not an address: stop at the last hop we can vouch for */
		client = arena_strdup(a, canon);
		if (!is_trusted(bin, trusted))
			break;
		end = start ? start - 1 : 0;
	}
	return client;
}

static const char *const secret_params[] = {
    "code",   "query_code", "token",	       "access_token", "api_token",  "password", "passwd", "pw",
    "secret", "csrf",	    "idempotency_key", "session",      "gk_session", "key",	 "auth",   "authorization",
};

bool guard_secret_param(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof secret_params / sizeof secret_params[0]; i++)
		if (strlen(secret_params[i]) == len && strncasecmp(secret_params[i], name, len) == 0)
			return true;
	return false;
}

/* Percent-decodes name[0..len) into out (at most size-1 bytes); returns the decoded length. */
static size_t decode_name(const char *name, size_t len, char *out, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < size; i++) {
		if (name[i] == '%' && i + 2 < len && isxdigit((unsigned char)name[i + 1]) &&
		    isxdigit((unsigned char)name[i + 2])) {
			char hex[3] = {name[i + 1], name[i + 2], '\0'};
			out[n++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			out[n++] = name[i] == '+' ? ' ' : name[i];
		}
	}
	out[n] = '\0';
	return n;
}

void guard_redact_target(struct buf *out, const char *target)
{
	const char *q = target ? strchr(target, '?') : NULL;
	if (!q) {
		buf_append(out, target ? target : "", target ? strlen(target) : 0);
		return;
	}
	buf_append(out, target, (size_t)(q - target) + 1);
	for (const char *p = q + 1; *p;) {
		size_t n = strcspn(p, "&;#");
		size_t name_len = strcspn(p, "=&;#");
		char name[64];
		size_t dlen = decode_name(p, name_len, name, sizeof name);
		if (name_len < n && guard_secret_param(name, dlen)) {
			buf_append(out, p, name_len + 1);
			buf_append(out, "[redacted]", 10);
		} else {
			buf_append(out, p, n);
		}
		p += n;
		if (*p == '#') {
			buf_append(out, p, strlen(p));
			break;
		}
		if (*p)
			buf_putc(out, *p++);
	}
}
