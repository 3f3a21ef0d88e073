/* page_apply_public.c — the applicant's pages of 依申请公开: the online application form (条例第二十九条:
 * who applies, identity document, contact data, the information sought, form and way of delivery)
 * with Chinese errors beside each field and the statutory other channels (letter, in person, oral)
 * with the agency's address and hours; the success page that shows the tracking number and the query
 * code once; and 申请查询 (status, receipt date, due date in plain words, timeline, the reply).
 *
 * The form carries an idempotency key made when it is rendered, so a double submission (double
 * click, browser retry) records one application and shows the same tracking number and code. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"
#include "http/stored_file.h"

static const struct crumb form_crumbs[] = {{"依申请公开", "/apply"}, {"在线申请", NULL}};
static const struct crumb query_crumbs[] = {{"依申请公开", "/apply"}, {"申请查询", NULL}};

/* ---- form ---- */

/* The error message of a field (beside the field), if any. */
static void field_error(struct req *r, const struct apply_errors *e, const char *field)
{
	const char *msg = e ? apply_error_for(e, field) : NULL;
	if (msg)
		page_printf(&r->page, "<strong class=\"help\" id=\"%h-error\">%h</strong>\n", field, msg);
}

/* aria-describedby (help text and error of the field) and aria-invalid, inside an opening tag, so a
 * screen reader reads the Chinese message with the field. */
static void field_attrs(struct req *r, const struct apply_errors *e, const char *name, bool has_help)
{
	bool error = e && apply_error_for(e, name);
	if (!has_help && !error)
		return;
	page_raw(&r->page, " aria-describedby=\"");
	if (has_help)
		page_printf(&r->page, "%h-help", name);
	if (error)
		page_printf(&r->page, "%h%h-error", has_help ? " " : "", name);
	page_raw(&r->page, "\"");
	if (error)
		page_raw(&r->page, " aria-invalid=\"true\"");
}

static const char *value_of(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static void text_field(struct req *r, const struct apply_errors *e, const char *name, const char *label,
		       const char *help, bool required, int maxlength)
{
	page_printf(&r->page, "<p><label for=\"%h\">%h%h</label>\n", name, label, required ? "（必填）" : "");
	if (help)
		page_printf(&r->page, "<span class=\"help\" id=\"%h-help\">%h</span>\n", name, help);
	field_error(r, e, name);
	page_printf(&r->page, "<input id=\"%h\" name=\"%h\" value=\"%h\" maxlength=\"%d\"%h", name, name,
		    value_of(r, name), maxlength, required ? " required" : "");
	field_attrs(r, e, name, help != NULL);
	page_raw(&r->page, "></p>\n");
}

struct option {
	const char *value, *label;
};

static void select_field(struct req *r, const struct apply_errors *e, const char *name, const char *label,
			 const struct option *opts, size_t n)
{
	const char *current = value_of(r, name);
	page_printf(&r->page, "<p><label for=\"%h\">%h（必填）</label>\n", name, label);
	field_error(r, e, name);
	page_printf(&r->page, "<select id=\"%h\" name=\"%h\" required", name, name);
	field_attrs(r, e, name, false);
	page_raw(&r->page, ">\n<option value=\"\">请选择</option>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", opts[i].value,
			    strcmp(current, opts[i].value) == 0 ? " selected" : "", opts[i].label);
	page_raw(&r->page, "</select></p>\n");
}

static void applicant_type_field(struct req *r, const struct apply_errors *e)
{
	const char *current = value_of(r, "applicant_type");
	page_raw(&r->page, "<p><label for=\"applicant_type\">申请人类型（必填）</label>\n");
	field_error(r, e, "applicant_type");
	page_raw(&r->page, "<select id=\"applicant_type\" name=\"applicant_type\" required");
	field_attrs(r, e, "applicant_type", false);
	page_raw(&r->page, ">\n<option value=\"\">请选择</option>\n");
	for (int t = 0; t < APPLICANT_TYPE_COUNT; t++) {
		if (t == APPLICANT_COMMERCIAL)
			page_raw(&r->page, "<optgroup label=\"法人或其他组织\">\n");
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", apply_applicant_type_name(t),
			    strcmp(current, apply_applicant_type_name(t)) == 0 ? " selected" : "",
			    apply_applicant_type_label(t));
	}
	page_raw(&r->page, "</optgroup>\n</select></p>\n");
}

