/* xlsx_lib.c — the table of xlsx_lib.h: the symbols of libxlsxwriter.so.4 resolved on first use (util/dl.h). */
#define GK_XLSX_TABLE_ONLY
#include "util/xlsx_lib.h"

DL_DEFINE_LIBRARY(gk_xlsx, GK_XLSX_FUNCTIONS, "libxlsxwriter.so.4", "libxlsxwriter4")
