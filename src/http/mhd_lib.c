/* mhd_lib.c — the table of mhd_lib.h: the symbols of libmicrohttpd.so.12 resolved on first use (util/dl.h). */
#define GK_MHD_TABLE_ONLY
#include "http/mhd_lib.h"

DL_DEFINE_LIBRARY(gk_mhd, GK_MHD_FUNCTIONS, "libmicrohttpd.so.12", "libmicrohttpd12")
