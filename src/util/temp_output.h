/* temp_output.h — output of a library that can only write to a named file (libxlsxwriter): made in a
 * fresh temporary file ($TMPDIR, else /tmp), read back into a buffer, the file removed. One place for
 * that dance, used by the report's XLSX renderer and the table exports. */
#ifndef GONGKAI_UTIL_TEMP_OUTPUT_H
#define GONGKAI_UTIL_TEMP_OUTPUT_H

#include <stddef.h>

#include "util/buf.h"

/* Calls write(path, ctx) on a new empty temporary file and appends what it wrote to out (at most
 * 64 MiB). write returns 0, or -1 when it failed. Returns 0, or -1 with a Chinese message in err
 * (what_zh names the output, e.g. "XLSX 文件"). */
int temp_output(int (*write)(const char *path, const void *ctx), const void *ctx, const char *what_zh, struct buf *out,
		char *err, size_t errsize);

#endif
