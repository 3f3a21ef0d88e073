/* freshness.c — how current the 主动公开 columns are (see info_fresh.h): per column the number of
 * visible items and the newest publication time with the staleness verdict of the inspection rules,
 * and the newest items of a column for the home page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info/info.h"
#include "info/info_fresh.h"
#include "util/buf.h"

int info_fresh_period_days(const char *column_name, bool *news)
{
	static const char *const marks[] = {"动态", "要闻", "新闻", "工作信息"};
	bool is_news = false;
	for (size_t i = 0; column_name && i < sizeof marks / sizeof marks[0]; i++)
		is_news |= strstr(column_name, marks[i]) != NULL;
	if (news)
		*news = is_news;
	if (!is_news && column_name && (strstr(column_name, "年度") || strstr(column_name, "年报")))
		return INFO_FRESH_YEARLY_DAYS; /* published once a year (年度工作报表) */
	return is_news ? INFO_FRESH_NEWS_DAYS : INFO_FRESH_OTHER_DAYS;
}

static int64_t newest_in(struct db *db, int64_t category_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(published_at), 0) FROM info_item WHERE "
					    "category_id = :cat AND status = 'published' AND published_at <= :now");
	int64_t at = 0;
	if (!st || db_bind_int(st, ":cat", category_id) < 0 || db_bind_int(st, ":now", now) < 0 ||
	    db_step_int(st, &at) < 0)
		return -1;
	return at;
}

int info_fresh_columns(struct db *db, int64_t agency_id, int64_t now, struct info_column_fresh **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct info_category *cats;
	size_t n;
	if (info_category_list(db, agency_id, false, now, &cats, &n) < 0)
		return -1;
	*out = xcalloc(n ? n : 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		struct info_column_fresh *c = &(*out)[i];
		c->category_id = cats[i].id;
		c->parent_id = cats[i].parent_id;
		snprintf(c->name, sizeof c->name, "%s", cats[i].name);
		c->published = cats[i].published;
		c->period_days = info_fresh_period_days(c->name, &c->news);
		c->last_published_at = c->published ? newest_in(db, c->category_id, now) : 0;
		if (c->last_published_at < 0) {
			free(cats);
			free(*out);
			*out = NULL;
			return -1;
		}
		c->stale = c->published && c->last_published_at + (int64_t)c->period_days * 86400 < now;
	}
	*count = n;
	free(cats);
	return 0;
}

int info_fresh_latest(struct db *db, int64_t category_id, int64_t now, size_t limit, struct info_latest **out,
		      size_t *count)
{
	*out = NULL;
	*count = 0;
	struct db_stmt *st = db_prepare(db, "SELECT id, title, published_at FROM info_item WHERE category_id = :cat "
					    "AND status = 'published' AND published_at <= :now ORDER BY published_at "
					    "DESC, id DESC LIMIT :limit");
	if (!st || db_bind_int(st, ":cat", category_id) < 0 || db_bind_int(st, ":now", now) < 0 ||
	    db_bind_int(st, ":limit", (int64_t)limit) < 0)
		return -1;
	*out = xcalloc(limit ? limit : 1, sizeof **out);
	int rc;
	while ((rc = db_step(st)) == 1 && *count < limit) {
		struct info_latest *l = &(*out)[(*count)++];
		l->id = db_column_int(st, 0);
		db_column_copy(st, 1, l->title, sizeof l->title);
		l->published_at = db_column_int(st, 2);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}

int64_t info_fresh_newest(struct db *db, int64_t agency_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(published_at), 0) FROM info_item WHERE "
					    "agency_id = :agency AND status = 'published' AND published_at <= :now");
	int64_t at = 0;
	if (!st || db_bind_int(st, ":agency", agency_id) < 0 || db_bind_int(st, ":now", now) < 0 ||
	    db_step_int(st, &at) < 0)
		return -1;
	return at;
}

bool info_fresh_home_stale(int64_t newest, int64_t now)
{
	return newest <= 0 || newest + (int64_t)INFO_FRESH_HOME_DAYS * 86400 < now;
}
