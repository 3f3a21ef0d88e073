/* apply_files.c — the applicant's files (table application_file, migrations/026_apply_files.sql):
 * documents sent with an online application or with an online 补正. The HTTP layer has checked each
 * upload by content (src/files/check.c) and written its bytes to the content store before the write
 * transaction; here the records are added inside that transaction (so an acknowledged application or
 * 补正 has its files) and read back for the handlers of the application's agency. See apply.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/audit.h"
#include "util/buf.h"

int apply_files_record(struct db *w, int64_t application_id, int event_seq, const struct attach_upload *files, size_t n,
		       int64_t now)
{
	for (size_t i = 0; i < n; i++) {
		const struct attach_upload *f = &files[i];
		struct db_stmt *st = db_prepare(
		    w, "INSERT INTO application_file (application_id, event_seq, name, kind, size, sha256, created_at) "
		       "VALUES (:app, :seq, :name, :kind, :size, :sha, :now)");
		if (db_bind_int(st, ":app", application_id) < 0 || db_bind_int(st, ":seq", event_seq) < 0 ||
		    db_bind_text(st, ":name", f->name) < 0 ||
		    db_bind_text(st, ":kind", attach_kind_name(f->kind)) < 0 || db_bind_int(st, ":size", f->size) < 0 ||
		    db_bind_text(st, ":sha", f->sha256) < 0 || db_bind_int(st, ":now", now) < 0 || db_step(st) < 0)
			return -1;
	}
	return 0;
}

/* Reads the current row (columns in FILE_COLUMNS order) into *out. */
#define FILE_COLUMNS "f.id, f.application_id, a.agency_id, f.event_seq, f.kind, f.name, f.size, f.sha256, f.created_at"
static void file_read(struct db_stmt *st, struct apply_file *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_column_int(st, 0);
	out->application_id = db_column_int(st, 1);
	out->agency_id = db_column_int(st, 2);
	out->event_seq = (int)db_column_int(st, 3);
	out->kind = attach_kind_parse(db_column_text(st, 4));
	db_column_copy(st, 5, out->name, sizeof out->name);
	out->size = db_column_int(st, 6);
	db_column_copy(st, 7, out->sha256, sizeof out->sha256);
	out->created_at = db_column_int(st, 8);
}

int apply_files(struct db *db, int64_t application_id, struct apply_file **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, "SELECT " FILE_COLUMNS " FROM application_file f "
					    "JOIN application a ON a.id = f.application_id "
					    "WHERE f.application_id = :app ORDER BY f.id");
	if (db_bind_int(st, ":app", application_id) < 0)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		file_read(st, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int apply_file_get(struct db *db, int64_t id, struct apply_file *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " FILE_COLUMNS " FROM application_file f "
					    "JOIN application a ON a.id = f.application_id WHERE f.id = :id");
	if (db_bind_int(st, ":id", id) < 0)
		return -1;
	int rc = db_step(st);
	if (rc == 1) {
		file_read(st, out);
		db_reset(st);
	}
	return rc;
}

/* ---- a handler opens a file: read and audited in one write job ---- */

struct file_open_job {
	int64_t id;
	const struct actor *actor;
	int64_t now;
	struct apply_file *out;
};

/* Reads the file's record for a handler of its application's agency and audits the download under
 * the application's tracking number (never the file's name: applicants name files after themselves). */
static enum apply_status file_open_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct file_open_job *j = ctx;
	(void)errs;
	int rc = apply_file_get(w, j->id, j->out);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(j->actor, j->out->agency_id))
		return APPLY_NOT_FOUND; /* the caller cannot tell another agency's file from none */
	struct db_stmt *st = db_prepare(w, "SELECT tracking_no FROM application WHERE id = :id");
	if (db_bind_int(st, ":id", j->out->application_id) < 0 || db_step(st) != 1)
		return APPLY_ERROR;
	char tracking_no[APPLY_TRACKING_SIZE];
	snprintf(tracking_no, sizeof tracking_no, "%s", db_column_text(st, 0));
	db_reset(st);
	return audit_append(w, j->actor->user_id, j->out->agency_id, "application.file_download", "application",
			    j->out->application_id, tracking_no, j->actor->ip, j->now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

enum apply_status apply_file_open(struct store *store, int64_t id, const struct actor *actor, int64_t now,
				  struct apply_file *out)
{
	struct file_open_job job = {id, actor, now, out};
	enum apply_status st = id > 0 ? apply_write(store, file_open_locked, &job, NULL) : APPLY_NOT_FOUND;
	if (st != APPLY_OK)
		memset(out, 0, sizeof *out);
	return st;
}
