/* parse.c — parsers of untrusted request text (see parse.h). Written for clarity over speed, with
 * every index checked against the length; each entry point has a libFuzzer target. */
#include "http/parse.h"
#include "util/utf8.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void kv_add(struct arena *a, struct kvlist *list, const char *name, const char *value, size_t value_len)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (list->count)
			memcpy(items, list->items, list->count * sizeof *items);
		list->items = items;
		list->cap = cap;
	}
	list->items[list->count++] = (struct kv){name, value, value_len};
}

const char *kv_get(const struct kvlist *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0)
			return list->items[i].value;
	return NULL;
}

const char *kv_get_ci(const struct kvlist *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcasecmp(list->items[i].name, name) == 0)
			return list->items[i].value;
	return NULL;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..len) into the arena (plus_is_space for form encoding). Returns NULL on a
 * bad escape; *out_len receives the decoded length. The result is NUL-terminated. */
static char *percent_decode(struct arena *a, const char *s, size_t len, bool plus_is_space, size_t *out_len)
{
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (len - i < 3)
				return NULL;
			int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			out[o++] = ' ';
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static bool path_segments_ok(const char *path)
{
	if (path[0] != '/' || strchr(path, '\\'))
		return false;
	for (const char *seg = path + 1;; seg++) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		if (n == 0 && end) /* "//" */
			return false;
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (!end)
			return true;
		seg = end;
	}
}

int parse_target(struct arena *a, const char *target, const char **path, const char **query)
{
	if (target[0] != '/')
		return PARSE_MALFORMED;
	const char *q = strchr(target, '?');
	size_t raw_len = q ? (size_t)(q - target) : strlen(target);
	size_t len;
	char *decoded = percent_decode(a, target, raw_len, false, &len);
	if (!decoded)
		return PARSE_MALFORMED;
	if (!utf8_valid(decoded, len))
		return PARSE_BAD_UTF8;
	if (!path_segments_ok(decoded))
		return PARSE_TRAVERSAL;
	*path = decoded;
	*query = q ? arena_strdup(a, q + 1) : "";
	return PARSE_OK;
}

/* Decodes one "name=value" pair of a urlencoded string and appends it. */
static int add_urlencoded_pair(struct arena *a, const char *pair, size_t len, struct kvlist *out)
{
	const char *eq = memchr(pair, '=', len);
	size_t name_len = eq ? (size_t)(eq - pair) : len;
	size_t dn, dv = 0;
	char *name = percent_decode(a, pair, name_len, true, &dn);
	char *value = eq ? percent_decode(a, eq + 1, len - name_len - 1, true, &dv) : arena_strdup(a, "");
	if (!name || !value)
		return PARSE_MALFORMED;
	if (!utf8_valid(name, dn) || !utf8_valid(value, dv))
		return PARSE_BAD_UTF8;
	kv_add(a, out, name, value, dv);
	return PARSE_OK;
}

int parse_urlencoded(struct arena *a, const char *data, size_t len, struct kvlist *out)
{
	size_t start = 0;
	while (start < len) {
		const char *amp = memchr(data + start, '&', len - start);
		size_t end = amp ? (size_t)(amp - data) : len;
		if (end > start) {
			if (out->count >= PARSE_MAX_FIELDS)
				return PARSE_TOO_MANY;
			int rc = add_urlencoded_pair(a, data + start, end - start, out);
			if (rc != PARSE_OK)
				return rc;
		}
		start = end + 1;
	}
	return PARSE_OK;
}

static bool cookie_value_ok(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x21 || c > 0x7E || c == ';' || c == ',' || c == '"' || c == '\\')
			return false;
	}
	return true;
}

/* Adds one "name=value" cookie (already trimmed) when well-formed. */
static int add_cookie(struct arena *a, const char *s, size_t n, struct kvlist *out)
{
	const char *eq = memchr(s, '=', n);
	if (!eq || eq == s)
		return PARSE_OK;
	size_t name_len = (size_t)(eq - s);
	const char *v = eq + 1;
	size_t vlen = n - name_len - 1;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
		v++, vlen -= 2;
	if (!cookie_value_ok(s, name_len) || memchr(s, '=', name_len) || !cookie_value_ok(v, vlen))
		return PARSE_OK;
	if (out->count >= PARSE_MAX_FIELDS)
		return PARSE_TOO_MANY;
	kv_add(a, out, arena_strndup(a, s, name_len), arena_strndup(a, v, vlen), vlen);
	return PARSE_OK;
}

int parse_cookies(struct arena *a, const char *header, struct kvlist *out)
{
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (add_cookie(a, p, n, out) != PARSE_OK)
			return PARSE_TOO_MANY;
		if (!end)
			break;
		p = end + 1;
	}
	return PARSE_OK;
}

/* Finds parameter `param` (e.g. "boundary", "name") in a header value like
 * `form-data; name="x"; filename="y.pdf"`. Returns an arena copy (quotes removed) or NULL. */
