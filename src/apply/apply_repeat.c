/* apply_repeat.c — pointing out repeated applications (第三十六条（六）: 申请人重复申请公开相同政府信息,
 * table 三 不予处理 2): the same applicant (same identity document, hashed into applicant_key) asking
 * the same agency for the same information — the same 文号, or descriptions that are alike.
 *
 * "Alike" is the Dice coefficient of the two descriptions' character bigrams after dropping spaces
 * and punctuation (ASCII and CJK) and folding ASCII case: robust to rewording of a few characters
 * and to punctuation, and language-neutral. The handler decides; the software only points it out. */
#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

void apply_applicant_key(const char *id_type, const char *id_number, char out[APPLY_HASH_HEX])
{
	struct buf b = {0};
	buf_puts(&b, id_type ? id_type : "");
	buf_putc(&b, ':');
	for (const char *p = id_number ? id_number : ""; *p; p++)
		if (!isspace((unsigned char)*p))
			buf_putc(&b, (char)toupper((unsigned char)*p));
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(out, APPLY_HASH_HEX, digest, sizeof digest);
	buf_free(&b);
}

/* Decodes one UTF-8 character at *s (advancing it); a malformed byte decodes as itself. */
static unsigned decode(const char **s)
{
	size_t n;
	uint32_t c = utf8_decode(*s, SIZE_MAX, &n);
	if (c == UTF8_INVALID)
		c = (unsigned char)**s;
	*s += n;
	return c;
}

static bool ignorable(unsigned c)
{
	if (c < 0x80)
		return !isalnum((int)c);
	return (c >= 0x2000 && c <= 0x206F) || /* general punctuation: “” ‘’ — … */
	       (c >= 0x3000 && c <= 0x303F) || /* CJK punctuation: 、。〈〉《》「」【】〔〕 */
	       (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || /* full-width ！（），：；？ */
	       (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* The significant characters of s (malloc'd array, *n set). */
static unsigned *significant(const char *s, size_t *n)
{
	size_t cap = strlen(s) + 1, k = 0;
	unsigned *v = xmalloc(cap * sizeof *v);
	while (*s) {
		unsigned c = decode(&s);
		if (ignorable(c))
			continue;
		v[k++] = c < 0x80 ? (unsigned)tolower((int)c) : c;
	}
	*n = k;
	return v;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sorted bigrams (pairs packed into 64 bits) of v[0..n). */
static uint64_t *bigrams(const unsigned *v, size_t n, size_t *count)
{
	*count = n >= 2 ? n - 1 : 0;
	uint64_t *g = xmalloc((*count + 1) * sizeof *g);
	for (size_t i = 0; i < *count; i++)
		g[i] = ((uint64_t)v[i] << 32) | v[i + 1];
	qsort(g, *count, sizeof *g, by_value);
	return g;
}

/* Size of the multiset intersection of two sorted arrays. */
static size_t common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, k = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			k++, i++, j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return k;
}

int apply_text_similarity(const char *a, const char *b)
{
	size_t na, nb, ga, gb;
	unsigned *va = significant(a ? a : "", &na), *vb = significant(b ? b : "", &nb);
	int result;
	if (na < 2 || nb < 2) {
		result = (na == nb && memcmp(va, vb, na * sizeof *va) == 0 && na > 0) ? 100 : 0;
	} else {
		uint64_t *x = bigrams(va, na, &ga), *y = bigrams(vb, nb, &gb);
		result = (int)((200 * common(x, ga, y, gb) + (ga + gb) / 2) / (ga + gb));
		free(x);
		free(y);
	}
	free(va);
	free(vb);
	return result;
}

/* True when two 文号 are present and equal once spaces and punctuation are ignored. */
static bool same_doc_no(const char *a, const char *b)
{
	size_t na, nb;
	unsigned *va = significant(a, &na), *vb = significant(b, &nb);
	bool same = na > 0 && na == nb && memcmp(va, vb, na * sizeof *va) == 0;
	free(va);
	free(vb);
	return same;
}

int apply_repeat_candidates(struct db *db, const struct application *a, struct apply_repeat **out, size_t *n)
{
	char key[APPLY_HASH_HEX];
	apply_applicant_key(a->id_type, a->id_number, key);
	*out = NULL;
	*n = 0;
	struct db_stmt *st =
	    db_prepare(db, "SELECT tracking_no, submitted_on, description, doc_no, coalesce(outcome, '') "
			   "FROM application WHERE agency_id = :agency AND applicant_key = :key "
			   "AND id <> :id ORDER BY id DESC");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", a->agency_id);
	db_bind_text(st, ":key", key);
	db_bind_int(st, ":id", a->id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		int sim = apply_text_similarity(a->description, db_column_text(st, 2));
		if (same_doc_no(a->doc_no, db_column_text(st, 3)))
			sim = 100;
		if (sim < APPLY_REPEAT_THRESHOLD)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct apply_repeat *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		db_column_copy(st, 0, r->tracking_no, sizeof r->tracking_no);
		r->submitted_on = apply_day_of(db_column_text(st, 1));
		r->similarity = sim;
		db_column_copy(st, 4, r->outcome, sizeof r->outcome);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
