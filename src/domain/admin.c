/* admin.c — audited staff administration writes (users, agencies, tokens) as store jobs; see admin.h.
 * Each one changes a record and appends the audit entry in the same transaction, so an
 * administration step is either recorded and audited, or neither. */
#include <stdio.h>

#include "domain/admin.h"
#include "domain/audit.h"

/* The audit entry of the step, or OUTCOME_STORAGE. */
static enum outcome_code audited(struct db *w, const struct actor *a, int64_t agency_id, const char *action,
				 const char *type, int64_t id, const char *detail, int64_t now, struct outcome *out)
{
	if (audit_append(w, a->user_id, agency_id, action, type, id, detail, a->ip, now) > 0)
		return OUTCOME_OK;
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "无法写入审计日志，未作任何更改。");
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
	if (found == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, "name", "没有名为“%s”的用户。", j->name);
	if (found < 0 || user_disable(w, j->name, j->now) != 1)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "停用失败，未作任何更改。");
	return audited(w, &j->actor, u.agency_id, "user.disable", "user", u.id, j->name, j->now, out);
}

enum outcome_code admin_agency_add(struct db *w, void *job, struct outcome *out)
{
	struct admin_agency_add_job *j = job;
	char err[512] = "";
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
	int rc = agency_update_at(w, j->agency, j->now, err, sizeof err);
	if (rc == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这个机构。");
	if (rc < 0)
		return outcome_fail(out, OUTCOME_INVALID, "name", "%s", err[0] ? err : "保存失败，未作任何更改。");
	return audited(w, &j->actor, j->agency->id, "agency.update", "agency", j->agency->id, j->agency->name, j->now,
		       out);
}

enum outcome_code admin_token_create(struct db *w, void *job, struct outcome *out)
{
	struct admin_token_create_job *j = job;
	struct user u;
	int found = user_get_by_name(w, j->name, &u);
	if (found == 0)
		return outcome_fail(out, OUTCOME_NOT_FOUND, "name", "没有用户“%s”", j->name);
	if (found < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "读取用户失败");
	if (u.disabled)
		return outcome_fail(out, OUTCOME_CONFLICT, "name", "用户已停用：“%s”", j->name);
	j->id = token_create(w, u.id, j->label, j->now, j->expires_at, j->token);
	if (j->id <= 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "写入数据库失败");
	return audited(w, &j->actor, u.agency_id, "token.create", "api_token", j->id, j->name, j->now, out);
}
