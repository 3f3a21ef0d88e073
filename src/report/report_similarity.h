/* report_similarity.h — how alike two texts of reports are, for spotting a section 五 (存在的主要问题及改
 * 进情况) repeated from last year or copied from another agency (issue 10 item 5, docs/supervision.md).
 *
 * Texts are compared as sets of character 4-shingles (every run of 4 consecutive characters) after
 * dropping whitespace and punctuation and writing every digit as 0 (a changed year or count does not
 * hide a copy); the similarity is the Jaccard index |A∩B| / |A∪B|. Why 4 characters and 0.5: over the 42
 * real reports of tests/fixtures/real (861 pairs of section 五), 2-shingles (the T2 rule's bigrams) give
 * unrelated agencies up to 0.39 through the genre's shared words (政府、信息、公开), while with 4-shingles —
 * about two Chinese words, a phrase — unrelated agencies stay at or below 0.08 (one pair of two 平潭
 * bureaus at 0.29) and the one text an agency repeated two years later scores 0.65. A threshold of 0.5
 * lies well above everything unrelated and below that repeat. Texts shorter than 20 characters are not
 * compared (a one-line "无" says nothing). Pure: no I/O. */
#ifndef GONGKAI_REPORT_REPORT_SIMILARITY_H
#define GONGKAI_REPORT_REPORT_SIMILARITY_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_SHINGLE_CHARS	 4
#define REPORT_SHINGLE_MIN_CHARS 20
#define REPORT_SIMILAR_THRESHOLD 0.5

/* The distinct shingles of a text (64-bit hashes, sorted). */
struct report_shingles {
	uint64_t *v;
	size_t n;
};

/* Fills out with the shingles of text (NULL allowed); n == 0 when it has fewer than
 * REPORT_SHINGLE_MIN_CHARS characters after normalisation. Free with report_shingles_free. */
void report_shingles(const char *text, struct report_shingles *out);
void report_shingles_free(struct report_shingles *s);

/* The Jaccard index of two shingle sets in [0, 1], or -1 when either is empty (too short to compare). */
double report_shingle_similarity(const struct report_shingles *a, const struct report_shingles *b);

#endif
