/* page_admin.c — the back office: 工作台 (the user's tasks), 用户管理 and 机构管理.
 *
 * Handlers only translate: read the form, call one domain function inside one write transaction
 * together with its audit entry, and render. Validation messages come from the domain in Chinese
 * and name the field. Role checks and CSRF are done by the dispatcher (routes.c flags). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "domain/admin.h"
#include "domain/audit.h"
#include "http/acting.h"
#include "http/audit_words.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "http/page_home.h"
#include "http/page_admin_tasks.h"
#include "http/page_supervision.h"
#include "http/page_annual.h"
#include "util/china_time.h"

static void notice(struct req *r, const char *message, bool is_error)
{
	if (message)
		page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n",
			    is_error ? " notice-error" : "", is_error ? "alert" : "status", message);
}

/* Tasks derived from the data: today, agencies whose public contact data is incomplete. */
static size_t admin_tasks(struct req *r, struct db *db)
{
	struct agency *list = NULL;
	size_t count = 0, tasks = 0;
	if (agency_list(db, &list, &count) != 0)
		return 0;
	for (size_t i = 0; i < count; i++) {
		const struct agency *a = &list[i];
		if (a->phone[0] && a->address[0] && a->office_hours[0])
			continue;
		page_printf(&r->page,
			    "<li><a href=\"/admin/agencies/edit?id=%lld\">完善“%h”的联系方式</a>"
			    "（政府信息公开指南和网站页脚需要办公地址、办公时间和联系电话）</li>\n",
			    (long long)a->id, a->name);
		tasks++;
	}
	free(list);
	return tasks;
}

/* Entry points of the capabilities the user's roles open. */
static void quick_links(struct req *r)
{
	unsigned roles = r->user.roles;
	page_raw(&r->page, "<nav aria-label=\"常用功能\"><ul class=\"link-list\">\n");
	if (roles & ROLE_EDITOR)
		page_raw(&r->page, "<li><a href=\"/admin/info/edit\">起草主动公开信息</a></li>\n");
	page_raw(&r->page, "<li><a href=\"/admin/info\">主动公开信息</a></li>\n");
	page_raw(&r->page, "<li><a href=\"/admin/tokens\">访问令牌（程序调用接口）</a></li>\n");
	if (roles & (ROLE_REVIEWER | ROLE_LEADER))
		page_raw(&r->page, "<li><a href=\"/admin/info/review\">保密审查与审批队列</a></li>\n");
	if (roles & (ROLE_HANDLER | ROLE_LEADER | ROLE_SUPERVISOR))
		page_raw(&r->page, "<li><a href=\"/admin/applications\">依申请公开办理</a></li>\n");
	if (roles & (ROLE_HANDLER | ROLE_LEADER))
		page_raw(&r->page,
			 "<li><a href=\"/admin/applications/intake\">登记当面、信件、传真、口头申请</a></li>\n");
	page_raw(&r->page, "<li><a href=\"/admin/annual\">政府信息公开工作年度报告</a></li>\n");
	page_raw(&r->page, "</ul></nav>\n");
}

static void recent_audit(struct req *r, struct db *db)
{
	struct audit_entry *entries = NULL;
	size_t count = 0;
	if (audit_list(db, 0, 10, &entries, &count) != 0 || count == 0) {
		audit_entries_free(entries, count);
		return;
	}
	page_raw(&r->page,
		 "<section aria-labelledby=\"audit-title\"><h2 id=\"audit-title\">最近的操作记录</h2>\n"
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">操作</th>"
		 "<th scope=\"col\">人员</th><th scope=\"col\">来源地址</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < count; i++) {
		char when[CHINA_TIME_SIZE];
		china_time_format(entries[i].at, CHINA_MINUTE, when);
		page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n", when,
			    audit_action_words(entries[i].action), audit_actor_words(r, db, entries[i].user_id),
			    entries[i].ip);
	}
	page_raw(&r->page, "</tbody></table></div></section>\n");
	audit_entries_free(entries, count);
}

