/* apply_notify.c — keeping the applicant informed: the Chinese texts of the notices sent by e-mail
 * (to the address the applicant gave) and SMS (to the phone) at receipt, 补正告知, 延长答复期限告知,
 * 收费通知 and the issued 答复书 (with the letter as PDF), queued in the transaction of the change
 * (notify/notify.h: the outbox is delivered afterwards); the 答复书 attachment rendered at sending
 * time; and re-sending a query code to the e-mail address given (a new code replaces the lost one:
 * only a hash of the code is stored). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apply/apply_internal.h"
#include "domain/agency.h"
#include "domain/audit.h"
#include "notify/notify.h"
#include "util/buf.h"

#define AUTO_SENT "（本邮件由系统自动发送，请勿直接回复。）"

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* as apply_store.c: no 0/O 1/I */

/* The agency's full name (or "" when unknown) into out. */
static void agency_name(struct db *db, int64_t agency_id, char *out, size_t size)
{
	struct agency ag;
	snprintf(out, size, "%s", agency_get(db, agency_id, &ag) == 1 ? ag.name : "");
}

/* Queues the e-mail (to a->email) and the SMS (to a->phone) of one notice. */
static int enqueue_both(struct db *w, const struct application *a, const char *kind, const char *subject,
			const char *body, const char *sms, const char *attachment, int64_t now)
{
	struct notify_message mail = {a->id, kind, "email", a->email, subject, body, attachment};
	struct notify_message text = {a->id, kind, "sms", a->phone, "", sms, ""};
	return notify_enqueue_pair(w, &mail, &text, now);
}

/* Appends "【agency】", the sender's mark that opens a notice's subject and its SMS. */
static void put_agency_mark(struct buf *b, const char *agency)
{
	buf_puts(b, "【");
	buf_puts(b, agency);
	buf_puts(b, "】");
}

/* Subject "【机关】what（申请编号）" and the SMS "【机关】您的政府信息公开申请 NO：sms_tail". */
static int send_notice_from(struct db *w, const struct application *a, const char *agency, const char *kind,
			    const char *what, const char *body, const char *sms_tail, const char *attachment,
			    int64_t now)
{
	struct buf subject = {0}, mail = {0}, sms = {0}; /* buf_puts, not buf_printf: one receipt per submission */
	put_agency_mark(&subject, agency);
	buf_puts(&subject, what);
	buf_puts(&subject, "（");
	buf_puts(&subject, a->tracking_no);
	buf_puts(&subject, "）");
	buf_puts(&mail, body);
	buf_puts(&mail, "\n\n" AUTO_SENT "\n");
	put_agency_mark(&sms, agency);
	buf_puts(&sms, "您的政府信息公开申请 ");
	buf_puts(&sms, a->tracking_no);
	buf_puts(&sms, "：");
	buf_puts(&sms, sms_tail);
	int rc = enqueue_both(w, a, kind, subject.data, mail.data, sms.data, attachment, now);
	buf_free(&subject);
	buf_free(&mail);
	buf_free(&sms);
	return rc;
}

/* send_notice_from with the agency's name looked up. */
static int send_notice(struct db *w, const struct application *a, const char *kind, const char *what, const char *body,
		       const char *sms_tail, const char *attachment, int64_t now)
{
	char agency[192];
	agency_name(w, a->agency_id, agency, sizeof agency);
	return send_notice_from(w, a, agency, kind, what, body, sms_tail, attachment, now);
}

