/* apply_events.c — the handling timeline: recording an event (补正, 征求意见, 延期, 收费, 答复, 送达,
 * 撤回) after checking it against the whole timeline with the deadline engine's validator, and the
 * rules the engine does not know: the outcome of a reply is exactly one table-三 row; an application
 * abandoned by the applicant (逾期未补正 / 逾期未缴费) is concluded only as 其他处理 1 / 2, and those
 * two outcomes only then; a withdrawal concludes as 其他处理 3; delivery (送达) follows a reply; a
 * 收费通知 is computed with fees.h by one method (apply_fees.c) and a payment after the pay-by day is
 * refused (逾期未缴纳的视为放弃申请). Each accepted event is stored, reflected on the application row
 * and audited in one transaction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/apply_internal.h"
#include "domain/audit.h"
#include "util/buf.h"

int apply_clock_events(const struct apply_event *events, size_t n, struct deadline_event **out, size_t *count)
{
	*out = xcalloc(n + 1, sizeof **out);
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(events[i].type, APPLY_EVENT_DELIVER) == 0)
			continue;
		int type = deadline_event_from_name(events[i].type);
		if (type < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		struct deadline_event *d = &(*out)[(*count)++];
		d->type = (enum deadline_event_type)type;
		d->day = events[i].day;
		d->workdays = events[i].workdays;
		d->party = strcmp(events[i].party, "other_agency") == 0 ? PARTY_OTHER_AGENCY : PARTY_THIRD_PARTY;
	}
	return 0;
}

int apply_deadline(const struct calendar *cal, const struct application *a, const struct apply_event *events, size_t n,
		   int today, struct deadline_result *out, struct deadline_problems *problems)
{
	struct deadline_event *dev;
	size_t count;
	memset(out, 0, sizeof *out);
	if (apply_clock_events(events, n, &dev, &count) != 0)
		return -1;
	int rc =
	    deadline_compute(cal, apply_channel_clock((enum apply_intake)a->intake), dev, count, today, out, problems);
	free(dev);
	return rc;
}

/* ---- field checks ---- */

static void check_event_fields(const struct apply_event_input *in, struct apply_errors *errs)
{
	int day;
	const char *type = in->type ? in->type : "";
	int t = deadline_event_from_name(type);
	if (t == EVENT_RECEIVE)
		apply_error_add(errs, "type", "“收到申请”在登记申请时已自动记录，不能另行登记。");
	else if (t < 0 && strcmp(type, APPLY_EVENT_DELIVER) != 0)
		apply_error_add(
		    errs, "type",
		    "事件类型不正确（confirm_receipt、request_correction、correction_received、consultation_start、"
		    "consultation_end、extend、fee_notice、fee_paid、reply、deliver、withdraw）。");
	if (!in->date || cal_parse_iso(in->date, strlen(in->date), &day) != 0)
		apply_error_add(errs, "date", "事件日期不是有效日期，请按 YYYY-MM-DD 填写。");
	if (in->outcome && *in->outcome && !apply_outcome_valid(in->outcome))
		apply_error_add(errs, "outcome",
				"处理结果不正确：应为年度报告表三的一项（如 granted、partial、unable_no_info）。");
	if (t == EVENT_EXTEND && (in->workdays < 1 || in->workdays > DEADLINE_EXTENSION_MAX))
		apply_error_add(errs, "workdays", "延长的期限应为 1–20 个工作日（条例第三十三条第二款）。");
	if (t == EVENT_REQUEST_CORRECTION && (in->workdays < 0 || in->workdays > DEADLINE_CORRECTION_MAX))
		apply_error_add(errs, "workdays", "补正期限应为 0（未约定）至 60 个工作日。");
	if (in->party && *in->party && strcmp(in->party, "third_party") != 0 && strcmp(in->party, "other_agency") != 0)
		apply_error_add(errs, "party", "征求意见对象应为第三方（third_party）或其他机关（other_agency）。");
	if (in->fee_yuan < 0 || in->fee_yuan > 100000000)
		apply_error_add(errs, "fee_yuan", "收费金额不正确（元，整数）。");
	if (in->legal_basis && strlen(in->legal_basis) > 500)
		apply_error_add(errs, "legal_basis", "法律依据过长（最多约 160 个汉字）。");
	if (in->note && strlen(in->note) > 500)
		apply_error_add(errs, "note", "备注过长（最多约 160 个汉字）。");
	apply_notice_check_fields(in, errs);
}

