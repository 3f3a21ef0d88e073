/* deadline_names.c — the machine names (API, database) and Chinese labels of channels, event types
 * and clock states, kept in one table each so that a new value cannot get a name without a label. */
#include "calendar/deadline.h"

#include <string.h>

struct name_label {
	const char *name;
	const char *label;
};

static const struct name_label channels[CHANNEL_COUNT] = {
    [CHANNEL_IN_PERSON] = {"in_person", "当面提交"},
    [CHANNEL_REGISTERED_MAIL] = {"registered_mail", "邮寄（需签收）"},
    [CHANNEL_ORDINARY_MAIL] = {"ordinary_mail", "平常信函"},
    [CHANNEL_ONLINE] = {"online", "互联网"},
    [CHANNEL_FAX] = {"fax", "传真"},
};

static const struct name_label events[EVENT_TYPE_COUNT] = {
    [EVENT_RECEIVE] = {"receive", "收到申请"},
    [EVENT_CONFIRM_RECEIPT] = {"confirm_receipt", "确认收到申请"},
    [EVENT_REQUEST_CORRECTION] = {"request_correction", "告知补正"},
    [EVENT_CORRECTION_RECEIVED] = {"correction_received", "收到补正"},
    [EVENT_CONSULTATION_START] = {"consultation_start", "征求意见开始"},
    [EVENT_CONSULTATION_END] = {"consultation_end", "征求意见结束"},
    [EVENT_EXTEND] = {"extend", "延长答复期限"},
    [EVENT_FEE_NOTICE] = {"fee_notice", "发出收费通知"},
    [EVENT_FEE_PAID] = {"fee_paid", "收到缴费"},
    [EVENT_REPLY] = {"reply", "答复"},
    [EVENT_WITHDRAW] = {"withdraw", "撤回申请"},
};

static const struct name_label states[] = {
    [STATE_AWAITING_CONFIRMATION] = {"awaiting_confirmation", "待确认收到"},
    [STATE_RUNNING] = {"running", "办理中"},
    [STATE_AWAITING_CORRECTION] = {"awaiting_correction", "待补正"},
    [STATE_CONSULTING] = {"consulting", "征求意见中"},
    [STATE_AWAITING_FEE] = {"awaiting_fee", "待缴费"},
    [STATE_REPLIED] = {"replied", "已答复"},
    [STATE_WITHDRAWN] = {"withdrawn", "已撤回"},
    [STATE_ABANDONED] = {"abandoned", "视为放弃申请"},
};

static const char *name_at(const struct name_label *t, size_t n, int i, bool label)
{
	if (i < 0 || (size_t)i >= n)
		return label ? "未知" : "unknown";
	return label ? t[i].label : t[i].name;
}

static int find_name(const struct name_label *t, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return (int)i;
	return -1;
}

#define COUNT(t) (sizeof(t) / sizeof *(t))

const char *deadline_channel_name(enum apply_channel c)
{
	return name_at(channels, COUNT(channels), (int)c, false);
}

const char *deadline_channel_label(enum apply_channel c)
{
	return name_at(channels, COUNT(channels), (int)c, true);
}

int deadline_channel_from_name(const char *name)
{
	return find_name(channels, COUNT(channels), name);
}

const char *deadline_event_name(enum deadline_event_type t)
{
	return name_at(events, COUNT(events), (int)t, false);
}

const char *deadline_event_label(enum deadline_event_type t)
{
	return name_at(events, COUNT(events), (int)t, true);
}

int deadline_event_from_name(const char *name)
{
	return find_name(events, COUNT(events), name);
}

const char *deadline_state_name(enum deadline_state s)
{
	return name_at(states, COUNT(states), (int)s, false);
}

const char *deadline_state_label(enum deadline_state s)
{
	return name_at(states, COUNT(states), (int)s, true);
}
