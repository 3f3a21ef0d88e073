/* info_stats.h — the figures of 主动公开 for one agency and year, as the annual report needs them:
 * items published per category (section 一（一） and its sentence) and the 规章 / 行政规范性文件
 * figures of table 二 (第二十条第（一）项: 本年制发 / 本年废止 / 现行有效 at 31 December).
 *
 * Counting rules (a snapshot at 31 December of the year, so that each document is counted once and
 * R6 — 现行有效(Y) = 现行有效(Y−1) + 制发(Y) − 废止(Y), less 失效 — holds by construction):
 *   - an item "stands" at 31 Dec Y when it was published on or before that day and was not withdrawn
 *     on or before it;
 *   - published in Y: stands at 31 Dec Y and was published in Y;
 *   - 制发 (issued) in Y: a regulation / normative document published in Y;
 *   - 废止 in Y: one whose validity became 废止 on a day in Y (published by 31 Dec Y);
 *   - 现行有效: one that stands at 31 Dec Y and was neither 废止 nor 失效 on or before that day. */
#ifndef GONGKAI_INFO_INFO_STATS_H
#define GONGKAI_INFO_INFO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "storage/db.h"

struct info_category_count {
	int64_t category_id;
	char name[96];
	int64_t count;
};

struct info_doc_figures {
	int64_t issued, repealed, in_force;
	int64_t standing; /* published documents standing at 31 Dec, whatever their validity (2019 edition) */
};

struct info_year_stats {
	int64_t agency_id;
	int year;
	int64_t total;				/* items published in the year */
	struct info_category_count *categories; /* categories with count > 0, catalogue order; malloc'd */
	size_t category_count;
	struct info_doc_figures regulations, normative; /* table 二, 第二十条第（一）项 */
	int64_t late; /* items published in the year later than 第二十六条 allows */
};

/* Computes the figures of agency_id for year. Returns 0 (out filled; free with info_stats_free) or
 * -1. This is the one function the annual report calls. */
int info_stats_year(struct db *db, int64_t agency_id, int year, struct info_year_stats *out);
void info_stats_free(struct info_year_stats *s);

/* The sentence of section 一（一）in the seed report's style:
 * "2023 年某机关通过市政府网站公开政府信息 66 条。其中发布政策文件信息 7 条，动态信息 32 条，…。"
 * channel NULL or "" gives "本机关门户网站". Returns a malloc'd string; caller frees. */
char *info_stats_sentence(const struct info_year_stats *s, const char *agency_name, const char *channel);

/* Writes the 第二十条第（一）项 cells (规章, 行政规范性文件) of table 二 into a report model. */
void info_stats_fill_report(const struct info_year_stats *s, struct report *r);

/* ---- what other features read of the items (the annual module's drill-down and checks) ---- */

/* 1 when the agency published an item before iso_day ("YYYY-MM-DD"), 0 if not, -1 on error. */
int info_published_before(struct db *db, int64_t agency_id, const char *iso_day);

/* A 规章 or 行政规范性文件 as table 二 counts it. */
struct info_doc_ref {
	int64_t id;
	char index_no[64];
	char title[512];
	int published_on, validity_on; /* day numbers, CAL_NO_DAY when none */
	char validity[16];
};

/* The 规章 (regulation true) or 行政规范性文件 of the agency in the cell of table 二 (0 本年制发,
 * 1 本年废止, 2 现行有效) at 31 December of year, by the same rules as info_stats_year; ordered by
 * publication day then id. *out malloc'd (free()), NULL when *n == 0. Returns 0 or -1. */
int info_year_documents(struct db *db, int64_t agency_id, int year, bool regulation, int cell,
			struct info_doc_ref **out, size_t *n);

#endif