/* The agency choice: every agency of this installation, the portal's own first. */
static void agency_field(struct req *r, const struct apply_errors *e)
{
	struct agency *list = NULL;
	size_t n = 0;
	struct db *db = req_reader(r);
	if (db)
		agency_list(db, &list, &n);
	const struct agency *site = layout_site(r);
	const char *current = value_of(r, "agency_id");
	long long chosen = *current ? atoll(current) : (site ? (long long)site->id : 0);
	page_raw(&r->page, "<p><label for=\"agency_id\">受理机关（必填）</label>\n");
	field_error(r, e, "agency_id");
	page_raw(&r->page, "<select id=\"agency_id\" name=\"agency_id\" required");
	field_attrs(r, e, "agency_id", false);
	page_raw(&r->page, ">\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%lld\"%h>%h</option>\n", (long long)list[i].id,
			    list[i].id == chosen ? " selected" : "", list[i].name);
	page_raw(&r->page, "</select></p>\n");
	free(list);
}

static const struct option id_types[] = {
    {"resident_id", "居民身份证"},
    {"uscc", "统一社会信用代码"},
    {"passport", "护照"},
    {"other", "其他身份证明"},
};
static const struct option forms[] = {{"electronic", "电子文档"}, {"paper", "纸质"}};
static const struct option deliveries[] = {
    {"email", "电子邮件"},
    {"post", "邮寄"},
    {"pickup", "当面领取"},
    {"online", "网上查阅"},
};

/* The statutory other channels (第二十九条) with this agency's address and hours. */
static void other_channels(struct req *r)
{
	const struct agency *a = layout_site(r);
	page_raw(&r->page, "<section aria-labelledby=\"channels\"><h2 id=\"channels\">其他申请方式</h2>\n<ul>\n"
			   "<li><strong>信件：</strong>写明下列申请内容，邮寄至");
	page_printf(&r->page, "%h", a && a->address[0] ? a->address : "本机关政府信息公开工作机构");
	if (a && a->postcode[0])
		page_printf(&r->page, "（邮编 %h）", a->postcode);
	page_raw(&r->page, "，信封注明“政府信息公开申请”。</li>\n<li><strong>当面：</strong>在办公时间");
	if (a && a->office_hours[0])
		page_printf(&r->page, "（%h）", a->office_hours);
	page_raw(
	    &r->page,
	    "到上述地址提交书面申请。</li>\n"
	    "<li><strong>口头：</strong>采用书面形式确有困难的，可以当面口头提出，由工作人员代为填写申请。</li>\n");
	if (a && a->phone[0])
		page_printf(&r->page, "<li><strong>咨询电话：</strong>%h</li>\n", a->phone);
	page_raw(&r->page, "</ul></section>\n");
}

