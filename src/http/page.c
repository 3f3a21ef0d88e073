/* page.c — the page writer: a tiny printf whose only string conversions escape (see page.h). */
#include "http/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void page_escape_url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		    *c == '_' || *c == '.' || *c == '~') {
			buf_putc(b, (char)*c);
		} else {
			char enc[3] = {'%', hex[*c >> 4], hex[*c & 15]};
			buf_append(b, enc, 3);
		}
	}
}

void page_escape_json(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
		switch (*c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '/':
			/* "</script>" must not end an enclosing script element */
			buf_puts(b, c > (const unsigned char *)s && c[-1] == '<' ? "\\/" : "/");
			break;
		case '<':
		case '>':
		case '&':
			buf_printf(b, "\\u%04x", *c); /* inert in HTML contexts as well */
			break;
		default:
			if (*c < 0x20)
				buf_printf(b, "\\u%04x", *c);
			else
				buf_putc(b, (char)*c);
		}
	}
	buf_putc(b, '"');
}

static void bad_conversion(const char *fmt)
{
	fprintf(stderr, "gongkai: page_printf: unsupported conversion in format \"%s\"\n", fmt);
	abort();
}

/* Handles the conversion starting at f (just after '%'); returns the position after it. */
static const char *convert(struct page *p, const char *fmt, const char *f, va_list *ap)
{
	switch (*f) {
	case 'h': {
		const char *s = va_arg(*ap, const char *);
		buf_html(&p->out, s ? s : "");
		return f + 1;
	}
	case 't':
		page_escape_url(&p->out, va_arg(*ap, const char *));
		return f + 1;
	case 'j':
		page_escape_json(&p->out, va_arg(*ap, const char *));
		return f + 1;
	case 'd':
		buf_put_int(&p->out, va_arg(*ap, int)); /* no printf: integers are in every page */
		return f + 1;
	case '%':
		buf_putc(&p->out, '%');
		return f + 1;
	case 'l':
		if (f[1] == 'l' && f[2] == 'd') {
			buf_put_int(&p->out, va_arg(*ap, long long));
			return f + 3;
		}
		break;
	case 'z':
		if (f[1] == 'u') {
			buf_put_uint(&p->out, va_arg(*ap, size_t));
			return f + 2;
		}
		break;
	default:
		break;
	}
	bad_conversion(fmt);
	return f;
}

void page_vprintf_(struct page *p, const char *fmt, va_list ap)
{
	va_list args;
	va_copy(args, ap);
	const char *f = fmt;
	while (*f) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			buf_puts(&p->out, f);
			break;
		}
		buf_append(&p->out, f, (size_t)(pct - f));
		f = convert(p, fmt, pct + 1, &args);
	}
	va_end(args);
}

void page_printf_(struct page *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	page_vprintf_(p, fmt, ap);
	va_end(ap);
}

void page_raw_(struct page *p, const char *lit, size_t len)
{
	buf_append(&p->out, lit, len);
}

void page_trusted_html(struct page *p, const char *html)
{
	if (html)
		buf_puts(&p->out, html);
}

void page_free(struct page *p)
{
	buf_free(&p->out);
}