int apply_notify_receipt(struct db *w, const struct application *a, const char *agency, int64_t now)
{
	char zh[CAL_ZH_SIZE];
	struct buf b = {0};
	buf_puts(&b, a->name);
	buf_puts(&b, "：\n\n    您好！");
	buf_puts(&b, agency);
	buf_puts(&b, "已收到您于");
	buf_puts(&b, cal_format_zh(a->submitted_on, zh));
	buf_puts(&b, "提交的政府信息公开申请，申请编号为 ");
	buf_puts(&b, a->tracking_no);
	buf_puts(&b, "。");
	if (a->intake == INTAKE_ONLINE || a->intake == INTAKE_MAIL || a->intake == INTAKE_FAX)
		buf_puts(&b, "以本机关与您确认之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条），");
	else
		buf_puts(&b, "本机关");
	buf_puts(&b, "自收到申请之日起 20 个工作日内答复。\n\n    您可以凭申请编号和查询码在本网站“申请查询”页面"
		     "查看办理进度和答复。");
	int rc = send_notice_from(w, a, agency, "receipt", "已收到您的政府信息公开申请", b.data,
				  "已收到，请凭申请编号和查询码查询办理进度。", "", now);
	buf_free(&b);
	return rc;
}

/* The fee notice: amount, method, the computation and the pay-by day. */
static int notify_fee(struct db *w, const struct application *a, int pay_by, int64_t now)
{
	struct apply_fee *fees = NULL;
	size_t n = 0;
	if (apply_fees(w, a->id, &fees, &n) != 0 || n == 0) {
		free(fees);
		return -1;
	}
	const struct apply_fee *f = &fees[n - 1];
	char zh[CAL_ZH_SIZE];
	struct buf b = {0}, sms = {0};
	buf_printf(&b,
		   "%s：\n\n    依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），您的申请（%s）%s，"
		   "应缴纳信息处理费 %lld 元。计算方法：\n\n%s\n\n    ",
		   a->name, a->tracking_no, strcmp(f->method, "item") == 0 ? "按件计收" : "按量计收",
		   (long long)f->yuan, f->explanation);
	if (pay_by != CAL_NO_DAY)
		buf_printf(&b, "请于%s前按收费通知书载明的方式缴纳；", cal_format_zh(pay_by, zh));
	buf_puts(&b, "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。答复期限自发出收费通知之日起"
		     "暂停计算，缴费后继续计算。");
	buf_printf(&sms, "需缴纳信息处理费 %lld 元，详见收费通知。", (long long)f->yuan);
	int rc = send_notice(w, a, "fee_notice", "信息处理费收费通知", b.data, sms.data, "", now);
	buf_free(&b);
	buf_free(&sms);
	free(fees);
	return rc;
}

int apply_notify_event(struct db *w, const struct application *a, const struct apply_event *ev, const char *notice,
		       int pay_by)
{
	if (strcmp(ev->type, "request_correction") == 0)
		return send_notice(w, a, "correction", "请补正您的政府信息公开申请", notice,
				   "需要补正，请查看补正告知书，可在“申请查询”页面在线补正。", "", ev->created_at);
	if (strcmp(ev->type, "extend") == 0)
		return send_notice(w, a, "extension", "延长答复期限告知", notice, "答复期限已依法延长，详见告知书。",
				   "", ev->created_at);
	if (strcmp(ev->type, "fee_notice") == 0)
		return notify_fee(w, a, pay_by, ev->created_at);
	return 0;
}

int apply_notify_reply(struct db *w, const struct application *a, const char *letter, int64_t now)
{
	struct buf b = {0};
	buf_printf(&b, "%s：\n\n    您的政府信息公开申请（%s）已作出答复，答复书如下，PDF 文本见附件。\n\n%s", a->name,
		   a->tracking_no, letter);
	int rc = send_notice(w, a, "reply", "政府信息公开申请答复书", b.data,
			     "已作出答复，答复书已发送到您的邮箱，"
			     "也可在“申请查询”页面查看。",
			     "letter", now);
	buf_free(&b);
	return rc;
}