/* A fresh idempotency key for this rendering of the form (or the one submitted, on re-display). */
static const char *form_key(struct req *r)
{
	const char *given = req_form(r, "idempotency_key");
	if (given && *given)
		return given;
	unsigned char raw[16];
	char hex[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	return arena_strdup(&r->arena, hex);
}

static int render_form(struct req *r, const struct apply_errors *e, int status)
{
	layout_begin(r, &(struct layout){.title = "在线申请政府信息公开",
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = form_crumbs,
					 .crumb_count = 2});
	if (e && (e->n || e->reason[0])) {
		page_raw(&r->page,
			 "<div class=\"notice notice-error\" role=\"alert\"><p>申请未提交，请修改以下内容：</p><ul>\n");
		for (size_t i = 0; i < e->n; i++)
			page_printf(&r->page, "<li><a href=\"#%h\">%h</a></li>\n", e->v[i].field, e->v[i].message);
		if (e->reason[0])
			page_printf(&r->page, "<li>%h</li>\n", e->reason);
		page_raw(&r->page, "</ul></div>\n");
	}
	page_raw(&r->page, "<p>请如实填写。带“必填”的项目依《政府信息公开条例》第二十九条必须填写；"
			   "联系电话、电子邮箱、通信地址至少填写一项。提交后将显示申请编号和查询码。</p>\n"
			   "<form class=\"form\" method=\"post\" action=\"/apply/new\" enctype=\"multipart/form-data\" "
			   "novalidate>\n");
	layout_csrf_field(r);
	page_printf(&r->page, "<input type=\"hidden\" name=\"idempotency_key\" value=\"%h\">\n", form_key(r));
	page_raw(&r->page, "<fieldset><legend>受理机关与申请人</legend>\n");
	agency_field(r, e);
	applicant_type_field(r, e);
	text_field(r, e, "name", "申请人姓名或名称", "法人或其他组织填写全称", true, 180);
	select_field(r, e, "id_type", "身份证明类型", id_types, sizeof id_types / sizeof id_types[0]);
	text_field(r, e, "id_number", "身份证明号码", "居民身份证号码或统一社会信用代码均为18位", true, 60);
	page_raw(&r->page, "</fieldset>\n<fieldset><legend>联系方式</legend>\n");
	text_field(r, e, "phone", "联系电话", NULL, false, 40);
	text_field(r, e, "email", "电子邮箱", NULL, false, 120);
	text_field(r, e, "address", "通信地址", "选择邮寄方式时必填", false, 380);
	page_raw(
	    &r->page,
	    "</fieldset>\n<fieldset><legend>所需信息</legend>\n"
	    "<p><label for=\"description\">所需信息的名称或特征描述（必填）</label>\n"
	    "<span class=\"help\" id=\"description-help\">写明信息的名称、制作机关、时间等便于查找的特征</span>\n");
	field_error(r, e, "description");
	page_raw(&r->page, "<textarea id=\"description\" name=\"description\" rows=\"5\" maxlength=\"4000\" required");
	field_attrs(r, e, "description", true);
	page_printf(&r->page, ">%h</textarea></p>\n", value_of(r, "description"));
	text_field(r, e, "doc_no", "文号", "如知道，请填写，例如“汝政〔2023〕12号”", false, 180);
	select_field(r, e, "form", "获取信息的形式", forms, sizeof forms / sizeof forms[0]);
	select_field(r, e, "delivery", "获取信息的方式", deliveries, sizeof deliveries / sizeof deliveries[0]);
	apply_http_file_field(r, e ? apply_error_for(e, "files") : NULL);
	page_raw(&r->page, "</fieldset>\n<p><button type=\"submit\">提交申请</button></p>\n</form>\n");
	other_channels(r);
	apply_http_publication_note(r);
	layout_end(r);
	return status;
}

int page_apply_form(struct req *r)
{
	return render_form(r, NULL, 200);
}

static void success_page(struct req *r, const struct apply_created *c, size_t nfiles)
{
	layout_begin(r, &(struct layout){.title = "申请已提交",
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = form_crumbs,
					 .crumb_count = 2});
	page_raw(&r->page, "<div class=\"notice\" role=\"status\"><p>您的政府信息公开申请已提交并保存。</p></div>\n"
			   "<dl class=\"contact\">\n");
	page_printf(&r->page, "<dt>申请编号</dt><dd><strong id=\"tracking-no\">%h</strong></dd>\n", c->tracking_no);
	page_printf(&r->page, "<dt>查询码</dt><dd><strong id=\"query-code\">%h</strong></dd>\n", c->query_code);
	page_printf(&r->page, "<dt>提交日期</dt><dd>%h</dd>\n", apply_http_iso(r, apply_http_today(r)));
	page_printf(&r->page, "<dt>附件</dt><dd id=\"files-count\">%h</dd>\n</dl>\n",
		    nfiles ? arena_printf(&r->arena, "已收到 %zu 个文件", nfiles) : "无");
	page_raw(&r->page,
		 "<p id=\"print-hint\">本页可作为申请回执：请使用浏览器的“打印”功能（Ctrl+P）打印或另存为 PDF，"
		 "打印时不含网站导航。</p>\n");
	page_raw(&r->page,
		 "<p><strong>请立即记下或打印申请编号和查询码。</strong>为保护您的个人信息，本机关不保存查询码原文，"
		 "此页关闭后无法再次显示。</p>\n"
		 "<p>网上提交的申请，以本机关与您确认之日为收到申请之日（条例第三十一条），"
		 "本机关自收到申请之日起20个工作日内答复。您可以凭申请编号和查询码在"
		 "<a href=\"/apply/query\">申请查询</a>页面查看办理进度和答复。</p>\n");
	layout_end(r);
}

static struct apply_input form_input(struct req *r)
{
	return (struct apply_input){
	    .agency_id = atoll(value_of(r, "agency_id")),
	    .applicant_type = req_form(r, "applicant_type"),
	    .name = req_form(r, "name"),
	    .id_type = req_form(r, "id_type"),
	    .id_number = req_form(r, "id_number"),
	    .phone = req_form(r, "phone"),
	    .email = req_form(r, "email"),
	    .address = req_form(r, "address"),
	    .description = req_form(r, "description"),
	    .doc_no = req_form(r, "doc_no"),
	    .form = req_form(r, "form"),
	    .delivery = req_form(r, "delivery"),
	    .channel = "online",
	    .idempotency_key = req_form(r, "idempotency_key"),
	};
}

int page_apply_submit(struct req *r)
{
	struct apply_input in = form_input(r);
	struct apply_errors e = {0};
	struct apply_created c;
	struct outcome out;
	/* the files first: checked by content and on disk before the application that lists them commits */
	struct attach_upload *files = NULL;
	enum outcome_code code = stored_file_accept(r, "files", APPLY_FILES_MAX, &files, &in.nfiles, &out);
	in.files = files;
	if (code == OUTCOME_INVALID) {
		apply_error_add(&e, "files", "%s", out.message);
		return render_form(r, &e, 422);
	}
	if (code != OUTCOME_OK)
		return req_error(r, 503, "附件保存失败，申请未提交，请稍后重试。");
	struct actor actor = {.ip = r->client_ip, .request_id = r->id}; /* the public form: never a staff intake */
	enum apply_status st = apply_submit(r->app->store, &in, &actor, apply_http_today(r), req_now(r), &c, &e);
	/* The form again with its field errors (the router keeps a body the handler wrote). */
	if (st == APPLY_INVALID)
		return render_form(r, &e, 422);
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st), e.reason[0] ? e.reason : NULL);
	req_add_header(r, "Cache-Control", "no-store");
	success_page(r, &c, in.nfiles);
	return 200;
}

