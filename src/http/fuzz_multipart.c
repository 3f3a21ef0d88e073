/* fuzz_multipart.c — libFuzzer entry for multipart/form-data: the first line of the input is the
 * Content-Type header value, the rest the body (exact length, not NUL-terminated). Uploaded parts
 * must lie inside the body; text fields must be valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	struct arena a = {0};
	const char *type = arena_strndup(&a, (const char *)data, (size_t)(nl - data));
	size_t len = size - (size_t)(nl - data) - 1;
	char *body = malloc(len ? len : 1);
	memcpy(body, nl + 1, len);
	const char *boundary = multipart_boundary(&a, type);
	struct kvlist fields = {0};
	struct uploads files = {0};
	if (boundary && parse_multipart(&a, boundary, body, len, &fields, &files) == PARSE_OK) {
		for (size_t i = 0; i < files.count; i++) {
			const char *d = (const char *)files.items[i].data;
			if (d < body || d + files.items[i].size > body + len)
				__builtin_trap();
		}
		for (size_t i = 0; i < fields.count; i++)
			if (!utf8_valid(fields.items[i].value, fields.items[i].value_len))
				__builtin_trap();
	}
	free(body);
	arena_free(&a);
	return 0;
}
