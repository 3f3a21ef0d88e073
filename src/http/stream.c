/* stream.c — `gongkai http`: one HTTP/1.x request read from a stream, answered through the same
 * router as the live server, the response written back (as `fossil http`). Request tests pipe raw
 * requests in and grep the output; no sockets, no ports.
 *
 * The request line and headers are parsed here (the daemon leaves that to libmicrohttpd); the
 * target, cookies and body go through the shared parsers of parse.c. Limits mirror the server's:
 * STREAM_MAX_HEAD bytes of request line + headers, STREAM_MAX_HEADERS headers, and the route's
 * body limit (413 without reading a larger body). Chunked bodies are not accepted here. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/guard.h"
#include "http/http.h"
#include "http/router.h"

enum {
	STREAM_MAX_HEAD = 64 * 1024,
	STREAM_MAX_HEADERS = 100,
};

/* Reads one line (without CR LF) into the arena; NULL at EOF or when the head grows too large. */
static char *read_line(struct req *r, FILE *in, size_t *head_bytes)
{
	struct buf line = {0};
	int c;
	while ((c = fgetc(in)) != EOF && c != '\n') {
		buf_putc(&line, (char)c);
		if (++*head_bytes > STREAM_MAX_HEAD || c == '\0') { /* a NUL in the head: refused (400) */
			buf_free(&line);
			return NULL;
		}
	}
	if (c == EOF && line.len == 0) {
		buf_free(&line);
		return NULL;
	}
	if (line.len && line.data[line.len - 1] == '\r')
		line.data[--line.len] = '\0';
	char *s = arena_strndup(&r->arena, line.data ? line.data : "", line.len);
	buf_free(&line);
	return s;
}

static bool is_token(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("!#$%&'*+-.^_`|~", s[i]))
			return false;
	return true;
}

/* "METHOD SP target SP HTTP/1.x": fills method and target. Returns false when malformed. */
static bool parse_request_line(struct req *r, char *line, const char **target)
{
	char *sp1 = strchr(line, ' ');
	char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || strchr(sp2 + 1, ' '))
		return false;
	*sp1 = *sp2 = '\0';
	if (!is_token(line, strlen(line)) || (strcmp(sp2 + 1, "HTTP/1.1") != 0 && strcmp(sp2 + 1, "HTTP/1.0") != 0))
		return false;
	r->method = line;
	*target = sp1 + 1;
	return **target != '\0';
}

/* Reads the header lines up to the empty line. Returns 0, or 400/431 for malformed/too large. */
static int read_headers(struct req *r, FILE *in, size_t *head_bytes)
{
	for (;;) {
		char *line = read_line(r, in, head_bytes);
		if (!line)
			return *head_bytes > STREAM_MAX_HEAD ? 431 : 400;
		if (!*line)
			return 0;
		char *colon = strchr(line, ':');
		if (!colon || line[0] == ' ' || line[0] == '\t' || !is_token(line, (size_t)(colon - line)))
			return 400;
		if (r->headers.count >= STREAM_MAX_HEADERS)
			return 431;
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		size_t n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			v[--n] = '\0';
		kv_add(&r->arena, &r->headers, line, v, n);
	}
}

/* Reads the body announced by Content-Length. Returns 0 or an error status. */
static int read_body(struct req *r, FILE *in)
{
	const char *te = req_header(r, "Transfer-Encoding");
	if (te || guard_framing(&r->headers))
		return 400;
	const char *cl = req_header(r, "Content-Length");
	if (!cl)
		return 0;
	char *end;
	errno = 0;
	unsigned long long len = strtoull(cl, &end, 10);
	if (*end || end == cl || !isdigit((unsigned char)*cl) || errno)
		return 400;
	r->body_limit = router_body_limit(r->app, r->method, r->path);
	if (len > r->body_limit) {
		r->body_too_large = true;
		return 0; /* the router answers 413 */
	}
	buf_grow(&r->body_in, (size_t)len);
	size_t got = fread(r->body_in.data, 1, (size_t)len, in);
	r->body_in.len = got;
	r->body_in.data[got] = '\0';
	return got == len ? 0 : 400;
}

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 301:
		return "Moved Permanently";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 431:
		return "Request Header Fields Too Large";
	case 503:
		return "Service Unavailable";
	default:
		return status >= 500 ? "Internal Server Error" : "Unknown";
	}
}

static int write_response(const struct req *r, FILE *out)
{
	const void *body = r->static_body ? (const void *)r->static_body : r->page.out.data;
	size_t len = r->static_body ? r->static_len : r->page.out.len;
	fprintf(out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n", r->status,
		reason_phrase(r->status), r->content_type, len);
	for (size_t i = 0; i < r->resp_headers.count; i++)
		fprintf(out, "%s: %s\r\n", r->resp_headers.items[i].name, r->resp_headers.items[i].value);
	fputs("\r\n", out);
	if (len && strcmp(r->method, "HEAD") != 0)
		fwrite(body, 1, len, out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int http_answer_stream(struct http_app *app, FILE *in, FILE *out, const char *client_ip)
{
	struct req *r = req_create(app);
	r->client_ip = arena_strdup(&r->arena, client_ip ? client_ip : "127.0.0.1");
	size_t head_bytes = 0;
	const char *target = NULL;
	char *line = read_line(r, in, &head_bytes);
	int problem = 0;
	if (!line || !parse_request_line(r, line, &target))
		problem = 400;
	if (!problem)
		req_parse_target(r, target);
	if (!problem)
		problem = read_headers(r, in, &head_bytes);
	if (!problem)
		problem = read_body(r, in);
	if (problem)
		router_refuse(r, problem, "HTTP 请求格式错误或请求头过大。");
	else
		router_dispatch(r);
	int rc = write_response(r, out);
	router_access_log(r, r->static_body ? r->static_len : r->page.out.len);
	req_destroy(r);
	return rc;
}