/* ---- 申请查询 ---- */

static void query_form(struct req *r)
{
	page_raw(&r->page, "<form class=\"form narrow\" method=\"post\" action=\"/apply/query\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<p><label for=\"no\">申请编号</label>\n<input id=\"no\" name=\"no\" value=\"%h\" required "
		    "maxlength=\"31\"></p>\n"
		    "<p><label for=\"code\">查询码</label>\n<input id=\"code\" name=\"code\" required maxlength=\"31\" "
		    "autocomplete=\"off\"></p>\n"
		    "<p><button type=\"submit\">查询</button></p>\n</form>\n"
		    "<p><a href=\"/apply/query/resend\">忘记查询码？发送新的查询码到申请时填写的邮箱</a></p>\n",
		    value_of(r, "no"));
}

int page_apply_query_form(struct req *r)
{
	layout_begin(r, &(struct layout){.title = "申请查询",
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = query_crumbs,
					 .crumb_count = 2});
	page_raw(&r->page, "<p>凭提交申请时取得的申请编号和查询码，查看办理进度、答复期限和答复。</p>\n");
	query_form(r);
	apply_http_publication_note(r);
	layout_end(r);
	return 200;
}

static void timeline_list(struct req *r, const struct apply_event *ev, size_t n)
{
	page_raw(&r->page, "<h2>办理过程</h2>\n<ol class=\"steps\" id=\"timeline\">\n");
	for (size_t i = 0; i < n; i++) {
		page_printf(&r->page, "<li><time>%h</time> %h", apply_http_iso(r, ev[i].day),
			    apply_event_label(ev[i].type));
		if (ev[i].outcome[0])
			page_printf(&r->page, "：%h", apply_outcome_label(ev[i].outcome));
		if (strcmp(ev[i].type, "extend") == 0)
			page_printf(&r->page, "（延长 %d 个工作日）", ev[i].workdays);
		page_raw(&r->page, "</li>\n");
	}
	page_raw(&r->page, "</ol>\n");
}