/* ---- the rules on top of the engine ---- */

/* What the applicant left undone, from the timeline: a pending correction or an unpaid fee. */
static const char *abandonment_outcome(const struct apply_event *events, size_t n)
{
	bool correction = false, fee = false;
	for (size_t i = 0; i < n; i++) {
		const char *t = events[i].type;
		if (strcmp(t, "request_correction") == 0)
			correction = true;
		else if (strcmp(t, "correction_received") == 0)
			correction = false;
		else if (strcmp(t, "fee_notice") == 0)
			fee = true;
		else if (strcmp(t, "fee_paid") == 0)
			fee = false;
	}
	return fee ? "other_no_fee" : correction ? "other_no_correction" : NULL;
}

/* The event as it will be stored (outcome/basis filled in), or a refusal in errs. */
struct pending {
	struct apply_event ev;
	int type; /* deadline_event_type, or -1 for deliver */
};

/* Applies the outcome rules to a reply / withdraw. Returns APPLY_OK or the refusal. */
static enum apply_status settle_outcome(const struct calendar *cal, const struct application *a,
					const struct apply_event *events, size_t n, struct pending *p,
					struct apply_errors *errs)
{
	if (p->type == EVENT_WITHDRAW) {
		snprintf(p->ev.outcome, sizeof p->ev.outcome, "other_other");
		snprintf(p->ev.legal_basis, sizeof p->ev.legal_basis, "%s", apply_outcome_basis("other_other"));
		return APPLY_OK;
	}
	if (p->type != EVENT_REPLY)
		return APPLY_OK;
	struct deadline_result r;
	struct deadline_problems probs = {0};
	bool abandoned = apply_deadline(cal, a, events, n, p->ev.day, &r, &probs) == 0 && r.state == STATE_ABANDONED;
	deadline_result_free(&r);
	deadline_problems_free(&probs);
	const char *left = abandoned ? abandonment_outcome(events, n) : NULL;
	bool special = strcmp(p->ev.outcome, "other_no_correction") == 0 || strcmp(p->ev.outcome, "other_no_fee") == 0;
	if (left && !p->ev.outcome[0])
		snprintf(p->ev.outcome, sizeof p->ev.outcome, "%s", left);
	if (!p->ev.outcome[0]) {
		apply_error_add(errs, "outcome", "答复须选择处理结果（年度报告表三的一项）。");
		return APPLY_INVALID;
	}
	if (left && strcmp(p->ev.outcome, left) != 0) {
		snprintf(errs->reason, sizeof errs->reason, "申请人%s，视为放弃申请：只能以“%s”办结。",
			 strcmp(left, "other_no_fee") == 0 ? "逾期未缴纳信息处理费" : "无正当理由逾期未补正",
			 apply_outcome_label(left));
		return APPLY_REFUSED;
	}
	if (!left && special) {
		snprintf(errs->reason, sizeof errs->reason,
			 "“%s”只适用于申请人%s且期限已届满的申请；本申请不属于此情形。",
			 apply_outcome_label(p->ev.outcome),
			 strcmp(p->ev.outcome, "other_no_fee") == 0 ? "逾期未缴费" : "逾期未补正");
		return APPLY_REFUSED;
	}
	if (strcmp(p->ev.outcome, "other_other") == 0) {
		snprintf(errs->reason, sizeof errs->reason,
			 "“其他处理 3.其他”由撤回申请（withdraw）事件记录，答复不能选择此项。");
		return APPLY_REFUSED;
	}
	if (!p->ev.legal_basis[0])
		snprintf(p->ev.legal_basis, sizeof p->ev.legal_basis, "%s", apply_outcome_basis(p->ev.outcome));
	return APPLY_OK;
}

