/* deadline_steps.c — the sentences of a deadline derivation: for staff, with the dates, weekdays
 * and the article each step rests on; for the applicant, in plain words with Chinese dates.
 * Kept apart from the arithmetic in deadline.c so wording can be reviewed on its own. */
#include "calendar/deadline_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* A formatted day, returned by value so several can appear in one printf. */
struct dtext {
	char s[48];
};

/* "2023-09-28（周四）" */
static struct dtext sd(int day)
{
	struct dtext t = {0};
	char iso[CAL_ISO_SIZE];
	snprintf(t.s, sizeof t.s, "%s（%s）", cal_format_iso(day, iso), cal_weekday_zh(day));
	return t;
}

/* "2023年9月28日" */
static struct dtext zd(int day)
{
	struct dtext t = {0};
	cal_format_zh(day, t.s);
	return t;
}

static void push(struct engine *e, const char *code, int day, bool warning, struct buf *staff, struct buf *applicant)
{
	struct deadline_result *r = e->r;
	if (r->nsteps == r->capsteps) {
		r->capsteps = r->capsteps ? r->capsteps * 2 : 16;
		r->steps = xrealloc(r->steps, r->capsteps * sizeof *r->steps);
	}
	r->steps[r->nsteps++] = (struct deadline_step){
	    .code = xstrdup(code),
	    .day = day,
	    .warning = warning,
	    .staff = buf_take(staff),
	    .applicant = applicant && applicant->len ? buf_take(applicant) : NULL,
	};
	if (applicant)
		buf_free(applicant);
}

static const char *receipt_rule(enum apply_channel c)
{
	switch (c) {
	case CHANNEL_IN_PERSON:
		return "当面提交，以提交之日为收到申请之日（条例第三十一条第一项）";
	case CHANNEL_REGISTERED_MAIL:
		return "邮寄提交，以签收之日为收到申请之日（条例第三十一条第二项）";
	case CHANNEL_ORDINARY_MAIL:
		return "平常信函提交，以与申请人确认之日为收到申请之日（条例第三十一条第二项）";
	case CHANNEL_ONLINE:
		return "通过互联网提交，以双方确认之日为收到申请之日（条例第三十一条第三项）";
	default:
		return "通过传真提交，以双方确认之日为收到申请之日（条例第三十一条第三项）";
	}
}

static const char *party_name(enum consultation_party p)
{
	return p == PARTY_OTHER_AGENCY ? "其他机关" : "第三方";
}

void step_arrived(struct engine *e, int day)
{
	struct buf s = {0};
	buf_printf(&s, "申请于 %s 送达（%s），尚待与申请人确认；%s", sd(day).s, deadline_channel_label(e->channel),
		   receipt_rule(e->channel));
	push(e, "arrived", day, false, &s, NULL);
}

void step_received(struct engine *e, int day)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "收到申请之日 %s；答复期限自次日起算 %d 个工作日（条例第三十三条）。%s", sd(day).s,
		   DEADLINE_REPLY_DAYS, receipt_rule(e->channel));
	buf_printf(&a, "我们于%s收到您的申请。", zd(day).s);
	push(e, "received", day, false, &s, &a);
	if (e->r->correction_due_on == CAL_NO_DAY)
		return;
	buf_printf(&s,
		   "如申请内容不明确需要补正，应于 %s 前一次性告知申请人（收到申请之日起 %d 个工作日内，条例第三十条）",
		   sd(e->r->correction_due_on).s, DEADLINE_CORRECTION_NOTICE);
	push(e, "correction_window", e->r->correction_due_on, false, &s, NULL);
}

void step_confirmation_late(struct engine *e, int day)
{
	struct buf s = {0};
	buf_printf(&s, "平常信函应于收到当日与申请人确认（条例第三十一条第二项），本件 %s 送达，%s 才确认",
		   sd(e->arrived_on).s, sd(day).s);
	push(e, "confirmation_late", day, true, &s, NULL);
}