static void status_block(struct req *r, const struct application *a, const struct deadline_result *res)
{
	page_raw(&r->page, "<dl class=\"contact\" id=\"status\">\n");
	page_printf(&r->page, "<dt>申请编号</dt><dd>%h</dd>\n<dt>办理状态</dt><dd>%h</dd>\n", a->tracking_no,
		    deadline_state_label(res->state));
	page_printf(&r->page, "<dt>提交日期</dt><dd>%h</dd>\n", apply_http_iso(r, a->submitted_on));
	page_printf(&r->page, "<dt>收到申请之日</dt><dd>%h</dd>\n",
		    res->received_on == CAL_NO_DAY ? "待本机关确认" : apply_http_iso(r, res->received_on));
	if (res->due_on != CAL_NO_DAY && !a->outcome[0])
		page_printf(&r->page, "<dt>答复期限</dt><dd>%h</dd>\n", apply_http_iso(r, res->due_on));
	page_raw(&r->page, "</dl>\n<div class=\"notice\"><p>");
	bool any = false;
	for (size_t i = 0; i < res->nsteps; i++) {
		if (!res->steps[i].applicant)
			continue;
		page_printf(&r->page, "%h", res->steps[i].applicant);
		any = true;
	}
	if (!any)
		page_raw(&r->page, "您的申请已提交，正在等待本机关确认收到。");
	page_raw(&r->page, "</p></div>\n");
	if (res->unknown_calendar)
		page_printf(&r->page, "<p class=\"muted\" id=\"calendar-note\">%h</p>\n",
			    apply_http_calendar_words(r, res));
}

/* The fees asked: the calculation, the pay-by day and whether it was paid. */
static void fee_block(struct req *r, const struct application *a, const struct deadline_result *res)
{
	struct apply_fee *fees = NULL;
	size_t n = 0;
	if (apply_fees(req_reader(r), a->id, &fees, &n) != 0 || n == 0) {
		free(fees);
		return;
	}
	page_raw(&r->page, "<h2>信息处理费</h2>\n");
	for (size_t i = 0; i < n; i++) {
		const struct apply_fee *f = &fees[i];
		page_printf(&r->page,
			    "<p id=\"fee-%h\">本机关于 %h 发出收费通知，依照《政府信息公开信息处理费管理办法》"
			    "（国办函〔2020〕109号）%h，应缴纳信息处理费 <strong>%h 元</strong>。",
			    arena_printf(&r->arena, "%d", f->event_seq), apply_http_iso(r, f->notice_on),
			    strcmp(f->method, "item") == 0 ? "按件计收" : "按量计收",
			    arena_printf(&r->arena, "%lld", (long long)f->yuan));
		if (f->paid_on != CAL_NO_DAY)
			page_printf(&r->page, "您已于 %h 缴纳。", apply_http_iso(r, f->paid_on));
		else if (i + 1 == n && res->fee_pay_by != CAL_NO_DAY && !a->outcome[0])
			page_printf(&r->page,
				    "请在 %h 前按收费通知书载明的方式缴纳；逾期未缴纳的，视为放弃申请，"
				    "本机关不再处理该申请。",
				    apply_http_iso(r, res->fee_pay_by));
		page_printf(&r->page, "</p>\n<pre class=\"fee-explanation\">%h</pre>\n", f->explanation);
	}
	free(fees);
}

