/* buf.c — growable byte buffer and the allocation wrappers used everywhere. */
#include "util/buf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void out_of_memory(void)
{
	fputs("gongkai: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_append(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

size_t decimal_digits(unsigned long long v, char out[20])
{
	char reversed[20];
	size_t n = 0;
	do
		reversed[n++] = (char)('0' + v % 10);
	while (v /= 10);
	for (size_t i = 0; i < n; i++)
		out[i] = reversed[n - 1 - i];
	return n;
}

void buf_put_uint(struct buf *b, unsigned long long v)
{
	buf_grow(b, 20); /* the digits are written in place */
	b->len += decimal_digits(v, b->data + b->len);
	b->data[b->len] = '\0';
}

void buf_put_int(struct buf *b, long long v)
{
	if (v < 0)
		buf_putc(b, '-');
	buf_put_uint(b, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_html_n(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *entity;
		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, entity);
		start = i + 1;
	}
	buf_append(b, s + start, len - start);
}

void buf_html(struct buf *b, const char *s)
{
	buf_html_n(b, s, strlen(s));
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_take(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Appends what fd holds up to its end to b (at most max bytes of it). A regular file is read with one read() call when
 * its size is known: asking for one byte more than fstat says makes a short read the end of file,
 * so no second call is needed to see it (a file that grew meanwhile is read on to its end). When
 * the caller already knows fd is a regular file (regular), there is no fstat: b's free space is
 * asked for (at least 64 KiB, at most one byte more than max), and a short read is again the end. */
static int read_fd(struct buf *b, int fd, size_t max, bool regular)
{
	size_t want = 65536, start = b->len;
	if (!regular) {
		struct stat st;
		if (fstat(fd, &st) < 0)
			return -1;
		regular = S_ISREG(st.st_mode);
		if (regular && (uintmax_t)st.st_size > max) {
			errno = EFBIG;
			return -1;
		}
		if (regular)
			want = (size_t)st.st_size + 1;
	} else {
		if (b->cap > b->len + 1 && b->cap - b->len - 1 > want)
			want = b->cap - b->len - 1;
		if (want - 1 > max)
			want = max + 1;
	}
	for (;;) {
		buf_grow(b, want);
		ssize_t n = read(fd, b->data + b->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		b->len += (size_t)n;
		if (b->len - start > max) {
			errno = EFBIG;
			return -1;
		}
		if (n == 0 || (regular && (size_t)n < want))
			return 0;
		want = 65536;
	}
}

int buf_read_fd(struct buf *b, int fd, size_t max, bool regular)
{
	int rc = read_fd(b, fd, max, regular);
	if (rc == 0)
		buf_append(b, "", 0);
	return rc;
}

static int read_path(struct buf *b, const char *path, size_t max, bool regular)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = buf_read_fd(b, fd, max, regular && fd != STDIN_FILENO);
	if (fd != STDIN_FILENO) {
		int saved = errno;
		close(fd);
		errno = saved;
	}
	return rc;
}

int buf_read_file(struct buf *b, const char *path, size_t max)
{
	return read_path(b, path, max, false);
}

int buf_read_regular_file(struct buf *b, const char *path, size_t max)
{
	return read_path(b, path, max, true);
}
