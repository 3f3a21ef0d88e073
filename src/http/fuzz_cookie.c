/* fuzz_cookie.c — libFuzzer entry for the Cookie header parser. Accepted names and values must be
 * printable ASCII without separators. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	char *header = arena_strndup(&a, (const char *)data, size);
	struct kvlist kv = {0};
	parse_cookies(&a, header, &kv);
	for (size_t i = 0; i < kv.count; i++)
		for (const char *c = kv.items[i].value; *c; c++)
			if ((unsigned char)*c < 0x21 || (unsigned char)*c > 0x7e || *c == ';')
				__builtin_trap();
	arena_free(&a);
	return 0;
}