/* Delivery: after a reply, once. */
static enum apply_status check_delivery(const struct application *a, const struct pending *p, struct apply_errors *errs)
{
	if (a->concluded_on == CAL_NO_DAY || strcmp(a->outcome, "other_other") == 0) {
		snprintf(errs->reason, sizeof errs->reason, "尚未答复，不能登记送达；请先登记答复。");
		return APPLY_REFUSED;
	}
	if (a->delivered_on != CAL_NO_DAY) {
		snprintf(errs->reason, sizeof errs->reason, "答复书已于此前登记送达，不能重复登记。");
		return APPLY_REFUSED;
	}
	if (p->ev.day < a->concluded_on) {
		snprintf(errs->reason, sizeof errs->reason, "送达日期不能早于答复日期。");
		return APPLY_REFUSED;
	}
	return APPLY_OK;
}

/* Runs the whole timeline plus the new event through deadline_validate. */
static enum apply_status check_timeline(const struct application *a, const struct apply_event *events, size_t n,
					const struct pending *p, int today, struct apply_errors *errs)
{
	struct apply_event *all = xmalloc((n + 1) * sizeof *all);
	memcpy(all, events, n * sizeof *all);
	all[n] = p->ev;
	struct deadline_event *dev;
	size_t count;
	enum apply_status st = APPLY_ERROR;
	if (apply_clock_events(all, n + 1, &dev, &count) == 0) {
		struct deadline_problems probs = {0};
		st = APPLY_OK;
		if (deadline_validate(apply_channel_clock((enum apply_intake)a->intake), dev, count, today, &probs) >
		    0) {
			struct buf b = {0};
			for (size_t i = 0; i < probs.n; i++)
				buf_printf(&b, "%s%s", i ? "；" : "", probs.v[i].message);
			snprintf(errs->reason, sizeof errs->reason, "%s", b.data);
			buf_free(&b);
			st = APPLY_REFUSED;
		}
		deadline_problems_free(&probs);
		free(dev);
	}
	free(all);
	return st;
}

/* Builds the pending event from the input. */
static void pending_from_input(const struct apply_event_input *in, int seq, int64_t user_id, int64_t now,
			       struct pending *p)
{
	memset(p, 0, sizeof *p);
	p->type = deadline_event_from_name(in->type);
	p->ev.seq = seq;
	snprintf(p->ev.type, sizeof p->ev.type, "%s", in->type);
	cal_parse_iso(in->date, strlen(in->date), &p->ev.day);
	p->ev.workdays = in->workdays;
	snprintf(p->ev.party, sizeof p->ev.party, "%s", in->party && *in->party ? in->party : "third_party");
	if (p->type != EVENT_CONSULTATION_START && p->type != EVENT_CONSULTATION_END)
		p->ev.party[0] = '\0';
	snprintf(p->ev.outcome, sizeof p->ev.outcome, "%s", in->outcome ? in->outcome : "");
	snprintf(p->ev.legal_basis, sizeof p->ev.legal_basis, "%s", in->legal_basis ? in->legal_basis : "");
	p->ev.fee_yuan = in->fee_yuan;
	snprintf(p->ev.note, sizeof p->ev.note, "%s", in->note ? in->note : "");
	p->ev.user_id = user_id;
	p->ev.created_at = now;
}

static int store_event(struct db *w, const struct application *a, const struct pending *p)
{
	char iso[CAL_ISO_SIZE];
	struct db_stmt *st = db_prepare(
	    w, "INSERT INTO application_event (application_id, seq, type, day, workdays, party, outcome, legal_basis, "
	       "fee_yuan, note, user_id, created_at) VALUES (:app, :seq, :type, :day, :workdays, :party, :outcome, "
	       ":basis, :fee, :note, :user, :now)");
	if (!st)
		return -1;
	db_bind_int(st, ":app", a->id);
	db_bind_int(st, ":seq", p->ev.seq);
	db_bind_text(st, ":type", p->ev.type);
	db_bind_text(st, ":day", cal_format_iso(p->ev.day, iso));
	db_bind_int(st, ":workdays", p->ev.workdays);
	db_bind_text(st, ":party", p->ev.party);
	db_bind_text(st, ":outcome", p->ev.outcome[0] ? p->ev.outcome : NULL);
	db_bind_text(st, ":basis", p->ev.legal_basis[0] ? p->ev.legal_basis : NULL);
	db_bind_int(st, ":fee", p->ev.fee_yuan);
	db_bind_text(st, ":note", p->ev.note);
	db_bind_int(st, ":user", p->ev.user_id);
	db_bind_int(st, ":now", p->ev.created_at);
	return db_step(st) == 0 ? 0 : -1;
}

