/* poppler_lib.h — poppler-glib (reading PDF reports) and the few glib/gobject functions its use needs,
 * loaded when the first PDF is read; glib comes with it, so a process that reads no PDF loads no glib.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_REPORT_POPPLER_LIB_H
#define GONGKAI_REPORT_POPPLER_LIB_H

#include <poppler.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_POPPLER_FUNCTIONS(X, T)                                                                                     \
	X(T, g_bytes_new_static)                                                                                       \
	X(T, g_bytes_unref)                                                                                            \
	X(T, g_clear_error)                                                                                            \
	X(T, g_free)                                                                                                   \
	X(T, g_object_unref)                                                                                           \
	X(T, g_utf8_skip)                                                                                              \
	X(T, poppler_document_get_n_pages)                                                                             \
	X(T, poppler_document_get_page)                                                                                \
	X(T, poppler_document_new_from_bytes)                                                                          \
	X(T, poppler_page_get_size)                                                                                    \
	X(T, poppler_page_get_text)                                                                                    \
	X(T, poppler_page_get_text_layout)                                                                             \
	X(T, poppler_error_quark)

/* gk_poppler_load() opens libpoppler-glib.so.8 (Debian package libpoppler-glib8) or says why not; gk_poppler() is the
 * table of the call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_poppler, GK_POPPLER_FUNCTIONS);

#ifndef GK_POPPLER_TABLE_ONLY
#define g_bytes_new_static		(gk_poppler()->g_bytes_new_static)
#define g_bytes_unref			(gk_poppler()->g_bytes_unref)
#define g_clear_error			(gk_poppler()->g_clear_error)
#define g_free				(gk_poppler()->g_free)
#define g_object_unref			(gk_poppler()->g_object_unref)
#define g_utf8_skip			(*gk_poppler()->g_utf8_skip) /* a variable: the table holds its address */
#define poppler_document_get_n_pages	(gk_poppler()->poppler_document_get_n_pages)
#define poppler_document_get_page	(gk_poppler()->poppler_document_get_page)
#define poppler_document_new_from_bytes (gk_poppler()->poppler_document_new_from_bytes)
#define poppler_page_get_size		(gk_poppler()->poppler_page_get_size)
#define poppler_page_get_text		(gk_poppler()->poppler_page_get_text)
#define poppler_page_get_text_layout	(gk_poppler()->poppler_page_get_text_layout)
#define poppler_error_quark		(gk_poppler()->poppler_error_quark)
#endif

#endif
