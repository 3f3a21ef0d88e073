/* versions.c — reading the stored versions of annual reports (annual_report, annual_report_render):
 * the version history of a year, what the portal shows, the JSON, findings and rendered forms frozen
 * at publication. The writers are in lifecycle.c. */
#include <stdlib.h>
#include <string.h>

#include "annual/annual_archive.h"
#include "annual/annual_internal.h"
#include "report/report_json.h"
#include "util/buf.h"

static const char *const status_names[ANNUAL_STATUS_COUNT] = {"approved", "published", "superseded", "imported"};
static const char *const status_labels[ANNUAL_STATUS_COUNT] = {"已批准待发布", "已发布", "已被更正", "历史导入"};

const char *annual_status_name(int status)
{
	return status >= 0 && status < ANNUAL_STATUS_COUNT ? status_names[status] : "";
}

const char *annual_status_zh(int status)
{
	return status >= 0 && status < ANNUAL_STATUS_COUNT ? status_labels[status] : "";
}

#define VERSION_COLUMNS                                                                                                \
	"r.id, r.agency_id, r.year, r.version, r.status, r.change_note, r.source, r.approved_by, r.approved_at, "      \
	"r.published_by, r.published_at, r.created_at, coalesce(ua.display_name, ''), coalesce(up.display_name, '') "  \
	"FROM annual_report r LEFT JOIN users ua ON ua.id = r.approved_by LEFT JOIN users up ON up.id = "              \
	"r.published_by "

static void read_version(struct db_stmt *st, struct annual_version *v)
{
	memset(v, 0, sizeof *v);
	v->id = db_column_int(st, 0);
	v->agency_id = db_column_int(st, 1);
	v->year = (int)db_column_int(st, 2);
	v->version = (int)db_column_int(st, 3);
	v->status = annual_name_index(status_names, ANNUAL_STATUS_COUNT, db_column_text(st, 4));
	db_column_copy(st, 5, v->change_note, sizeof v->change_note);
	db_column_copy(st, 6, v->source, sizeof v->source);
	v->approved_by = db_column_int(st, 7);
	v->approved_at = db_column_int(st, 8);
	v->published_by = db_column_int(st, 9);
	v->published_at = db_column_int(st, 10);
	v->created_at = db_column_int(st, 11);
	db_column_copy(st, 12, v->approved_by_name, sizeof v->approved_by_name);
	db_column_copy(st, 13, v->published_by_name, sizeof v->published_by_name);
}

int annual_versions(struct db *db, int64_t agency_id, int year, struct annual_version **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " VERSION_COLUMNS "WHERE r.agency_id = :agency AND "
					    "(:year = 0 OR r.year = :year) ORDER BY r.year DESC, r.version DESC");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		read_version(st, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int annual_version_public(struct db *db, int64_t agency_id, int year, int version, struct annual_version *out)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT " VERSION_COLUMNS "WHERE r.agency_id = :agency AND r.year = :year AND "
			   "r.status IN ('published', 'superseded', 'imported') AND "
			   "(:version = 0 OR r.version = :version) AND (:version <> 0 OR r.status <> "
			   "'superseded') ORDER BY r.status = 'published' DESC, r.version DESC LIMIT 1");
	if (!st)
		return -1;
	db_bind_int(st, ":agency", agency_id);
	db_bind_int(st, ":year", year);
	db_bind_int(st, ":version", version);
	int rc = db_step(st);
	if (rc == 1) {
		read_version(st, out);
		db_reset(st);
	}
	return rc;
}

int annual_public_years(struct db *db, int64_t **agencies, int **years, size_t *n)
{
	*agencies = NULL;
	*years = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT agency_id, year FROM annual_report WHERE status IN "
					    "('published', 'imported') ORDER BY agency_id, year DESC");
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*agencies = xrealloc(*agencies, cap * sizeof **agencies);
			*years = xrealloc(*years, cap * sizeof **years);
		}
		(*agencies)[*n] = db_column_int(st, 0);
		(*years)[(*n)++] = (int)db_column_int(st, 1);
	}
	if (rc < 0) {
		free(*agencies);
		free(*years);
		*agencies = NULL;
		*years = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

/* Returns a malloc'd copy of the one text column the statement selects, or NULL. */
static char *one_text(struct db_stmt *st)
{
	if (db_step(st) != 1)
		return NULL;
	char *text = db_column_dup(st, 0);
	db_reset(st);
	return text;
}

char *annual_version_json(struct db *db, int64_t report_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT json FROM annual_report WHERE id = :id");
	if (!st)
		return NULL;
	db_bind_int(st, ":id", report_id);
	return one_text(st);
}

char *annual_version_findings(struct db *db, int64_t report_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT findings FROM annual_report WHERE id = :id");
	if (!st)
		return NULL;
	db_bind_int(st, ":id", report_id);
	return one_text(st);
}

char *annual_version_render(struct db *db, int64_t report_id, const char *format)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT body FROM annual_report_render WHERE report_id = :id AND format = :format");
	if (!st)
		return NULL;
	db_bind_int(st, ":id", report_id);
	db_bind_text(st, ":format", format);
	return one_text(st);
}

int annual_version_report(struct db *db, int64_t report_id, struct report *out)
{
	report_init(out, REPORT_EDITION_UNKNOWN);
	char *json = annual_version_json(db, report_id);
	if (!json)
		return -1;
	char err[ANNUAL_ERR_SIZE];
	int rc = report_from_json(json, strlen(json), out, err, sizeof err);
	free(json);
	return rc;
}
