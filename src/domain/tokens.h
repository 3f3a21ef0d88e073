/* tokens.h — managing API bearer tokens: issuing one with a lifetime, listing them, revoking one,
 * and noting when each was last used. The token itself is made and looked up in accounts.h
 * (token_create, token_lookup); the database keeps only its SHA-256.
 *
 * Who may act: a user manages their own tokens; an administrator (ROLE_ADMIN) every token. The
 * command line (actor NULL) acts as the operator of the installation. token_issue and token_withdraw
 * run their own write transaction and append the audit entry in it. */
#ifndef GONGKAI_DOMAIN_TOKENS_H
#define GONGKAI_DOMAIN_TOKENS_H

#include <stdint.h>

#include "domain/accounts.h"
#include "storage/db.h"

#define TOKEN_DAYS_MAX 3650

/* One token as listed (never the token itself). */
struct api_token {
	int64_t id, user_id;
	char user_name[64];
	char label[128];
	int64_t created_at, expires_at, revoked_at, last_used_at; /* 0 = never / none */
};

/* Lists the tokens of one user (user_id > 0) or of everyone (0), newest first. *out is malloc'd (free;
 * NULL when *n == 0). Returns 0 or -1. */
int token_list(struct db *db, int64_t user_id, struct api_token **out, size_t *n);

/* Fetches one token by id. Returns 1, 0 (no such token) or -1. */
int token_get(struct db *db, int64_t id, struct api_token *out);

/* Chinese state of a token at now: "有效", "已撤销" or "已过期". */
const char *token_state(const struct api_token *t, int64_t now);

/* Issues a token for owner, valid for days (1..TOKEN_DAYS_MAX) from now; label may be NULL.
 * actor_id is the user acting (0 = command line); ip may be NULL. The token is written to token_out
 * (shown once). Returns the token id (> 0), or -1 with a Chinese message in err. */
int64_t token_issue(struct store *store, const struct user *owner, const char *label, int days, int64_t actor_id,
		    const char *ip, int64_t now, char token_out[TOKEN_LEN + 1], char *err, size_t errlen);

/* Revokes the token id for actor (NULL = command line; otherwise the owner or an administrator).
 * Returns 1 revoked, 0 refused with a Chinese message in err (no such token, already revoked, not
 * yours), -1 error. */
int token_withdraw(struct store *store, int64_t id, const struct user *actor, const char *ip, int64_t now, char *err,
		   size_t errlen);

#endif
