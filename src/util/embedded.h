/* embedded.h — files compiled into the binary (holiday data, assets, migrations).
 * The table itself is generated at build time by cmake/embed.cmake. */
#ifndef GONGKAI_UTIL_EMBEDDED_H
#define GONGKAI_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;	   /* relative to the source root, e.g. "data/holidays-cn.txt" */
	const unsigned char *data; /* NUL-terminated for convenience; size excludes the NUL */
	size_t size;
};

extern const struct embedded_file embedded_files[]; /* ends with a {NULL} entry */

/* Returns the embedded file with this path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
