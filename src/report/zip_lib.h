/* zip_lib.h — libzip (the zip containers of DOCX and OFD reports and zip bundles of reports:
 * report/read_zip.c, read_bundle.c), loaded when the first zip is opened. Linked normally it brought
 * libcrypto (OpenSSL) and bzip2 into every process.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_REPORT_ZIP_LIB_H
#define GONGKAI_REPORT_ZIP_LIB_H

#include <stddef.h>
#include <zip.h>

#include "util/dl.h"

#define GK_ZIP_FUNCTIONS(X, T)                                                                                         \
	X(T, zip_discard)                                                                                              \
	X(T, zip_error_fini)                                                                                           \
	X(T, zip_error_init)                                                                                           \
	X(T, zip_fclose)                                                                                               \
	X(T, zip_fopen)                                                                                                \
	X(T, zip_fread)                                                                                                \
	X(T, zip_get_name)                                                                                             \
	X(T, zip_get_num_entries)                                                                                      \
	X(T, zip_name_locate)                                                                                          \
	X(T, zip_open_from_source)                                                                                     \
	X(T, zip_source_buffer_create)                                                                                 \
	X(T, zip_source_free)

/* gk_zip_load() opens libzip.so.4 (Debian package libzip4) or says why not; gk_zip() is the table of the call
 * sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_zip, GK_ZIP_FUNCTIONS);

#ifndef GK_ZIP_TABLE_ONLY
#define zip_discard		 (gk_zip()->zip_discard)
#define zip_error_fini		 (gk_zip()->zip_error_fini)
#define zip_error_init		 (gk_zip()->zip_error_init)
#define zip_fclose		 (gk_zip()->zip_fclose)
#define zip_fopen		 (gk_zip()->zip_fopen)
#define zip_fread		 (gk_zip()->zip_fread)
#define zip_get_name		 (gk_zip()->zip_get_name)
#define zip_get_num_entries	 (gk_zip()->zip_get_num_entries)
#define zip_name_locate		 (gk_zip()->zip_name_locate)
#define zip_open_from_source	 (gk_zip()->zip_open_from_source)
#define zip_source_buffer_create (gk_zip()->zip_source_buffer_create)
#define zip_source_free		 (gk_zip()->zip_source_free)
#endif

#endif
