/* parse_encoding.c — making the bytes of a published report readable: UTF-8 as is, GBK/GB18030
 * (what many Chinese government sites still serve) and UTF-16 (what Windows tools save as
 * "Unicode" text; with or without a byte-order mark) converted with iconv, binary data refused.
 * A report that cannot be read as text gets a clear Chinese message instead of a guess. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/parse_internal.h"

/* What scan_utf8 does with a byte, by its value. */
enum byte_kind {
	BK_PLAIN,   /* printable ASCII and the layout controls \t \n \v \f \r (0x09–0x0D) */
	BK_CONTROL, /* another control character (counted: parse_counted_control) */
	BK_NUL,	    /* NUL (reported) */
	BK_LEAD3,   /* E1–EC, EE, EF: first byte of a three-byte character without overlong or
		     * surrogate forms (all of CJK) when two continuation bytes follow */
	BK_DECODE,  /* anything else at or above 0x80: decoded in full */
};
#define BK_RANGE(from, to, kind) [from... to] = kind
static const unsigned char byte_kinds[256] = {
    /* BK_PLAIN (0) unless listed */
    [0] = BK_NUL,	 BK_RANGE(0x01, 0x08, BK_CONTROL), BK_RANGE(0x0E, 0x1F, BK_CONTROL),
    [0x7F] = BK_CONTROL, BK_RANGE(0x80, 0xE0, BK_DECODE),  BK_RANGE(0xE1, 0xEC, BK_LEAD3),
    [0xED] = BK_DECODE,	 BK_RANGE(0xEE, 0xEF, BK_LEAD3),   BK_RANGE(0xF0, 0xFF, BK_DECODE),
};

/* Checks UTF-8 and counts control characters in one pass; returns false at the first invalid
 * sequence. *nul is set when a NUL byte is seen. One table lookup per ASCII byte and per
 * three-byte character (the bulk of a report) decides; the rest is decoded in full. */
static bool scan_utf8(const char *s, size_t len, size_t *controls, bool *nul)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		enum byte_kind k = byte_kinds[u[i]];
		if (k == BK_PLAIN) {
			i++;
			continue;
		}
		if (k == BK_LEAD3 && len - i >= 3 && ((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40) {
			i += 3; /* and the rest of a run of them, one branch per character */
			while (len - i >= 3 &&
			       (byte_kinds[u[i]] == BK_LEAD3) & (((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40))
				i += 3;
			continue;
		}
		if (k == BK_CONTROL || k == BK_NUL) {
			*nul |= k == BK_NUL;
			*controls += k == BK_CONTROL;
			i++;
			continue;
		}
		size_t n;
		if (utf8_decode(s + i, len - i, &n) == UTF8_INVALID)
			return false;
		i += n;
	}
	return true;
}

/* True when s[0..len) is well-formed UTF-8 (NUL bytes allowed: scan_utf8 reports them apart). */
static bool valid_utf8(const char *s, size_t len)
{
	size_t controls = 0;
	bool nul = false;
	return scan_utf8(s, len, &controls, &nul);
}

static bool too_many_controls(size_t controls, size_t len)
{
	return controls > 8 && controls * 100 > len;
}

/* True when the text holds NUL bytes or more than a few control characters: not a text file. */
static bool looks_binary(const char *s, size_t len)
{
	size_t controls = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		if (c == 0)
			return true;
		controls += parse_counted_control(c);
	}
	return too_many_controls(controls, len);
}

/* Converts data in the encoding from to a malloc'd UTF-8 string; returns NULL when the bytes are
 * not in that encoding. */
static char *to_utf8(const char *data, size_t len, const char *from, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16; /* GB18030 or UTF-16 → UTF-8 grows at most 3/2 */
	char *out = xmalloc(cap);
	char *in = (char *)data, *o = out;
	size_t in_left = len, out_left = cap - 1;
	size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
	if (rc != (size_t)-1)
		rc = iconv(cd, NULL, NULL, &o, &out_left);
	iconv_close(cd);
	if (rc == (size_t)-1 || in_left != 0) {
		free(out);
		return NULL;
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
}

/* Length of data without a UTF-8 sequence cut off at its very end (a file truncated mid-character),
 * when the rest is valid UTF-8; len otherwise. */
static size_t without_cut_character(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t i = len, back = 0;
	while (i > 0 && back < 3 && utf8_continuation(data[i - 1]))
		i--, back++;
	if (i == 0 || u[i - 1] < 0xC0)
		return len;
	size_t need = u[i - 1] >= 0xF0 ? 4 : u[i - 1] >= 0xE0 ? 3 : 2;
	if (back + 1 >= need || !valid_utf8(data, i - 1))
		return len;
	return i - 1;
}

/* The UTF-16 byte order of data ("UTF-16LE"/"UTF-16BE") or NULL when it is not UTF-16. Told by the
 * NUL bytes of its ASCII characters (digits, spaces, line breaks: a report has many): mostly on odd
 * offsets for little-endian, on even ones for big-endian (CJK characters U+xx00 such as "一" put a
 * few on the other side). Without a byte-order mark one character in twenty must be ASCII, with
 * one (*bom = 2, which must agree with the NULs) one in a hundred. */
static const char *utf16_order(const char *data, size_t len, size_t *bom)
{
	const unsigned char *u = (const unsigned char *)data;
	*bom = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)) ? 2 : 0;
	size_t n = len - *bom < 8192 ? (len - *bom) & ~(size_t)1 : 8192, even = 0, odd = 0;
	if (!memchr(data + *bom, 0, n))
		return NULL; /* no NUL byte at all: not UTF-16 (the count below would find major == 0) */
	for (size_t i = *bom; i < *bom + n; i += 2) {
		even += u[i] == 0;
		odd += u[i + 1] == 0;
	}
	size_t pairs = n / 2, major = odd > even ? odd : even, minor = odd > even ? even : odd;
	if (n < 4 || major == 0 || major * (*bom ? 100 : 20) < pairs || minor * 4 > major)
		return NULL;
	if (*bom && (u[0] == 0xFF) != (odd > even))
		return NULL;
	return odd > even ? "UTF-16LE" : "UTF-16BE";
}

