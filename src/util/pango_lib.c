/* pango_lib.c — the table of pango_lib.h: the symbols of libpangocairo-1.0.so.0 resolved on first use (util/dl.h). */
#define GK_PANGO_TABLE_ONLY
#include "util/pango_lib.h"

DL_DEFINE_LIBRARY(gk_pango, GK_PANGO_FUNCTIONS, "libpangocairo-1.0.so.0", "libpangocairo-1.0-0")
