/* page_tokens.c — 访问令牌 (/admin/tokens): every staff user sees, creates and revokes their own API
 * tokens; an administrator sees and revokes everyone's. Each token is listed with its number,
 * label, owner, creation time, expiry, last use and state — never the token itself, which is shown
 * once when it is created. Forms carry the CSRF token (the router checks it); the writes and their
 * audit entries are the store jobs admin_token_create / admin_token_revoke (domain/admin.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "domain/admin.h"
#include "domain/tokens.h"
#include "http/handlers.h"
#include "http/layout.h"
#include "util/china_time.h"

/* "YYYY-MM-DD HH:MM" (China time) of t, or fallback for 0. */
static const char *when(struct req *r, int64_t t, const char *fallback)
{
	if (!t)
		return fallback;
	char text[CHINA_TIME_SIZE];
	return arena_strdup(&r->arena, china_time_format(t, CHINA_MINUTE, text));
}

static void token_row(struct req *r, const struct api_token *t, bool admin)
{
	const char *state = token_state(t, req_now(r));
	page_printf(&r->page, "<tr><td>%lld</td><td>%h</td>", (long long)t->id, t->label[0] ? t->label : "（无说明）");
	if (admin)
		page_printf(&r->page, "<td>%h</td>", t->user_name);
	page_printf(&r->page, "<td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>", when(r, t->created_at, "-"),
		    when(r, t->expires_at, "永不过期"), when(r, t->last_used_at, "从未使用"), state);
	if (strcmp(state, "有效") == 0) {
		page_raw(&r->page, "<form method=\"post\" action=\"/admin/tokens/revoke\">");
		layout_csrf_field(r);
		page_printf(&r->page,
			    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" "
			    "class=\"secondary\" aria-label=\"撤销令牌 %lld\">撤销</button></form>",
			    (long long)t->id, (long long)t->id);
	}
	page_raw(&r->page, "</td></tr>\n");
}

static void create_form(struct req *r)
{
	page_raw(&r->page, "<h2 id=\"new-token\">新建访问令牌</h2>\n<form class=\"form\" method=\"post\" "
			   "action=\"/admin/tokens\" aria-labelledby=\"new-token\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<p><label for=\"label\">说明</label>\n<input id=\"label\" name=\"label\" maxlength=\"100\" "
		    "aria-describedby=\"label-help\">\n<span id=\"label-help\" class=\"help\">例如令牌的用途或使用它的"
		    "系统。</span></p>\n<p><label for=\"days\">有效天数</label>\n<input id=\"days\" name=\"days\" "
		    "type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"%d\" value=\"%d\" required></p>\n"
		    "<p><button type=\"submit\">新建令牌</button></p>\n</form>\n",
		    TOKEN_DAYS_MAX, r->app->cfg->token_days);
}

/* The page, with an optional notice; token (when not NULL) is the one just created, shown once. */
static int tokens_page(struct req *r, const char *message, bool is_error, const char *token)
{
	struct db *db = req_reader(r);
	bool admin = r->user.roles & ROLE_ADMIN;
	struct api_token *list = NULL;
	size_t n = 0;
	if (!db || token_list(db, admin ? 0 : r->user.id, &list, &n) != 0)
		return req_error(r, 500, NULL);
	struct crumb c = {"访问令牌", NULL};
	layout_begin(r, &(struct layout){.title = "访问令牌",
					 .column = COLUMN_ADMIN_HOME,
					 .column_type = "后台",
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true});
	layout_notice(r, message, is_error);
	if (token)
		page_printf(&r->page,
			    "<div class=\"notice\" role=\"status\"><p>新令牌（只显示这一次，请立即保存）：</p>"
			    "<p><code id=\"new-token-value\">%h</code></p></div>\n",
			    token);
	page_raw(&r->page, "<p>访问令牌用于程序调用接口（请求头 Authorization: Bearer 令牌）。"
			   "不再使用的令牌请及时撤销；令牌到期后自动失效。</p>\n");
	page_printf(&r->page, "<div class=\"table-wrap\"><table>\n<caption>%h</caption>\n<thead><tr>",
		    admin ? "全部访问令牌" : "我的访问令牌");
	page_raw(&r->page, "<th scope=\"col\">编号</th><th scope=\"col\">说明</th>");
	if (admin)
		page_raw(&r->page, "<th scope=\"col\">用户</th>");
	page_raw(&r->page,
		 "<th scope=\"col\">创建时间</th><th scope=\"col\">有效期至</th><th scope=\"col\">最近使用</th>"
		 "<th scope=\"col\">状态</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		token_row(r, &list[i], admin);
	if (n == 0)
		page_printf(&r->page, "<tr><td colspan=\"%d\">暂无访问令牌。</td></tr>\n", admin ? 8 : 7);
	page_raw(&r->page, "</tbody></table></div>\n");
	create_form(r);
	layout_end(r);
	free(list);
	return is_error ? 422 : 200;
}

int page_tokens(struct req *r)
{
	return tokens_page(r, NULL, false, NULL);
}

int page_tokens_create(struct req *r)
{
	const char *label = req_form(r, "label"), *days_text = req_form(r, "days");
	char *end = NULL, err[256] = "";
	long days = days_text ? strtol(days_text, &end, 10) : 0;
	if (!days_text || !*days_text || *end || days < 1 || days > TOKEN_DAYS_MAX) {
		snprintf(err, sizeof err, "“有效天数”须为 1–%d 之间的整数，未创建令牌。", TOKEN_DAYS_MAX);
		return tokens_page(r, err, true, NULL);
	}
	struct admin_token_create_job job = {
	    .actor = http_actor(r), .name = r->user.name, .label = label, .now = req_now(r), .days = (int)days};
	struct outcome out;
	if (store_write(r->app->store, admin_token_create, &job, &out) != OUTCOME_OK)
		return out.code == OUTCOME_STORAGE ? http_outcome_fail(r, &out)
						   : tokens_page(r, out.message, true, NULL);
	req_add_header(r, "Cache-Control", "no-store");
	int status = tokens_page(r, "已创建访问令牌。", false, job.token);
	explicit_bzero(job.token, sizeof job.token);
	return status;
}

int page_tokens_revoke(struct req *r)
{
	const char *id_text = req_form(r, "id");
	char *end = NULL;
	long long id = id_text ? strtoll(id_text, &end, 10) : 0;
	if (!id_text || *end || id <= 0)
		return tokens_page(r, "“令牌编号”无效，未作任何更改。", true, NULL);
	struct admin_token_revoke_job job = {http_actor(r), (int64_t)id, req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, admin_token_revoke, &job, &out) != OUTCOME_OK)
		return out.code == OUTCOME_STORAGE || out.code == OUTCOME_NOT_FOUND
			   ? http_outcome_fail(r, &out)
			   : tokens_page(r, out.message, true, NULL);
	char msg[96];
	snprintf(msg, sizeof msg, "已撤销令牌 %lld，使用它的程序将无法再访问接口。", id);
	return tokens_page(r, msg, false, NULL);
}
