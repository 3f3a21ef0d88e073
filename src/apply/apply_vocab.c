/* apply_vocab.c — the vocabularies of 依申请公开: applicant types (table 三's columns), intake
 * channels, identity documents, forms and ways of delivery, event labels, supervision filters, and
 * the outcome table mapping each table-三 row to its legal basis and its 处理决定 sentence.
 *
 * The outcome bases follow FORMAT.md §6.2 ([derived] there, consistent with the 江苏 规范); the
 * basis of 不予处理 5 and 其他处理 3 is not given there and is our reading (docs/applications.md). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "apply/apply.h"
#include "domain/accounts.h"
#include "report/report.h"

struct name_label {
	const char *name;
	const char *label;
};

static const struct name_label applicant_types[APPLICANT_TYPE_COUNT] = {
    {"natural_person", "自然人"},	{"commercial", "商业企业"},	   {"research", "科研机构"},
    {"social_welfare", "社会公益组织"}, {"legal_service", "法律服务机构"}, {"other", "其他组织"},
};

static const struct name_label intakes[INTAKE_COUNT] = {
    {"online", "网上申请"},	     {"in_person", "当面提交"}, {"mail", "平常信函"},
    {"registered_mail", "挂号信件"}, {"fax", "传真"},		{"oral", "口头提出（代为填写）"},
};

static const struct name_label id_types[] = {
    {"resident_id", "居民身份证"},
    {"uscc", "统一社会信用代码"},
    {"passport", "护照"},
    {"other", "其他身份证明"},
    {NULL, NULL},
};

static const struct name_label forms[] = {
    {"paper", "纸质"},
    {"electronic", "电子文档"},
    {NULL, NULL},
};

static const struct name_label deliveries[] = {
    {"post", "邮寄"}, {"email", "电子邮件"}, {"pickup", "当面领取"}, {"online", "网上查阅"}, {NULL, NULL},
};

static const struct name_label filters[] = {
    [APPLY_FILTER_OPEN] = {"open", "办理中"},
    [APPLY_FILTER_DUE_SOON] = {"due_soon", "5个工作日内到期"},
    [APPLY_FILTER_OVERDUE] = {"overdue", "已超期"},
    [APPLY_FILTER_PAUSED] = {"paused", "期限中止（补正、征求意见、缴费）"},
    [APPLY_FILTER_UNCONFIRMED] = {"unconfirmed", "待确认收到"},
    [APPLY_FILTER_CONCLUDED] = {"concluded", "已办结"},
    [APPLY_FILTER_ALL] = {"all", "全部"},
};

static const char *label_of(const struct name_label *table, const char *name)
{
	for (size_t i = 0; name && table[i].name; i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].label;
	return NULL;
}

static int index_of(const struct name_label *table, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *apply_applicant_type_name(int type)
{
	return type >= 0 && type < APPLICANT_TYPE_COUNT ? applicant_types[type].name : NULL;
}

const char *apply_applicant_type_label(int type)
{
	return type >= 0 && type < APPLICANT_TYPE_COUNT ? applicant_types[type].label : NULL;
}

int apply_applicant_type_from_name(const char *name)
{
	return index_of(applicant_types, APPLICANT_TYPE_COUNT, name);
}

const char *apply_intake_name(int intake)
{
	return intake >= 0 && intake < INTAKE_COUNT ? intakes[intake].name : NULL;
}

const char *apply_intake_label(int intake)
{
	return intake >= 0 && intake < INTAKE_COUNT ? intakes[intake].label : NULL;
}

int apply_intake_from_name(const char *name)
{
	return index_of(intakes, INTAKE_COUNT, name);
}

enum apply_channel apply_channel_clock(enum apply_intake intake)
{
	switch (intake) {
	case INTAKE_IN_PERSON:
	case INTAKE_ORAL:
		return CHANNEL_IN_PERSON;
	case INTAKE_MAIL:
		return CHANNEL_ORDINARY_MAIL;
	case INTAKE_REGISTERED_MAIL:
		return CHANNEL_REGISTERED_MAIL;
	case INTAKE_FAX:
		return CHANNEL_FAX;
	default:
		return CHANNEL_ONLINE;
	}
}

const char *apply_id_type_label(const char *name)
{
	return label_of(id_types, name);
}

const char *apply_form_label(const char *name)
{
	return label_of(forms, name);
}

const char *apply_delivery_label(const char *name)
{
	return label_of(deliveries, name);
}

const char *apply_event_label(const char *type)
{
	if (type && strcmp(type, APPLY_EVENT_DELIVER) == 0)
		return "送达";
	int t = deadline_event_from_name(type ? type : "");
	return t < 0 ? NULL : deadline_event_label((enum deadline_event_type)t);
}

const char *apply_filter_name(enum apply_filter f)
{
	return f <= APPLY_FILTER_ALL ? filters[f].name : NULL;
}

const char *apply_filter_label(enum apply_filter f)
{
	return f <= APPLY_FILTER_ALL ? filters[f].label : NULL;
}

int apply_filter_from_name(const char *name)
{
	return index_of(filters, APPLY_FILTER_ALL + 1, name);
}

/* ---- outcomes ---- */

