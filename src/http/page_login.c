/* page_login.c — 登录, 退出 and 修改密码. The form pages are public or staff pages; the dispatcher
 * has already checked the CSRF token and the origin of every POST here (router.h). Passwords are
 * only ever passed to the accounts domain, never logged or echoed back. */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "http/layout.h"

/* Writes the login form, with an optional message (role=alert so screen readers announce it). */
static void login_form(struct req *r, const char *message, bool is_error, const char *name)
{
	struct crumb c = {"工作人员登录", NULL};
	layout_begin(r, &(struct layout){.title = "工作人员登录", .crumbs = &c, .crumb_count = 1});
	if (message)
		page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n",
			    is_error ? " notice-error" : "", is_error ? "alert" : "status", message);
	page_raw(&r->page, "<form class=\"form narrow\" method=\"post\" action=\"/login\">\n");
	layout_csrf_field(r);
	page_printf(&r->page, "<input type=\"hidden\" name=\"next\" value=\"%h\">\n",
		    req_safe_local_path(req_query(r, "next") ? req_query(r, "next") : req_form(r, "next")));
	page_printf(
	    &r->page,
	    "<p><label for=\"name\">用户名</label>\n"
	    "<input id=\"name\" name=\"name\" type=\"text\" autocomplete=\"username\" required maxlength=\"63\" "
	    "value=\"%h\"></p>\n",
	    name ? name : "");
	page_raw(
	    &r->page,
	    "<p><label for=\"password\">密码</label>\n"
	    "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
	    "required maxlength=\"256\"></p>\n"
	    "<p><button type=\"submit\">登录</button></p>\n</form>\n"
	    "<p class=\"muted\">本系统仅供政府信息公开工作人员使用。连续多次输入错误的密码，账号将被暂时锁定。</p>\n");
	layout_end(r);
}

int page_login_form(struct req *r)
{
	const char *out = req_query(r, "out");
	login_form(r, out ? "您已安全退出。" : NULL, false, NULL);
	return 200;
}

int page_login_submit(struct req *r)
{
	const char *name = req_form(r, "name");
	const char *password = req_form(r, "password");
	if (!name || !*name || !password || !*password) {
		login_form(r, "请输入用户名和密码。", true, name);
		return 200;
	}
	struct session_out s;
	enum login_result res =
	    accounts_login(r->app->store, &r->app->policy, name, password, r->client_ip, req_now(r), &s);
	if (res == LOGIN_ERROR)
		return req_error(r, 503, "数据库暂时无法写入，未能登录，请稍后重试。");
	if (res != LOGIN_OK) {
		char msg[256];
		if (res == LOGIN_LOCKED)
			snprintf(msg, sizeof msg, "%s（约 %lld 分钟后可再试）", login_result_message(res),
				 (long long)(s.retry_after + 59) / 60);
		else
			snprintf(msg, sizeof msg, "%s", login_result_message(res));
		login_form(r, msg, true, name);
		return 200;
	}
	req_set_cookie(r, "gk_session", s.id, -1);
	req_set_cookie(r, "gk_csrf", "", 0);
	explicit_bzero(&s, sizeof s);
	const char *next = req_safe_local_path(req_form(r, "next"));
	return req_redirect(r, strcmp(next, "/") == 0 ? "/admin" : next);
}

static enum outcome_code end_session(struct db *w, void *session_cookie, struct outcome *out)
{
	if (session_logout(w, session_cookie) < 0)
		return outcome_fail(out, OUTCOME_STORAGE, NULL, "退出登录失败，请稍后重试。");
	return OUTCOME_OK;
}

int page_logout(struct req *r)
{
	struct outcome out;
	if (store_write(r->app->store, end_session, (void *)r->session_cookie, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	r->logged_in = false;
	req_set_cookie(r, "gk_session", "", 0);
	return req_redirect(r, "/login?out=1");
}

static void password_form(struct req *r, const char *message, bool is_error)
{
	struct crumb c = {"修改密码", NULL};
	layout_begin(r, &(struct layout){.title = "修改密码",
					 .column = COLUMN_ADMIN_PASSWORD,
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true});
	if (message)
		page_printf(&r->page, "<div class=\"notice%h\" role=\"%h\"><p>%h</p></div>\n",
			    is_error ? " notice-error" : "", is_error ? "alert" : "status", message);
	page_raw(&r->page, "<form class=\"form narrow\" method=\"post\" action=\"/account/password\">\n");
	layout_csrf_field(r);
	page_printf(
	    &r->page,
	    "<p><label for=\"old\">当前密码</label>\n<input id=\"old\" name=\"old\" type=\"password\" "
	    "autocomplete=\"current-password\" required></p>\n"
	    "<p><label for=\"new\">新密码</label>\n<input id=\"new\" name=\"new\" type=\"password\" "
	    "autocomplete=\"new-password\" required maxlength=\"%d\" aria-describedby=\"new-help\">\n"
	    "<span id=\"new-help\" class=\"help\">至少 %d "
	    "个字符，不能只包含一类字符。修改后其他设备上的登录将失效。</span></p>\n"
	    "<p><label for=\"confirm\">确认新密码</label>\n<input id=\"confirm\" name=\"confirm\" type=\"password\" "
	    "autocomplete=\"new-password\" required></p>\n"
	    "<p><button type=\"submit\">修改密码</button></p>\n</form>\n",
	    PASSWORD_MAX_LEN, PASSWORD_MIN_LEN);
	layout_end(r);
}

int page_password_form(struct req *r)
{
	password_form(r, req_query(r, "done") ? "密码已修改。" : NULL, false);
	return 200;
}

int page_password_submit(struct req *r)
{
	const char *old = req_form(r, "old");
	const char *new_password = req_form(r, "new");
	const char *confirm = req_form(r, "confirm");
	if (!old || !new_password || !confirm || strcmp(new_password, confirm) != 0) {
		password_form(r, "“新密码”与“确认新密码”不一致，密码未修改。", true);
		return 200;
	}
	char err[256];
	int rc = accounts_change_password(r->app->store, r->user.id, old, new_password, r->session_cookie, r->client_ip,
					  req_now(r), err, sizeof err);
	if (rc == -2)
		return req_error(r, 503, err);
	if (rc != 0) {
		password_form(r, err, true);
		return 200;
	}
	return req_redirect(r, "/account/password?done=1");
}
