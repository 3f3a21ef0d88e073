/* collect_demo.h — the demo's 年报 collection (collect_demo.c): 17 agencies more below 汝州市人民政府,
 * on the platform and external, with the 2025 reports of some of them published or received. */
#ifndef GONGKAI_SUPERVISE_COLLECT_DEMO_H
#define GONGKAI_SUPERVISE_COLLECT_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

/* Adds the agencies and their received and published reports to a store where demo_load() and
 * annual_demo_load() ran (it needs 汝州市人民政府). One write transaction. Returns 0, or -1 with a
 * Chinese message. */
int collect_demo_load(struct store *store, int64_t now, char *err, size_t errsize);

#endif
