/* deadline_validate.c — checks an application's event list before the clock is computed, so that
 * the engine only ever sees a history that can have happened. Each fault becomes one Chinese
 * message naming the event ("第 3 个事件（延长答复期限，2023-10-20）：…") for the clerk who entered it. */
#include "calendar/deadline.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util/buf.h"

/* What the events so far have established. */
struct history {
	bool received, confirmed, awaiting_correction, extended, fee_open, closed;
	int open_consultations[2]; /* per enum consultation_party */
	int prev_day;
};

static void add_problem(struct deadline_problems *out, size_t event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_problem(struct deadline_problems *out, size_t event, const char *fmt, ...)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		out->v = xrealloc(out->v, out->cap * sizeof *out->v);
	}
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	out->v[out->n++] = (struct deadline_problem){event, buf_take(&msg)};
}

/* The "第 3 个事件（延长答复期限，2023-10-20）：" prefix. */
static void event_prefix(struct buf *b, const struct deadline_event *ev, size_t i, bool date_ok)
{
	char iso[CAL_ISO_SIZE];
	buf_printf(b, "第 %zu 个事件（%s", i + 1, deadline_event_label(ev->type));
	if (date_ok)
		buf_printf(b, "，%s", cal_format_iso(ev->day, iso));
	buf_puts(b, "）：");
}

static void problem(struct deadline_problems *out, const struct deadline_event *ev, size_t i, bool date_ok,
		    const char *what)
{
	struct buf b = {0};
	event_prefix(&b, ev, i, date_ok);
	buf_puts(&b, what);
	add_problem(out, i, "%s", b.data);
	buf_free(&b);
}

static bool needs_confirmation(enum apply_channel c)
{
	return c == CHANNEL_ORDINARY_MAIL || c == CHANNEL_ONLINE || c == CHANNEL_FAX;
}

static bool date_in_range(int day)
{
	return day >= cal_day_from_date(CAL_MIN_YEAR + 1, 1, 1) && day <= cal_day_from_date(CAL_MAX_YEAR - 20, 1, 1);
}

/* Checks the date of event i against today and the previous event; returns false when unusable. */
static bool check_date(const struct deadline_event *ev, size_t i, int today, struct history *h,
		       struct deadline_problems *out)
{
	if (!date_in_range(ev->day)) {
		problem(out, ev, i, false, "日期无效");
		return false;
	}
	char iso[CAL_ISO_SIZE];
	struct buf b = {0};
	if (ev->day > today) {
		buf_printf(&b, "日期晚于今天（%s），不能登记将来的事件", cal_format_iso(today, iso));
		problem(out, ev, i, true, b.data);
	} else if (h->prev_day != CAL_NO_DAY && ev->day < h->prev_day) {
		buf_printf(&b, "日期早于上一个事件（%s），事件须按日期先后排列", cal_format_iso(h->prev_day, iso));
		problem(out, ev, i, true, b.data);
	}
	buf_free(&b);
	h->prev_day = ev->day;
	return true;
}

static void check_receipt(enum apply_channel channel, const struct deadline_event *ev, size_t i, struct history *h,
			  struct deadline_problems *out)
{
	if (ev->type == EVENT_RECEIVE) {
		if (h->received)
			problem(out, ev, i, true, "重复登记收到申请");
		h->received = true;
		return;
	}
	if (!needs_confirmation(channel))
		problem(out, ev, i, true,
			"当面提交或邮寄签收的申请以提交（签收）之日为收到申请之日，无需另行确认（条例第三十一条）");
	else if (h->confirmed)
		problem(out, ev, i, true, "重复确认收到申请");
	h->confirmed = true;
}

static void check_correction(const struct deadline_event *ev, size_t i, struct history *h,
			     struct deadline_problems *out)
{
	if (ev->type == EVENT_REQUEST_CORRECTION) {
		if (h->awaiting_correction)
			problem(out, ev, i, true, "上一次告知补正后尚未收到补正，不能再次告知补正");
		if (ev->workdays < 0 || ev->workdays > DEADLINE_CORRECTION_MAX)
			problem(out, ev, i, true, "补正期限应为 0（未约定）至 60 个工作日");
		h->awaiting_correction = true;
		return;
	}
	if (!h->awaiting_correction)
		problem(out, ev, i, true, "没有待收的补正：须先登记“告知补正”");
	h->awaiting_correction = false;
}

