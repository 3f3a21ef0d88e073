/* info_fresh.h — how current the 主动公开 columns are, for the living home page (the newest items of
 * each column with their dates) and for the back office's staleness warning. The inspection rules
 * (国办秘函〔2019〕19号 单项否决 "栏目不更新") expect 动态、要闻类 columns to be updated within 2 weeks
 * and 通知公告、政策文件 and other columns within 6 months; a column whose name marks it as news
 * (动态, 要闻, 新闻, 工作信息) gets the 14-day period, a yearly column (name with 年度 or 年报, e.g.
 * 政府网站年度工作报表) 366 days, every other column 183 days. The home page as a whole is stale when no
 * column has been updated within 10 days (the checklist's "首页" rule). */
#ifndef GONGKAI_INFO_INFO_FRESH_H
#define GONGKAI_INFO_INFO_FRESH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/db.h"

#define INFO_FRESH_NEWS_DAYS   14
#define INFO_FRESH_OTHER_DAYS  183
#define INFO_FRESH_YEARLY_DAYS 366
#define INFO_FRESH_HOME_DAYS   10 /* the home page as a whole: some column updated within 10 days */

struct info_column_fresh {
	int64_t category_id, parent_id;
	char name[96];
	int64_t published;	   /* items visible at now directly in the column */
	int64_t last_published_at; /* newest visible item, 0 when none */
	bool news;		   /* 动态/要闻 column: the 14-day period */
	int period_days;	   /* 14, 183 or 366 */
	bool stale;		   /* has items, the newest older than period_days at now */
};

/* The update period for a column name (14 for news columns, 366 for yearly ones, else 183). */
int info_fresh_period_days(const char *column_name, bool *news);

/* Every active category of the agency in tree order with its freshness at now. *out malloc'd
 * (free()). Returns 0 or -1. */
int info_fresh_columns(struct db *db, int64_t agency_id, int64_t now, struct info_column_fresh **out, size_t *count);

/* One newest item of a column. */
struct info_latest {
	int64_t id;
	char title[256];
	int64_t published_at;
};

/* The newest `limit` items visible at now in a category (directly in it). *out malloc'd (free()).
 * Returns 0 or -1. */
int info_fresh_latest(struct db *db, int64_t category_id, int64_t now, size_t limit, struct info_latest **out,
		      size_t *count);

/* The newest visible item of the agency (published_at), 0 when none, -1 on error. */
int64_t info_fresh_newest(struct db *db, int64_t agency_id, int64_t now);

/* True when the home page counts as not updated at now: the agency's newest visible item (newest, as
 * info_fresh_newest gives it; 0 = none) is more than INFO_FRESH_HOME_DAYS days old, or there is none. */
bool info_fresh_home_stale(int64_t newest, int64_t now);

#endif
