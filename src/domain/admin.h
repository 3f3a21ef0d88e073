/* admin.h — the audited writes of staff administration (users, agencies, API tokens), shared by the
 * back office (page_admin.c) and the command line (cli_admin.c) so both write and audit alike.
 *
 * Each function is a store_job (storage/db.h): fill the job struct, then
 *     struct outcome out;
 *     if (store_write(store, admin_user_add, &job, &out) != OUTCOME_OK) … out.message …
 * The job runs on the writer inside the transaction store_write owns; outputs (new ids, the token)
 * are written into the job struct and are valid only when store_write returned OUTCOME_OK. The
 * caller checks the actor's rights (the router's role bits; the CLI is the operator). */
#ifndef GONGKAI_DOMAIN_ADMIN_H
#define GONGKAI_DOMAIN_ADMIN_H

#include <stdint.h>

#include "domain/accounts.h"
#include "domain/actor.h"
#include "domain/agency.h"
#include "storage/db.h"

/* A new user (password already hashed, outside the transaction) — audited as user.add. */
struct admin_user_add_job {
	struct actor actor;
	int64_t agency_id;
	const char *name, *display_name; /* display_name may be NULL (then the name) */
	unsigned roles;
	const char *password_hash;
	int64_t now;
	int64_t id; /* out: the new user's id */
};
/* OUTCOME_INVALID ("name") with user_add's Chinese message when refused (name taken, bad name …);
 * OUTCOME_FORBIDDEN when a non-system actor adds to an agency outside their subtree. */
enum outcome_code admin_user_add(struct db *w, void *job, struct outcome *out);

/* Disables a user by name, ending their sessions and tokens — audited as user.disable. */
struct admin_user_disable_job {
	struct actor actor;
	const char *name;
	int64_t now;
};
/* OUTCOME_NOT_FOUND when there is no such user (or, for a non-system actor, none in their subtree). */
enum outcome_code admin_user_disable(struct db *w, void *job, struct outcome *out);

/* Sets the e-mail address at which a user receives reminders before due dates (users.email, migration
 * 027; "" clears it) — audited as user.email. */
struct admin_user_email_job {
	struct actor actor;
	const char *name, *email;
	int64_t now;
};
/* OUTCOME_NOT_FOUND when there is no such user; OUTCOME_INVALID ("email") for an address that is not
 * one (no '@', spaces or control characters, longer than 120 bytes). */
enum outcome_code admin_user_email(struct db *w, void *job, struct outcome *out);

/* A new agency — audited as agency.add (and, with admin_name, the first administrator as user.add). */
struct admin_agency_add_job {
	struct actor actor;
	const struct agency *agency;
	const char *admin_name, *admin_hash; /* NULL: no administrator account */
	int64_t now;
	int64_t id, admin_id; /* out */
};
/* OUTCOME_INVALID with agency_add's / user_add's Chinese message when refused; OUTCOME_FORBIDDEN when
 * a non-system actor puts it outside their own subtree (an administrator manages their agency and
 * the agencies below it). */
enum outcome_code admin_agency_add(struct db *w, void *job, struct outcome *out);

/* Replaces every field of agency->id — audited as agency.update. */
struct admin_agency_update_job {
	struct actor actor;
	const struct agency *agency;
	int64_t now;
};
/* OUTCOME_NOT_FOUND for an unknown id, OUTCOME_INVALID with the message when refused, OUTCOME_FORBIDDEN
 * when a non-system actor edits an agency outside their subtree, moves it out of their subtree, or
 * moves their own agency. */
enum outcome_code admin_agency_update(struct db *w, void *job, struct outcome *out);

/* Retires agency id (agency_retire) — audited as agency.retire. OUTCOME_NOT_FOUND, OUTCOME_FORBIDDEN
 * (outside the actor's subtree, or the actor's own agency), OUTCOME_CONFLICT with the message
 * (already retired, active subordinates). */
struct admin_agency_retire_job {
	struct actor actor;
	int64_t id;
	int64_t now;
};
enum outcome_code admin_agency_retire(struct db *w, void *job, struct outcome *out);

/* A new API token of the user called name, valid for days (1..TOKEN_DAYS_MAX, domain/tokens.h) —
 * audited as token.create. */
struct admin_token_create_job {
	struct actor actor;
	const char *name, *label; /* label may be NULL */
	int64_t now;
	int days;
	int64_t id;		   /* out: token row id */
	char token[TOKEN_LEN + 1]; /* out: the token, shown once */
};
/* OUTCOME_INVALID for days or label out of range, OUTCOME_NOT_FOUND without such a user,
 * OUTCOME_CONFLICT when the user is disabled. */
enum outcome_code admin_token_create(struct db *w, void *job, struct outcome *out);

/* Revokes the API token id — audited as token.revoke. The actor must own the token or be an
 * administrator (a system actor, the command line, may revoke any). */
struct admin_token_revoke_job {
	struct actor actor;
	int64_t id, now;
};
/* OUTCOME_NOT_FOUND for no such token or another user's (its existence is not revealed),
 * OUTCOME_CONFLICT when it was already revoked. */
enum outcome_code admin_token_revoke(struct db *w, void *job, struct outcome *out);

/* One audit entry for an action that changed nothing in the database (e.g. a backup was written). */
struct admin_audit_job {
	struct actor actor;
	int64_t agency_id;
	const char *action, *record_type;
	int64_t record_id;
	const char *detail;
	int64_t now;
};
enum outcome_code admin_audit_note(struct db *w, void *job, struct outcome *out);

#endif
