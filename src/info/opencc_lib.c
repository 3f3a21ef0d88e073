/* opencc_lib.c — the table of opencc_lib.h: the symbols of libopencc.so.1.1 resolved on first use (util/dl.h). */
#define GK_OPENCC_TABLE_ONLY
#include "info/opencc_lib.h"

DL_DEFINE_LIBRARY(gk_opencc, GK_OPENCC_FUNCTIONS, "libopencc.so.1.1", "libopencc1.1")