void step_correction_requested(struct engine *e, const struct deadline_event *ev)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "%s 一次性告知申请人补正（条例第三十条）；答复期限停止计算，自收到补正后的申请之日起重新计算",
		   sd(ev->day).s);
	buf_printf(&a, "我们于%s请您补正申请内容", zd(ev->day).s);
	if (e->r->correction_by != CAL_NO_DAY) {
		buf_printf(&s, "；给予申请人的补正期限为 %d 个工作日，至 %s", ev->workdays, sd(e->r->correction_by).s);
		buf_printf(&a, "，请于%s前提交补正（逾期无正当理由不补正的，视为放弃申请）", zd(e->r->correction_by).s);
	}
	buf_printf(&a, "。收到补正后，我们将在 %d 个工作日内答复您。", DEADLINE_REPLY_DAYS);
	push(e, "correction_requested", ev->day, false, &s, &a);
}

void step_correction_repeated(struct engine *e, int day)
{
	struct buf s = {0};
	buf_printf(&s, "%s 再次告知补正：补正原则上不超过一次（《江苏省政府信息公开申请办理答复规范》）", sd(day).s);
	push(e, "correction_repeated", day, true, &s, NULL);
}

void step_correction_late(struct engine *e, int day)
{
	struct buf s = {0};
	buf_printf(&s,
		   "补正告知晚于法定期限：应于 %s 前告知（收到申请之日起 %d 个工作日内，条例第三十条），实际于 %s 告知",
		   sd(e->r->correction_due_on).s, DEADLINE_CORRECTION_NOTICE, sd(day).s);
	push(e, "correction_late", day, true, &s, NULL);
}

void step_correction_received(struct engine *e, int day)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "收到补正后的申请之日 %s；答复期限自次日起重新计算 %d 个工作日（条例第三十条）", sd(day).s,
		   DEADLINE_REPLY_DAYS);
	buf_printf(&a, "我们于%s收到您补正后的申请。", zd(day).s);
	push(e, "correction_received", day, false, &s, &a);
	if (e->r->correction_by != CAL_NO_DAY && day > e->r->correction_by) {
		buf_printf(&s,
			   "补正晚于给予的补正期限 %s；无正当理由逾期不补正的视为放弃申请（条例第三十条），请核实理由",
			   sd(e->r->correction_by).s);
		push(e, "correction_received_late", day, true, &s, NULL);
	}
}

void step_correction_expired(struct engine *e, int by)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "申请人未在补正期限 %s 前补正，视为放弃申请（条例第三十条；年报表三（六）1）", sd(by).s);
	buf_printf(&a, "您未在%s前补正申请内容，视为放弃申请。", zd(by).s);
	push(e, "correction_expired", by, true, &s, &a);
}

void step_consultation_started(struct engine *e, const struct pause *p)
{
	struct buf s = {0}, a = {0};
	if (p->party == PARTY_OTHER_AGENCY)
		buf_printf(
		    &s,
		    "%s 征求其他机关意见（条例第三十四条），被征求意见机关应于 %s 前提出意见，逾期未提出的视为同意公开",
		    sd(p->from).s, sd(p->limit).s);
	else
		buf_printf(&s, "%s 书面征求第三方意见（条例第三十二条），第三方应于 %s 前提出意见", sd(p->from).s,
			   sd(p->limit).s);
	buf_printf(&s, "（自收到征求意见书之日起 %d 个工作日）；征求意见所需时间不计入答复期限（条例第三十三条第三款）",
		   DEADLINE_CONSULTATION_DAYS);
	buf_printf(&a, "您申请的信息需要征求%s意见，征求意见期间不计入答复期限。", party_name(p->party));
	push(e, "consultation_started", p->from, false, &s, &a);
}

void step_consultation_ended(struct engine *e, const struct pause *p)
{
	struct buf s = {0};
	buf_printf(&s, "%s 征求%s意见结束，答复期限自次日起恢复计算", sd(p->to).s, party_name(p->party));
	push(e, "consultation_ended", p->to, false, &s, NULL);
}

void step_consultation_overrun(struct engine *e, const struct pause *p, bool still_open)
{
	struct buf s = {0};
	if (still_open)
		buf_printf(&s,
			   "征求%s意见已于 %s 届满，尚未登记结束；答复期限自次日起恢复计算。%s。请登记“征求意见结束”",
			   party_name(p->party), sd(p->limit).s,
			   p->party == PARTY_OTHER_AGENCY
			       ? "被征求意见机关逾期未提出意见的视为同意公开（条例第三十四条）"
			       : "第三方逾期未提出意见的，由行政机关依照条例决定是否公开（条例第三十二条）");
	else
		buf_printf(&s, "征求%s意见超过 %d 个工作日（应于 %s 前提出意见），超出的时间不再暂停答复期限",
			   party_name(p->party), DEADLINE_CONSULTATION_DAYS, sd(p->limit).s);
	push(e, "consultation_overrun", p->limit, true, &s, NULL);
}

