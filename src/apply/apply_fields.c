/* apply_fields.c — checking a submitted application field by field (条例第二十九条: who applies,
 * with what identity document and contact data, for which information, in which form and way), and
 * masking personal data for lists. Every message is Chinese and names its field, so the form can
 * show it beside the field and the API can return it under the field's name. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "apply/apply.h"
#include "domain/idcheck.h"
#include "util/utf8.h"

#define MAX_NAME	180
#define MAX_ADDRESS	380
#define MAX_DESCRIPTION 4000
#define MAX_DOC_NO	180
#define MAX_EMAIL	120
#define MAX_ID		60

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* Checks that an optional text is valid UTF-8 of at most max bytes. */
static void check_text(struct apply_errors *e, const char *field, const char *label, const char *value, size_t max)
{
	if (!value)
		return;
	size_t len = strlen(value);
	if (!utf8_valid(value, len))
		apply_error_add(e, field, "%s含有无效字符。", label);
	else if (len > max)
		apply_error_add(e, field, "%s过长（最多 %zu 字节，约 %zu 个汉字）。", label, max, max / 3);
}

static void check_required(struct apply_errors *e, const char *field, const char *label, const char *value, size_t max)
{
	if (blank(value))
		apply_error_add(e, field, "请填写%s。", label);
	else
		check_text(e, field, label, value, max);
}

/* The identity document number against its type's checksum. */
static void check_id(struct apply_errors *e, const struct apply_input *in, int today)
{
	char why[160];
	const char *type = in->id_type ? in->id_type : "";
	if (!apply_id_type_label(type)) {
		apply_error_add(e, "id_type", "请选择身份证明类型（居民身份证、统一社会信用代码、护照或其他）。");
		return;
	}
	if (blank(in->id_number)) {
		apply_error_add(e, "id_number", "请填写%s号码。", apply_id_type_label(type));
		return;
	}
	check_text(e, "id_number", "身份证明号码", in->id_number, MAX_ID);
	if (strcmp(type, "resident_id") == 0 && idcheck_resident_id_why(in->id_number, today, why, sizeof why) != 0)
		apply_error_add(e, "id_number", "居民身份证号码不正确：%s", why);
	if (strcmp(type, "uscc") == 0 && idcheck_uscc_why(in->id_number, why, sizeof why) != 0)
		apply_error_add(e, "id_number", "统一社会信用代码不正确：%s", why);
	if (strcmp(type, "uscc") == 0 && in->applicant_type && strcmp(in->applicant_type, "natural_person") == 0)
		apply_error_add(e, "id_type", "自然人请使用居民身份证、护照等个人身份证明。");
}

/* Phone: digits with optional +, -, spaces, parentheses; 7–20 digits. */
static bool phone_valid(const char *p)
{
	int digits = 0;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+- ()", *p))
			return false;
	}
	return digits >= 7 && digits <= 20;
}

static bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' '))
		return false;
	const char *dot = strrchr(at, '.');
	return dot && dot > at + 1 && dot[1];
}

static void check_contact(struct apply_errors *e, const struct apply_input *in)
{
	bool has_phone = !blank(in->phone), has_email = !blank(in->email), has_address = !blank(in->address);
	if (!has_phone && !has_email && !has_address)
		apply_error_add(e, "phone", "请至少填写一种联系方式（联系电话、电子邮箱或通信地址）。");
	if (has_phone && !phone_valid(in->phone))
		apply_error_add(e, "phone", "联系电话格式不正确（7–20位数字，可含 + - 空格和括号）。");
	if (has_email) {
		check_text(e, "email", "电子邮箱", in->email, MAX_EMAIL);
		if (!email_valid(in->email))
			apply_error_add(e, "email", "电子邮箱格式不正确（例如 name@example.cn）。");
	}
	check_text(e, "address", "通信地址", in->address, MAX_ADDRESS);
	if (in->delivery && strcmp(in->delivery, "post") == 0 && !has_address)
		apply_error_add(e, "address", "选择邮寄方式时，请填写通信地址。");
	if (in->delivery && strcmp(in->delivery, "email") == 0 && !has_email)
		apply_error_add(e, "email", "选择电子邮件方式时，请填写电子邮箱。");
}

static void check_channel(struct apply_errors *e, const struct apply_input *in, bool staff, int today)
{
	int intake = apply_intake_from_name(in->channel ? in->channel : (staff ? "" : "online"));
	if (intake < 0) {
		apply_error_add(e, "channel", "申请渠道不正确（网上、当面、平常信函、挂号信件、传真或口头）。");
		return;
	}
	if (!staff) {
		if (intake != INTAKE_ONLINE)
			apply_error_add(
			    e, "channel",
			    "网上提交的申请渠道只能是“网上申请”；当面、信函、传真、口头申请由工作人员登记。");
		if (!blank(in->received_on))
			apply_error_add(e, "received_on", "收到申请日期由本机关确认，申请人无需填写。");
		return;
	}
	if (intake == INTAKE_ONLINE)
		apply_error_add(e, "channel", "工作人员登记的申请请选择当面、信函、挂号信件、传真或口头渠道。");
	int day;
	if (blank(in->received_on)) {
		apply_error_add(e, "received_on", "请填写收到申请的日期（YYYY-MM-DD）。");
	} else if (cal_parse_iso(in->received_on, strlen(in->received_on), &day) != 0) {
		apply_error_add(e, "received_on", "收到申请日期不是有效日期，请按 YYYY-MM-DD 填写。");
	} else if (day > today) {
		apply_error_add(e, "received_on", "收到申请日期不能晚于今天。");
	} else if (day < today - 366) {
		apply_error_add(e, "received_on", "收到申请日期早于一年前，请核对。");
	}
}

