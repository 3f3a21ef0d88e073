/* page_info_admin_review.c — the item view of the back office (metadata, body preview, trail, and the
 * action forms the user may use in the item's state), the POST that runs an action (submit, 保密审查,
 * 领导审批, publish now or at a time, withdraw, validity), the 待办 queue and the user's own history
 * (the reviewer's record of decisions and opinions). */
#include <stdlib.h>
#include <string.h>

#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_info.h"
#include "http/page_info_attach.h"
#include "http/page_info_check.h"
#include "http/page_info_meta.h"
#include "info/info_check.h"
#include "util/china_time.h"

static void links(struct req *r)
{
	page_raw(&r->page,
		 "<p class=\"link-list\"><a href=\"/admin/info\">信息列表</a> · <a href=\"/admin/info/review\">"
		 "待办队列</a> · <a href=\"/admin/info/history\">我的处理记录</a></p>\n");
}

static void action_form(struct req *r, int64_t id, const char *action, const char *button, const char *extra_label,
			const char *extra_name, bool extra_required)
{
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/info/action\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input type=\"hidden\" name=\"action\" "
		    "value=\"%h\">\n",
		    (long long)id, action);
	if (extra_name)
		page_printf(&r->page, "<p><label for=\"%h-%h\">%h</label>\n<input id=\"%h-%h\" name=\"%h\"%h></p>\n",
			    action, extra_name, extra_label, action, extra_name, extra_name,
			    extra_required ? " required" : "");
	page_printf(&r->page, "<p><button type=\"submit\">%h</button></p>\n</form>\n", button);
}

static void review_forms(struct req *r, int64_t id)
{
	page_raw(&r->page, "<h2>保密审查</h2>\n<form class=\"form\" method=\"post\" action=\"/admin/info/action\">\n");
	layout_csrf_field(r);
	page_printf(&r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%lld\"><input type=\"hidden\" name=\"action\" "
		    "value=\"review\">\n",
		    (long long)id);
	page_raw(&r->page,
		 "<fieldset><legend>审查结论</legend>\n"
		 "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"pass\" required> "
		 "通过（不涉密）</label>\n"
		 "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"return\"> 退回修改</label>\n"
		 "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"classified\"> 涉密，不予公开"
		 "</label></fieldset>\n<p><label for=\"opinion\">审查意见（退回或认定涉密时必填）</label>\n"
		 "<textarea id=\"opinion\" name=\"opinion\" rows=\"3\"></textarea></p>\n"
		 "<p><button type=\"submit\">提交审查结论</button></p>\n</form>\n");
}

static void actions(struct req *r, const struct info_item *it)
{
	unsigned roles = r->user.roles;
	if ((it->status == INFO_DRAFT || it->status == INFO_RETURNED) && (roles & ROLE_EDITOR)) {
		page_printf(&r->page, "<p><a href=\"/admin/info/edit?id=%lld\">修改</a></p>\n", (long long)it->id);
		action_form(r, it->id, "submit", "提交保密审查", NULL, NULL, false);
	}
	if (it->status == INFO_SUBMITTED && (roles & ROLE_REVIEWER))
		review_forms(r, it->id);
	if (it->status == INFO_REVIEWED && (roles & ROLE_LEADER)) {
		action_form(r, it->id, "approve", "同意发布", "审批意见", "opinion", false);
		action_form(r, it->id, "reject", "退回修改", "退回理由", "opinion", true);
	}
	if (it->status == INFO_APPROVED && (roles & (ROLE_EDITOR | ROLE_LEADER)))
		action_form(r, it->id, "publish", "发布", "定时发布（留空立即发布，格式 YYYY-MM-DD HH:MM）",
			    "publish_at", false);
	if (it->status == INFO_PUBLISHED && (roles & (ROLE_EDITOR | ROLE_LEADER | ROLE_ADMIN)))
		action_form(r, it->id, "withdraw", "撤回", "撤回原因（必填，将在公开页面显示）", "reason", true);
}

/* The confirmation after an action (?done=…, set by the redirects of the edit, action and attachment
 * POSTs), NULL when there is none. */
static const char *done_message(const char *done)
{
	static const struct {
		const char *done, *message;
	} messages[] = {
	    {"saved", "已保存。"},
	    {"submit", "已提交保密审查，请等待审查结论。"},
	    {"pass", "审查结论已提交：通过（不涉密）。"},
	    {"return", "已退回编辑修改，审查意见已告知编辑。"},
	    {"classified", "审查结论已提交：认定涉密，该信息不予公开。"},
	    {"approve", "已同意发布。"},
	    {"reject", "已退回修改，退回理由已告知编辑。"},
	    {"publish", "已发布，公众现在可以看到这条信息。"},
	    {"scheduled", "已设定定时发布，到时自动公开。"},
	    {"withdraw", "已撤回，公开页面将显示撤回说明。"},
	    {"override", "已确认错敏提示无误。"},
	};
	for (size_t i = 0; done && i < sizeof messages / sizeof messages[0]; i++)
		if (strcmp(messages[i].done, done) == 0)
			return messages[i].message;
	return NULL;
}

