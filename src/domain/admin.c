/* admin.c — audited staff administration writes (users, agencies, tokens) as store jobs; see admin.h.
 * Each one changes a record and appends the audit entry in the same transaction, so an
 * administration step is either recorded and audited, or neither. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/admin.h"
#include "domain/audit.h"
#include "domain/tokens.h"

/* The audit entry of the step, or OUTCOME_STORAGE. */
static enum outcome_code audited(struct db *w, const struct actor *a, int64_t agency_id, const char *action,
				 const char *type, int64_t id, const char *detail, int64_t now, struct outcome *out)
{
	if (audit_append(w, a->user_id, agency_id, action, type, id, detail, a->ip, now) > 0)
		return OUTCOME_OK;
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志，未作任何更改。");
}

/* Whether the actor may manage agency id: the system always; a user within their own subtree. */
static bool manages(struct db *w, const struct actor *a, int64_t id)
{
	return a->system || (id > 0 && agency_within(w, id, a->agency_id) == 1);
}

enum outcome_code admin_audit_note(struct db *w, void *job, struct outcome *out)
{
	struct admin_audit_job *j = job;
	return audited(w, &j->actor, j->agency_id, j->action, j->record_type, j->record_id, j->detail, j->now, out);
}

enum outcome_code admin_user_add(struct db *w, void *job, struct outcome *out)
{
	struct admin_user_add_job *j = job;
	char err[256] = "";
	if (!manages(w, &j->actor, j->agency_id))
		return outcome_fail(out, OUTCOME_FORBIDDEN, "agency_id", "只能为本机关及其下级机关新增用户。");
	j->id =
	    user_add(w, j->agency_id, j->name, j->display_name, j->roles, j->password_hash, j->now, err, sizeof err);
	if (j->id <= 0)
		return outcome_fail(out, OUTCOME_INVALID, "name", "%s", err[0] ? err : "保存失败，未作任何更改。");
	return audited(w, &j->actor, j->agency_id, "user.add", "user", j->id, j->name, j->now, out);
}

enum outcome_code admin_user_disable(struct db *w, void *job, struct outcome *out)
{
	struct admin_user_disable_job *j = job;
	struct user u = {0};
	int found = user_get_by_name(w, j->name, &u);
	if (found == 0 || (found > 0 && !manages(w, &j->actor, u.agency_id)))
		return outcome_fail(out, OUTCOME_NOT_FOUND, "name", "没有名为“%s”的用户。", j->name);
	if (found < 0 || user_disable(w, j->name, j->now) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "停用失败，未作任何更改。");
	return audited(w, &j->actor, u.agency_id, "user.disable", "user", u.id, j->name, j->now, out);
}

static bool email_plausible(const char *email)
{
	size_t len = strlen(email);
	const char *at = strchr(email, '@');
	if (len == 0)
		return true; /* clears it */
	if (len > 120 || !at || at == email || !at[1] || strchr(at + 1, '@'))
		return false;
	for (const unsigned char *c = (const unsigned char *)email; *c; c++)
		if (*c <= ' ' || *c == 0x7f)
			return false;
	return true;
}

