/* report_similarity.c — character 4-shingles and their Jaccard index (report_similarity.h). */
#include "report/report_similarity.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fnv.h"
#include "util/utf8.h"

/* Whitespace and punctuation (ASCII, CJK symbols and punctuation, full-width forms, quotes, dashes,
 * ellipsis): left out of the comparison. */
static bool ignored(uint32_t c)
{
	if (c <= 0x7F)
		return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
	return c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	       (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	       (c >= 0xFF5B && c <= 0xFF65);
}

/* The normalised characters of text (digits as '0'); returns how many, *out malloc'd. */
static size_t normalised(const char *text, uint32_t **out)
{
	size_t len = strlen(text), n = 0;
	uint32_t *v = xmalloc((len + 1) * sizeof *v);
	for (size_t i = 0; i < len;) {
		size_t step;
		uint32_t c = utf8_decode(text + i, len - i, &step);
		i += step ? step : 1;
		if (c == UTF8_INVALID || ignored(c))
			continue;
		if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))
			c = '0';
		v[n++] = c;
	}
	*out = v;
	return n;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* FNV-1a over the shingle's code points. */
static uint64_t shingle_hash(const uint32_t *c)
{
	uint64_t h = FNV1A64_INIT;
	for (int k = 0; k < REPORT_SHINGLE_CHARS; k++) {
		const unsigned char bytes[4] = {c[k] & 0xFF, (c[k] >> 8) & 0xFF, (c[k] >> 16) & 0xFF, c[k] >> 24};
		h = fnv1a64(h, bytes, sizeof bytes); /* little-endian whatever the machine */
	}
	return h;
}

void report_shingles(const char *text, struct report_shingles *out)
{
	out->v = NULL;
	out->n = 0;
	if (!text)
		return;
	uint32_t *c;
	size_t n = normalised(text, &c);
	if (n >= REPORT_SHINGLE_MIN_CHARS) {
		size_t count = n - REPORT_SHINGLE_CHARS + 1;
		out->v = xmalloc(count * sizeof *out->v);
		for (size_t i = 0; i < count; i++)
			out->v[i] = shingle_hash(c + i);
		qsort(out->v, count, sizeof *out->v, compare_u64);
		for (size_t i = 0; i < count; i++)
			if (out->n == 0 || out->v[out->n - 1] != out->v[i])
				out->v[out->n++] = out->v[i];
	}
	free(c);
}

void report_shingles_free(struct report_shingles *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

double report_shingle_similarity(const struct report_shingles *a, const struct report_shingles *b)
{
	if (!a->n || !b->n)
		return -1;
	size_t i = 0, j = 0, common = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j]) {
			common++;
			i++;
			j++;
		} else if (a->v[i] < b->v[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)common / (double)(a->n + b->n - common);
}
