/* pq_lib.c — the table of pq_lib.h: the symbols of libpq.so.5 resolved on first use (util/dl.h). */
#define GK_PQ_TABLE_ONLY
#include "storage/pq_lib.h"

DL_DEFINE_LIBRARY(gk_pq, GK_PQ_FUNCTIONS, "libpq.so.5", "libpq5")