/* Reflects a concluding event or a delivery on the application row. */
static int update_application(struct db *w, const struct application *a, const struct pending *p)
{
	char iso[CAL_ISO_SIZE];
	struct db_stmt *st;
	if (p->type == EVENT_REPLY || p->type == EVENT_WITHDRAW) {
		st = db_prepare(w,
				"UPDATE application SET outcome = :outcome, legal_basis = :basis, concluded_on = :day, "
				"updated_at = :now WHERE id = :id");
		if (!st)
			return -1;
		db_bind_text(st, ":outcome", p->ev.outcome);
		db_bind_text(st, ":basis", p->ev.legal_basis);
	} else if (p->type < 0) {
		st = db_prepare(w, "UPDATE application SET delivered_on = :day, updated_at = :now WHERE id = :id");
	} else {
		st = db_prepare(w, "UPDATE application SET updated_at = :now WHERE id = :id");
	}
	if (!st)
		return -1;
	if (p->type == EVENT_REPLY || p->type == EVENT_WITHDRAW || p->type < 0)
		db_bind_text(st, ":day", cal_format_iso(p->ev.day, iso));
	db_bind_int(st, ":now", p->ev.created_at);
	db_bind_int(st, ":id", a->id);
	return db_step(st) == 0 ? 0 : -1;
}

/* ---- fees: the notice is computed with fees.h, the payment is the notice's amount ---- */

/* The amount of the last fee notice of the timeline (0 when none). */
static int64_t last_notice_yuan(const struct apply_event *events, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (strcmp(events[i].type, "fee_notice") == 0)
			return events[i].fee_yuan;
	return 0;
}

/* fee_notice: quotes the fee (one method) into *fee and the event. A fee of 0 元 is refused: nothing
 * to notify, and a notice would stop the clock. A fee_yuan given by the caller must match. */
static enum apply_status settle_fee_notice(struct db *w, const struct application *a,
					   const struct apply_event_input *in, struct pending *p, struct apply_fee *fee,
					   struct apply_errors *errs)
{
	enum apply_status st = apply_fee_quote(w, a->id, in->fee_method, in->fee_items, in->fee_pages, fee, errs);
	if (st != APPLY_OK)
		return st;
	if (fee->yuan == 0) {
		snprintf(errs->reason, sizeof errs->reason, "按%s计算，本件申请不收费，无需发出收费通知。",
			 strcmp(fee->method, "item") == 0 ? "件（本月累计不超过 10 件）" : "量（不超过 30 页）");
		return APPLY_REFUSED;
	}
	if (in->fee_yuan && in->fee_yuan != fee->yuan) {
		apply_error_add(errs, "fee_yuan", "收费金额应为按国办函〔2020〕109号计算的 %lld 元，而不是 %lld 元。",
				(long long)fee->yuan, (long long)in->fee_yuan);
		return APPLY_INVALID;
	}
	p->ev.fee_yuan = fee->yuan;
	return APPLY_OK;
}

/* fee_paid: on or before the pay-by day (逾期未缴纳的视为放弃申请), for the amount of the notice. */
static enum apply_status settle_fee_paid(const struct calendar *cal, const struct application *a,
					 const struct apply_event *events, size_t n, struct pending *p,
					 struct apply_errors *errs)
{
	struct deadline_result r;
	struct deadline_problems probs = {0};
	int pay_by = CAL_NO_DAY;
	if (apply_deadline(cal, a, events, n, p->ev.day, &r, &probs) == 0)
		pay_by = r.fee_pay_by;
	deadline_result_free(&r);
	deadline_problems_free(&probs);
	if (pay_by != CAL_NO_DAY && p->ev.day > pay_by) {
		char iso[CAL_ISO_SIZE];
		snprintf(errs->reason, sizeof errs->reason,
			 "缴费期限已于 %s 届满，申请人逾期未缴纳信息处理费，视为放弃申请：请以“其他处理 "
			 "2”答复，不再登记缴费。",
			 cal_format_iso(pay_by, iso));
		return APPLY_REFUSED;
	}
	int64_t asked = last_notice_yuan(events, n);
	if (p->ev.fee_yuan && p->ev.fee_yuan != asked) {
		apply_error_add(errs, "fee_yuan", "缴费金额应与收费通知的 %lld 元一致。", (long long)asked);
		return APPLY_INVALID;
	}
	p->ev.fee_yuan = asked;
	return APPLY_OK;
}

