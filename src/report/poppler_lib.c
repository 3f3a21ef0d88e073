/* poppler_lib.c — the table of poppler_lib.h: the symbols of libpoppler-glib.so.8 resolved on first use (util/dl.h). */
#define GK_POPPLER_TABLE_ONLY
#include "report/poppler_lib.h"

DL_DEFINE_LIBRARY(gk_poppler, GK_POPPLER_FUNCTIONS, "libpoppler-glib.so.8", "libpoppler-glib8")
