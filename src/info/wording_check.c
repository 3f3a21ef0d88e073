/* wording_check.c — the 错敏 check of an item's title and body against the maintained wording list
 * (info_wording, migrations/013), combined with the personal-data check (personal_data_check.c), and
 * the gate the workflow calls before a review pass and before publication: a 错敏 hit refuses the step
 * until a reviewer records an override with a reason for exactly that text (info_wording_override,
 * trail step "override", audit entry "info.override"). See info_check.h. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "info/info_check.h"
#include "info/info_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

#define OVERRIDE_REASON_MAX_CHARS 500

bool info_finding_blocks(enum info_finding_kind kind)
{
	return kind == INFO_FIND_MISSPELLING || kind == INFO_FIND_FORBIDDEN;
}

const char *info_finding_kind_zh(enum info_finding_kind kind)
{
	static const char *const names[] = {"错别字", "禁用表述", "身份证号码", "手机号码", "银行卡号"};
	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "";
}

void info_check_free(struct info_check *c)
{
	free(c->items);
	memset(c, 0, sizeof *c);
}

static void add_wording_hit(struct info_check *c, bool misspelling, bool in_title, const char *wrong,
			    const char *correct)
{
	c->items = xrealloc(c->items, (c->count + 1) * sizeof *c->items);
	struct info_finding *f = &c->items[c->count++];
	memset(f, 0, sizeof *f);
	f->kind = misspelling ? INFO_FIND_MISSPELLING : INFO_FIND_FORBIDDEN;
	f->in_title = in_title;
	snprintf(f->found, sizeof f->found, "%s", wrong);
	if (misspelling)
		snprintf(f->advice, sizeof f->advice, "应为“%s”", correct);
	else
		snprintf(f->advice, sizeof f->advice, "禁用表述，应改为“%s”", correct);
	c->blocking++;
}

int info_check_text(struct db *db, const char *title, const char *body, struct info_check *out)
{
	memset(out, 0, sizeof *out);
	title = title ? title : "";
	body = body ? body : "";
	struct db_stmt *st =
	    db_prepare(db, "SELECT kind, wrong, correct FROM info_wording WHERE retired_at = 0 ORDER BY id");
	if (!st)
		return -1;
	int rc;
	while ((rc = db_step(st)) == 1) {
		const char *wrong = db_column_text(st, 1);
		if (!wrong || !*wrong)
			continue;
		bool misspelling = strcmp(db_column_text(st, 0), "misspelling") == 0;
		const char *correct = db_column_text(st, 2);
		if (strstr(title, wrong))
			add_wording_hit(out, misspelling, true, wrong, correct ? correct : "");
		if (strstr(body, wrong))
			add_wording_hit(out, misspelling, false, wrong, correct ? correct : "");
	}
	if (rc < 0) {
		info_check_free(out);
		return -1;
	}
	info_check_personal_data(title, true, out);
	info_check_personal_data(body, false, out);
	return 0;
}

void info_check_digest(const char *title, const char *body, char out[65])
{
	unsigned char hash[32];
	crypto_generichash_state s;
	crypto_generichash_init(&s, NULL, 0, sizeof hash);
	crypto_generichash_update(&s, (const unsigned char *)title, strlen(title) + 1); /* NUL separates */
	crypto_generichash_update(&s, (const unsigned char *)body, strlen(body));
	crypto_generichash_final(&s, hash, sizeof hash);
	sodium_bin2hex(out, 65, hash, sizeof hash);
}

int info_check_overridden(struct db *db, int64_t item_id, const char *title, const char *body)
{
	char digest[65];
	info_check_digest(title, body, digest);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM info_wording_override WHERE item_id = :item AND "
					    "digest = :digest");
	int64_t n = 0;
	if (!st || db_bind_int(st, ":item", item_id) < 0 || db_bind_text(st, ":digest", digest) < 0 ||
	    db_step_int(st, &n) < 0)
		return -1;
	return n > 0;
}

/* "标题“习近凭”（应为“习近平”）；正文…" for the first few blocking findings. */
static void describe_blocking(const struct info_check *c, struct buf *b)
{
	size_t shown = 0;
	for (size_t i = 0; i < c->count && shown < 3; i++) {
		const struct info_finding *f = &c->items[i];
		if (!info_finding_blocks(f->kind))
			continue;
		buf_printf(b, "%s%s“%s”（%s）", shown ? "；" : "", f->in_title ? "标题" : "正文", f->found, f->advice);
		shown++;
	}
	if (c->blocking > shown)
		buf_printf(b, "等 %zu 处", c->blocking);
}