struct event_ctx {
	const struct calendar *cal;
	const char *tracking_no;
	const struct actor *actor;
	const struct apply_event_input *in;
	int today;
	int64_t now;
};

static enum apply_status record_checked(struct db *w, const struct event_ctx *c, const struct application *a,
					struct pending *p, const struct apply_fee *fee)
{
	char detail[256], iso[CAL_ISO_SIZE];
	if (store_event(w, a, p) != 0 || update_application(w, a, p) != 0)
		return APPLY_ERROR;
	if (p->type == EVENT_FEE_NOTICE && apply_fee_store(w, a->id, p->ev.seq, fee) != 0)
		return APPLY_ERROR;
	snprintf(detail, sizeof detail, "%s %s %s%s%s", a->tracking_no, p->ev.type, cal_format_iso(p->ev.day, iso),
		 p->ev.outcome[0] ? " " : "", p->ev.outcome);
	return audit_append(w, c->actor->user_id, a->agency_id, "application.event", "application", a->id, detail,
			    c->actor->ip, c->now) > 0
		   ? APPLY_OK
		   : APPLY_ERROR;
}

static enum apply_status add_event_locked(struct db *w, const void *ctx, struct apply_errors *errs)
{
	const struct event_ctx *c = ctx;
	struct application a;
	int rc = apply_get(w, c->tracking_no, &a);
	if (rc <= 0)
		return rc < 0 ? APPLY_ERROR : APPLY_NOT_FOUND;
	if (!apply_actor_handles(c->actor, a.agency_id) && !apply_applicant_may(c->actor, &a, c->in))
		return APPLY_FORBIDDEN;
	struct apply_event *events;
	size_t n;
	if (apply_events(w, a.id, &events, &n) != 0)
		return APPLY_ERROR;
	struct pending p;
	pending_from_input(c->in, (int)n + 1, c->actor->user_id, c->now, &p);
	enum apply_status st;
	if (p.type < 0) {
		st = check_delivery(&a, &p, errs);
		if (st == APPLY_OK && p.ev.day > c->today) {
			snprintf(errs->reason, sizeof errs->reason, "送达日期晚于今天，不能登记将来的事件。");
			st = APPLY_REFUSED;
		}
	} else {
		st = check_timeline(&a, events, n, &p, c->today, errs);
		if (st == APPLY_OK)
			st = settle_outcome(c->cal, &a, events, n, &p, errs);
		if (st == APPLY_OK && p.type == EVENT_EXTEND)
			st = apply_extension_check(c->cal, &a, events, n, p.ev.day, errs);
	}
	struct apply_fee fee = {0};
	if (st == APPLY_OK && p.type == EVENT_FEE_NOTICE)
		st = settle_fee_notice(w, &a, c->in, &p, &fee, errs);
	else if (st == APPLY_OK && p.type == EVENT_FEE_PAID)
		st = settle_fee_paid(c->cal, &a, events, n, &p, errs);
	else
		p.ev.fee_yuan = 0;
	if (st == APPLY_OK)
		st = record_checked(w, c, &a, &p, &fee);
	if (st == APPLY_OK && apply_notice_record(w, c->cal, &a, events, n, &p.ev, c->in) != 0)
		st = APPLY_ERROR;
	free(events);
	return st;
}

enum apply_status apply_add_event(struct store *store, const struct calendar *cal, const char *tracking_no,
				  const struct actor *actor, const struct apply_event_input *in, int today, int64_t now,
				  struct apply_errors *errs)
{
	check_event_fields(in, errs);
	if (errs->n > 0)
		return APPLY_INVALID;
	struct event_ctx c = {cal, tracking_no, actor, in, today, now};
	return apply_write(store, add_event_locked, &c, errs);
}
