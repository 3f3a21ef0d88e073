/* fuzz_utf8.c — libFuzzer target for the UTF-8 module. Beyond "no crash", it checks the properties the
 * rest of gongkai relies on, on any bytes:
 *   - walking with utf8_decode covers the input exactly, and every decoded character re-encodes to the
 *     very bytes it came from (so decode and encode agree on what is well-formed);
 *   - utf8_valid is true exactly when that walk meets no malformed byte and no NUL;
 *   - utf8_back walks the same characters backwards on valid text;
 *   - utf8_cut never exceeds its limit, stops on a character boundary, and loses less than a character;
 *   - utf8_chars / utf8_prefix agree with the walk; width folding keeps valid text valid, keeps the
 *     character count, and folding twice changes nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Walks s forwards; returns the character count and whether every character was well-formed. */
static size_t walk(const char *s, size_t len, bool *valid)
{
	size_t count = 0, i = 0, n;
	*valid = true;
	while (i < len) {
		uint32_t cp = utf8_decode(s + i, len - i, &n);
		check(n >= 1 && n <= UTF8_MAX_BYTES && i + n <= len);
		if (cp == UTF8_INVALID || s[i] == '\0') {
			check(n == 1);
			*valid = false;
		} else {
			char out[UTF8_MAX_BYTES];
			check(utf8_encode(cp, out) == n && memcmp(out, s + i, n) == 0);
		}
		i += n;
		count++;
	}
	check(i == len);
	return count;
}

static void check_back(const char *s, size_t len)
{
	size_t pos = len, count = 0;
	while (pos > 0) {
		size_t start = utf8_back(s, pos), n;
		check(start < pos);
		check(utf8_decode(s + start, len - start, &n) != UTF8_INVALID && start + n == pos);
		pos = start;
		count++;
	}
	(void)count;
}

static void check_cuts(const char *s, size_t len, bool valid)
{
	for (size_t max = 0; max <= len + 1 && max < 64; max++) {
		size_t cut = utf8_cut(s, len, max);
		check(cut <= max && cut <= len);
		if (valid) {
			check(utf8_valid(s, cut));
			check(cut + UTF8_MAX_BYTES > (max < len ? max : len) || cut == len);
		}
	}
}

static void check_strings(const char *s, size_t len, size_t count, bool valid)
{
	char *z = malloc(len + 1);
	memcpy(z, s, len);
	z[len] = '\0';
	if (!memchr(s, '\0', len)) {
		check(utf8_chars(z) == count);
		check(utf8_prefix(z, count) == len);
		check(utf8_prefix(z, count / 2) <= len);
	}
	(void)utf8_columns(z);
	struct buf once = {0}, twice = {0};
	utf8_fold_width_buf(&once, s, len);
	if (valid) {
		check(utf8_valid(once.data, once.len));
		check(utf8_chars(once.data) == count);
		utf8_fold_width_buf(&twice, once.data, once.len);
		check(twice.len == once.len && memcmp(twice.data, once.data, once.len) == 0);
	}
	buf_free(&once);
	buf_free(&twice);
	free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	bool valid;
	size_t count = walk(s, size, &valid);
	check(utf8_valid(s, size) == valid);
	if (valid)
		check_back(s, size);
	check_cuts(s, size, valid);
	check_strings(s, size, count, valid);
	return 0;
}