int apply_notify_attachment(struct db *reader, int64_t application_id, const char *kind, unsigned char **data,
			    size_t *len, char *name, size_t size)
{
	if (strcmp(kind, "letter") != 0)
		return -1;
	struct apply_letter letter;
	char tracking_no[APPLY_TRACKING_SIZE] = "";
	struct db_stmt *st = db_prepare(reader, "SELECT tracking_no FROM application WHERE id = :id");
	db_bind_int(st, ":id", application_id);
	if (db_step(st) == 1) {
		db_column_copy(st, 0, tracking_no, sizeof tracking_no);
		db_reset(st);
	}
	if (!tracking_no[0] || apply_letter_get(reader, application_id, &letter) != 1)
		return -1;
	char *body = apply_letter_fill_doc_no(letter.body, letter.doc_no);
	*data = apply_letter_pdf(body, tracking_no, !letter.issued_at, len, NULL, 0);
	free(body);
	free(letter.body);
	snprintf(name, size, "答复书-%s.pdf", tracking_no);
	return *data ? 0 : -1;
}

/* ---- re-sending the query code ---- */

static void new_code(char code[APPLY_CODE_LEN + 1])
{
	unsigned char raw[APPLY_CODE_LEN];
	randombytes_buf(raw, sizeof raw);
	for (size_t i = 0; i < APPLY_CODE_LEN; i++)
		code[i] = code_alphabet[raw[i] & 31];
	code[APPLY_CODE_LEN] = '\0';
}

/* Trims ASCII spaces around an e-mail address into out. */
static void trim_email(const char *in, char *out, size_t size)
{
	while (in && (*in == ' ' || *in == '\t'))
		in++;
	snprintf(out, size, "%s", in ? in : "");
	size_t len = strlen(out);
	while (len && (out[len - 1] == ' ' || out[len - 1] == '\t'))
		out[--len] = '\0';
}

static enum apply_status resend_locked(struct db *w, const struct application *a, const char *ip, int64_t now)
{
	char code[APPLY_CODE_LEN + 1], hash[APPLY_HASH_HEX];
	new_code(code);
	apply_code_hash(a->tracking_no, code, hash);
	struct db_stmt *st = db_prepare(w, "UPDATE application SET query_code_hash = :hash WHERE id = :id");
	db_bind_text(st, ":hash", hash);
	db_bind_int(st, ":id", a->id);
	if (db_step(st) != 0)
		return APPLY_ERROR;
	struct buf b = {0};
	buf_printf(&b,
		   "%s：\n\n    您申请重新发送政府信息公开申请（%s）的查询码。新的查询码是：\n\n    %s\n\n    "
		   "原查询码已失效。请凭申请编号和新的查询码在本网站“申请查询”页面查看办理进度。"
		   "如果不是您本人操作，请与本机关联系。",
		   a->name, a->tracking_no, code);
	struct notify_message mail = {a->id, "query_code", "email", a->email, "", b.data, ""};
	char agency[192];
	agency_name(w, a->agency_id, agency, sizeof agency);
	struct buf subject = {0};
	buf_printf(&subject, "【%s】您的申请查询码（%s）", agency, a->tracking_no);
	mail.subject = subject.data;
	int rc = notify_enqueue(w, &mail, now);
	buf_free(&b);
	buf_free(&subject);
	if (rc != 0)
		return APPLY_ERROR;
	return audit_append(w, 0, a->agency_id, "application.code_resend", "application", a->id, a->tracking_no, ip,
			    now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

struct resend_job {
	const char *no, *email, *ip;
	int64_t now;
};

/* The resend, on the writer: only when the e-mail given is the application's own. */
static enum apply_status resend_job_run(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct resend_job *j = ctx;
	(void)errs;
	struct application a;
	int rc = apply_get(w, j->no, &a);
	if (rc == 1 && a.email[0] && j->email[0] && strcasecmp(a.email, j->email) == 0)
		return resend_locked(w, &a, j->ip, j->now);
	return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
}

enum apply_status apply_code_resend(struct store *store, const char *tracking_no, const char *email, const char *ip,
				    int64_t now)
{
	char no[APPLY_TRACKING_SIZE], given[160];
	apply_normalize_key(tracking_no, no, sizeof no);
	trim_email(email, given, sizeof given);
	struct resend_job job = {no, given, ip, now};
	return apply_write(store, resend_job_run, &job, NULL);
}
