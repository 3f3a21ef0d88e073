/* info_search_fold.h — query helpers for the portal search (search_fold.c): traditional → simplified
 * folding and the 索引号 lookup. */
#ifndef GONGKAI_INFO_INFO_SEARCH_FOLD_H
#define GONGKAI_INFO_INFO_SEARCH_FOLD_H

#include <stdint.h>

#include "storage/db.h"

/* The text with traditional characters converted to simplified (OpenCC t2s), malloc'd; a copy of the
 * text when it is ASCII or OpenCC (the library or its data) cannot be opened, with a warning in the log
 * naming what is missing. NULL gives "". */
char *info_fold_simplified(const char *text);

/* The id of the item visible at now whose 索引号 is exactly index_no, 0 when none, -1 on error. */
int64_t info_item_by_index_no(struct db *db, const char *index_no, int64_t now);

#endif