static void trail(struct req *r, int64_t id)
{
	struct info_step *steps;
	size_t n;
	if (info_item_trail(req_reader(r), id, &steps, &n) < 0)
		return;
	page_raw(&r->page,
		 "<h2>办理记录</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">时间</th>"
		 "<th scope=\"col\">人员</th><th scope=\"col\">操作</th><th scope=\"col\">状态</th>"
		 "<th scope=\"col\">意见</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		int to = info_status_parse(steps[i].to_status);
		page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			    info_http_time(r, steps[i].at), steps[i].user_name, info_http_step(steps[i].action),
			    to >= 0 ? info_status_zh((enum info_status)to) : steps[i].to_status,
			    *steps[i].opinion ? steps[i].opinion : "—");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
	info_steps_free(steps, n);
}

int page_info_admin_view(struct req *r)
{
	int64_t id = req_positive(req_query(r, "id"));
	struct info_item it;
	if (!id || info_item_get(req_reader(r), id, &it) != 1)
		return req_error(r, 404, "没有这条信息。");
	if (it.agency_id != r->user.agency_id) {
		info_item_free(&it);
		return req_error(r, 404, "没有这条信息。");
	}
	struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {it.title, NULL}};
	layout_begin(r, &(struct layout){.title = it.title,
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	links(r);
	const char *done = done_message(req_query(r, "done"));
	if (done)
		page_printf(&r->page, "<div class=\"notice\" role=\"status\" id=\"done\"><p>%h</p></div>\n", done);
	const char *warn = req_query(r, "warn");
	if (warn && strcmp(warn, "doc_no") == 0)
		page_printf(&r->page,
			    "<div class=\"notice\"><p>注意：文号“%h”已被本机关的其他信息使用，请核对。</p></div>\n",
			    it.doc_no);
	char formed[CAL_ISO_SIZE], due[CAL_ISO_SIZE];
	page_printf(
	    &r->page,
	    "<table class=\"info-meta\"><tr><th scope=\"row\">索引号</th><td>%h</td></tr>\n"
	    "<tr><th scope=\"row\">状态</th><td>%h</td></tr>\n<tr><th scope=\"row\">类别</th><td>%h</td></tr>\n"
	    "<tr><th scope=\"row\">文号</th><td>%h</td></tr>\n<tr><th scope=\"row\">生成日期</th><td>%h</td></tr>\n",
	    it.index_no, info_status_zh(it.status), it.category_name, *it.doc_no ? it.doc_no : "—",
	    info_http_date(it.formed_on, formed));
	if (it.published_at)
		page_printf(&r->page, "<tr><th scope=\"row\">发布时间</th><td>%h%h%h%h</td></tr>\n",
			    info_http_time(r, it.published_at), it.published_at > req_now(r) ? "（定时发布）" : "",
			    it.late ? "（逾期公开，应于 " : "",
			    it.late ? arena_printf(&r->arena, "%s 前公开）", info_http_date(it.due_on, due)) : "");
	page_raw(&r->page, "</table>\n");
	if (info_item_public(&it, req_now(r)))
		page_printf(&r->page, "<p><a href=\"%h\">查看公开页面</a></p>\n", info_http_item_path(r, it.id));
	info_check_admin_section(r, &it); /* 错敏 and personal-data findings (page_info_check.c) */
	info_meta_admin_section(r, &it);  /* 主题分类, 有效性 and 替代文件 (page_info_meta.c) */
	actions(r, &it);
	page_raw(&r->page, "<h2>正文预览</h2>\n<div class=\"info-body\">\n");
	page_trusted_html(&r->page, it.body_html); /* cmark with CMARK_OPT_SAFE */
	page_raw(&r->page, "</div>\n");
	info_attach_admin_section(r, &it, NULL); /* page_info_attach.c */
	trail(r, it.id);
	layout_end(r);
	info_item_free(&it);
	return 200;
}

/* Runs the posted action inside a write transaction. */
static enum outcome_code run_action(struct req *r, struct db *w, int64_t id, const char *action, struct outcome *out)
{
	struct actor actor = http_actor(r);
	int64_t now = req_now(r);
	if (strcmp(action, "submit") == 0)
		return info_submit(w, &actor, id, now, out);
	if (strcmp(action, "review") == 0) {
		int decision = info_decision_parse(req_form(r, "decision"));
		if (decision < 0)
			return info_invalid(out, "decision", "审查结论：请选择通过、退回或涉密");
		return info_review(w, &actor, id, (enum info_decision)decision, req_form(r, "opinion"), now, out);
	}
	if (strcmp(action, "approve") == 0 || strcmp(action, "reject") == 0)
		return info_approve(w, &actor, id, action[0] == 'a', req_form(r, "opinion"), now, out);
	if (strcmp(action, "publish") == 0) {
		int64_t at;
		if (info_http_parse_time(req_form(r, "publish_at"), &at) < 0)
			return info_invalid(out, "publish_at", "定时发布时间：格式应为 YYYY-MM-DD HH:MM");
		return info_publish(w, &actor, id, at, info_http_calendar(r), now, out);
	}
	if (strcmp(action, "withdraw") == 0)
		return info_withdraw(w, &actor, id, req_form(r, "reason"), now, out);
	if (strcmp(action, "override") == 0)
		return info_check_override(w, &actor, id, req_form(r, "reason"), now, out);
	return info_invalid(out, "action", "未知的操作");
}

struct action_job {
	struct req *r;
	int64_t id;
	const char *action;
};

static enum outcome_code action_job(struct db *w, void *ctx, struct outcome *out)
{
	struct action_job *j = ctx;
	return run_action(j->r, w, j->id, j->action, out);
}

int page_info_admin_action(struct req *r)
{
	int64_t id = req_positive(req_form(r, "id"));
	const char *action = req_form(r, "action");
	if (!id || !action)
		return req_error(r, 400, "缺少信息编号或操作。");
	struct outcome out;
	struct action_job job = {r, id, action};
	if (store_write(r->app->store, action_job, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out);
	const char *done = action;
	if (strcmp(action, "review") == 0)
		done = req_form(r, "decision"); /* pass | return | classified (parsed by run_action) */
	else if (strcmp(action, "publish") == 0 && req_form(r, "publish_at") && *req_form(r, "publish_at"))
		done = "scheduled";
	return req_redirect(r, arena_printf(&r->arena, "/admin/info/view?id=%lld&done=%s", (long long)id, done));
}

static void queue_section(struct req *r, const char *heading, enum info_status status)
{
	struct info_row *rows;
	size_t n;
	if (info_item_list(req_reader(r), r->user.agency_id, status, false, 100, 0, &rows, &n) < 0)
		return;
	page_printf(&r->page, "<h2>%h（%zu）</h2>\n", heading, n);
	if (n == 0)
		page_raw(&r->page, "<p class=\"muted\">暂无。</p>\n");
	else
		page_raw(&r->page, "<ul class=\"link-list\">\n");
	for (size_t i = 0; i < n; i++)
		page_printf(
		    &r->page,
		    "<li><a href=\"/admin/info/view?id=%lld\">%h</a> <span class=\"muted\">%h · %h</span></li>\n",
		    (long long)rows[i].id, rows[i].title, rows[i].index_no, info_http_time(r, rows[i].updated_at));
	if (n)
		page_raw(&r->page, "</ul>\n");
	free(rows);
}

int page_info_admin_queue(struct req *r)
{
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"待办队列", NULL}};
	layout_begin(r, &(struct layout){.title = "待办队列",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	links(r);
	if (r->user.roles & ROLE_REVIEWER)
		queue_section(r, "待保密审查", INFO_SUBMITTED);
	if (r->user.roles & ROLE_LEADER)
		queue_section(r, "待领导审批", INFO_REVIEWED);
	if (r->user.roles & (ROLE_EDITOR | ROLE_LEADER))
		queue_section(r, "待发布", INFO_APPROVED);
	if (r->user.roles & ROLE_EDITOR)
		queue_section(r, "被退回待修改", INFO_RETURNED);
	layout_end(r);
	return 200;
}

int page_info_admin_history(struct req *r)
{
	static const struct crumb crumbs[] = {{"主动公开信息", "/admin/info"}, {"我的处理记录", NULL}};
	struct info_step *steps;
	size_t n;
	if (info_review_history(req_reader(r), r->user.id, 200, &steps, &n) < 0)
		return req_error(r, 500, NULL);
	layout_begin(r, &(struct layout){.title = "我的处理记录",
					 .column = COLUMN_ADMIN_INFO,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	links(r);
	if (n == 0)
		page_raw(&r->page, "<div class=\"notice\"><p>还没有处理记录。</p></div>\n");
	else
		page_raw(&r->page,
			 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">"
			 "信息</th><th scope=\"col\">操作</th><th scope=\"col\">意见</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		page_printf(
		    &r->page,
		    "<tr><td>%h</td><td><a href=\"/admin/info/view?id=%lld\">%h</a></td><td>%h</td><td>%h</td></tr>\n",
		    info_http_time(r, steps[i].at), (long long)steps[i].item_id, steps[i].item_title,
		    info_http_step(steps[i].action), *steps[i].opinion ? steps[i].opinion : "—");
	if (n)
		page_raw(&r->page, "</tbody></table></div>\n");
	layout_end(r);
	info_steps_free(steps, n);
	return 200;
}
