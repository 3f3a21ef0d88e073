/* utf8.h — the one UTF-8 reader of gongkai: decoding a character, validating text, counting and cutting
 * on character boundaries, terminal columns, and the "NFKC-ish" width folding that makes full-width
 * ASCII (Ａ１，) and the ideographic space read as their half-width forms.
 *
 * Well-formed means RFC 3629: no overlong forms, no surrogates (U+D800–U+DFFF), nothing past U+10FFFF,
 * no truncated sequence. Every function here accepts any bytes (malformed input is never undefined
 * behaviour), and none reads past a NUL byte, so the "NUL-terminated" variants are safe on any C string.
 * Pure code (no allocation except utf8_fold_width_buf, which appends to a struct buf). */
#ifndef GONGKAI_UTIL_UTF8_H
#define GONGKAI_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define UTF8_INVALID   0xFFFFFFFFu /* what utf8_decode returns for a malformed sequence */
#define UTF8_MAX_BYTES 4	   /* bytes of the longest character */

/* Decodes the character at s, reading at most len bytes (and never past a NUL byte, so a C string may
 * pass SIZE_MAX). Returns the code point and sets *n to its byte length (1–4). A malformed, truncated,
 * overlong or surrogate sequence, or one past U+10FFFF, returns UTF8_INVALID with *n = 1, so a caller
 * that skips *n bytes resynchronises on the next byte. len must be at least 1; a NUL decodes as 0. */
uint32_t utf8_decode(const char *s, size_t len, size_t *n);

/* utf8_decode with its common cases inline, for loops that read every character of a text: ASCII and
 * the three-byte characters whose lead byte admits no overlong or surrogate form (E1–EC, EE–EF, which
 * hold all CJK ideographs) are decoded here, everything else by utf8_decode. Same contract and same
 * results as utf8_decode. */
static inline uint32_t utf8_decode_fast(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*n = 1;
		return u[0];
	}
	if (u[0] >= 0xE1 && u[0] <= 0xEF && u[0] != 0xED && len >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) { /* a NUL is no continuation byte: u[2] is read only after u[1] */
		*n = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3Fu);
	}
	return utf8_decode(s, len, n);
}

/* Decodes the character at s of text already known to be well-formed (checked by utf8_valid, or made
 * by iconv or libxml2), without checking it: the per-character reader of the report parser's hot
 * loops. Reads at most len bytes (len >= 1) and sets *n to 1–4 (never more than len). On malformed
 * bytes the code point is unspecified (a truncated three-byte character gives U+FFFD) but no byte
 * past len is read. */
static inline uint32_t utf8_decode_unchecked(const char *s, size_t len, size_t *n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80 || len < 2) {
		*n = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*n = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3Fu);
	}
	if (u[0] < 0xF0 || len < 4) {
		*n = len < 3 ? len : 3;
		if (*n < 3)
			return 0xFFFD;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3Fu);
	}
	*n = 4;
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 | (uint32_t)(u[2] & 0x3F) << 6 |
	       (u[3] & 0x3Fu);
}

/* Byte length of the character at the start of the C string s: the valid sequence's length, else 1
 * (0 at the terminating NUL). */
size_t utf8_char_len(const char *s);

/* Writes cp as UTF-8 into out and returns the byte count (1–4); 0 (nothing written) when cp is a
 * surrogate or past U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[UTF8_MAX_BYTES]);

/* True when s[0..len) is well-formed UTF-8 without NUL bytes (text values of gongkai never hold NUL). */
bool utf8_valid(const char *s, size_t len);

/* Number of characters of the C string s (NULL counts as 0); each malformed byte counts as one. */
size_t utf8_chars(const char *s);

/* Byte length of the first nchars characters of the C string s (all of it when shorter). */
size_t utf8_prefix(const char *s, size_t nchars);

/* The longest length <= max (and <= len) at which s[0..len) can be cut without splitting a character:
 * backs off over continuation bytes. Cutting well-formed text there leaves well-formed text. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* True when byte c continues a character (10xxxxxx): a position holding one is no character boundary. */
static inline bool utf8_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The first character boundary at or after pos in s[0..len): pos moved forward over continuation
 * bytes (len when none is left). Cutting the head of text there leaves well-formed text. */
static inline size_t utf8_next_boundary(const char *s, size_t len, size_t pos)
{
	while (pos < len && utf8_continuation(s[pos]))
		pos++;
	return pos;
}

/* Offset of the start of the character that ends at pos (pos > 0) in s; 0 when pos is 0. */
size_t utf8_back(const char *s, size_t pos);

/* The width-folded form of a code point: full-width ASCII U+FF01–U+FF5E becomes U+0021–U+007E and the
 * ideographic space U+3000 becomes ' '; every other code point is returned unchanged. */
uint32_t utf8_fold_width(uint32_t cp);

/* Appends s[0..len) to out with every character width-folded (utf8_fold_width); malformed bytes are
 * copied as they are. out->data is NUL-terminated afterwards, even when len is 0. */
void utf8_fold_width_buf(struct buf *out, const char *s, size_t len);

/* Columns the C string s takes in a terminal: 2 for East Asian wide and full-width characters (CJK,
 * kana, hangul, full-width forms), 1 for the rest (malformed bytes too), 0 for controls. */
size_t utf8_columns(const char *s);

#endif