static void check_idempotency_key(struct apply_errors *e, const char *key)
{
	if (!key)
		return;
	size_t len = strlen(key);
	bool ok = len >= 8 && len <= 64;
	for (size_t i = 0; ok && i < len; i++)
		ok = isalnum((unsigned char)key[i]) || key[i] == '-' || key[i] == '_';
	if (!ok)
		apply_error_add(e, "idempotency_key",
				"表单标识不正确（8–64位字母、数字、- 或 _），请刷新页面后重新提交。");
}

size_t apply_validate(const struct apply_input *in, bool staff, int today, struct apply_errors *errs)
{
	size_t before = errs->n;
	if (in->agency_id <= 0)
		apply_error_add(errs, "agency_id", "请选择受理申请的机关。");
	if (apply_applicant_type_from_name(in->applicant_type) < 0)
		apply_error_add(errs, "applicant_type",
				"请选择申请人类型（自然人，或法人和其他组织：商业企业、科研机构、社会公益组织、法律服务"
				"机构、其他）。");
	check_required(errs, "name", "申请人姓名或名称", in->name, MAX_NAME);
	check_id(errs, in, today);
	check_contact(errs, in);
	check_required(errs, "description", "所需信息的名称或特征描述", in->description, MAX_DESCRIPTION);
	check_text(errs, "doc_no", "文号", in->doc_no, MAX_DOC_NO);
	if (!apply_form_label(in->form))
		apply_error_add(errs, "form", "请选择获取信息的形式（纸质或电子文档）。");
	if (!apply_delivery_label(in->delivery))
		apply_error_add(errs, "delivery", "请选择获取信息的方式（邮寄、电子邮件、当面领取或网上查阅）。");
	check_channel(errs, in, staff, today);
	if (in->nfiles > APPLY_FILES_MAX)
		apply_error_add(errs, "files", "附件：一次最多上传 %d 个文件。", APPLY_FILES_MAX);
	check_idempotency_key(errs, in->idempotency_key);
	return errs->n - before;
}

/* ---- masking ---- */

static void mask_keep(const char *in, size_t head, size_t tail, char *out, size_t size)
{
	size_t len = strlen(in), o = 0;
	if (size == 0)
		return;
	if (len <= head + tail) { /* too short to show anything safely */
		for (size_t i = 0; i < len && o + 1 < size; i++)
			out[o++] = '*';
		out[o] = '\0';
		return;
	}
	for (size_t i = 0; i < len && o + 1 < size; i++)
		out[o++] = (i < head || i >= len - tail) ? in[i] : '*';
	out[o] = '\0';
}

void apply_mask_id(const char *id, char *out, size_t size)
{
	mask_keep(id ? id : "", 3, 4, out, size);
}

void apply_mask_phone(const char *phone, char *out, size_t size)
{
	mask_keep(phone ? phone : "", 3, 4, out, size);
}

void apply_mask_address(const char *address, char *out, size_t size)
{
	if (size == 0)
		return;
	const char *a = address ? address : "";
	size_t keep = utf8_prefix(a, 6);
	if (!a[keep]) { /* 6 characters or fewer: hide all but the first two */
		keep = utf8_prefix(a, 2);
	}
	if (keep >= size)
		keep = 0;
	memcpy(out, a, keep);
	out[keep] = '\0';
	if (*a && keep + 5 <= size)
		memcpy(out + keep, "****", 5);
}

void apply_mask_email(const char *email, char *out, size_t size)
{
	if (size == 0)
		return;
	const char *e = email ? email : "";
	const char *at = strchr(e, '@');
	size_t local = at ? (size_t)(at - e) : strlen(e);
	size_t first = utf8_prefix(e, 1);
	int n = local > first ? snprintf(out, size, "%.*s***%s", (int)first, e, at ? at : "")
			      : snprintf(out, size, "*%s", at ? at : ""); /* a one-letter name: hidden entirely */
	if (!*e || n < 0 || (size_t)n >= size)
		out[0] = '\0';
}

/* The one list of personal fields of an application and how each is masked. */
#define PERSONAL(field, masker)                                                                                        \
	{                                                                                                              \
#field, offsetof(struct application, field), sizeof(((struct application *)0)->field), masker          \
	}
const struct apply_personal_field apply_personal_fields[] = {
    PERSONAL(id_number, apply_mask_id),
    PERSONAL(phone, apply_mask_phone),
    PERSONAL(email, apply_mask_email),
    PERSONAL(address, apply_mask_address),
};
const size_t apply_personal_field_count = sizeof apply_personal_fields / sizeof apply_personal_fields[0];

void apply_mask(struct application *a)
{
	char tmp[sizeof a->address];
	for (size_t i = 0; i < apply_personal_field_count; i++) {
		const struct apply_personal_field *f = &apply_personal_fields[i];
		char *value = (char *)a + f->offset;
		size_t size = f->size < sizeof tmp ? f->size : sizeof tmp;
		f->mask(value, tmp, size);
		memcpy(value, tmp, strnlen(tmp, size - 1) + 1);
		value[size - 1] = '\0';
	}
}
