/* page_supervise_notice.c — 整改 notices (/admin/supervise/notices, docs/supervision.md): the notices a
 * user may see (those to the own agency; for a supervisor or administrator also those to agencies below
 * it) with their answers, the answer form where the user may answer, and — for a supervisor or
 * administrator — the form to send one (prefilled from the collection page: agency, year, finding). */
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "domain/accounts.h"
#include "http/layout.h"
#include "http/page_annual.h"
#include "http/page_supervise.h"
#include "supervise/collect.h"
#include "supervise/notice.h"
#include "util/china_time.h"

static void notice_row(struct req *r, const struct notice *n, int today)
{
	page_printf(&r->page, "<tr><th scope=\"row\">%h</th><td>%d</td><td>%h %h</td><td>%h</td><td>%h", n->agency_name,
		    n->year, n->rule, n->finding, n->body, annual_http_day(r, n->reply_due));
	if (!n->replied_at && n->reply_due < today)
		page_raw(&r->page, "（已逾期）");
	page_raw(&r->page, "</td><td>");
	struct actor actor = http_actor(r);
	if (n->replied_at) {
		page_printf(&r->page, "已答复（%h）：%h", annual_http_date(r, n->replied_at), n->reply);
	} else if (notice_may_reply(req_reader(r), &actor, n)) {
		page_printf(&r->page,
			    "<form class=\"form\" method=\"post\" action=\"/admin/supervise/notices/reply\">"
			    "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
			    (long long)n->id);
		layout_csrf_field(r);
		page_printf(
		    &r->page,
		    "<p><label for=\"reply-%lld\">答复</label><br><textarea id=\"reply-%lld\" name=\"reply\" "
		    "rows=\"3\" cols=\"30\" required></textarea></p><p><button type=\"submit\">提交答复</button>"
		    "</p></form>",
		    (long long)n->id, (long long)n->id);
	} else {
		page_raw(&r->page, "未答复");
	}
	page_raw(&r->page, "</td></tr>\n");
}

static void send_form(struct req *r, int64_t agency_id, int year, int today)
{
	const char *due = annual_http_day(r, today + 15);
	const char *rule = req_query(r, "rule"), *finding = req_query(r, "finding");
	page_raw(&r->page, "<h2 id=\"send\">发出整改通知</h2>\n<form class=\"form\" method=\"post\" "
			   "action=\"/admin/supervise/notices\">\n");
	layout_csrf_field(r);
	page_raw(&r->page, "<p><label for=\"agency_id\">被通知机关</label> <select id=\"agency_id\" name=\"agency_id\" "
			   "required>\n<option value=\"\">请选择</option>\n");
	supervise_http_agency_options(r, agency_id, supervise_http_id(r, "to"));
	page_printf(
	    &r->page,
	    "</select></p>\n<p><label for=\"n-year\">年度</label> <input id=\"n-year\" name=\"year\" "
	    "inputmode=\"numeric\" size=\"6\" value=\"%d\" required></p>\n"
	    "<p><label for=\"rule\">规则</label> <input id=\"rule\" name=\"rule\" size=\"6\" value=\"%h\"></p>\n"
	    "<p><label for=\"finding\">发现</label> <input id=\"finding\" name=\"finding\" size=\"40\" "
	    "value=\"%h\"></p>\n<p><label for=\"body\">整改要求</label><br><textarea id=\"body\" name=\"body\" "
	    "rows=\"4\" cols=\"40\" required></textarea></p>\n<p><label for=\"reply_due\">答复期限</label> "
	    "<input id=\"reply_due\" name=\"reply_due\" type=\"date\" value=\"%h\" required></p>\n"
	    "<p><button type=\"submit\">发出</button></p>\n</form>\n",
	    year, rule ? rule : "", finding ? finding : "", due);
}

