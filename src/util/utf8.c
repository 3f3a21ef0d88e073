/* utf8.c — decoding, validating, counting, cutting and width-folding UTF-8 (see utf8.h). Replaces the
 * hand-written decoders that used to live in the HTTP parser, the search tokenizer, the calendar
 * loaders, the attachment names, the application checks and the report reader and checker, each with
 * its own idea of "malformed". */
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Length of the sequence led by c and the allowed range of its second byte, which is where overlong
 * forms (E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points past U+10FFFF (F4 90–BF) are
 * refused. Returns 0 when c cannot lead a sequence (continuation bytes, C0, C1, F5–FF). */
static size_t lead_length(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF) {
		*lo = c == 0xE0 ? 0xA0 : 0x80;
		*hi = c == 0xED ? 0x9F : 0xBF;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		*lo = c == 0xF0 ? 0x90 : 0x80;
		*hi = c == 0xF4 ? 0x8F : 0xBF;
		return 4;
	}
	return 0;
}

uint32_t utf8_decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	*n = 1;
	if (u[0] < 0x80)
		return u[0];
	unsigned char lo, hi;
	size_t need = lead_length(u[0], &lo, &hi);
	if (need == 0 || len < 2 || u[1] < lo || u[1] > hi)
		return UTF8_INVALID;
	uint32_t cp = u[0] & (0x7Fu >> need);
	for (size_t i = 1; i < need; i++) {
		if (i >= len || (u[i] & 0xC0) != 0x80) /* a NUL is no continuation byte: never read past it */
			return UTF8_INVALID;
		cp = cp << 6 | (u[i] & 0x3Fu);
	}
	*n = need;
	return cp;
}

size_t utf8_char_len(const char *s)
{
	size_t n;
	if (!*s)
		return 0;
	utf8_decode(s, SIZE_MAX, &n);
	return n;
}

size_t utf8_encode(uint32_t cp, char out[UTF8_MAX_BYTES])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if (s[i] == '\0' || utf8_decode(s + i, len - i, &n) == UTF8_INVALID)
			return false;
	return true;
}

size_t utf8_chars(const char *s)
{
	size_t count = 0;
	for (size_t n; s && *s; s += n, count++)
		n = utf8_char_len(s);
	return count;
}

size_t utf8_prefix(const char *s, size_t nchars)
{
	size_t i = 0;
	for (; s[i] && nchars > 0; nchars--)
		i += utf8_char_len(s + i);
	return i;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && utf8_continuation(s[max]))
		max--;
	return max;
}

size_t utf8_back(const char *s, size_t pos)
{
	if (pos == 0)
		return 0;
	size_t start = pos - 1;
	while (start > 0 && pos - start < UTF8_MAX_BYTES && utf8_continuation(s[start]))
		start--;
	size_t n;
	if (utf8_decode(s + start, pos - start, &n) == UTF8_INVALID || start + n != pos)
		return pos - 1; /* not one character ending at pos: step back one byte */
	return start;
}

uint32_t utf8_fold_width(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	return cp == 0x3000 ? ' ' : cp;
}

void utf8_fold_width_buf(struct buf *out, const char *s, size_t len)
{
	buf_append(out, "", 0); /* NUL-terminated even when s is empty */
	buf_grow(out, len);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		char bytes[UTF8_MAX_BYTES];
		if (cp == UTF8_INVALID)
			buf_append(out, s + i, n);
		else
			buf_append(out, bytes, utf8_encode(utf8_fold_width(cp), bytes));
	}
}

/* East Asian Wide and Fullwidth blocks (Unicode UAX #11, the ranges Chinese text meets). */
static bool wide(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
	    {0x1100, 0x115F},	/* hangul jamo */
	    {0x2E80, 0x303E},	/* CJK radicals, ideographic punctuation */
	    {0x3041, 0x33FF},	/* kana, bopomofo, CJK compatibility */
	    {0x3400, 0x4DBF},	/* CJK extension A */
	    {0x4E00, 0x9FFF},	/* CJK unified ideographs */
	    {0xA000, 0xA4CF},	/* Yi */
	    {0xAC00, 0xD7A3},	/* hangul syllables */
	    {0xF900, 0xFAFF},	/* CJK compatibility ideographs */
	    {0xFE30, 0xFE4F},	/* CJK compatibility forms */
	    {0xFF00, 0xFF60},	/* full-width forms */
	    {0xFFE0, 0xFFE6},	/* full-width signs */
	    {0x1F300, 0x1F64F}, /* pictographs, emoticons */
	    {0x20000, 0x3FFFD}, /* CJK extensions B and later */
	};
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}

size_t utf8_columns(const char *s)
{
	size_t columns = 0;
	for (size_t n; s && *s; s += n) {
		uint32_t cp = utf8_decode(s, SIZE_MAX, &n);
		if (cp == UTF8_INVALID)
			columns++;
		else if (cp >= 0x20 && (cp < 0x7F || cp >= 0xA0))
			columns += wide(cp) ? 2 : 1;
	}
	return columns;
}
