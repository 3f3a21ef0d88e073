/* fuzz_sniff.c — libFuzzer entry for the attachment checks that read untrusted bytes: content
 * sniffing (signatures, ZIP central directory, OLE2 directory entries) on the whole input, and name
 * sanitising of the input taken as a client file name. The sniffer must never read outside the
 * buffer (ASan would trap); a sanitised name must be non-empty, fit ATTACH_NAME_MAX and contain no
 * path separator or control character. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	char out[ATTACH_NAME_MAX + 1], err[256];
	for (int kind = ATTACH_UNKNOWN + 1; kind < ATTACH_KIND_COUNT; kind++) {
		if (attach_sanitize_name(name, (enum attach_kind)kind, out, sizeof out, err, sizeof err) < 0)
			continue;
		if (!*out || strlen(out) > ATTACH_NAME_MAX || strpbrk(out, "/\\"))
			__builtin_trap();
		for (const unsigned char *c = (const unsigned char *)out; *c; c++)
			if (*c < 0x20 || *c == 0x7F)
				__builtin_trap();
	}
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so any read past the end is caught */
	unsigned char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	enum attach_kind kind = attach_sniff(copy, size);
	if (kind < ATTACH_UNKNOWN || kind >= ATTACH_KIND_COUNT)
		__builtin_trap();
	free(copy);
	if (size <= 4 * ATTACH_NAME_MAX)
		check_name(data, size);
	return 0;
}