enum outcome_code admin_user_email(struct db *w, void *job, struct outcome *out)
{
	struct admin_user_email_job *j = job;
	if (!email_plausible(j->email))
		return outcome_fail(out, OUTCOME_INVALID, "email", "电子邮箱“%s”格式不正确。", j->email);
	struct user u = {0};
	int found = user_get_by_name(w, j->name, &u);
	if (found == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, "name", "没有名为“%s”的用户。", j->name);
	struct db_stmt *st = db_prepare(w, "UPDATE users SET email = :email WHERE id = :id");
	if (found < 0 || db_bind_text(st, ":email", j->email) < 0 || db_bind_int(st, ":id", u.id) < 0 ||
	    db_step(st) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改。");
	return audited(w, &j->actor, u.agency_id, "user.email", "user", u.id, j->name, j->now, out);
}

enum outcome_code admin_agency_add(struct db *w, void *job, struct outcome *out)
{
	struct admin_agency_add_job *j = job;
	char err[512] = "";
	if (!manages(w, &j->actor, j->agency->parent_id))
		return outcome_fail(out, OUTCOME_FORBIDDEN, "parent_id", "只能在本机关及其下级机关之下新增机构。");
	struct agency parent;
	if (j->agency->parent_id && agency_get(w, j->agency->parent_id, &parent) == 1 && parent.retired_at)
		return outcome_fail(out, OUTCOME_INVALID, "parent_id", "上级机构“%s”已撤销，不能在其下新增机构。",
				    parent.name);
	j->admin_id = 0;
	j->id = agency_add_at(w, j->agency, j->now, err, sizeof err);
	if (j->id <= 0)
		return outcome_fail(out, OUTCOME_INVALID, "name", "%s", err[0] ? err : "保存失败，未作任何更改。");
	enum outcome_code code =
	    audited(w, &j->actor, j->id, "agency.add", "agency", j->id, j->agency->name, j->now, out);
	if (code != OUTCOME_OK || !j->admin_name)
		return code;
	struct admin_user_add_job admin = {j->actor, j->id, j->admin_name, NULL, ROLE_ADMIN, j->admin_hash, j->now, 0};
	code = admin_user_add(w, &admin, out);
	j->admin_id = admin.id;
	return code;
}

enum outcome_code admin_agency_update(struct db *w, void *job, struct outcome *out)
{
	struct admin_agency_update_job *j = job;
	char err[512] = "";
	struct agency before;
	int found = agency_get(w, j->agency->id, &before);
	if (found == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个机构。");
	if (found < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取机构失败，未作任何更改。");
	if (!manages(w, &j->actor, j->agency->id))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只能管理本机关及其下级机关。");
	bool moved = before.parent_id != j->agency->parent_id;
	if (moved && !j->actor.system &&
	    (j->agency->id == j->actor.agency_id || !manages(w, &j->actor, j->agency->parent_id)))
		return outcome_fail(out, OUTCOME_FORBIDDEN, "parent_id",
				    "“上级机构”只能改为本机关或其下级机关，本机关自身不能移动。");
	int rc = agency_update_at(w, j->agency, j->now, err, sizeof err);
	if (rc == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个机构。");
	if (rc < 0)
		return outcome_fail(out, OUTCOME_INVALID, "name", "%s", err[0] ? err : "保存失败，未作任何更改。");
	return audited(w, &j->actor, j->agency->id, "agency.update", "agency", j->agency->id, j->agency->name, j->now,
		       out);
}

enum outcome_code admin_agency_retire(struct db *w, void *job, struct outcome *out)
{
	struct admin_agency_retire_job *j = job;
	struct agency a;
	if (agency_get(w, j->id, &a) != 1)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个机构。");
	if (!j->actor.system && (j->id == j->actor.agency_id || !manages(w, &j->actor, j->id)))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只能撤销本机关的下级机关。");
	char err[512] = "";
	int rc = agency_retire(w, j->id, j->now, err, sizeof err);
	if (rc == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个机构。");
	if (rc < 0)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "%s", err);
	return audited(w, &j->actor, j->id, "agency.retire", "agency", j->id, NULL, j->now, out);
}

enum outcome_code admin_token_create(struct db *w, void *job, struct outcome *out)
{
	struct admin_token_create_job *j = job;
	if (j->days < 1 || j->days > TOKEN_DAYS_MAX)
		return outcome_fail(out, OUTCOME_INVALID, "days", "“有效天数”须为 1–%d 之间的整数。", TOKEN_DAYS_MAX);
	if (j->label && strlen(j->label) >= sizeof((struct api_token *)0)->label)
		return outcome_fail(out, OUTCOME_INVALID, "label", "“说明”过长。");
	struct user u;
	int found = user_get_by_name(w, j->name, &u);
	if (found == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, "name", "没有用户“%s”", j->name);
	if (found < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取用户失败");
	if (u.disabled)
		return outcome_fail(out, OUTCOME_CONFLICT, "name", "用户已停用：“%s”", j->name);
	j->id = token_create(w, u.id, j->label, j->now, j->now + (int64_t)j->days * 86400, j->token);
	if (j->id <= 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "写入数据库失败");
	char detail[160];
	snprintf(detail, sizeof detail, "%s token=%" PRId64 " days=%d", j->name, j->id, j->days);
	return audited(w, &j->actor, u.agency_id, "token.create", "api_token", j->id, detail, j->now, out);
}

enum outcome_code admin_token_revoke(struct db *w, void *job, struct outcome *out)
{
	struct admin_token_revoke_job *j = job;
	struct api_token t;
	int rc = token_get(w, j->id, &t);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取令牌失败，令牌未撤销。");
	bool allowed = j->actor.system || t.user_id == j->actor.user_id || actor_has(&j->actor, ROLE_ADMIN);
	if (rc == 0 || !allowed) /* another's token: not even its existence */
		return outcome_fail(out, OUTCOME_NOT_FOUND, "id", "没有编号为 %" PRId64 " 的令牌。", j->id);
	if (t.revoked_at)
		return outcome_fail(out, OUTCOME_CONFLICT, "id", "编号为 %" PRId64 " 的令牌已于先前撤销。", j->id);
	if (token_revoke(w, j->id, j->now) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，令牌未撤销。");
	struct user owner;
	int64_t agency_id = user_get(w, t.user_id, &owner) == 1 ? owner.agency_id : 0;
	return audited(w, &j->actor, agency_id, "token.revoke", "api_token", j->id, t.user_name, j->now, out);
}