/* Tells the owner about failed logins on their account since their previous login. */
static void failed_login_notice(struct req *r, struct db *db)
{
	struct failed_logins fl;
	if (accounts_failed_logins(db, r->user.id, &fl) != 0 || fl.count == 0)
		return;
	char when[CHINA_TIME_SIZE];
	china_time_format(fl.last_at, CHINA_MINUTE, when);
	page_printf(
	    &r->page,
	    "<div class=\"notice notice-error\" role=\"alert\" id=\"failed-logins\"><p>自您上次登录以来，"
	    "您的账号有 %lld 次登录失败，最近一次在 %h，来自 %h。如果不是您本人，请立即修改密码并告知管理员。</p>"
	    "</div>\n",
	    (long long)fl.count, when, fl.last_ip[0] ? fl.last_ip : "未知地址");
}

int page_admin_home(struct req *r)
{
	struct db *db = req_reader(r);
	if (!db)
		return req_error(r, 500, NULL);
	struct agency own;
	bool have_agency = agency_get(db, r->user.agency_id, &own) == 1;
	char roles[256];
	roles_format(r->user.roles, true, roles, sizeof roles);
	layout_begin(r, &(struct layout){
			    .title = "工作台", .column = COLUMN_ADMIN_HOME, .column_type = "后台", .backoffice = true});
	page_printf(&r->page, "<p class=\"lead\">%h，您好。您的账号属于%h，角色：%h。</p>\n", r->user.display_name,
		    have_agency ? own.name : "（未知机构）", roles[0] ? roles : "无");
	failed_login_notice(r, db);
	page_raw(
	    &r->page,
	    "<section aria-labelledby=\"tasks-title\"><h2 id=\"tasks-title\">我的任务</h2>\n<ul class=\"tasks\">\n");
	size_t tasks = workbench_info_tasks(r, db) + workbench_apply_tasks(r, db) + workbench_supervision_tasks(r, db);
	if (r->user.roles & ROLE_ADMIN)
		tasks += admin_tasks(r, db);
	page_raw(&r->page, "</ul>\n");
	if (tasks == 0)
		page_raw(&r->page, "<p>暂无待办任务。</p>\n");
	quick_links(r);
	page_annual_workbench_card(r); /* the statutory report: deadline, status, five-year trend */
	page_home_staleness_card(r);   /* columns past their update period (page_home.c) */
	page_raw(&r->page, "</section>\n");
	if (r->user.roles & ROLE_ADMIN) {
		page_raw(&r->page, "<section aria-labelledby=\"manage-title\"><h2 id=\"manage-title\">系统管理</h2>\n"
				   "<ul class=\"link-list\"><li><a href=\"/admin/users\">用户管理</a></li>"
				   "<li><a href=\"/admin/agencies\">机构管理</a></li></ul></section>\n");
		recent_audit(r, db);
	}
	layout_end(r);
	return 200;
}

/* ---- 用户管理 ---- */

static void role_checkboxes(struct req *r)
{
	page_raw(&r->page, "<fieldset><legend>角色</legend>\n");
	for (unsigned bit = 1; bit <= ROLE_SUPERVISOR; bit <<= 1)
		page_printf(&r->page,
			    "<label class=\"check\"><input type=\"checkbox\" name=\"role\" value=\"%h\"> %h</label>\n",
			    role_name(bit), role_name_zh(bit));
	page_raw(&r->page, "</fieldset>\n");
}

static void agency_select(struct req *r, const struct agency *list, size_t count, const char *name, const char *label,
			  int64_t selected, bool allow_none)
{
	page_printf(&r->page, "<p><label for=\"%h\">%h</label>\n<select id=\"%h\" name=\"%h\">\n", name, label, name,
		    name);
	if (allow_none)
		page_raw(&r->page, "<option value=\"0\">（无，顶级机构）</option>\n");
	for (size_t i = 0; i < count; i++) {
		if (list[i].id == selected)
			page_printf(&r->page, "<option value=\"%lld\" selected>", (long long)list[i].id);
		else
			page_printf(&r->page, "<option value=\"%lld\">", (long long)list[i].id);
		for (int d = 0; d < list[i].depth && d < 10; d++)
			page_raw(&r->page, "　"); /* ideographic space: indentation shows the tree */
		page_printf(&r->page, "%h</option>\n", list[i].name);
	}
	page_raw(&r->page, "</select></p>\n");
}

static const char *agency_name_of(const struct agency *list, size_t count, int64_t id)
{
	for (size_t i = 0; i < count; i++)
		if (list[i].id == id)
			return list[i].name;
	return "";
}