static void reply_block(struct req *r, const struct application *a)
{
	if (!a->outcome[0])
		return;
	page_raw(&r->page, "<h2>答复</h2>\n<dl class=\"contact\" id=\"reply\">\n");
	page_printf(&r->page, "<dt>答复日期</dt><dd>%h</dd>\n<dt>处理结果</dt><dd>%h</dd>\n<dt>依据</dt><dd>%h</dd>\n",
		    apply_http_iso(r, a->concluded_on), apply_outcome_label(a->outcome), a->legal_basis);
	if (a->delivered_on != CAL_NO_DAY)
		page_printf(&r->page, "<dt>送达日期</dt><dd>%h</dd>\n", apply_http_iso(r, a->delivered_on));
	page_raw(&r->page, "</dl>\n");
	struct apply_letter letter;
	if (apply_letter_get(req_reader(r), a->id, &letter) == 1) {
		if (letter.issued_at) {
			page_printf(&r->page, "<h3>答复书</h3>\n<pre class=\"letter\">%h</pre>\n", letter.body);
			/* the code travels in a POST body, never in a URL */
			page_raw(&r->page, "<form method=\"post\" action=\"/apply/query/letter\">\n");
			layout_csrf_field(r);
			page_printf(
			    &r->page,
			    "<input type=\"hidden\" name=\"no\" value=\"%h\"><input type=\"hidden\" name=\"code\" "
			    "value=\"%h\">\n<p><button type=\"submit\">下载答复书（PDF）</button></p>\n</form>\n",
			    a->tracking_no, value_of(r, "code"));
		}
		free(letter.body);
	}
}

int page_apply_query(struct req *r)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	struct application a;
	if (!db || !cal)
		return req_error(r, 503, NULL);
	char no[APPLY_TRACKING_SIZE], code[APPLY_CODE_LEN + 8];
	apply_normalize_key(value_of(r, "no"), no, sizeof no);
	apply_normalize_key(value_of(r, "code"), code, sizeof code);
	int rc = apply_get_public(db, no, code, &a);
	layout_begin(r, &(struct layout){.title = "申请查询",
					 .column = COLUMN_APPLY,
					 .column_type = "栏目页",
					 .crumbs = query_crumbs,
					 .crumb_count = 2});
	if (rc != 1) {
		page_raw(&r->page, "<div class=\"notice notice-error\" "
				   "role=\"alert\"><p>申请编号或查询码不正确，请核对后重新输入。</p></div>\n");
		query_form(r);
		layout_end(r);
		return 404; /* the form again, with the message */
	}
	struct apply_event *ev = NULL;
	size_t n = 0;
	struct deadline_result res = {0};
	struct deadline_problems probs = {0};
	bool ok = apply_events(db, a.id, &ev, &n) == 0 &&
		  apply_deadline(cal, &a, ev, n, apply_http_today(r), &res, &probs) == 0;
	deadline_problems_free(&probs);
	if (ok) {
		status_block(r, &a, &res);
		apply_http_notices_public(r, &a, &res, code);
		fee_block(r, &a, &res);
		timeline_list(r, ev, n);
		reply_block(r, &a);
	} else {
		page_raw(&r->page,
			 "<div class=\"notice notice-error\"><p>暂时无法计算办理期限，请联系本机关。</p></div>\n");
	}
	deadline_result_free(&res);
	free(ev);
	layout_end(r);
	return 200;
}

int page_apply_query_letter(struct req *r)
{
	struct db *db = req_reader(r);
	struct application a;
	if (!db)
		return req_error(r, 503, NULL);
	char no[APPLY_TRACKING_SIZE], code[APPLY_CODE_LEN + 8];
	apply_normalize_key(value_of(r, "no"), no, sizeof no);
	apply_normalize_key(value_of(r, "code"), code, sizeof code);
	if (apply_get_public(db, no, code, &a) != 1)
		return req_error(r, 404, "申请编号或查询码不正确，请核对后重新输入。");
	return apply_http_issued_letter_pdf(r, &a);
}