void step_extended(struct engine *e, const struct deadline_event *ev)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s,
		   "%s 延长答复期限 %d "
		   "个工作日（条例第三十三条第二款：经政府信息公开工作机构负责人同意并告知申请人，最长 %d 个工作日）",
		   sd(ev->day).s, ev->workdays, DEADLINE_EXTENSION_MAX);
	buf_printf(&a, "因需要延长答复期限，我们于%s告知您答复期限延长 %d 个工作日。", zd(ev->day).s, ev->workdays);
	push(e, "extended", ev->day, false, &s, &a);
}

void step_fee_notice(struct engine *e, int day)
{
	struct buf s = {0}, a = {0};
	int by = e->r->fee_pay_by;
	buf_printf(&s,
		   "%s 发出信息处理费收费通知（国办函〔2020〕109号）；申请人应于 %s 前缴纳（收到通知次日起 %d "
		   "个工作日，逾期未缴纳的视为放弃申请）；缴费前答复期限暂停计算",
		   sd(day).s, sd(by).s, DEADLINE_FEE_PAY_DAYS);
	buf_printf(
	    &a, "我们于%s向您发出信息处理费收费通知，请于%s前缴纳，逾期未缴纳的视为放弃申请；缴费前答复期限暂停计算。",
	    zd(day).s, zd(by).s);
	push(e, "fee_notice", day, false, &s, &a);
}

void step_fee_paid(struct engine *e, int day)
{
	struct buf s = {0};
	buf_printf(&s, "%s 收到缴费，答复期限自次日起恢复计算", sd(day).s);
	push(e, "fee_paid", day, false, &s, NULL);
	if (e->r->fee_pay_by != CAL_NO_DAY && day > e->r->fee_pay_by) {
		buf_printf(&s, "缴费晚于缴费期限 %s；逾期未缴纳的视为放弃申请，请核实", sd(e->r->fee_pay_by).s);
		push(e, "fee_paid_late", day, true, &s, NULL);
	}
}

void step_fee_expired(struct engine *e, int by)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "申请人未在 %s 前缴纳信息处理费，视为放弃申请（年报表三（六）2）", sd(by).s);
	buf_printf(&a, "您未在%s前缴纳信息处理费，视为放弃申请。", zd(by).s);
	push(e, "fee_expired", by, true, &s, &a);
}

void step_withdrawn(struct engine *e, int day)
{
	struct buf s = {0}, a = {0};
	buf_printf(&s, "%s 申请人撤回申请，答复期限不再计算", sd(day).s);
	buf_printf(&a, "您已于%s撤回申请。", zd(day).s);
	push(e, "withdrawn", day, false, &s, &a);
}

void step_notice_late(struct engine *e, const char *code, int day, int due)
{
	static const struct {
		const char *code, *what;
	} notices[] = {
	    {"extension_late", "延长答复期限的告知"},
	    {"fee_notice_late", "收费通知"},
	    {"consultation_late", "征求意见"},
	};
	const char *what = "通知";
	for (size_t i = 0; i < sizeof notices / sizeof *notices; i++)
		if (strcmp(notices[i].code, code) == 0)
			what = notices[i].what;
	struct buf s = {0};
	buf_printf(&s, "%s（%s）晚于当时的答复期限 %s：应在期限届满前作出", what, sd(day).s, sd(due).s);
	push(e, code, day, true, &s, NULL);
}

static const char *pause_reason(const struct engine *e)
{
	switch (e->r->state) {
	case STATE_AWAITING_FEE:
		return "待申请人缴纳信息处理费";
	case STATE_CONSULTING:
		return "征求意见中";
	default:
		return "暂停事由未结束";
	}
}

void step_paused(struct engine *e, const struct walk *w)
{
	struct buf s = {0};
	const struct deadline_result *r = e->r;
	if (!w)
		buf_printf(&s, "答复期限停止计算，待收到补正后的申请之日起重新计算 %d 个工作日",
			   DEADLINE_REPLY_DAYS + r->extension_days);
	else
		buf_printf(&s, "答复期限暂停（%s）：已计 %d 个工作日，恢复计算后还有 %d 个工作日", pause_reason(e),
			   w->counted, r->working_days_left);
	push(e, "paused", CAL_NO_DAY, false, &s, NULL);
}