struct outcome_text {
	const char *key;
	const char *basis;
	const char *decision;
};

#define REG "《中华人民共和国政府信息公开条例》"

static const struct outcome_text outcomes[] = {
    {"granted", REG "第三十六条第（二）项",
     "经审查，您申请公开的政府信息属于可以公开的政府信息，现向您提供（见附件）。"},
    {"partial", REG "第三十七条",
     "经审查，您申请公开的信息中含有不应当公开的内容，但能够作区分处理。现向您提供可以公开的内容，"
     "对不予公开的部分说明理由如下。"},
    {"denied_state_secret", REG "第十四条", "经审查，您申请公开的信息依法确定为国家秘密，决定不予公开。"},
    {"denied_law_forbidden", REG "第十四条",
     "经审查，您申请公开的信息属于法律、行政法规禁止公开的政府信息，决定不予公开。"},
    {"denied_three_safety", REG "第十四条",
     "经审查，您申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，决定不予公开。"},
    {"denied_third_party", REG "第十五条、第三十二条",
     "经审查，您申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，决定不予公开。"},
    {"denied_internal_affairs", REG "第十六条第一款",
     "经审查，您申请公开的信息属于行政机关的内部事务信息，决定不予公开。"},
    {"denied_process_info", REG "第十六条第二款",
     "经审查，您申请公开的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，决定不予公开。"},
    {"denied_enforcement_file", REG "第十六条第二款", "经审查，您申请公开的信息属于行政执法案卷信息，决定不予公开。"},
    {"denied_admin_query", REG "第三十六条第（七）项",
     "经审查，您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，请依照有关规定办理。"},
    {"unable_no_info", REG "第三十六条第（四）项",
     "经检索，本机关未制作或获取您申请公开的政府信息，该政府信息不存在。"},
    {"unable_needs_creation", REG "第三十八条",
     "经审查，您申请公开的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"},
    {"unable_unclear", REG "第三十条", "经补正，您的申请内容仍不明确，本机关无法提供。"},
    {"rejected_complaint", REG "第三十九条第一款",
     "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
     "您可以通过相应渠道提出。"},
    {"rejected_repeat", REG "第三十六条第（六）项",
     "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。"},
    {"rejected_publication", REG "第三十九条第二款", "您申请获取的是公开出版物，请通过公开发行渠道获取。"},
    {"rejected_mass", REG "第三十五条",
     "您申请公开政府信息的数量、频次明显超过合理范围，经审查申请理由不合理，本机关不予处理。"},
    {"rejected_confirm", REG "第三十九条第一款",
     "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"},
    {"other_no_correction", REG "第三十条", "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。"},
    {"other_no_fee", REG "第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
     "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"},
    {"other_other", "申请人撤回申请", "您已撤回本次政府信息公开申请，本机关终止办理。"},
    {NULL, NULL, NULL},
};

static const struct outcome_text *outcome_find(const char *key)
{
	for (size_t i = 0; key && outcomes[i].key; i++)
		if (strcmp(outcomes[i].key, key) == 0)
			return &outcomes[i];
	return NULL;
}

bool apply_outcome_valid(const char *key)
{
	int row = key ? report_app_row_by_key(key) : -1;
	return row >= 0 && report_app_rows[row].is_outcome && report_app_row_in(2021, (enum app_row)row) &&
	       outcome_find(key) != NULL;
}

const char *apply_outcome_label(const char *key)
{
	return apply_outcome_valid(key) ? report_app_rows[report_app_row_by_key(key)].short_label : NULL;
}

const char *apply_outcome_basis(const char *key)
{
	const struct outcome_text *o = outcome_find(key);
	return o ? o->basis : NULL;
}

const char *apply_outcome_decision(const char *key)
{
	const struct outcome_text *o = outcome_find(key);
	return o ? o->decision : NULL;
}

/* ---- errors and actors ---- */

void apply_error_add(struct apply_errors *e, const char *field, const char *fmt, ...)
{
	if (e->n >= APPLY_MAX_ERRORS)
		return;
	struct apply_field_error *fe = &e->v[e->n++];
	fe->field = field;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fe->message, sizeof fe->message, fmt, ap);
	va_end(ap);
}

const char *apply_error_for(const struct apply_errors *e, const char *field)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->v[i].field, field) == 0)
			return e->v[i].message;
	return NULL;
}

bool apply_actor_handles(const struct actor *actor, int64_t agency_id)
{
	return actor && actor->user_id > 0 && actor->agency_id == agency_id &&
	       (actor->roles & (ROLE_HANDLER | ROLE_LEADER)) != 0;
}