static int users_page(struct req *r, const char *message, bool is_error)
{
	struct db *db = req_reader(r);
	struct user *users = NULL;
	struct agency *agencies = NULL;
	size_t nusers = 0, nagencies = 0;
	int64_t acting = db ? acting_agency(r) : 0;
	if (!db || user_list(db, 0, &users, &nusers) != 0 ||
	    agency_subtree(db, acting, false, &agencies, &nagencies) != 0) {
		free(users);
		return req_error(r, 500, NULL);
	}
	struct crumb c = {"用户管理", NULL};
	layout_begin(r, &(struct layout){.title = "用户管理",
					 .column = COLUMN_ADMIN_USERS,
					 .column_type = "后台",
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true,
					 .acting = true});
	notice(r, message, is_error);
	page_raw(&r->page, "<div class=\"table-wrap\"><table>\n<caption>本机关及下级机关的用户</caption>\n<thead><tr>"
			   "<th scope=\"col\">用户名</th><th scope=\"col\">姓名</th><th scope=\"col\">所属机构</th>"
			   "<th scope=\"col\">角色</th><th scope=\"col\">状态</th><th "
			   "scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < nusers; i++) {
		if (!*agency_name_of(agencies, nagencies, users[i].agency_id))
			continue; /* outside the subtree acted for */
		char roles[256];
		roles_format(users[i].roles, true, roles, sizeof roles);
		page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", users[i].name,
			    users[i].display_name, agency_name_of(agencies, nagencies, users[i].agency_id), roles,
			    users[i].disabled ? "已停用" : "正常");
		if (!users[i].disabled && users[i].id != r->user.id) {
			page_raw(&r->page, "<form method=\"post\" action=\"/admin/users/disable\">");
			layout_csrf_field(r);
			page_printf(&r->page,
				    "<input type=\"hidden\" name=\"name\" value=\"%h\">"
				    "<button type=\"submit\" class=\"secondary\">停用 %h</button></form>",
				    users[i].name, users[i].name);
		}
		page_raw(&r->page, "</td></tr>\n");
	}
	page_raw(&r->page,
		 "</tbody></table></div>\n<h2 id=\"add-user\">新增用户</h2>\n"
		 "<form class=\"form\" method=\"post\" action=\"/admin/users\" aria-labelledby=\"add-user\">\n");
	layout_csrf_field(r);
	page_raw(&r->page,
		 "<p><label for=\"name\">用户名</label>\n<input id=\"name\" name=\"name\" required maxlength=\"63\" "
		 "pattern=\"[A-Za-z0-9._\\-]+\" aria-describedby=\"name-help\">\n"
		 "<span id=\"name-help\" class=\"help\">英文字母、数字及 . _ -，登录时使用。</span></p>\n"
		 "<p><label for=\"display_name\">姓名</label>\n"
		 "<input id=\"display_name\" name=\"display_name\" required maxlength=\"120\"></p>\n");
	agency_select(r, agencies, nagencies, "agency_id", "所属机构", acting, false);
	role_checkboxes(r);
	page_raw(&r->page, "<p class=\"help\">系统将生成初始密码并只显示一次，请转交本人并提醒其登录后修改。</p>\n"
			   "<p><button type=\"submit\">新增用户</button></p>\n</form>\n");
	layout_end(r);
	free(users);
	free(agencies);
	return 200;
}

int page_admin_users(struct req *r)
{
	return users_page(r, NULL, false);
}

/* Collects the checked "role" boxes into role bits; false with a message for an unknown role. */
static bool form_roles(struct req *r, unsigned *roles, char *err, size_t errlen)
{
	*roles = 0;
	for (size_t i = 0; i < r->form.count; i++) {
		if (strcmp(r->form.items[i].name, "role") != 0)
			continue;
		unsigned bits;
		if (roles_parse(r->form.items[i].value, &bits, err, errlen) != 0)
			return false;
		*roles |= bits;
	}
	if (*roles == 0) {
		snprintf(err, errlen, "“角色”：请至少选择一个角色。");
		return false;
	}
	return true;
}

