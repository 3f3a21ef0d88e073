/* curl_lib.h — libcurl, loaded when the first notice is sent by SMTP.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_NOTIFY_CURL_LIB_H
#define GONGKAI_NOTIFY_CURL_LIB_H

/* curl.h may define curl_easy_setopt as a type-checking macro calling the function itself: the table
 * replaces it (below), which gives up that check. */
#include <curl/curl.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_CURL_FUNCTIONS(X, T)                                                                                        \
	X(T, curl_easy_cleanup)                                                                                        \
	X(T, curl_easy_init)                                                                                           \
	X(T, curl_easy_perform)                                                                                        \
	X(T, curl_easy_setopt)                                                                                         \
	X(T, curl_easy_strerror)                                                                                       \
	X(T, curl_mime_addpart)                                                                                        \
	X(T, curl_mime_data)                                                                                           \
	X(T, curl_mime_encoder)                                                                                        \
	X(T, curl_mime_filename)                                                                                       \
	X(T, curl_mime_free)                                                                                           \
	X(T, curl_mime_init)                                                                                           \
	X(T, curl_mime_type)                                                                                           \
	X(T, curl_slist_append)                                                                                        \
	X(T, curl_slist_free_all)

/* gk_curl_load() opens libcurl.so.4 (Debian package libcurl4) or says why not; gk_curl() is the table of the
 * call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_curl, GK_CURL_FUNCTIONS);

#undef curl_easy_setopt
#ifndef GK_CURL_TABLE_ONLY
#define curl_easy_cleanup   (gk_curl()->curl_easy_cleanup)
#define curl_easy_init	    (gk_curl()->curl_easy_init)
#define curl_easy_perform   (gk_curl()->curl_easy_perform)
#define curl_easy_setopt    (gk_curl()->curl_easy_setopt)
#define curl_easy_strerror  (gk_curl()->curl_easy_strerror)
#define curl_mime_addpart   (gk_curl()->curl_mime_addpart)
#define curl_mime_data	    (gk_curl()->curl_mime_data)
#define curl_mime_encoder   (gk_curl()->curl_mime_encoder)
#define curl_mime_filename  (gk_curl()->curl_mime_filename)
#define curl_mime_free	    (gk_curl()->curl_mime_free)
#define curl_mime_init	    (gk_curl()->curl_mime_init)
#define curl_mime_type	    (gk_curl()->curl_mime_type)
#define curl_slist_append   (gk_curl()->curl_slist_append)
#define curl_slist_free_all (gk_curl()->curl_slist_free_all)
#endif

#endif
