/* notice.h — 整改 notices (docs/supervision.md): a supervisor sends an agency below it a finding of
 * its annual report to correct, with a date by which to reply; the agency's staff (editor, leader,
 * administrator) see the notices addressed to their agency and answer once; the answer is recorded
 * with who gave it and when. For an agency not on the platform, which has no staff here, the
 * supervisor records the answer it received. Every step is audited. */
#ifndef GONGKAI_SUPERVISE_NOTICE_H
#define GONGKAI_SUPERVISE_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/actor.h"
#include "storage/db.h"

#define NOTICE_BODY_MAX 4000 /* bytes of a notice's text or an answer */

struct notice_input {
	int64_t agency_id;     /* the agency that must correct its report */
	const char *year;      /* statistics year of the report, "2025" */
	const char *rule;      /* the finding's rule ("R1"), may be NULL or "" */
	const char *finding;   /* the finding's message, may be NULL or "" */
	const char *body;      /* what the supervisor asks for (required) */
	const char *reply_due; /* "YYYY-MM-DD", not before today (required) */
};

struct notice {
	int64_t id, agency_id, from_agency_id;
	int year;
	char agency_name[192], from_agency_name[192];
	bool agency_external;
	char rule[16];
	char finding[1024];
	char body[NOTICE_BODY_MAX + 1];
	int reply_due; /* day number */
	int64_t sent_by, sent_at;
	char reply[NOTICE_BODY_MAX + 1];
	int64_t replied_by, replied_at; /* 0 while unanswered */
};

/* Sends a notice from the actor's agency (administrator or supervisor) to an agency below it.
 * Returns the new id (> 0), 0 refused or invalid (err names the field), -1 database error. */
int64_t notice_send(struct db *w, const struct actor *actor, const struct notice_input *in, int today, int64_t now,
		    char *err, size_t errsize);

/* Records the answer to notice id: by the editor, leader or administrator of the agency it is
 * addressed to or, for an external agency, by an administrator or supervisor of an agency above
 * it. Answered once. Returns 1, 0 refused or invalid (err), -1 database error. */
int notice_reply(struct db *w, const struct actor *actor, int64_t id, const char *reply, int64_t now, char *err,
		 size_t errsize);

/* One notice. Returns 1, 0 not found, -1 error. */
int notice_get(struct db *db, int64_t id, struct notice *out);

/* True when actor may see the notice: staff of the agency it is addressed to, or an administrator or
 * supervisor of an agency at or above it. */
bool notice_visible(struct db *db, const struct actor *actor, const struct notice *n);

/* True when actor may answer it (see notice_reply). */
bool notice_may_reply(struct db *db, const struct actor *actor, const struct notice *n);

/* The notices the actor may see, of one year (year > 0) or all, newest first: those addressed to the
 * actor's agency and, for an administrator or supervisor, those to agencies below it. *out malloc'd
 * (free(); NULL when *n == 0). Returns 0 or -1. */
int notice_list(struct db *db, const struct actor *actor, int year, struct notice **out, size_t *n);

#endif