static int notices_page(struct req *r, const char *error, int status)
{
	int year = annual_http_year(req_query(r, "year"));
	struct notice *list = NULL;
	size_t n = 0;
	struct actor actor = http_actor(r);
	if (notice_list(req_reader(r), &actor, year, &list, &n) < 0)
		return req_error(r, 500, NULL);
	int today = china_day(req_now(r));
	struct crumb crumbs[] = {{"工作台", "/admin"}, {"整改通知", NULL}};
	layout_begin(r, &(struct layout){.title = "整改通知",
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	bool supervises = (r->user.roles & (ROLE_ADMIN | ROLE_SUPERVISOR)) != 0;
	if (supervises)
		supervise_http_nav(r, r->user.agency_id, year ? year : annual_http_chosen_year(r));
	layout_notice(r, error, true);
	page_raw(&r->page, "<div class=\"table-wrap\"><table>\n<caption>整改通知（发给本机关的，以及督查的下级机关的）"
			   "</caption>\n<thead><tr><th scope=\"col\">机关</th><th scope=\"col\">年度</th>"
			   "<th scope=\"col\">发现</th><th scope=\"col\">整改要求</th><th scope=\"col\">答复期限</th>"
			   "<th scope=\"col\">答复</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		notice_row(r, &list[i], today);
	if (n == 0)
		page_raw(&r->page, "<tr><td colspan=\"6\">暂无整改通知。</td></tr>\n");
	page_raw(&r->page, "</tbody></table></div>\n");
	free(list);
	if (supervises)
		send_form(r, r->user.agency_id, year ? year : annual_http_chosen_year(r), today);
	layout_end(r);
	return status;
}

int page_supervise_notices(struct req *r)
{
	return notices_page(r, NULL, 200);
}

struct send_job {
	const struct actor *actor;
	struct notice_input in;
	int today;
	int64_t now, id;
};

static enum outcome_code send_notice(struct db *w, void *ctx, struct outcome *out)
{
	struct send_job *j = ctx;
	char err[256] = "";
	j->id = notice_send(w, j->actor, &j->in, j->today, j->now, err, sizeof err);
	if (j->id > 0)
		return OUTCOME_OK;
	if (j->id == 0)
		return outcome_fail(out, OUTCOME_INVALID, NULL, "%s", err);
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改，请稍后重试。");
}

int page_supervise_notice_send(struct req *r)
{
	int64_t to = supervise_http_id(r, "agency_id");
	struct actor actor = http_actor(r);
	if (to && !collect_may_supervise(req_reader(r), &actor, to))
		return req_error(r, 403, "只能向本机关的下级机关发出整改通知。");
	struct send_job job = {.actor = &actor,
			       .in = {.agency_id = to,
				      .year = req_form(r, "year"),
				      .rule = req_form(r, "rule"),
				      .finding = req_form(r, "finding"),
				      .body = req_form(r, "body"),
				      .reply_due = req_form(r, "reply_due")},
			       .today = china_day(req_now(r)),
			       .now = req_now(r)};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, send_notice, &job, &out);
	if (code == OUTCOME_STORAGE)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK)
		return notices_page(r, out.message, 422);
	return req_redirect(r, "/admin/supervise/notices");
}

struct reply_job {
	const struct actor *actor;
	int64_t id, now;
	const char *reply;
};

static enum outcome_code reply_notice(struct db *w, void *ctx, struct outcome *out)
{
	struct reply_job *j = ctx;
	char err[256] = "";
	int rc = notice_reply(w, j->actor, j->id, j->reply, j->now, err, sizeof err);
	if (rc > 0)
		return OUTCOME_OK;
	if (rc == 0)
		return outcome_fail(out, OUTCOME_INVALID, "reply", "%s", err);
	return outcome_fail(out, OUTCOME_STORAGE, NULL, "保存失败，未作任何更改，请稍后重试。");
}

int page_supervise_notice_reply(struct req *r)
{
	int64_t id = supervise_http_id(r, "id");
	struct notice *n = arena_alloc(&r->arena, sizeof *n);
	int rc = id ? notice_get(req_reader(r), id, n) : 0;
	if (rc < 0)
		return req_error(r, 500, NULL);
	struct actor actor = http_actor(r);
	if (rc == 0 || !notice_visible(req_reader(r), &actor, n))
		return req_error(r, 404, "没有这个整改通知。");
	if (!notice_may_reply(req_reader(r), &actor, n))
		return req_error(r, 403, "只有被通知机关的编辑、审批领导或管理员可以答复。");
	struct reply_job job = {&actor, id, req_now(r), req_form(r, "reply")};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, reply_notice, &job, &out);
	if (code == OUTCOME_STORAGE)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK)
		return notices_page(r, out.message, 422);
	return req_redirect(r, "/admin/supervise/notices");
}
