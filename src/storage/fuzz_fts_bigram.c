/* fuzz_fts_bigram.c — libFuzzer entry point for the bigram tokenizer's splitter (fts_bigram_split),
 * which reads every title, 文号 and body that is indexed and every search term typed on the portal.
 * Any bytes must split without crashing, and every token must be non-empty, come from inside the
 * text in order, be at most FTS_BIGRAM_WORD_MAX bytes, and (except a colocated one) start a new
 * position; a query never yields more tokens than the same text as a document. */
#include <stdint.h>
#include <stdlib.h>

#include "storage/fts_bigram.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	size_t size, tokens, positions, last_start;
};

static int check_token(void *ctx, bool colocated, const char *token, size_t len, size_t start, size_t end)
{
	struct check *c = ctx;
	if (len == 0 || len > FTS_BIGRAM_WORD_MAX || start >= end || end > c->size)
		abort();
	if (c->tokens == 0 && colocated)
		abort(); /* nothing to share a position with */
	(void)token;
	c->tokens++;
	c->positions += !colocated;
	c->last_start = start;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check doc = {.size = size}, query = {.size = size};
	if (fts_bigram_split((const char *)data, size, FTS_BIGRAM_DOCUMENT, check_token, &doc) != 0 ||
	    fts_bigram_split((const char *)data, size, FTS_BIGRAM_QUERY, check_token, &query) != 0)
		abort();
	if (query.tokens > doc.tokens || query.positions > doc.positions)
		abort();
	return 0;
}