int parse_decode(const char *data, size_t len, char **out, size_t *out_len, const char **start, size_t *start_len,
		 struct buf *normalized, char *err, size_t errsize)
{
	*out = NULL;
	*out_len = 0;
	if (len == 0) {
		snprintf(err, errsize, "文件为空，不是政府信息公开工作年度报告");
		return -1;
	}
	size_t order_mark;
	const char *utf16 = utf16_order(data, len, &order_mark);
	if (utf16) {
		*out = to_utf8(data + order_mark, (len - order_mark) & ~(size_t)1, utf16, out_len);
		if (!*out || looks_binary(*out, *out_len)) {
			free(*out);
			*out = NULL;
			snprintf(err, errsize, "文件看似 UTF-16 编码的文本，但内容无法按 UTF-16 解码");
			return -1;
		}
		*start = *out;
		*start_len = *out_len;
		return 0;
	}
	size_t controls = 0;
	bool nul = false;
	len = without_cut_character(data, len);
	size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	/* text to be normalised is checked in the same pass (the BOM, U+FEFF, is one of the characters
	 * normalisation drops); an HTML page is read by libxml2 instead */
	bool together = normalized && !parse_looks_like_html(data + bom, len - bom);
	bool utf8 = together ? parse_normalize_utf8(normalized, data, len, &controls, &nul)
			     : scan_utf8(data, len, &controls, &nul);
	bool binary = utf8 ? nul || too_many_controls(controls, len) : looks_binary(data, len);
	if (together && (!utf8 || binary))
		buf_free(normalized); /* not this text's normalisation */
	if (binary) {
		snprintf(err, errsize, "文件含有二进制数据，不是文本或网页格式的年度报告");
		return -1;
	}
	if (utf8) {
		*start = data + bom;
		*start_len = len - bom;
		return 0;
	}
	*out = to_utf8(data, len, "GB18030", out_len);
	if (!*out || looks_binary(*out, *out_len)) {
		free(*out);
		*out = NULL;
		snprintf(err, errsize, "文件编码无法识别：既不是有效的 UTF-8，也不是 GB18030/GBK 编码的文本");
		return -1;
	}
	*start = *out;
	*start_len = *out_len;
	return 0;
}
