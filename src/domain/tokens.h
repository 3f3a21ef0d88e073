/* tokens.h — managing API bearer tokens: issuing one with a lifetime, listing them, revoking one,
 * and noting when each was last used. The token itself is made and looked up in accounts.h
 * (token_create, token_lookup); the database keeps only its SHA-256.
 *
 * Who may act: a user manages their own tokens; an administrator (ROLE_ADMIN) every token; the
 * command line (a system actor) acts as the operator of the installation. The writes (issue, revoke)
 * are the audited store jobs admin_token_create and admin_token_revoke (domain/admin.h). */
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

#endif
