/* page_apply_event_form.c — the forms that record the next step of an application: one small form per
 * event type, offered only where the clock's state allows it (确认收到 only while awaiting the
 * confirmation, 补正收到 only while a correction is pending, 延长 only once and within the time limit
 * …), each with only its own fields. After a refusal the form of the refused type is shown open with
 * what was typed, and the message says what is wrong in plain words (the engine's "第 N 个事件（…）："
 * prefix, which names the new event itself, is left out). No JavaScript: <details> opens a form. */
#include <stdio.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"
#include "report/report.h"
#include "util/buf.h"

/* Which forms the state allows. */
static bool offered(const char *type, const struct application *a, const struct deadline_result *res)
{
	bool concluded = a->outcome[0] != '\0';
	enum deadline_state s = res->state;
	bool running = s == STATE_RUNNING;
	if (strcmp(type, "deliver") == 0)
		return concluded && strcmp(a->outcome, "other_other") != 0 && a->delivered_on == CAL_NO_DAY;
	if (concluded)
		return false;
	if (strcmp(type, "confirm_receipt") == 0)
		return s == STATE_AWAITING_CONFIRMATION;
	if (strcmp(type, "request_correction") == 0 || strcmp(type, "fee_notice") == 0)
		return running;
	if (strcmp(type, "correction_received") == 0)
		return s == STATE_AWAITING_CORRECTION;
	if (strcmp(type, "consultation_start") == 0)
		return running || s == STATE_CONSULTING;
	if (strcmp(type, "consultation_end") == 0)
		return s == STATE_CONSULTING;
	if (strcmp(type, "extend") == 0)
		return running && res->extension_days == 0 && !res->overdue;
	if (strcmp(type, "fee_paid") == 0)
		return s == STATE_AWAITING_FEE;
	if (strcmp(type, "reply") == 0)
		return running || s == STATE_CONSULTING || s == STATE_ABANDONED;
	return strcmp(type, "withdraw") == 0;
}

/* The value to show in a field: what was submitted for this type after a refusal, else fallback. */
static const char *kept(struct req *r, const char *type, const char *name, const char *fallback)
{
	const char *submitted = req_form(r, "type");
	if (submitted && strcmp(submitted, type) == 0) {
		const char *v = req_form(r, name);
		if (v)
			return v;
	}
	return fallback;
}

/* An input with its label; id is "TYPE-NAME" so every form's fields are distinct. */
static void input(struct req *r, const char *type, const char *name, const char *label, const char *attrs,
		  const char *fallback)
{
	page_printf(&r->page,
		    "<p><label for=\"%h-%h\">%h</label>\n<input id=\"%h-%h\" name=\"%h\" value=\"%h\"%h></p>\n", type,
		    name, label, type, name, name, kept(r, type, name, fallback), attrs);
}

static void select_option(struct req *r, const char *value, const char *label, const char *current)
{
	page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", value,
		    strcmp(value, current) == 0 ? " selected" : "", label);
}

static void party_field(struct req *r, const char *type)
{
	const char *current = kept(r, type, "party", "third_party");
	page_printf(&r->page,
		    "<p><label for=\"%h-party\">征求意见对象</label>\n<select id=\"%h-party\" name=\"party\">\n", type,
		    type);
	select_option(r, "third_party", "第三方（条例第三十二条）", current);
	select_option(r, "other_agency", "其他机关（条例第三十四条）", current);
	page_raw(&r->page, "</select></p>\n");
}

static void outcome_field(struct req *r, const struct deadline_result *res)
{
	const char *current = kept(r, "reply", "outcome", "");
	page_raw(&r->page, "<p><label for=\"reply-outcome\">处理结果（对应年度报告表三）</label>\n"
			   "<select id=\"reply-outcome\" name=\"outcome\" required>\n");
	select_option(r, "", res->state == STATE_ABANDONED ? "（按申请人放弃的情形）" : "请选择", current);
	for (int row = 0; row < APP_ROW_COUNT; row++)
		if (apply_outcome_valid(report_app_rows[row].key) &&
		    strcmp(report_app_rows[row].key, "other_other") != 0)
			select_option(r, report_app_rows[row].key, report_app_rows[row].short_label, current);
	page_raw(&r->page, "</select></p>\n");
	input(r, "reply", "legal_basis", "法律依据（留空则按处理结果引用条例的条、款、项）", " maxlength=\"500\"", "");
}

static void fee_fields(struct req *r, int items_before)
{
	const char *current = kept(r, "fee_notice", "fee_method", "page");
	page_raw(&r->page, "<p><label for=\"fee_notice-fee_method\">收费方式（国办函〔2020〕109号，只选一种）</label>\n"
			   "<select id=\"fee_notice-fee_method\" name=\"fee_method\">\n");
	select_option(r, "page", "按量计收（按页数）", current);
	select_option(r, "item", "按件计收（同一申请人一个自然月内累计）", current);
	page_printf(
	    &r->page,
	    "</select></p>\n<p class=\"muted\" id=\"fee-count\">按件计收时，系统按身份证明统计：该申请人本月此前"
	    "已向本机关提出 %d 件申请。</p>\n",
	    items_before);
	input(r, "fee_notice", "fee_pages", "页数（按量）", " inputmode=\"numeric\" maxlength=\"7\"", "");
	input(r, "fee_notice", "fee_items", "件数（按件；一事一申请拆分后的件数，不填为 1）",
	      " inputmode=\"numeric\" maxlength=\"3\"", "");
	input(r, "fee_notice", "fee_yuan", "核对金额（元，可不填；系统按标准计算）",
	      " inputmode=\"numeric\" maxlength=\"9\"", "");
}