static const char *header_param(struct arena *a, const char *value, const char *param)
{
	size_t plen = strlen(param);
	const char *p = strchr(value, ';');
	while (p) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, param, plen) == 0 && p[plen] == '=') {
			const char *v = p + plen + 1;
			if (*v == '"') {
				const char *close = strchr(v + 1, '"');
				return close ? arena_strndup(a, v + 1, (size_t)(close - v - 1)) : NULL;
			}
			size_t n = strcspn(v, "; \t");
			return arena_strndup(a, v, n);
		}
		const char *q = p;
		bool quoted = false;
		while (*q && (quoted || *q != ';')) {
			if (*q == '"')
				quoted = !quoted;
			q++;
		}
		p = *q ? q : NULL;
	}
	return NULL;
}

const char *multipart_boundary(struct arena *a, const char *content_type)
{
	if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
		return NULL;
	const char *b = header_param(a, content_type, "boundary");
	size_t n = b ? strlen(b) : 0;
	if (n == 0 || n > 70)
		return NULL;
	return b;
}

/* Headers of one multipart part. */
struct part_headers {
	const char *name;
	const char *filename; /* NULL when the part is a plain field */
	const char *content_type;
};

static const char *last_path_component(const char *filename)
{
	const char *base = filename;
	for (const char *c = filename; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	return base;
}

/* Parses the header block h[0..n) (lines separated by CRLF) of one part. */
static int parse_part_headers(struct arena *a, const char *h, size_t n, struct part_headers *ph)
{
	memset(ph, 0, sizeof *ph);
	char *block = arena_strndup(a, h, n);
	if (strlen(block) != n || !utf8_valid(block, n))
		return PARSE_BAD_UTF8;
	for (char *line = block; line && *line;) {
		char *next = strstr(line, "\r\n");
		if (next) {
			*next = '\0';
			next += 2;
		}
		char *colon = strchr(line, ':');
		if (!colon)
			return PARSE_MALFORMED;
		*colon = '\0';
		const char *value = colon + 1;
		while (*value == ' ' || *value == '\t')
			value++;
		if (strcasecmp(line, "Content-Disposition") == 0) {
			if (strncasecmp(value, "form-data", 9) != 0)
				return PARSE_MALFORMED;
			ph->name = header_param(a, value, "name");
			const char *fn = header_param(a, value, "filename");
			ph->filename = fn ? last_path_component(fn) : NULL;
		} else if (strcasecmp(line, "Content-Type") == 0) {
			ph->content_type = arena_strdup(a, value);
		}
		line = next;
	}
	return ph->name ? PARSE_OK : PARSE_MALFORMED;
}

static int add_part(struct arena *a, const struct part_headers *ph, const char *data, size_t n, struct kvlist *fields,
		    struct uploads *files)
{
	if (fields->count + files->count >= PARSE_MAX_FIELDS)
		return PARSE_TOO_MANY;
	if (!ph->filename) {
		if (!utf8_valid(data, n))
			return PARSE_BAD_UTF8;
		kv_add(a, fields, ph->name, arena_strndup(a, data, n), n);
		return PARSE_OK;
	}
	if (files->count == files->cap) {
		size_t cap = files->cap ? files->cap * 2 : 4;
		struct upload *items = arena_alloc(a, cap * sizeof *items);
		if (files->count)
			memcpy(items, files->items, files->count * sizeof *items);
		files->items = items;
		files->cap = cap;
	}
	files->items[files->count++] = (struct upload){
	    .field = ph->name,
	    .filename = ph->filename,
	    .content_type = ph->content_type ? ph->content_type : "application/octet-stream",
	    .data = (const unsigned char *)data,
	    .size = n,
	};
	return PARSE_OK;
}

int parse_multipart(struct arena *a, const char *boundary, const char *body, size_t len, struct kvlist *fields,
		    struct uploads *files)
{
	/* delim is "\r\n--boundary"; the first delimiter may lack the leading CRLF. */
	char *delim = arena_printf(a, "\r\n--%s", boundary);
	size_t dlen = strlen(delim);
	const char *end = body + len;
	const char *p = memmem(body, len, delim + 2, dlen - 2);
	if (!p)
		return PARSE_MALFORMED;
	p += dlen - 2;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return PARSE_OK; /* closing delimiter; the epilogue is ignored */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return PARSE_MALFORMED;
		p += 2;
		size_t room = (size_t)(end - p);
		const char *hend =
		    memmem(p, room < PARSE_MAX_PART_HEADER ? room : PARSE_MAX_PART_HEADER, "\r\n\r\n", 4);
		if (!hend)
			return PARSE_MALFORMED;
		struct part_headers ph;
		int rc = parse_part_headers(a, p, (size_t)(hend - p), &ph);
		if (rc != PARSE_OK)
			return rc;
		const char *data = hend + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return PARSE_MALFORMED;
		rc = add_part(a, &ph, data, (size_t)(next - data), fields, files);
		if (rc != PARSE_OK)
			return rc;
		p = next + dlen;
	}
}
