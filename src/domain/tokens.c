/* tokens.c — reading API tokens for the token pages and commands (see tokens.h); issuing and revoking
 * them are the audited store jobs admin_token_create / admin_token_revoke (domain/admin.c). */
#include "domain/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define TOKEN_COLUMNS                                                                                                  \
	"t.id, t.user_id, u.name, t.label, t.created_at, t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens "  \
	"t "                                                                                                           \
	"JOIN users u ON u.id = t.user_id"

static void token_fill(struct db_stmt *st, struct api_token *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_column_int(st, 0);
	t->user_id = db_column_int(st, 1);
	db_column_copy(st, 2, t->user_name, sizeof t->user_name);
	db_column_copy(st, 3, t->label, sizeof t->label);
	t->created_at = db_column_int(st, 4);
	t->expires_at = db_column_int(st, 5);
	t->revoked_at = db_column_int(st, 6);
	t->last_used_at = db_column_int(st, 7);
}

int token_list(struct db *db, int64_t user_id, struct api_token **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st =
	    db_prepare(db, "SELECT " TOKEN_COLUMNS " WHERE :user = 0 OR t.user_id = :user ORDER BY t.id DESC");
	if (!st)
		return -1;
	db_bind_int(st, ":user", user_id);
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		token_fill(st, &(*out)[(*n)++]);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc < 0 ? -1 : 0;
}

int token_get(struct db *db, int64_t id, struct api_token *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " TOKEN_COLUMNS " WHERE t.id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	int rc = db_step(st);
	if (rc == 1) {
		token_fill(st, out);
		db_reset(st);
	}
	return rc;
}

const char *token_state(const struct api_token *t, int64_t now)
{
	if (t->revoked_at)
		return "已撤销";
	if (t->expires_at && t->expires_at <= now)
		return "已过期";
	return "有效";
}