enum outcome_code info_check_gate(struct db *w, const struct info_item *it, const char *step, struct outcome *out)
{
	struct info_check c;
	if (info_check_text(w, it->title, it->body, &c) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	enum outcome_code code = OUTCOME_OK;
	if (c.blocking) {
		int overridden = info_check_overridden(w, it->id, it->title, it->body);
		if (overridden < 0)
			code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
		else if (!overridden) {
			struct buf b = {0};
			describe_blocking(&c, &b);
			code = outcome_fail(
			    out, OUTCOME_CONFLICT, NULL,
			    "错敏检查发现严重表述问题：%s。请退回修改；确属无误的，由保密审查员填写理由确认后"
			    "方可%s",
			    b.data ? b.data : "", step);
			buf_free(&b);
		}
	}
	info_check_free(&c);
	return code;
}

void info_check_warn(struct db *w, const struct info_item *it, struct outcome *out)
{
	struct info_check c;
	if (!out || out->warning[0] || info_check_text(w, it->title, it->body, &c) < 0)
		return;
	if (c.count)
		snprintf(out->warning, sizeof out->warning,
			 "发布前检查发现 %zu 处问题（其中错敏表述 %zu 处，个人信息 %zu 处），详见信息页面", c.count,
			 c.blocking, c.count - c.blocking);
	info_check_free(&c);
}

static enum outcome_code override_allowed(struct db *w, const struct actor *actor, const struct info_item *it,
					  const char *reason, struct outcome *out)
{
	if (it->status != INFO_SUBMITTED && it->status != INFO_REVIEWED && it->status != INFO_APPROVED)
		return outcome_fail(out, OUTCOME_CONFLICT, NULL, "信息当前为“%s”状态，不能确认错敏检查结果",
				    info_status_zh(it->status));
	int edited = info_item_edited_by(w, it->id, actor->user_id);
	if (edited < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (edited)
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "您编辑过这条信息，不能确认自己编辑的信息");
	char *trimmed = info_trim_dup(reason);
	size_t n = utf8_chars(trimmed);
	free(trimmed);
	if (n == 0)
		return outcome_fail(out, OUTCOME_INVALID, "reason", "确认理由：必须填写");
	if (n > OVERRIDE_REASON_MAX_CHARS)
		return outcome_fail(out, OUTCOME_INVALID, "reason", "确认理由：不能超过 %d 个字",
				    OVERRIDE_REASON_MAX_CHARS);
	return OUTCOME_OK;
}

static int insert_override(struct db *w, const struct actor *actor, const struct info_item *it, const char *reason,
			   int64_t now)
{
	char digest[65];
	info_check_digest(it->title, it->body, digest);
	struct db_stmt *st = db_prepare(w, "INSERT INTO info_wording_override (item_id, user_id, digest, reason, at) "
					   "VALUES (:item, :user, :digest, :reason, :now)");
	if (!st || db_bind_int(st, ":item", it->id) < 0 || db_bind_int(st, ":user", actor->user_id) < 0 ||
	    db_bind_text(st, ":digest", digest) < 0 || db_bind_text(st, ":reason", reason) < 0 ||
	    db_bind_int(st, ":now", now) < 0)
		return -1;
	return db_step(st) < 0 ? -1 : 0;
}

enum outcome_code info_check_override(struct db *w, const struct actor *actor, int64_t id, const char *reason,
				      int64_t now, struct outcome *out)
{
	outcome_clear(out);
	if (!actor_has(actor, ROLE_REVIEWER))
		return outcome_fail(out, OUTCOME_FORBIDDEN, NULL, "只有保密审查员可以确认错敏检查结果");
	struct info_item it;
	int rc = info_item_get(w, id, &it);
	if (rc < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误");
	if (rc == 0 || it.agency_id != actor->agency_id) {
		if (rc == 1)
			info_item_free(&it);
		return outcome_fail(out, OUTCOME_NOT_FOUND, NULL, "没有这条信息");
	}
	enum outcome_code code = override_allowed(w, actor, &it, reason, out);
	if (code == OUTCOME_OK) {
		struct buf opinion = {0};
		buf_printf(&opinion, "确认错敏检查提示不属于错误：%s", reason);
		if (insert_override(w, actor, &it, reason, now) < 0 ||
		    info_record_step(w, actor, &it, "override", it.status, opinion.data, now) < 0)
			code = outcome_fail(out, OUTCOME_STORAGE, NULL, "数据库错误：%s", db_errmsg(w));
		buf_free(&opinion);
	}
	info_item_free(&it);
	return code;
}