static void check_consultation(const struct deadline_event *ev, size_t i, struct history *h,
			       struct deadline_problems *out)
{
	if (ev->party != PARTY_THIRD_PARTY && ev->party != PARTY_OTHER_AGENCY) {
		problem(out, ev, i, true, "征求意见对象应为第三方（third_party）或其他机关（other_agency）");
		return;
	}
	if (ev->type == EVENT_CONSULTATION_START) {
		h->open_consultations[ev->party]++;
		return;
	}
	if (h->open_consultations[ev->party] == 0)
		problem(out, ev, i, true, "没有对应的“征求意见开始”事件：征求意见结束须在开始之后");
	else
		h->open_consultations[ev->party]--;
}

static void check_extension(const struct deadline_event *ev, size_t i, struct history *h, struct deadline_problems *out)
{
	if (h->extended)
		problem(out, ev, i, true, "答复期限只能延长一次（条例第三十三条第二款），第二次延长不予接受");
	if (ev->workdays < 1 || ev->workdays > DEADLINE_EXTENSION_MAX)
		problem(out, ev, i, true, "延长的期限应为 1–20 个工作日（条例第三十三条第二款）");
	h->extended = true;
}

static void check_fee(const struct deadline_event *ev, size_t i, struct history *h, struct deadline_problems *out)
{
	if (ev->type == EVENT_FEE_NOTICE) {
		if (h->fee_open)
			problem(out, ev, i, true, "上一份收费通知尚未缴费，不能再次发出收费通知");
		h->fee_open = true;
		return;
	}
	if (!h->fee_open)
		problem(out, ev, i, true, "没有待缴的收费通知：须先登记“发出收费通知”");
	h->fee_open = false;
}

/* Checks one event that needs an established receipt. */
static void check_clock_event(const struct deadline_event *ev, size_t i, struct history *h,
			      struct deadline_problems *out)
{
	switch (ev->type) {
	case EVENT_REQUEST_CORRECTION:
	case EVENT_CORRECTION_RECEIVED:
		check_correction(ev, i, h, out);
		break;
	case EVENT_CONSULTATION_START:
	case EVENT_CONSULTATION_END:
		check_consultation(ev, i, h, out);
		break;
	case EVENT_EXTEND:
		check_extension(ev, i, h, out);
		break;
	case EVENT_FEE_NOTICE:
	case EVENT_FEE_PAID:
		check_fee(ev, i, h, out);
		break;
	default:
		h->closed = true; /* reply, withdraw */
		break;
	}
}

static void check_event(enum apply_channel channel, const struct deadline_event *ev, size_t i, int today,
			struct history *h, struct deadline_problems *out)
{
	if ((unsigned)ev->type >= EVENT_TYPE_COUNT) {
		add_problem(out, i, "第 %zu 个事件：未知的事件类型", i + 1);
		return;
	}
	if (!check_date(ev, i, today, h, out))
		return;
	if (h->closed) {
		problem(out, ev, i, true, "申请已答复或已撤回，其后不应再有事件");
		return;
	}
	if (i == 0 && ev->type != EVENT_RECEIVE) {
		problem(out, ev, i, true, "第一个事件必须是“收到申请”");
		return;
	}
	if (ev->type == EVENT_RECEIVE || ev->type == EVENT_CONFIRM_RECEIPT) {
		check_receipt(channel, ev, i, h, out);
		return;
	}
	bool established = needs_confirmation(channel) ? h->confirmed : h->received;
	if (!established && ev->type != EVENT_WITHDRAW) {
		problem(out, ev, i, true, "尚未确认收到申请（条例第三十一条），不能登记此事件；请先登记“确认收到申请”");
		return;
	}
	check_clock_event(ev, i, h, out);
}

size_t deadline_validate(enum apply_channel channel, const struct deadline_event *events, size_t n, int today,
			 struct deadline_problems *out)
{
	size_t before = out->n;
	if ((unsigned)channel >= CHANNEL_COUNT)
		add_problem(out, (size_t)-1, "未知的申请渠道");
	if (!date_in_range(today))
		add_problem(out, (size_t)-1, "“今天”的日期无效");
	if (n == 0)
		add_problem(out, (size_t)-1, "没有任何事件：至少需要“收到申请”");
	if (out->n > before)
		return out->n - before;
	struct history h = {.prev_day = CAL_NO_DAY};
	for (size_t i = 0; i < n; i++)
		check_event(channel, &events[i], i, today, &h, out);
	return out->n - before;
}

void deadline_problems_free(struct deadline_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].message);
	free(p->v);
	*p = (struct deadline_problems){0};
}
