/* zip_lib.c — the table of zip_lib.h: the symbols of libzip.so.4 resolved on first use (util/dl.h). */
#define GK_ZIP_TABLE_ONLY
#include "report/zip_lib.h"

DL_DEFINE_LIBRARY(gk_zip, GK_ZIP_FUNCTIONS, "libzip.so.4", "libzip4")
