/* annual_demo.h — demo records from which the annual reports of the demo 街道办事处 are built: its
 * 2023 records reproduce the seed report (reference/ruzhou-zhonglou-2023.txt) exactly — 66 items in
 * its ten categories, one application by a natural person answered 无法提供（本机关不掌握相关政府
 * 信息）, every other figure 0 — and 2022, 2024 and 2025 hold varied, realistic data (carry-over
 * across the new year, several outcomes, a 规范性文件, a 复议 and a 诉讼 case, table-二 figures). The
 * finished years 2022 and 2023 are approved by the 街道's leader and published on the portal. */
#ifndef GONGKAI_ANNUAL_ANNUAL_DEMO_H
#define GONGKAI_ANNUAL_ANNUAL_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define ANNUAL_DEMO_AGENCY "汝州市钟楼街道办事处"

/* Loads the records into a store where demo_load() created the agencies and accounts (it needs the
 * 街道's editor, reviewer, handler and leader). Uses the other modules' own functions (items through
 * the 主动公开 workflow, applications through apply_submit / apply_add_event), each in its own write
 * transaction, so call it without holding the writer. Records dated after `now` (China time) are not
 * loaded, nor figures and text of now's own year. Returns 0, or -1 with a Chinese message. */
int annual_demo_load(struct store *store, int64_t now, char *err, size_t errlen);

#endif
