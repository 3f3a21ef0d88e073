/* fuzz_query.c — libFuzzer entry for the request-target parser and the query-string parser:
 * arbitrary bytes as "target" (path + query), then its query parsed as urlencoded pairs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	char *target = arena_strndup(&a, (const char *)data, size);
	const char *path, *query;
	if (parse_target(&a, target, &path, &query) == PARSE_OK) {
		struct kvlist kv = {0};
		if (parse_urlencoded(&a, query, strlen(query), &kv) == PARSE_OK)
			for (size_t i = 0; i < kv.count; i++)
				if (!utf8_valid(kv.items[i].value, kv.items[i].value_len))
					__builtin_trap();
	}
	arena_free(&a);
	return 0;
}
