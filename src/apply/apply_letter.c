/* apply_letter.c — the 答复书 (reply letter): a draft generated from the outcome with every element
 * the 江苏 规范 requires (FORMAT.md §6.1: 标题、文号、申请人姓名（名称）、申请事实、法律依据、处理决定、
 * 申请人复议诉讼的权利和期限、答复主体、答复日期及印章), editable by the agency's handlers until it is
 * issued, then frozen. The periods stated are the general ones (行政复议 60 日, 行政诉讼 6 个月); the
 * handler adapts the text to the case before issuing it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/audit.h"
#include "util/utf8.h"
#include "util/buf.h"

#define LETTER_MAX 20000

static void put_date(struct buf *b, int day)
{
	char zh[CAL_ZH_SIZE];
	if (day == CAL_NO_DAY)
		buf_puts(b, "    年  月  日");
	else
		buf_puts(b, cal_format_zh(day, zh));
}

char *apply_letter_draft(const struct apply_letter_context *ctx)
{
	const struct application *a = ctx->app;
	struct buf b = {0};
	const char *decision = apply_outcome_decision(ctx->outcome);
	const char *basis =
	    ctx->legal_basis && *ctx->legal_basis ? ctx->legal_basis : apply_outcome_basis(ctx->outcome);
	buf_printf(&b, "%s\n政府信息公开申请答复书\n\n", ctx->agency_name);
	buf_printf(&b, "%s\n\n", ctx->doc_no && *ctx->doc_no ? ctx->doc_no : "〔    〕    号");
	buf_printf(&b, "%s：\n\n", a->name);
	buf_puts(&b, "    本机关于");
	put_date(&b, ctx->received_on);
	buf_printf(&b, "收到您%s提出的政府信息公开申请（申请编号：%s），申请获取“%s”",
		   a->applicant_type == APPLICANT_NATURAL_PERSON ? "" : "单位", a->tracking_no, a->description);
	if (a->doc_no[0])
		buf_printf(&b, "（文号：%s）", a->doc_no);
	buf_puts(&b, "。\n\n");
	buf_printf(&b, "    %s\n\n", decision ? decision : "（处理决定）");
	buf_printf(&b, "    根据%s的规定，特此答复。\n\n", basis ? basis : "（法律依据，注明条、款、项）");
	buf_puts(&b, "    如对本答复不服，可以自收到本答复书之日起六十日内");
	if (ctx->reconsideration_body && *ctx->reconsideration_body)
		buf_printf(&b, "向%s", ctx->reconsideration_body);
	buf_puts(&b, "依法申请行政复议，或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼。\n\n");
	buf_printf(&b, "%40s%s\n%40s", "", ctx->agency_name, "");
	put_date(&b, ctx->reply_on);
	buf_puts(&b, "\n（印章）\n");
	return buf_take(&b);
}

int apply_letter_get(struct db *db, int64_t application_id, struct apply_letter *letter)
{
	memset(letter, 0, sizeof *letter);
	struct db_stmt *st = db_prepare(db, "SELECT doc_no, body, issued_at, updated_at FROM application_letter "
					    "WHERE application_id = :id");
	if (!st)
		return -1;
	db_bind_int(st, ":id", application_id);
	int rc = db_step(st);
	if (rc == 1) {
		db_column_copy(st, 0, letter->doc_no, sizeof letter->doc_no);
		letter->body = db_column_dup(st, 1);
		letter->issued_at = db_column_int(st, 2);
		letter->updated_at = db_column_int(st, 3);
		db_reset(st);
	}
	return rc;
}

struct letter_save {
	const char *tracking_no;
	const struct actor *actor;
	const char *doc_no, *body;
	bool issue;
	int64_t now;
};

static int letter_write(struct db *w, int64_t app_id, const struct letter_save *s)
{
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO application_letter (application_id, doc_no, body, issued_at, updated_by, updated_at) "
	       "VALUES (:id, :doc, :body, :issued, :by, :now) ON CONFLICT (application_id) DO UPDATE SET "
	       "doc_no = excluded.doc_no, body = excluded.body, issued_at = excluded.issued_at, "
	       "updated_by = excluded.updated_by, updated_at = excluded.updated_at");
	if (!st)
		return -1;
	db_bind_int(st, ":id", app_id);
	db_bind_text(st, ":doc", s->doc_no ? s->doc_no : "");
	db_bind_text(st, ":body", s->body);
	db_bind_int(st, ":issued", s->issue ? s->now : 0);
	db_bind_int(st, ":by", s->actor->user_id);
	db_bind_int(st, ":now", s->now);
	return db_step(st) == 0 ? 0 : -1;
}

static enum apply_status letter_save_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct letter_save *s = ctx;
	struct application a;
	int rc = apply_get(w, s->tracking_no, &a);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(s->actor, a.agency_id))
		return APPLY_FORBIDDEN;
	struct apply_letter old;
	rc = apply_letter_get(w, a.id, &old);
	free(old.body);
	if (rc < 0)
		return APPLY_ERROR;
	if (rc == 1 && old.issued_at) {
		snprintf(errs->reason, sizeof errs->reason, "答复书已经签发，不能再修改。");
		return APPLY_REFUSED;
	}
	if (s->issue && (!a.outcome[0] || strcmp(a.outcome, "other_other") == 0)) {
		snprintf(errs->reason, sizeof errs->reason, "尚未登记答复（处理结果），不能签发答复书。");
		return APPLY_REFUSED;
	}
	if (letter_write(w, a.id, s) != 0)
		return APPLY_ERROR;
	if (s->issue && apply_notify_reply(w, &a, s->body, s->now) != 0) /* the applicant gets the letter */
		return APPLY_ERROR;
	return audit_append(w, s->actor->user_id, a.agency_id,
			    s->issue ? "application.letter_issue" : "application.letter_edit", "application", a.id,
			    a.tracking_no, s->actor->ip, s->now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

enum apply_status apply_letter_save(struct store *store, const char *tracking_no, const struct actor *actor,
				    const char *doc_no, const char *body, bool issue, int64_t now,
				    struct apply_errors *errs)
{
	if (!body || !*body)
		apply_error_add(errs, "body", "答复书正文不能为空。");
	else if (strlen(body) > LETTER_MAX || !utf8_valid(body, strlen(body)))
		apply_error_add(errs, "body", "答复书正文过长或含有无效字符。");
	if (doc_no && (strlen(doc_no) > 120 || !utf8_valid(doc_no, strlen(doc_no))))
		apply_error_add(errs, "doc_no", "文号过长或含有无效字符。");
	if (errs->n)
		return APPLY_INVALID;
	struct letter_save s = {tracking_no, actor, doc_no, body, issue, now};
	return apply_write(store, letter_save_locked, &s, errs);
}
