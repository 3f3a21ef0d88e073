/* acting.c — the one place that decides which agency a back-office page acts for (代表机关), and the
 * picker that records the choice; see acting.h. The cookie holds only an agency id: it is checked
 * against the user's subtree on every request, so a stale or forged value falls back to the user's
 * own agency and never reaches another county. */
#include "http/acting.h"

#include <stdlib.h>
#include <string.h>

#include "http/layout.h"

bool acting_can_pick(const struct req *r)
{
	return r->logged_in && (r->user.roles & ACTING_ROLES) != 0;
}

/* A positive id from text, else 0. */
static int64_t id_of(const char *text)
{
	if (!text || !*text)
		return 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	return *end || v <= 0 ? 0 : (int64_t)v;
}

/* Whether the user may act for agency id (their own, or an active one below it). */
static bool within_reach(struct req *r, int64_t id)
{
	if (id == r->user.agency_id)
		return true;
	struct db *db = req_reader(r);
	struct agency a;
	return db && agency_within(db, id, r->user.agency_id) == 1 && agency_get(db, id, &a) == 1 && !a.retired_at;
}

int64_t acting_agency(struct req *r)
{
	if (!acting_can_pick(r))
		return r->user.agency_id;
	const char *sources[] = {req_query(r, "agency"), req_form(r, "agency"), req_cookie(r, ACTING_COOKIE)};
	for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
		int64_t id = id_of(sources[i]);
		if (id && within_reach(r, id))
			return id;
	}
	return r->user.agency_id;
}

bool acting_for_other(struct req *r)
{
	return acting_agency(r) != r->user.agency_id;
}

int acting_choices(struct req *r, struct agency **out, size_t *n)
{
	struct db *db = req_reader(r);
	if (!db)
		return -1;
	if (acting_can_pick(r))
		return agency_subtree(db, r->user.agency_id, true, out, n);
	*out = xmalloc(sizeof **out);
	*n = 0;
	if (agency_get(db, r->user.agency_id, *out) == 1)
		*n = 1;
	return 0;
}

/* The page to go back to: a back-office path, else the workbench. */
static const char *back_path(const char *given)
{
	return given && strncmp(given, "/admin", 6) == 0 && !strchr(given, '\\') && strncmp(given, "//", 2) != 0
		   ? given
		   : "/admin";
}

int page_acting_form(struct req *r)
{
	struct agency *list = NULL;
	size_t n = 0;
	if (acting_choices(r, &list, &n) != 0)
		return req_error(r, 500, NULL);
	int64_t current = acting_agency(r);
	const char *back = back_path(req_query(r, "back"));
	struct crumb c = {"代表机关", NULL};
	layout_begin(r, &(struct layout){.title = "选择代表的机关",
					 .column = COLUMN_ADMIN_HOME,
					 .column_type = "后台",
					 .crumbs = &c,
					 .crumb_count = 1,
					 .backoffice = true,
					 .acting = true});
	if (!acting_can_pick(r)) {
		page_raw(&r->page,
			 "<p>您的账号只代表本机关办理。管理员和公开办督查人员可以代表本机关的下级机关。</p>\n");
		layout_end(r);
		free(list);
		return 200;
	}
	page_raw(&r->page,
		 "<p class=\"lead\">选择后，年度报告、记录和数字等按机关办理的页面都显示所选机关的内容，"
		 "页首标明代表的机关。只能选择本机关及其下级机关；下级机关的审批、发布由该机关自己办理。</p>\n"
		 "<form class=\"form\" method=\"post\" action=\"/admin/acting\">\n");
	layout_csrf_field(r);
	page_printf(&r->page, "<input type=\"hidden\" name=\"back\" value=\"%h\">\n", back);
	page_raw(&r->page, "<p><label for=\"agency\">代表机关</label>\n<select id=\"agency\" name=\"agency\">\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h%h%h</option>\n",
			    arena_printf(&r->arena, "%lld", (long long)list[i].id),
			    list[i].id == current ? " selected" : "",
			    arena_printf(&r->arena, "%.*s", list[i].depth > 6 ? 18 : list[i].depth * 3,
					 "　　　　　　　　　　　　　　　　　　"),
			    list[i].name, list[i].external ? "（外部）" : "");
	page_raw(&r->page, "</select></p>\n<p><button type=\"submit\">确定</button></p>\n</form>\n");
	layout_end(r);
	free(list);
	return 200;
}

int page_acting_set(struct req *r)
{
	int64_t id = id_of(req_form(r, "agency"));
	if (!acting_can_pick(r) || !id || !within_reach(r, id))
		return req_error(r, 403, "只能代表本机关及其下级机关。");
	if (id == r->user.agency_id)
		req_set_cookie(r, ACTING_COOKIE, "", 0);
	else
		req_set_cookie(r, ACTING_COOKIE, arena_printf(&r->arena, "%lld", (long long)id), -1);
	return req_redirect(r, back_path(req_form(r, "back")));
}