void step_due(struct engine *e, const struct walk *w)
{
	struct buf s = {0}, a = {0};
	const struct deadline_result *r = e->r;
	buf_printf(&s, "答复期限：%s——自 %s 次日起算 %d 个工作日", sd(r->due_on).s, sd(r->clock_start).s,
		   DEADLINE_REPLY_DAYS);
	if (r->extension_days)
		buf_printf(&s, "，延长 %d 个工作日", r->extension_days);
	if (w->paused_workdays)
		buf_printf(&s, "，另有 %d 个工作日因征求意见或待缴费不计入", w->paused_workdays);
	if (r->replied_on == CAL_NO_DAY)
		buf_printf(&a, "我们于%s收到您%s的申请，将在%s前答复您。", zd(r->clock_start).s,
			   e->correction_received ? "补正后" : "", zd(r->due_on).s);
	push(e, "due", r->due_on, false, &s, &a);
}

void step_replied(struct engine *e)
{
	struct buf s = {0};
	const struct deadline_result *r = e->r;
	bool late = r->due_on != CAL_NO_DAY && r->replied_on > r->due_on;
	if (r->due_on == CAL_NO_DAY)
		buf_printf(&s, "%s 作出答复", sd(r->replied_on).s);
	else if (late)
		buf_printf(&s, "%s 作出答复，超过答复期限 %s %d 个工作日", sd(r->replied_on).s, sd(r->due_on).s,
			   -r->working_days_left);
	else
		buf_printf(&s, "%s 作出答复，在答复期限 %s 内", sd(r->replied_on).s, sd(r->due_on).s);
	push(e, late ? "replied_late" : "replied", r->replied_on, late, &s, NULL);
}

void step_remaining(struct engine *e)
{
	struct buf s = {0};
	const struct deadline_result *r = e->r;
	if (r->overdue)
		buf_printf(&s, "已超过答复期限 %s %d 个工作日，尚未答复（今天 %s）", sd(r->due_on).s,
			   -r->working_days_left, sd(e->today).s);
	else if (r->working_days_left == 0)
		buf_printf(&s, "今天（%s）是答复期限的最后一天", sd(e->today).s);
	else
		buf_printf(&s, "距答复期限还有 %d 个工作日（今天 %s）", r->working_days_left, sd(e->today).s);
	push(e, r->overdue ? "overdue" : "remaining", e->today, r->overdue, &s, NULL);
}

/* Appends the years between the first and last day looked at that have no schedule. */
static void put_unknown_years(const struct engine *e, struct buf *b)
{
	int y0, y1, m, d;
	cal_date_from_day(e->first_day, &y0, &m, &d);
	cal_date_from_day(e->last_day, &y1, &m, &d);
	const char *sep = "";
	for (int y = y0; y <= y1 + 1 && y <= CAL_MAX_YEAR; y++) {
		if (calendar_has_year(e->cal, y) || (y == y1 + 1 && !(m == 12 && d >= 25)))
			continue;
		buf_printf(b, "%s%d", sep, y);
		sep = "、";
	}
}

void step_calendar(struct engine *e)
{
	struct buf s = {0};
	if (e->r->unknown_calendar) {
		buf_puts(&s, "计算涉及尚未载入放假安排的年份（");
		put_unknown_years(e, &s);
		buf_puts(&s, "），该部分按周一至周五上班、周六周日休息推算；载入该年度放假安排后请复核");
		push(e, "unknown_calendar", CAL_NO_DAY, true, &s, NULL);
	}
	buf_printf(&s, "工作日历：%s", e->r->calendar_version);
	push(e, "calendar", CAL_NO_DAY, false, &s, NULL);
}

char *publication_sentence(int formed_on, int due_on, bool unknown)
{
	struct buf s = {0};
	buf_printf(&s, "信息形成或者变更之日 %s；应于 %s 前主动公开（自次日起 %d 个工作日内，条例第二十六条）",
		   sd(formed_on).s, sd(due_on).s, DEADLINE_PUBLICATION_DAYS);
	if (unknown)
		buf_puts(&s, "；计算涉及尚未载入放假安排的年份，请载入后复核");
	return buf_take(&s);
}
