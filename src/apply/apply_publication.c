/* apply_publication.c — 依申请公开转主动公开 (条例第四十四条: information released on application "可以
 * 纳入主动公开的范围"): the handler of a concluded application whose outcome released information
 * (予以公开, 部分公开) proposes it once; an editor later makes a draft information item of it (the HTTP
 * layer joins this module and src/info/), linked here, and the item goes through the normal review.
 * The number of applications that led to an item is what the portal can show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/audit.h"
#include "util/buf.h"

static bool released(const char *outcome)
{
	return strcmp(outcome, "granted") == 0 || strcmp(outcome, "partial") == 0;
}

struct propose_job {
	const char *no;
	const struct actor *actor;
	const char *reason;
	int64_t now;
};

static enum apply_status propose_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct propose_job *j = ctx;
	const char *no = j->no, *reason = j->reason;
	const struct actor *actor = j->actor;
	int64_t now = j->now;
	struct application a;
	int rc = apply_get(w, no, &a);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(actor, a.agency_id))
		return APPLY_FORBIDDEN;
	if (!released(a.outcome)) {
		snprintf(errs->reason, sizeof errs->reason,
			 "只有已答复“予以公开”或“部分公开”的申请，其信息才可以建议纳入主动公开（条例第四十四条）。");
		return APPLY_REFUSED;
	}
	int64_t seen = 0;
	struct db_stmt *st = db_prepare(w, "SELECT count(*) FROM application_publication WHERE application_id = :id");
	db_bind_int(st, ":id", a.id);
	if (db_step_int(st, &seen) < 0)
		return APPLY_ERROR;
	if (seen) {
		snprintf(errs->reason, sizeof errs->reason, "此申请已建议纳入主动公开，不能重复建议。");
		return APPLY_REFUSED;
	}
	st = db_prepare(w, "INSERT INTO application_publication (application_id, reason, proposed_by, proposed_at) "
			   "VALUES (:id, :reason, :by, :now)");
	db_bind_int(st, ":id", a.id);
	db_bind_text(st, ":reason", reason ? reason : "");
	db_bind_int(st, ":by", actor->user_id);
	db_bind_int(st, ":now", now);
	if (db_step(st) != 0)
		return APPLY_ERROR;
	return audit_append(w, actor->user_id, a.agency_id, "application.propose_publication", "application", a.id,
			    a.tracking_no, actor->ip, now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

enum apply_status apply_propose_publication(struct store *store, const char *tracking_no, const struct actor *actor,
					    const char *reason, int64_t now, struct apply_errors *errs)
{
	if (reason && strlen(reason) > 500) {
		apply_error_add(errs, "reason", "理由过长（最多约 160 个汉字）。");
		return APPLY_INVALID;
	}
	struct propose_job job = {tracking_no, actor, reason, now};
	return apply_write(store, propose_locked, &job, errs);
}

int apply_publications(struct db *db, int64_t agency_id, struct apply_publication **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(
	    db, "SELECT a.id, a.tracking_no, a.description, coalesce(a.concluded_on, ''), p.reason, p.proposed_at, "
		"coalesce(p.item_id, 0) FROM application_publication p JOIN application a ON a.id = p.application_id "
		"WHERE a.agency_id = :agency ORDER BY p.item_id IS NOT NULL, p.proposed_at");
	db_bind_int(st, ":agency", agency_id);
	int rc;
	while ((rc = db_step(st)) == 1) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		struct apply_publication *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		p->application_id = db_column_int(st, 0);
		db_column_copy(st, 1, p->tracking_no, sizeof p->tracking_no);
		db_column_copy(st, 2, p->description, sizeof p->description);
		p->concluded_on = apply_day_of(db_column_text(st, 3));
		db_column_copy(st, 4, p->reason, sizeof p->reason);
		p->proposed_at = db_column_int(st, 5);
		p->item_id = db_column_int(st, 6);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int apply_publication_link(struct db *w, int64_t application_id, int64_t item_id)
{
	struct db_stmt *st =
	    db_prepare(w, "UPDATE application_publication SET item_id = :item WHERE application_id = :id "
			  "AND item_id IS NULL");
	db_bind_int(st, ":item", item_id);
	db_bind_int(st, ":id", application_id);
	if (db_step(st) != 0)
		return -1;
	return db_changes(w) == 1 ? 0 : 1;
}

int apply_publication_count(struct db *db, int64_t agency_id, int64_t *count)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM application_publication p JOIN application a ON "
					    "a.id = p.application_id WHERE p.item_id IS NOT NULL AND "
					    "(:agency = 0 OR a.agency_id = :agency)");
	db_bind_int(st, ":agency", agency_id);
	return db_step_int(st, count) == 1 ? 0 : -1;
}