/* The fields of one event type after the date. */
static void fields_of(struct req *r, const char *type, const struct deadline_result *res, int items_before)
{
	if (strcmp(type, "request_correction") == 0) {
		input(r, type, "note", "需要补正的事项（必填，将告知申请人）", " maxlength=\"500\" required", "");
		input(r, type, "workdays", "补正期限（工作日，一般不超过 15）",
		      " inputmode=\"numeric\" maxlength=\"2\" required", "15");
	} else if (strcmp(type, "extend") == 0) {
		input(r, type, "workdays", "延长的工作日数（1–20）", " inputmode=\"numeric\" maxlength=\"2\" required",
		      "20");
		input(r, type, "approver", "批准人（政府信息公开工作机构负责人，条例第三十三条第二款）",
		      " maxlength=\"30\" required", "");
		input(r, type, "note", "延长理由（写入告知书）", " maxlength=\"500\"", "");
	} else if (strcmp(type, "consultation_start") == 0 || strcmp(type, "consultation_end") == 0) {
		party_field(r, type);
	} else if (strcmp(type, "fee_notice") == 0) {
		fee_fields(r, items_before);
	} else if (strcmp(type, "reply") == 0) {
		outcome_field(r, res);
	} else if (strcmp(type, "withdraw") == 0) {
		input(r, type, "note", "说明（如申请人撤回的方式）", " maxlength=\"500\"", "");
	}
}

void apply_http_event_forms(struct req *r, const struct application *a, const struct deadline_result *res,
			    int items_before)
{
	static const char *const types[] = {"confirm_receipt",
					    "request_correction",
					    "correction_received",
					    "consultation_start",
					    "consultation_end",
					    "extend",
					    "fee_notice",
					    "fee_paid",
					    "reply",
					    "deliver",
					    "withdraw",
					    NULL};
	const char *submitted = req_form(r, "type");
	page_raw(&r->page, "<h2>登记下一步</h2>\n<p class=\"muted\">只列出当前状态下可以登记的事项。</p>\n");
	for (size_t i = 0; types[i]; i++) {
		const char *t = types[i];
		if (!offered(t, a, res))
			continue;
		bool open = submitted && strcmp(submitted, t) == 0;
		page_printf(&r->page,
			    "<details class=\"event-form\" id=\"form-%h\"%h><summary>%h</summary>\n"
			    "<form class=\"form\" method=\"post\" action=\"/admin/applications/event\">\n",
			    t, open ? " open" : "", apply_event_label(t));
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"no\" value=\"%h\"><input type=\"hidden\" name=\"type\" "
			    "value=\"%h\">\n",
			    a->tracking_no, t);
		input(r, t, "date", "日期（YYYY-MM-DD）", " maxlength=\"10\" required",
		      apply_http_iso(r, apply_http_today(r)));
		fields_of(r, t, res, items_before);
		page_printf(&r->page, "<p><button type=\"submit\">登记“%h”</button></p>\n</form>\n</details>\n",
			    apply_event_label(t));
	}
}

const char *apply_http_plain_reason(struct req *r, const char *reason)
{
	struct buf b = {0};
	for (const char *p = reason; *p;) {
		const char *end = strstr(p, "；");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *colon = strncmp(p, "第 ", 4) == 0 ? strstr(p, "）：") : NULL;
		const char *text = colon && colon < p + len ? colon + strlen("）：") : p;
		size_t field = strspn(text, "abcdefghijklmnopqrstuvwxyz_"); /* "workdays：…": the message names it */
		if (field && field < len && strncmp(text + field, "：", strlen("：")) == 0)
			text += field + strlen("：");
		buf_printf(&b, "%s%.*s", b.len ? "；" : "", (int)(len - (size_t)(text - p)), text);
		p = end ? end + strlen("；") : p + len;
	}
	const char *out = arena_strdup(&r->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

const char *apply_http_done_message(struct req *r, const char *done)
{
	if (!done || !*done)
		return NULL;
	if (strcmp(done, "assign") == 0)
		return "承办人已更新。";
	if (strcmp(done, "propose") == 0)
		return "已建议纳入主动公开，编辑将据此生成信息草稿并提交审查。";
	const char *label = apply_event_label(done);
	if (!label)
		return "已登记。";
	const char *extra =
	    strcmp(done, "request_correction") == 0 ? "补正告知书已生成，并已通知申请人（如留有邮箱或手机）。"
	    : strcmp(done, "extend") == 0 ? "延长答复期限告知书已生成，并已通知申请人（如留有邮箱或手机）。"
	    : strcmp(done, "fee_notice") == 0 ? "收费通知已通知申请人（如留有邮箱或手机）。"
	    : strcmp(done, "reply") == 0 ? "请在下方起草、签发答复书；签发后答复书将发送给申请人。"
					 : "";
	return arena_printf(&r->arena, "已登记“%s”。%s", label, extra);
}

const char *apply_http_calendar_words(struct req *r, const struct deadline_result *res)
{
	const char *years = res->calendar_version ? strstr(res->calendar_version, "years ") : NULL;
	int from = 0, to = 0;
	const char *loaded =
	    years && sscanf(years, "years %d-%d", &from, &to) == 2
		? arena_printf(&r->arena, "节假日安排：已载入 %d–%d 年国务院办公厅公布的放假安排。", from, to)
		: "节假日安排：按已载入的国务院办公厅放假安排计算。";
	return res->unknown_calendar ? arena_printf(&r->arena,
						    "%s期限涉及尚未公布放假安排的年份，日期按周一至周五"
						    "上班推算，公布后可能调整。",
						    loaded)
				     : loaded;
}
