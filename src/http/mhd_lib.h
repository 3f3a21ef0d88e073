/* mhd_lib.h — libmicrohttpd (the live HTTP server, http/server.c), loaded when `serve` starts. Linked
 * normally it brought gnutls, nettle, hogweed, libtasn1, p11-kit, gmp, idn2 and unistring into every
 * process, with their constructors, although only `serve` listens.
 *
 * Include this header instead of the library's own; it includes that header for the types and turns each
 * function gongkai calls into a member of a table filled by dlopen/dlsym on first use (util/dl.h), so call
 * sites read as before and the binary does not list the library as NEEDED. A function missing from the list
 * fails to link: the list is exactly what gongkai uses. */
#ifndef GONGKAI_HTTP_MHD_LIB_H
#define GONGKAI_HTTP_MHD_LIB_H

#include <microhttpd.h>
#include <stddef.h>

#include "util/dl.h"

#define GK_MHD_FUNCTIONS(X, T)                                                                                         \
	X(T, MHD_add_response_header)                                                                                  \
	X(T, MHD_create_response_from_buffer)                                                                          \
	X(T, MHD_destroy_response)                                                                                     \
	X(T, MHD_get_connection_info)                                                                                  \
	X(T, MHD_get_connection_values_n)                                                                              \
	X(T, MHD_get_daemon_info)                                                                                      \
	X(T, MHD_queue_response)                                                                                       \
	X(T, MHD_quiesce_daemon)                                                                                       \
	X(T, MHD_start_daemon)                                                                                         \
	X(T, MHD_stop_daemon)

/* gk_mhd_load() opens libmicrohttpd.so.12 (Debian package libmicrohttpd12) or says why not; gk_mhd() is the
 * table of the call sites (util/dl.h, DL_DECLARE_LIBRARY). */
DL_DECLARE_LIBRARY(gk_mhd, GK_MHD_FUNCTIONS);

#ifndef GK_MHD_TABLE_ONLY
#define MHD_add_response_header		(gk_mhd()->MHD_add_response_header)
#define MHD_create_response_from_buffer (gk_mhd()->MHD_create_response_from_buffer)
#define MHD_destroy_response		(gk_mhd()->MHD_destroy_response)
#define MHD_get_connection_info		(gk_mhd()->MHD_get_connection_info)
#define MHD_get_connection_values_n	(gk_mhd()->MHD_get_connection_values_n)
#define MHD_get_daemon_info		(gk_mhd()->MHD_get_daemon_info)
#define MHD_queue_response		(gk_mhd()->MHD_queue_response)
#define MHD_quiesce_daemon		(gk_mhd()->MHD_quiesce_daemon)
#define MHD_start_daemon		(gk_mhd()->MHD_start_daemon)
#define MHD_stop_daemon			(gk_mhd()->MHD_stop_daemon)
#endif

#endif
