/* fuzz_form.c — libFuzzer entry for application/x-www-form-urlencoded bodies (not NUL-terminated:
 * the parser must respect the length). Every accepted value must be valid UTF-8 without NUL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	char *copy = malloc(size ? size : 1); /* exact size, no terminator: overreads are caught */
	memcpy(copy, data, size);
	struct kvlist kv = {0};
	if (parse_urlencoded(&a, copy, size, &kv) == PARSE_OK)
		for (size_t i = 0; i < kv.count; i++)
			if (!utf8_valid(kv.items[i].name, strlen(kv.items[i].name)) ||
			    strlen(kv.items[i].value) != kv.items[i].value_len)
				__builtin_trap();
	free(copy);
	arena_free(&a);
	return 0;
}
