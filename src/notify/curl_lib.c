/* curl_lib.c — the table of curl_lib.h: the symbols of libcurl.so.4 resolved on first use (util/dl.h). */
#define GK_CURL_TABLE_ONLY
#include "notify/curl_lib.h"

DL_DEFINE_LIBRARY(gk_curl, GK_CURL_FUNCTIONS, "libcurl.so.4", "libcurl4")
