/* tokens.c — issuing, listing and revoking API tokens with their audit entries (see tokens.h). */
#include "domain/tokens.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
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

int64_t token_issue(struct store *store, const struct user *owner, const char *label, int days, int64_t actor_id,
		    const char *ip, int64_t now, char token_out[TOKEN_LEN + 1], char *err, size_t errlen)
{
	if (days < 1 || days > TOKEN_DAYS_MAX) {
		snprintf(err, errlen, "“有效天数”须为 1–%d 之间的整数。", TOKEN_DAYS_MAX);
		return -1;
	}
	if (label && strlen(label) >= sizeof((struct api_token *)0)->label) {
		snprintf(err, errlen, "“说明”过长。");
		return -1;
	}
	struct db *w = store_write_begin(store);
	if (!w) {
		snprintf(err, errlen, "数据库暂时无法写入，未创建令牌。");
		return -1;
	}
	int64_t id = token_create(w, owner->id, label, now, now + (int64_t)days * 86400, token_out);
	char detail[160];
	snprintf(detail, sizeof detail, "%s token=%" PRId64 " days=%d", owner->name, id, days);
	bool ok =
	    id > 0 && audit_append(w, actor_id, owner->agency_id, "token.create", "api_token", id, detail, ip, now) > 0;
	if (store_write_end(store, ok) != 0 || !ok) {
		sodium_memzero(token_out, TOKEN_LEN + 1);
		snprintf(err, errlen, "保存失败，未创建令牌。");
		return -1;
	}
	return id;
}

/* Inside the transaction: checks and revokes. Returns 1, 0 refused (err), -1. */
static int withdraw_locked(struct db *w, int64_t id, const struct user *actor, const char *ip, int64_t now, char *err,
			   size_t errlen)
{
	struct api_token t;
	int rc = token_get(w, id, &t);
	if (rc < 0)
		return -1;
	if (rc == 0 || (actor && t.user_id != actor->id && !(actor->roles & ROLE_ADMIN))) {
		snprintf(err, errlen, "没有编号为 %" PRId64 " 的令牌。",
			 id); /* another's token: not even its existence */
		return 0;
	}
	if (t.revoked_at) {
		snprintf(err, errlen, "编号为 %" PRId64 " 的令牌已于先前撤销。", id);
		return 0;
	}
	if (token_revoke(w, id, now) != 1)
		return -1;
	return audit_append(w, actor ? actor->id : 0, 0, "token.revoke", "api_token", id, t.user_name, ip, now) > 0
		   ? 1
		   : -1;
}

int token_withdraw(struct store *store, int64_t id, const struct user *actor, const char *ip, int64_t now, char *err,
		   size_t errlen)
{
	struct db *w = store_write_begin(store);
	if (!w) {
		snprintf(err, errlen, "数据库暂时无法写入，令牌未撤销。");
		return -1;
	}
	int rc = withdraw_locked(w, id, actor, ip, now, err, errlen);
	if (store_write_end(store, rc == 1) != 0 && rc == 1)
		rc = -1;
	if (rc < 0)
		snprintf(err, errlen, "保存失败，令牌未撤销。");
	return rc;
}
