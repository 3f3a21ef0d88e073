/* opencc_lib.h — OpenCC (folding traditional characters of a portal search query to simplified:
 * info/search_fold.c), loaded with the first query that is not plain ASCII. Linked normally it brought
 * libstdc++ and marisa into every process.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_INFO_OPENCC_LIB_H
#define GONGKAI_INFO_OPENCC_LIB_H

#include <opencc/opencc.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_OPENCC_FUNCTIONS(X, T)                                                                                      \
	X(T, opencc_close)                                                                                             \
	X(T, opencc_convert_utf8)                                                                                      \
	X(T, opencc_convert_utf8_free)                                                                                 \
	X(T, opencc_open)

/* gk_opencc_load() opens libopencc.so.1.1 (Debian package libopencc1.1) or says why not; gk_opencc() is the
 * table of the call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_opencc, GK_OPENCC_FUNCTIONS);

#ifndef GK_OPENCC_TABLE_ONLY
#define opencc_close		 (gk_opencc()->opencc_close)
#define opencc_convert_utf8	 (gk_opencc()->opencc_convert_utf8)
#define opencc_convert_utf8_free (gk_opencc()->opencc_convert_utf8_free)
#define opencc_open		 (gk_opencc()->opencc_open)
#endif

#endif