int page_admin_user_add(struct req *r)
{
	char err[256] = "";
	unsigned roles;
	const char *name = req_form(r, "name");
	const char *display = req_form(r, "display_name");
	const char *agency = req_form(r, "agency_id");
	if (!name || !user_name_valid(name, err, sizeof err) || !form_roles(r, &roles, err, sizeof err))
		return users_page(r, err[0] ? err : "“用户名”不能为空。", true);
	char password[20], hash[PASSWORD_HASH_MAX];
	password_generate(password, sizeof password);
	if (password_hash(password, hash) != 0)
		return req_error(r, 500, NULL);
	struct admin_user_add_job job = {.actor = http_actor(r),
					 .agency_id = agency ? strtoll(agency, NULL, 10) : 0,
					 .name = name,
					 .display_name = display && *display ? display : NULL,
					 .roles = roles,
					 .password_hash = hash,
					 .now = req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, admin_user_add, &job, &out) != OUTCOME_OK)
		return out.code == OUTCOME_STORAGE || out.code == OUTCOME_FORBIDDEN ? http_outcome_fail(r, &out)
										    : users_page(r, out.message, true);
	char msg[256];
	snprintf(msg, sizeof msg, "已新增用户 %s，初始密码：%s（只显示这一次）", name, password);
	explicit_bzero(password, sizeof password);
	return users_page(r, msg, false);
}

int page_admin_user_disable(struct req *r)
{
	const char *name = req_form(r, "name");
	if (!name || strcmp(name, r->user.name) == 0)
		return users_page(r, "不能停用自己的账号。", true);
	struct admin_user_disable_job job = {http_actor(r), name, req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, admin_user_disable, &job, &out) != OUTCOME_OK)
		return out.code == OUTCOME_STORAGE ? http_outcome_fail(r, &out) : users_page(r, out.message, true);
	char msg[160];
	snprintf(msg, sizeof msg, "已停用用户 %s，其登录和访问令牌已失效。", name);
	return users_page(r, msg, false);
}

/* ---- 机构管理 ---- */

struct agency_field {
	const char *name;
	const char *label;
	size_t offset;
	size_t size;
	bool required;
};

#define AGENCY_FIELD(f, label, req)                                                                                    \
	{                                                                                                              \
#f, label, offsetof(struct agency, f), sizeof(((struct agency *)0)->f), req                            \
	}
static const struct agency_field agency_fields[] = {
    AGENCY_FIELD(name, "机构全称", true),	   AGENCY_FIELD(short_name, "简称", false),
    AGENCY_FIELD(uscc, "统一社会信用代码", false), AGENCY_FIELD(address, "办公地址", false),
    AGENCY_FIELD(postcode, "邮政编码", false),	   AGENCY_FIELD(office_hours, "办公时间", false),
    AGENCY_FIELD(phone, "联系电话", false),	   AGENCY_FIELD(fax, "传真", false),
    AGENCY_FIELD(email, "电子邮箱", false),	   AGENCY_FIELD(website_code, "政府网站标识码", false),
    AGENCY_FIELD(icp, "ICP备案号", false),	   AGENCY_FIELD(police_record, "公安机关备案号", false),
};

/* Fills a from the form. Returns false with a message naming the field when a value is too long or
 * the level / parent is not a number. */
static bool agency_from_form(struct req *r, struct agency *a, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof agency_fields / sizeof agency_fields[0]; i++) {
		const struct agency_field *f = &agency_fields[i];
		const char *v = req_form(r, f->name);
		if (!v)
			v = "";
		if (strlen(v) >= f->size) {
			snprintf(err, errlen, "“%s”过长（最多 %zu 字节）。", f->label, f->size - 1);
			return false;
		}
		memcpy((char *)a + f->offset, v, strlen(v) + 1);
	}
	const char *level = req_form(r, "level");
	const char *parent = req_form(r, "parent_id");
	char *end;
	long lv = level ? strtol(level, &end, 10) : 0;
	if (!level || *end || lv < AGENCY_PROVINCE || lv > AGENCY_DEPARTMENT) {
		snprintf(err, errlen, "“层级”无效。");
		return false;
	}
	a->level = (enum agency_level)lv;
	a->parent_id = parent ? strtoll(parent, &end, 10) : 0;
	a->external = req_form(r, "external") != NULL;
	return true;
}

