/* buf.h — a growable byte buffer, the one way gongkai builds strings.
 *
 * A struct buf starts zeroed ({0}) and grows on demand; its data is always NUL-terminated once
 * anything was appended. Out of memory aborts the process (as every allocation in gongkai does
 * through xmalloc): a server that cannot allocate a few bytes cannot answer anyway. */
#ifndef GONGKAI_UTIL_BUF_H
#define GONGKAI_UTIL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

void buf_grow(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Writes the decimal digits of v at out (at most 20, no NUL) and returns how many: integers without
 * printf, for paths that format one per request. */
size_t decimal_digits(unsigned long long v, char out[20]);
/* Appends v in decimal ("-" first when negative), without printf. */
void buf_put_int(struct buf *b, long long v);
void buf_put_uint(struct buf *b, unsigned long long v);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s with & < > " ' replaced by entities: safe in HTML text and quoted attributes. */
void buf_html(struct buf *b, const char *s);
void buf_html_n(struct buf *b, const char *s, size_t len);
void buf_reset(struct buf *b);
/* Returns the contents as a malloc'd string (never NULL) and leaves b empty; caller frees. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* Appends a whole file (or stdin for "-") to b, refusing files larger than max bytes; b->data is
 * NUL-terminated (never NULL) on success. Returns 0, or -1 with errno set (EFBIG when too large). */
int buf_read_file(struct buf *b, const char *path, size_t max);
/* buf_read_file for a path the caller has just seen to be a regular file (stat, or readdir's
 * d_type): no fstat call, b's free space read into first (at least 64 KiB), a read shorter than
 * asked taken as the end. A buffer emptied and reused from file to file reads most files with one
 * read() call. */
int buf_read_regular_file(struct buf *b, const char *path, size_t max);
/* The same for a file the caller has open (fd, not closed here); regular as for
 * buf_read_regular_file when true, else fd is looked at with fstat. */
int buf_read_fd(struct buf *b, int fd, size_t max, bool regular);

#endif
