/* archive.c — the archive of annual reports: importing published reports of the years before
 * adoption (through the parser, so cross-year checks and charts have data) and reading the report
 * that counts as "last year's". Archived reports are stored as canonical JSON and, once published or
 * imported, are frozen by database triggers (030_annual.sql). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annual/annual.h"
#include "annual/annual_internal.h"
#include "domain/accounts.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "report/report_check.h"
#include "report/report_json.h"
#include "report/report_parse.h"
#include "util/buf.h"

#define IMPORT_ROLES (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)

int annual_archived(struct db *db, int64_t agency_id, int year, struct report *out)
{
	report_init(out, REPORT_EDITION_UNKNOWN);
	struct db_stmt *st =
	    db_prepare(db, "SELECT json FROM annual_report WHERE agency_id = :agency AND year = :year AND "
			   "status IN ('published', 'imported') ORDER BY status = 'published' DESC, "
			   "version DESC LIMIT 1");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	int rc = db_step(st);
	if (rc != 1)
		return rc;
	const char *json = db_column_text(st, 0);
	char err[ANNUAL_ERR_SIZE];
	rc = json && report_from_json(json, strlen(json), out, err, sizeof err) == 0 ? 1 : -1;
	db_reset(st);
	return rc;
}

static bool looks_like_json(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')
			continue;
		return data[i] == '{';
	}
	return false;
}

/* Parses data as JSON or a published report. Returns 0 or -1 (err). */
static int read_report(const char *data, size_t len, struct report *r, struct findings *f, char *err, size_t errsize)
{
	char why[ANNUAL_ERR_SIZE];
	int rc = looks_like_json(data, len) ? report_from_json(data, len, r, why, sizeof why)
					    : report_parse(data, len, r, f, why, sizeof why);
	if (rc < 0)
		return annual_fail(err, errsize, "无法读取年报：%s", why);
	if (findings_status(f) == 2)
		return annual_fail(err, errsize, "年报不完整（见解析结果），未导入：请补全缺失的表格或段落后再导入");
	return 0;
}

/* Returns 1 when the agency already has a report of the year in the archive, 0 no, -1 error. */
static int archived_year(struct db *w, int64_t agency_id, int year)
{
	struct db_stmt *st =
	    db_prepare(w, "SELECT count(*) FROM annual_report WHERE agency_id = :agency AND year = :year");
	int64_t n = 0;
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	return db_step_int(st, &n) == 1 ? n > 0 : -1;
}

static int64_t insert_imported(struct db *w, const struct actor *actor, int64_t agency_id, const struct report *r,
			       const char *source, int64_t now)
{
	struct buf json = {0};
	report_to_json(r, &json);
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO annual_report (agency_id, year, version, status, json, source, created_by, created_at, "
	       "published_by, published_at) VALUES (:agency, :year, 1, 'imported', :json, :source, :user, :now, :user, "
	       ":now) RETURNING id");
	int64_t id = -1;
	if (st) {
		db_bind_int(st, ":agency", agency_id);
		db_bind_int(st, ":year", r->year);
		db_bind_text(st, ":json", json.data);
		db_bind_text(st, ":source", source ? source : "");
		db_bind_int(st, ":user", actor->user_id);
		db_bind_int(st, ":now", now);
		if (db_step_int(st, &id) != 1)
			id = -1;
	}
	buf_free(&json);
	return id;
}

/* Checks that the parsed report is this agency's (unless a user confirmed it: name_confirmed) and its year
 * is free. Returns 0, -1 refused (err), -2 error. */
static int check_import(struct db *w, int64_t agency_id, const struct report *r, bool name_confirmed, char *err,
			size_t errsize)
{
	struct agency agency;
	int rc = agency_get(w, agency_id, &agency);
	if (rc <= 0)
		return rc < 0 ? -2 : annual_fail(err, errsize, "机关 %" PRId64 " 不存在", agency_id);
	if (!name_confirmed && (!r->agency || !strstr(r->agency, agency.name)))
		return annual_fail(err, errsize, "年报标题中的机关“%s”与机关“%s”不符，未导入",
				   r->agency ? r->agency : "（未写明）", agency.name);
	if (r->year < 2008)
		return annual_fail(err, errsize, "无法从标题读出统计年度，未导入");
	rc = archived_year(w, agency_id, r->year);
	if (rc != 0)
		return rc < 0 ? -2
			      : annual_fail(err, errsize, "档案中已有%s %d 年的年报，未导入", agency.name, r->year);
	return 0;
}

/* Checks, stores and audits a parsed report as agency_id's imported one; the checker's findings go to f
 * (NULL: not checked here). Same returns as annual_import. */
static int64_t store_import(struct db *w, const struct actor *actor, int64_t agency_id, const struct report *r,
			    const char *source_name, bool name_confirmed, int64_t now, struct findings *f, char *err,
			    size_t errsize)
{
	int rc = check_import(w, agency_id, r, name_confirmed, err, errsize);
	if (rc < 0)
		return rc == -2 ? -1 : 0;
	if (f)
		report_check(r, f);
	int64_t id = insert_imported(w, actor, agency_id, r, source_name, now);
	char detail[160];
	snprintf(detail, sizeof detail, "%d %s", r->year, source_name ? source_name : "");
	if (id > 0 && audit_append(w, actor->user_id, agency_id, "annual.import", "annual_report", id, detail,
				   actor->ip, now) < 0)
		id = -1;
	return id;
}

/* True when actor is an administrator or supervisor of an agency agency_id lies below. */
static bool supervises(struct db *w, const struct actor *actor, int64_t agency_id)
{
	return actor && (actor->roles & (ROLE_ADMIN | ROLE_SUPERVISOR)) && actor->agency_id != agency_id &&
	       agency_within(w, agency_id, actor->agency_id) == 1;
}

int64_t annual_import_report(struct db *w, const struct actor *actor, int64_t agency_id, const struct report *r,
			     const char *source_name, bool name_confirmed, int64_t now, char *err, size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, IMPORT_ROLES) && !supervises(w, actor, agency_id))
		return annual_fail(err, errsize,
				   "只有本机关的编辑、审批领导、管理员或上级机关的督查、管理员可以导入年报") +
		       1;
	return store_import(w, actor, agency_id, r, source_name, name_confirmed, now, NULL, err, errsize);
}

int64_t annual_import(struct db *w, const struct actor *actor, int64_t agency_id, const char *data, size_t len,
		      const char *source_name, int64_t now, int *year_out, struct findings *f, char *err,
		      size_t errsize)
{
	if (!annual_actor_may(actor, agency_id, IMPORT_ROLES))
		return annual_fail(err, errsize, "只有本机关的编辑、审批领导或管理员可以导入历史年报") + 1;
	struct report r;
	report_init(&r, REPORT_EDITION_UNKNOWN);
	int64_t id = 0;
	if (read_report(data, len, &r, f, err, errsize) == 0) {
		id = store_import(w, actor, agency_id, &r, source_name, false, now, f, err, errsize);
		if (id > 0)
			*year_out = r.year;
	}
	report_free(&r);
	return id;
}