static void agency_form(struct req *r, const struct agency *a, const struct agency *list, size_t count,
			const char *action, const char *button)
{
	page_printf(&r->page, "<form class=\"form\" method=\"post\" action=\"%h\">\n", action);
	layout_csrf_field(r);
	if (a->id)
		page_printf(&r->page, "<input type=\"hidden\" name=\"id\" value=\"%lld\">\n", (long long)a->id);
	for (size_t i = 0; i < sizeof agency_fields / sizeof agency_fields[0]; i++) {
		const struct agency_field *f = &agency_fields[i];
		page_printf(&r->page,
			    "<p><label for=\"%h\">%h</label>\n<input id=\"%h\" name=\"%h\" value=\"%h\" "
			    "maxlength=\"%zu\"%h></p>\n",
			    f->name, f->label, f->name, f->name, (const char *)a + f->offset, f->size - 1,
			    f->required ? " required" : "");
	}
	page_raw(&r->page, "<p><label for=\"level\">层级</label>\n<select id=\"level\" name=\"level\">\n");
	for (int lv = AGENCY_PROVINCE; lv <= AGENCY_DEPARTMENT; lv++)
		if ((int)a->level == lv)
			page_printf(&r->page, "<option value=\"%d\" selected>%h</option>\n", lv,
				    agency_level_name_zh((enum agency_level)lv));
		else
			page_printf(&r->page, "<option value=\"%d\">%h</option>\n", lv,
				    agency_level_name_zh((enum agency_level)lv));
	page_raw(&r->page, "</select></p>\n");
	if (a->id && a->id == r->user.agency_id) /* the own agency stays where it is */
		page_printf(&r->page, "<input type=\"hidden\" name=\"parent_id\" value=\"%lld\">\n",
			    (long long)a->parent_id);
	else
		agency_select(r, list, count, "parent_id", "上级机构", a->parent_id, false);
	page_printf(&r->page,
		    "<p><input type=\"checkbox\" id=\"external\" name=\"external\" value=\"1\"%h>\n"
		    "<label for=\"external\">不在本平台办理（外部机关：年度报告以已发布的文件接收）</label></p>\n",
		    a->external ? " checked" : "");
	page_printf(&r->page, "<p><button type=\"submit\">%h</button></p>\n</form>\n", button);
}

/* The agencies the administrator manages: their own and every one below it. */
static int managed_agencies(struct req *r, struct db *db, struct agency **list, size_t *count)
{
	return agency_subtree(db, r->user.agency_id, false, list, count);
}

static void retire_button(struct req *r, const struct agency *a)
{
	if (a->id == r->user.agency_id || a->retired_at)
		return;
	page_raw(&r->page, " <form class=\"inline-form\" method=\"post\" action=\"/admin/agencies/retire\">");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" class=\"secondary\">"
		    "撤销<span class=\"visually-hidden\">%h</span></button></form>",
		    (long long)a->id, a->name);
}

static int agencies_page(struct req *r, const char *message, bool is_error)
{
	struct db *db = req_reader(r);
	struct agency *list = NULL;
	size_t count = 0;
	if (!db || managed_agencies(r, db, &list, &count) != 0)
		return req_error(r, 500, NULL);
	struct crumb c = {"机构管理", NULL};
	layout_begin(r, &(struct layout){.title = "机构管理",
					 .column = COLUMN_ADMIN_AGENCIES,
					 .column_type = "后台",
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true});
	notice(r, message, is_error);
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table "
		 "id=\"agency-tree\">\n<caption>本机关及下级机关（按隶属关系排列）</caption>\n"
		 "<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">名称</th><th scope=\"col\">层级</th>"
		 "<th scope=\"col\">平台</th><th scope=\"col\">统一社会信用代码</th><th scope=\"col\">联系电话</th>"
		 "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < count; i++) {
		page_printf(
		    &r->page,
		    "<tr><td>%lld</td><td class=\"depth-%d\">%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td>"
		    "<td><a href=\"/admin/agencies/edit?id=%lld\">编辑<span "
		    "class=\"visually-hidden\">%h</span></a>",
		    (long long)list[i].id, list[i].depth < 5 ? list[i].depth : 5, list[i].name,
		    agency_level_name_zh(list[i].level),
		    list[i].retired_at ? "已撤销"
		    : list[i].external ? "外部（不在平台）"
				       : "在平台",
		    list[i].uscc, list[i].phone, (long long)list[i].id, list[i].name);
		retire_button(r, &list[i]);
		page_raw(&r->page, "</td></tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n<h2>新增机构</h2>\n");
	struct agency blank = {.level = AGENCY_DEPARTMENT, .parent_id = count ? list[0].id : 0};
	agency_form(r, &blank, list, count, "/admin/agencies", "新增机构");
	layout_end(r);
	free(list);
	return 200;
}

