/* page.h — the escaping-by-default page writer used for every HTML (and JSON) response body.
 *
 * Escaping is chosen at the point of output by a conversion letter, as in Fossil's printf:
 *   %h  const char *  HTML-escaped (& < > " ' → entities): safe in text and in quoted attributes
 *   %t  const char *  URL component: everything but A-Z a-z 0-9 - _ . ~ percent-encoded (UTF-8 bytes)
 *   %j  const char *  JSON string literal including the quotes; "</" is written "<\/" so the result
 *                     is also safe inside a <script> element
 *   %d int, %lld long long, %zu size_t, %% a percent sign
 * There is deliberately NO %s: a value cannot reach the output unescaped by accident. A NULL string
 * argument prints as nothing (for %j as ""). An unknown conversion is a programming error and aborts.
 * The format itself must be a string literal (enforced by the page_printf macro), so request data can
 * never become a format.
 *
 * Raw markup goes through page_raw(p, "literal") — a macro that only compiles with a string literal —
 * and trusted generated HTML (e.g. a Markdown renderer's output) through page_trusted_html(), a loud
 * name that reviewers can grep for. */
#ifndef GONGKAI_HTTP_PAGE_H
#define GONGKAI_HTTP_PAGE_H

#include <stdarg.h>
#include <stddef.h>

#include "util/buf.h"

struct page {
	struct buf out; /* the body being written; owned by the page (page_free or buf_take) */
};

/* Appends fmt with the conversions listed above. Use through the page_printf macro. */
void page_printf_(struct page *p, const char *fmt, ...);
void page_vprintf_(struct page *p, const char *fmt, va_list ap);
#define page_printf(p, fmt, ...) page_printf_((p), "" fmt "", ##__VA_ARGS__)

/* Appends a string literal verbatim (markup written in the source code). */
void page_raw_(struct page *p, const char *lit, size_t len);
#define page_raw(p, lit) page_raw_((p), "" lit "", sizeof(lit) - 1)

/* Appends HTML produced by trusted code (never by request data) verbatim. Grep for this name when
 * reviewing: every caller must be able to say why its argument cannot contain attacker markup. */
void page_trusted_html(struct page *p, const char *html);

/* Escape helpers on a plain buffer, shared with the rest of the HTTP layer. */
void page_escape_url(struct buf *b, const char *s);
void page_escape_json(struct buf *b, const char *s);

/* Frees the page's buffer. */
void page_free(struct page *p);

#endif
