/* fees.c — the 信息处理费 arithmetic (国办函〔2020〕109号) and its line-by-line explanation.
 * The unit ranges are walked band by band: a band is a run of consecutive units with one rate,
 * so the explanation has one line per band touched, exactly as staff would write it by hand. */
#include "fees/fees.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

long long fee_item_rate(int k)
{
	if (k <= 10)
		return 0;
	if (k <= 30)
		return 100;
	return 100LL * (2 + (k - 31) / 10);
}

long long fee_page_rate(int p)
{
	if (p <= 30)
		return 0;
	if (p <= 100)
		return 10;
	if (p <= 200)
		return 20;
	return 40;
}

/* Last unit of the band that unit k belongs to (bands end at 10, 30, 40, 50, … for items). */
static int item_band_end(int k)
{
	if (k <= 10)
		return 10;
	if (k <= 30)
		return 30;
	return 30 + ((k - 31) / 10 + 1) * 10;
}

static int page_band_end(int p)
{
	if (p <= 30)
		return 30;
	if (p <= 100)
		return 100;
	if (p <= 200)
		return 200;
	return FEE_MAX_PAGES;
}

struct tariff {
	const char *unit; /* "件" or "页" */
	long long (*rate)(int);
	int (*band_end)(int);
};

/* Charges units first…last band by band, appending one line per band; returns the total. */
static long long charge(const struct tariff *t, int first, int last, struct buf *text)
{
	long long total = 0;
	for (int k = first; k <= last;) {
		int end = t->band_end(k) < last ? t->band_end(k) : last;
		long long count = end - k + 1, rate = t->rate(k);
		if (end > k)
			buf_printf(text, "第 %d–%d %s：", k, end, t->unit);
		else
			buf_printf(text, "第 %d %s：", k, t->unit);
		if (rate)
			buf_printf(text, "%lld %s × %lld 元 = %lld 元\n", count, t->unit, rate, count * rate);
		else
			buf_printf(text, "%lld %s，不收费\n", count, t->unit);
		total += count * rate;
		k = end + 1;
	}
	buf_printf(text, "合计：%lld 元", total);
	return total;
}

static int fail(char *err, size_t errsize, const char *msg)
{
	if (err && errsize)
		snprintf(err, errsize, "%s", msg);
	return -1;
}

int fee_by_items(int already, int items, struct fee_result *out, char *err, size_t errsize)
{
	*out = (struct fee_result){0};
	if (already < 0 || already > FEE_MAX_ITEMS_BEFORE)
		return fail(err, errsize, "本月此前已累计申请件数应为 0–100000");
	if (items < 1 || items > FEE_MAX_ITEMS)
		return fail(err, errsize, "本件申请的件数应为 1–10000");
	static const struct tariff tariff = {"件", fee_item_rate, item_band_end};
	struct buf text = {0};
	buf_printf(&text,
		   "按件计收（国办函〔2020〕109号第四条，同一申请人一个自然月内累计计算）：本月此前已累计 %d 件，本次 "
		   "%d 件，为第 %d–%d 件\n",
		   already, items, already + 1, already + items);
	out->yuan = charge(&tariff, already + 1, already + items, &text);
	out->explanation = buf_take(&text);
	return 0;
}

int fee_by_pages(int pages, struct fee_result *out, char *err, size_t errsize)
{
	*out = (struct fee_result){0};
	if (pages < 1 || pages > FEE_MAX_PAGES)
		return fail(err, errsize, "页数应为 1–1000000");
	static const struct tariff tariff = {"页", fee_page_rate, page_band_end};
	struct buf text = {0};
	buf_printf(&text, "按量计收（国办函〔2020〕109号第五条）：共 %d 页\n", pages);
	out->yuan = charge(&tariff, 1, pages, &text);
	out->explanation = buf_take(&text);
	return 0;
}

int fee_compute(enum fee_method method, int already, int quantity, struct fee_result *out, char *err, size_t errsize)
{
	if (method == FEE_BY_ITEM)
		return fee_by_items(already, quantity, out, err, errsize);
	if (method == FEE_BY_PAGE)
		return fee_by_pages(quantity, out, err, errsize);
	*out = (struct fee_result){0};
	return fail(err, errsize, "收费方式应为按件（item）或按量（page），不得同时适用");
}

int fee_method_from_name(const char *name)
{
	if (name && strcmp(name, "item") == 0)
		return FEE_BY_ITEM;
	if (name && strcmp(name, "page") == 0)
		return FEE_BY_PAGE;
	return -1;
}

void fee_result_free(struct fee_result *r)
{
	free(r->explanation);
	*r = (struct fee_result){0};
}
