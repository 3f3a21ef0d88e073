/* fees.h — the 信息处理费 calculator of 国办函〔2020〕109号《政府信息公开信息处理费管理办法》.
 *
 * A fee is charged either by item (按件, 第四条: per applicant per natural month, cumulative) or by
 * volume (按量, 第五条: pages of one application), never both for one application (第三条) — the
 * API therefore takes one method. Both are 超额累进: each unit is charged at the rate of the band
 * it falls in. Amounts are whole 元. The explanation lists the calculation band by band so staff
 * can copy it into the 收费通知. Readings marked [derived] are documented in docs/fees.md:
 * - 按件: 1–10 free; 11–30 → 100 元/件; from 31, bands of 10 items, each 100 元/件 dearer than the
 *   last (31–40 → 200, 41–50 → 300, …) [derived reading of "以10件为一档，每增加一档，收费标准提高100元/件"].
 * - 按量: 1–30 pages free; 31–100 → 10 元/页; 101–200 → 20 元/页; from 201 → 40 元/页.
 * Pure functions, no I/O. */
#ifndef GONGKAI_FEES_FEES_H
#define GONGKAI_FEES_FEES_H

#include <stddef.h>

#define FEE_MAX_ITEMS	     10000  /* items in one application (after 一事一申请 splitting) */
#define FEE_MAX_ITEMS_BEFORE 100000 /* items the applicant already filed this month */
#define FEE_MAX_PAGES	     1000000

enum fee_method {
	FEE_BY_ITEM, /* "item": 按件计收 */
	FEE_BY_PAGE, /* "page": 按量计收 */
};

struct fee_result {
	long long yuan; /* total, whole 元 */
	char *explanation; /* lines separated by '\n', e.g. "第 11–30 件：20 件 × 100 元 = 2000 元"; caller frees */
};

/* 元 per item for the k-th item (k >= 1) of one applicant in one natural month. */
long long fee_item_rate(int k);
/* 元 per page for the p-th page (p >= 1) of one application. */
long long fee_page_rate(int p);

/* 按件: the fee for items already+1 … already+items of this applicant's month. Returns 0 and fills
 * *out (free with fee_result_free), or -1 with a Chinese message in err when already is not in
 * 0…FEE_MAX_ITEMS_BEFORE or items not in 1…FEE_MAX_ITEMS. */
int fee_by_items(int already, int items, struct fee_result *out, char *err, size_t errsize);
/* 按量: the fee for an application of `pages` pages (1…FEE_MAX_PAGES). Returns 0 or -1 as above. */
int fee_by_pages(int pages, struct fee_result *out, char *err, size_t errsize);
/* Dispatches on method; `already` is ignored for FEE_BY_PAGE. */
int fee_compute(enum fee_method method, int already, int quantity, struct fee_result *out, char *err, size_t errsize);

/* "item" / "page" → method, or -1. */
int fee_method_from_name(const char *name);

void fee_result_free(struct fee_result *r);

#endif
