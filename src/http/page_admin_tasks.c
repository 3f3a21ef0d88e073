/* page_admin_tasks.c — the 工作台's task list: what each role has to do now, counted from the records
 * (items waiting for review or approval, items published late, applications due soon or overdue).
 * Each line links to the list that holds the records. */
#include <stdlib.h>

#include "apply/apply.h"
#include "domain/calendar_cache.h"
#include "http/handlers.h"
#include "http/page_admin_tasks.h"
#include "info/info.h"
#include "util/china_time.h"

/* Number of the agency's items in status (or late, when status == -1 and late), 0 on error. */
static size_t count_items(struct db *db, int64_t agency_id, int status, bool late)
{
	struct info_row *rows = NULL;
	size_t n = 0;
	int64_t total = info_item_list(db, agency_id, status, late, 1, 0, &rows, &n);
	free(rows);
	return total > 0 ? (size_t)total : 0;
}

static void task_line(struct req *r, size_t count, const char *href, const char *text, const char *why)
{
	page_printf(&r->page, "<li><a href=\"%h\">%h：<strong>%zu</strong> 件</a>", href, text, count);
	if (why)
		page_printf(&r->page, "<span class=\"task-why\">（%h）</span>", why);
	page_raw(&r->page, "</li>\n");
}

size_t workbench_info_tasks(struct req *r, struct db *db)
{
	unsigned roles = r->user.roles;
	int64_t agency = r->user.agency_id;
	size_t lines = 0, n;
	if ((roles & ROLE_REVIEWER) && (n = count_items(db, agency, INFO_SUBMITTED, false)) > 0)
		task_line(r, n, "/admin/info/review", "待保密审查的信息", "先审查后公开"), lines++;
	if ((roles & ROLE_LEADER) && (n = count_items(db, agency, INFO_REVIEWED, false)) > 0)
		task_line(r, n, "/admin/info/review", "待领导审批的信息", NULL), lines++;
	if (roles & (ROLE_EDITOR | ROLE_LEADER)) {
		if ((n = count_items(db, agency, INFO_APPROVED, false)) > 0)
			task_line(r, n, "/admin/info?status=approved", "审查通过待发布的信息", NULL), lines++;
		if ((n = count_items(db, agency, INFO_RETURNED, false)) > 0)
			task_line(r, n, "/admin/info?status=returned", "被退回修改的信息", NULL), lines++;
		if ((n = count_items(db, agency, -1, true)) > 0)
			task_line(r, n, "/admin/info?late=1", "超过 20 个工作日才发布的信息",
				  "条例第二十六条：自形成或者变更之日起 20 个工作日内公开"),
			    lines++;
	}
	return lines;
}

/* Editors: proposals to turn released information into 主动公开 items (条例第四十四条). */
static size_t publication_tasks(struct req *r, struct db *db)
{
	struct apply_publication *v = NULL;
	size_t n = 0, open = 0;
	if (apply_publications(db, r->user.agency_id, &v, &n) == 0)
		for (size_t i = 0; i < n; i++)
			open += v[i].item_id == 0;
	free(v);
	if (open)
		task_line(r, open, "/admin/applications/proposals", "依申请公开转主动公开建议", "条例第四十四条");
	return open ? 1 : 0;
}

size_t workbench_apply_tasks(struct req *r, struct db *db)
{
	size_t proposals = (r->user.roles & ROLE_EDITOR) ? publication_tasks(r, db) : 0;
	if (!(r->user.roles & (ROLE_HANDLER | ROLE_LEADER)))
		return proposals;
	struct apply_counts c = {0};
	int64_t handler = (r->user.roles & ROLE_LEADER) ? 0 : r->user.id;
	if (apply_counts(db, calendar_cache_get(r->app->calendars, r->app->store, r->id), r->user.agency_id, handler,
			 china_day(req_now(r)), &c) != 0)
		return proposals;
	/* a handler's counts are their own plus the unassigned ones: the same rows as the list with mine=1 */
	const char *mine = handler ? "&mine=1" : "";
	size_t lines = proposals;
	if (c.overdue)
		task_line(r, c.overdue, arena_printf(&r->arena, "/admin/applications?filter=overdue%s", mine),
			  "已超过答复期限的申请", "条例第三十三条：20 个工作日内答复"),
		    lines++;
	if (c.due_soon)
		task_line(r, c.due_soon, arena_printf(&r->arena, "/admin/applications?filter=due_soon%s", mine),
			  "5 个工作日内到期的申请", NULL),
		    lines++;
	if (c.unconfirmed)
		task_line(r, c.unconfirmed, arena_printf(&r->arena, "/admin/applications?filter=unconfirmed%s", mine),
			  "待确认收到的网上、传真、信件申请", "条例第三十一条：以双方确认之日为收到申请之日"),
		    lines++;
	if (c.paused)
		task_line(r, c.paused, arena_printf(&r->arena, "/admin/applications?filter=paused%s", mine),
			  "暂停计时的申请（补正、征求意见、缴费）", NULL),
		    lines++;
	if (c.open && lines == proposals)
		task_line(r, c.open, arena_printf(&r->arena, "/admin/applications?filter=open%s", mine), "办理中的申请",
			  NULL),
		    lines++;
	return lines;
}
