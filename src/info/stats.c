/* stats.c — 主动公开 figures for the annual report (see info_stats.h for the counting rules). All the
 * date logic is done by comparing ISO 'YYYY-MM-DD' strings in SQL, which is portable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "info/info.h"
#include "info/info_stats.h"
#include "util/buf.h"

/* An item stands at 31 Dec (:end): published by then and not withdrawn by then. */
#define STANDS                                                                                                         \
	"i.status IN ('published', 'withdrawn') AND i.published_on <> '' AND i.published_on <= :end AND "              \
	"(i.withdrawn_on = '' OR i.withdrawn_on > :end) "

/* Counts per category of items published in the year, into a malloc'd array indexed like list. */
static int count_by_category(struct db *db, int64_t agency_id, int year, struct info_year_stats *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT i.category_id, count(*), sum(i.late) FROM info_item i "
					    "WHERE i.agency_id = :agency AND i.published_on >= :start AND " STANDS
					    "GROUP BY i.category_id");
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	struct info_category *cats = NULL;
	size_t ncats = 0;
	if (info_category_list(db, agency_id, true, INT64_MAX, &cats, &ncats) < 0)
		return -1;
	int64_t *counts = xcalloc(ncats + 1, sizeof *counts);
	int rc;
	while ((rc = db_step(st)) == 1) {
		int64_t id = db_column_int(st, 0), n = db_column_int(st, 1);
		out->total += n;
		out->late += db_column_int(st, 2);
		for (size_t i = 0; i < ncats; i++)
			if (cats[i].id == id)
				counts[i] += n;
	}
	out->categories = xcalloc(ncats + 1, sizeof *out->categories);
	for (size_t i = 0; rc == 0 && i < ncats; i++) {
		if (counts[i] == 0)
			continue;
		struct info_category_count *c = &out->categories[out->category_count++];
		c->category_id = cats[i].id;
		snprintf(c->name, sizeof c->name, "%s", cats[i].name);
		c->count = counts[i];
	}
	free(counts);
	free(cats);
	return rc < 0 ? -1 : 0;
}

static int doc_figures(struct db *db, int64_t agency_id, int year, const char *doc_type, struct info_doc_figures *f)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT "
		"coalesce(sum(CASE WHEN i.published_on >= :start THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN i.validity = 'repealed' AND i.validity_on >= :start AND "
		"i.validity_on <= :end THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN i.validity = 'valid' OR i.validity_on > :end THEN 1 ELSE 0 END), 0), count(*) "
		"FROM info_item i WHERE i.agency_id = :agency AND i.doc_type = :doc_type AND " STANDS);
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	db_bind_text(st, ":doc_type", doc_type);
	int rc = db_step(st);
	if (rc == 1) {
		f->issued = db_column_int(st, 0);
		f->repealed = db_column_int(st, 1);
		f->in_force = db_column_int(st, 2);
		f->standing = db_column_int(st, 3);
		db_reset(st);
	}
	return rc == 1 ? 0 : -1;
}

int info_stats_year(struct db *db, int64_t agency_id, int year, struct info_year_stats *out)
{
	memset(out, 0, sizeof *out);
	out->agency_id = agency_id;
	out->year = year;
	if (count_by_category(db, agency_id, year, out) < 0 ||
	    doc_figures(db, agency_id, year, "regulation", &out->regulations) < 0 ||
	    doc_figures(db, agency_id, year, "normative", &out->normative) < 0) {
		info_stats_free(out);
		return -1;
	}
	return 0;
}

void info_stats_free(struct info_year_stats *s)
{
	if (!s)
		return;
	free(s->categories);
	s->categories = NULL;
	s->category_count = 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *info_stats_sentence(const struct info_year_stats *s, const char *agency_name, const char *channel)
{
	struct buf b = {0};
	buf_printf(&b, "%d 年%s通过%s公开政府信息 %lld 条。", s->year, agency_name ? agency_name : "",
		   channel && *channel ? channel : "本机关门户网站", (long long)s->total);
	for (size_t i = 0; i < s->category_count; i++) {
		const struct info_category_count *c = &s->categories[i];
		if (i == 0)
			buf_printf(&b, "其中发布%s%s %lld 条", c->name, ends_with(c->name, "信息") ? "" : "信息",
				   (long long)c->count);
		else
			buf_printf(&b, "，%s %lld 条", c->name, (long long)c->count);
	}
	if (s->category_count > 0)
		buf_puts(&b, "。");
	return buf_take(&b);
}

void info_stats_fill_report(const struct info_year_stats *s, struct report *r)
{
	const struct info_doc_figures *rows[2] = {&s->regulations, &s->normative};
	const enum pro_row keys[2] = {PRO_REGULATIONS, PRO_NORMATIVE};
	for (int i = 0; i < 2; i++) {
		const struct pro_row_def *def = report_pro_row(r->edition, keys[i]);
		if (!def)
			continue;
		bool edition2021 = r->edition == REPORT_EDITION_2021;
		/* 2021: 本年制发 / 本年废止 / 现行有效; 2019: 本年新制作 / 本年新公开 / 对外公开总数量. */
		r->proactive[keys[i]][0] = rcell_of(rows[i]->issued);
		r->proactive[keys[i]][1] = rcell_of(edition2021 ? rows[i]->repealed : rows[i]->issued);
		r->proactive[keys[i]][2] = rcell_of(edition2021 ? rows[i]->in_force : rows[i]->standing);
	}
}

int info_published_before(struct db *db, int64_t agency_id, const char *iso_day)
{
	struct db_stmt *st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM info_item WHERE agency_id = :agency AND "
					    "published_on <> '' AND published_on < :day)");
	int64_t yes = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_text(st, ":day", iso_day);
	return db_step_int(st, &yes) == 1 ? yes != 0 : -1;
}

/* Day number of an ISO date column, CAL_NO_DAY when empty or malformed. */
static int day_of_column(struct db_stmt *st, int col)
{
	const char *iso = db_column_text(st, col);
	int day;
	if (!iso || !*iso || cal_parse_iso(iso, strlen(iso), &day) < 0)
		return CAL_NO_DAY;
	return day;
}

int info_year_documents(struct db *db, int64_t agency_id, int year, bool regulation, int cell,
			struct info_doc_ref **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* the 31-December snapshot of info_stats_year: the item stands at 31 Dec, and then 0 issued =
	 * published in Y, 1 repealed in Y, 2 in force at 31 Dec */
	struct db_stmt *st = db_prepare(
	    db, "SELECT i.id, i.index_no, i.title, i.published_on, i.validity, i.validity_on FROM info_item i "
		"WHERE i.agency_id = :agency AND i.doc_type = :doc_type AND " STANDS "AND "
		"((:cell = 0 AND i.published_on >= :start) OR (:cell = 1 AND i.validity = 'repealed' AND "
		"i.validity_on >= :start AND i.validity_on <= :end) OR (:cell = 2 AND (i.validity = 'valid' OR "
		"i.validity_on > :end))) ORDER BY i.published_on, i.id");
	if (!st)
		return -1;
	db_bind_agency_year(st, agency_id, year);
	db_bind_text(st, ":doc_type", regulation ? "regulation" : "normative");
	db_bind_int(st, ":cell", cell);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct info_doc_ref *it = &(*out)[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = db_column_int(st, 0);
		db_column_copy(st, 1, it->index_no, sizeof it->index_no);
		db_column_copy(st, 2, it->title, sizeof it->title);
		it->published_on = day_of_column(st, 3);
		db_column_copy(st, 4, it->validity, sizeof it->validity);
		it->validity_on = day_of_column(st, 5);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}