int page_admin_agencies(struct req *r)
{
	return agencies_page(r, NULL, false);
}

int page_admin_agency_add(struct req *r)
{
	struct agency a = {0};
	char err[256] = "";
	if (!agency_from_form(r, &a, err, sizeof err))
		return agencies_page(r, err, true);
	struct admin_agency_add_job job = {.actor = http_actor(r), .agency = &a, .now = req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, admin_agency_add, &job, &out) != OUTCOME_OK)
		return out.code == OUTCOME_STORAGE || out.code == OUTCOME_FORBIDDEN
			   ? http_outcome_fail(r, &out)
			   : agencies_page(r, out.message, true);
	layout_site_changed(r->app);
	return agencies_page(r, "已新增机构。", false);
}

static int agency_edit_page(struct req *r, const struct agency *a, const char *message, bool is_error)
{
	struct db *db = req_reader(r);
	struct agency *list = NULL;
	size_t count = 0;
	if (!db || managed_agencies(r, db, &list, &count) != 0)
		return req_error(r, 500, NULL);
	struct crumb c[] = {{"机构管理", "/admin/agencies"}, {"编辑机构", NULL}};
	layout_begin(r, &(struct layout){.title = "编辑机构",
					 .column = COLUMN_ADMIN_AGENCIES,
					 .column_type = "后台",
					 .crumbs = c,
					 .crumb_count = 2,
					 .backoffice = true});
	notice(r, message, is_error);
	agency_form(r, a, list, count, "/admin/agencies/edit", "保存");
	layout_end(r);
	free(list);
	return 200;
}

int page_admin_agency_edit_form(struct req *r)
{
	const char *id = req_query(r, "id");
	struct db *db = req_reader(r);
	struct agency a;
	if (!db)
		return req_error(r, 500, NULL);
	if (!id || agency_get(db, strtoll(id, NULL, 10), &a) != 1 || agency_within(db, a.id, r->user.agency_id) != 1)
		return req_error(r, 404, "没有这个机构。");
	return agency_edit_page(r, &a, req_query(r, "saved") ? "已保存。" : NULL, false);
}

int page_admin_agency_edit(struct req *r)
{
	const char *id = req_form(r, "id");
	struct agency a = {.id = id ? strtoll(id, NULL, 10) : 0};
	char err[256] = "";
	if (a.id <= 0)
		return req_error(r, 404, "没有这个机构。");
	struct agency before;
	if (agency_get(req_reader(r), a.id, &before) == 1)
		a.retired_at = before.retired_at; /* retiring is its own step */
	if (!agency_from_form(r, &a, err, sizeof err))
		return agency_edit_page(r, &a, err, true);
	struct admin_agency_update_job job = {http_actor(r), &a, req_now(r)};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, admin_agency_update, &job, &out);
	if (code == OUTCOME_NOT_FOUND || code == OUTCOME_STORAGE || code == OUTCOME_FORBIDDEN)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK)
		return agency_edit_page(r, &a, out.message, true);
	layout_site_changed(r->app);
	return req_redirect(r, arena_printf(&r->arena, "/admin/agencies/edit?id=%lld&saved=1", (long long)a.id));
}

int page_admin_agency_retire(struct req *r)
{
	const char *id = req_form(r, "id");
	struct admin_agency_retire_job job = {http_actor(r), id ? strtoll(id, NULL, 10) : 0, req_now(r)};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, admin_agency_retire, &job, &out);
	if (code == OUTCOME_STORAGE || code == OUTCOME_NOT_FOUND || code == OUTCOME_FORBIDDEN)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK)
		return agencies_page(r, out.message, true);
	layout_site_changed(r->app);
	return agencies_page(r, "已撤销机构（保留其历史记录）。", false);
}
