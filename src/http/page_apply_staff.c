/* page_apply_staff.c — the back office of 依申请公开: supervision lists (督办: due within 5 working
 * days, overdue, paused, awaiting confirmation, concluded; per agency and per handler, with counts)
 * and staff intake of applications made in person, by letter, by fax or orally (代为填写), which
 * hands the applicant's query code to the clerk once. Personal data in lists is masked. */
#include <stdlib.h>
#include <string.h>

#include "http/layout.h"
#include "http/page_apply.h"

static const struct crumb list_crumb[] = {{"依申请公开办理", NULL}};
static const struct crumb intake_crumbs[] = {{"依申请公开办理", "/admin/applications"}, {"登记申请", NULL}};

#define LIST_PER_PAGE 50 /* rows of a list page: an agency's open applications can run to thousands */

/* The agency whose list is shown: the user's own, or (for a supervisor) one below it. */
static int64_t list_agency(struct req *r, struct db *db)
{
	const char *given = req_query(r, "agency");
	int64_t id = given ? atoll(given) : 0;
	if (id > 0 && id != r->user.agency_id && (r->user.roles & ROLE_SUPERVISOR) &&
	    agency_within(db, id, r->user.agency_id) == 1)
		return id;
	return r->user.agency_id;
}

/* ---- supervisors (公开办督查): subordinate agencies, masked ---- */

/* The agencies a supervisor may look at: their own and every one below it, in tree order. *out
 * malloc'd (free()). Returns 0 or -1. */
static int supervised_agencies(struct req *r, struct db *db, struct agency **out, size_t *n)
{
	struct agency *all = NULL;
	size_t count = 0;
	*out = NULL;
	*n = 0;
	if (agency_list(db, &all, &count) != 0)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (agency_within(db, all[i].id, r->user.agency_id) == 1) {
			*out = xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = all[i];
		}
	free(all);
	return 0;
}

/* The agency picker and, per agency, the supervision counts with links to each list. */
static void supervisor_overview(struct req *r, struct db *db, const struct calendar *cal, int64_t shown,
				enum apply_filter filter, int today)
{
	struct agency *list;
	size_t n;
	if (supervised_agencies(r, db, &list, &n) != 0 || n == 0) {
		free(list);
		return;
	}
	page_raw(&r->page, "<section aria-labelledby=\"supervise\"><h2 id=\"supervise\">本级及下级机关督办概况</h2>\n"
			   "<form class=\"form\" method=\"get\" action=\"/admin/applications\">\n"
			   "<p><label for=\"agency\">查看机关</label>\n<select id=\"agency\" name=\"agency\">\n");
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h%h</option>\n",
			    arena_printf(&r->arena, "%lld", (long long)list[i].id),
			    list[i].id == shown ? " selected" : "", list[i].depth > list[0].depth ? "　" : "",
			    list[i].name);
	page_printf(&r->page,
		    "</select>\n<input type=\"hidden\" name=\"filter\" value=\"%h\">\n"
		    "<button type=\"submit\" class=\"secondary\">查看</button></p>\n</form>\n",
		    apply_filter_name(filter));
	page_raw(
	    &r->page,
	    "<div class=\"table-wrap\"><table id=\"agencies\">\n<caption>各机关办理中的申请（件）</caption>\n"
	    "<thead><tr><th scope=\"col\">机关</th><th scope=\"col\">办理中</th><th scope=\"col\">5个工作日内到期</th>"
	    "<th scope=\"col\">已超期</th><th scope=\"col\">期限中止</th><th "
	    "scope=\"col\">待确认收到</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		struct apply_counts c;
		if (apply_counts(db, cal, list[i].id, 0, today, &c) != 0)
			continue;
		page_printf(&r->page,
			    "<tr><th scope=\"row\"><a "
			    "href=\"/admin/applications?agency=%t\">%h</a></th><td>%zu</td><td>%zu</td>"
			    "<td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
			    arena_printf(&r->arena, "%lld", (long long)list[i].id), list[i].name, c.open, c.due_soon,
			    c.overdue, c.paused, c.unconfirmed);
	}
	page_raw(&r->page,
		 "</tbody></table></div>\n<p class=\"muted\">下级机关的申请只读显示，个人信息已遮蔽。</p></section>\n");
	free(list);
}

/* The address of a list: filter, "only mine", the agency shown (when not the user's own), page. */
static const char *list_link(struct req *r, enum apply_filter f, bool mine, int64_t agency_id, size_t page)
{
	struct page p = {0};
	page_printf(&p, "/admin/applications?filter=%t", apply_filter_name(f));
	if (mine)
		page_raw(&p, "&mine=1");
	if (agency_id != r->user.agency_id)
		page_printf(&p, "&agency=%lld", (long long)agency_id);
	if (page > 1)
		page_printf(&p, "&page=%zu", page);
	const char *link = arena_strdup(&r->arena, p.out.data);
	page_free(&p);
	return link;
}

static void filter_tabs(struct req *r, const struct apply_counts *c, enum apply_filter current, bool mine,
			int64_t agency_id)
{
	const struct {
		enum apply_filter f;
		size_t count;
		bool counted;
	} tabs[] = {
	    {APPLY_FILTER_OPEN, c->open, true},
	    {APPLY_FILTER_DUE_SOON, c->due_soon, true},
	    {APPLY_FILTER_OVERDUE, c->overdue, true},
	    {APPLY_FILTER_PAUSED, c->paused, true},
	    {APPLY_FILTER_UNCONFIRMED, c->unconfirmed, true},
	    {APPLY_FILTER_CONCLUDED, 0, false},
	    {APPLY_FILTER_ALL, 0, false},
	};
	bool own = agency_id == r->user.agency_id;
	page_raw(&r->page, "<nav aria-label=\"督办筛选\"><ul class=\"link-list\">\n");
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		page_printf(&r->page, "<li><a href=\"%h\"%h>%h</a>", list_link(r, tabs[i].f, mine, agency_id, 1),
			    tabs[i].f == current ? " aria-current=\"page\"" : "", apply_filter_label(tabs[i].f));
		if (tabs[i].counted)
			page_printf(&r->page, "（<span id=\"count-%h\">%zu</span>）", apply_filter_name(tabs[i].f),
				    tabs[i].count);
		page_raw(&r->page, "</li>\n");
	}
	if (own && (r->user.roles & (ROLE_HANDLER | ROLE_LEADER))) {
		page_printf(&r->page, "<li><a href=\"/admin/applications?filter=%t%h\">%h</a></li>\n",
			    apply_filter_name(current), mine ? "" : "&mine=1",
			    mine ? "显示本机关全部申请" : "只看我的待办（我承办的和未分配的）");
		page_raw(&r->page,
			 "<li><a href=\"/admin/applications/intake\">登记当面、信函、传真或口头申请</a></li>\n");
	}
	page_raw(&r->page, "</ul></nav>\n");
}

static const char *days_left_text(struct req *r, const struct apply_summary *s)
{
	if (s->outcome[0] || s->due_on == CAL_NO_DAY)
		return "—";
	if (s->paused)
		return arena_printf(&r->arena, "中止（恢复后余 %d 个工作日）", s->working_days_left);
	if (s->overdue)
		return arena_printf(&r->arena, "已超期 %d 个工作日", -s->working_days_left);
	return arena_printf(&r->arena, "%d", s->working_days_left);
}

/* The rows of one page of a list of total applications. */
static void list_table(struct req *r, const struct apply_summary *rows, size_t n, size_t total, enum apply_filter f,
		       const struct user *users, size_t nusers)
{
	if (total == 0) {
		page_printf(&r->page, "<p id=\"empty\">“%h”中没有申请。</p>\n", apply_filter_label(f));
		return;
	}
	page_printf(&r->page,
		    "<div class=\"table-wrap\"><table id=\"applications\">\n<caption>%h（%zu 件%h）</caption>\n"
		    "<thead><tr><th scope=\"col\">申请编号</th><th scope=\"col\">紧急程度</th>"
		    "<th scope=\"col\">答复期限</th><th scope=\"col\">剩余工作日</th><th scope=\"col\">承办人</th>"
		    "<th scope=\"col\">申请人</th><th scope=\"col\">类型</th><th scope=\"col\">联系电话</th>"
		    "<th scope=\"col\">渠道</th><th scope=\"col\">收到申请之日</th><th scope=\"col\">状态</th>"
		    "</tr></thead>\n<tbody>\n",
		    apply_filter_label(f), total, f == APPLY_FILTER_CONCLUDED ? "" : "，按紧急程度排列");
	for (size_t i = 0; i < n; i++) {
		const struct apply_summary *s = &rows[i];
		const char *assignee = apply_http_assignee(users, nusers, s->handler_id);
		page_printf(&r->page,
			    "<tr><td><a href=\"/admin/applications/view?no=%t\">%h</a></td>"
			    "<td><span class=\"urgency %h\">%h</span></td><td>%h</td><td>%h</td><td>%h</td>",
			    s->tracking_no, s->tracking_no, apply_http_urgency_class(s), apply_http_urgency_word(r, s),
			    apply_http_iso(r, s->due_on), days_left_text(r, s), assignee ? assignee : "未分配");
		page_printf(&r->page, "<td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			    s->name, apply_applicant_type_label(s->applicant_type),
			    s->phone_masked[0] ? s->phone_masked : "—", apply_intake_label(s->intake),
			    s->received_on == CAL_NO_DAY ? "待确认" : apply_http_iso(r, s->received_on),
			    s->outcome[0] ? apply_outcome_label(s->outcome) : deadline_state_label(s->state));
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

int page_apply_list(struct req *r)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	if (!db || !cal)
		return req_error(r, 503, NULL);
	int f = apply_filter_from_name(req_query(r, "filter"));
	enum apply_filter filter = f < 0 ? APPLY_FILTER_OPEN : (enum apply_filter)f;
	bool mine = req_query(r, "mine") && strcmp(req_query(r, "mine"), "1") == 0;
	int64_t agency_id = list_agency(r, db), handler = mine ? r->user.id : 0;
	struct apply_counts counts;
	struct apply_summary *rows = NULL;
	size_t n = 0;
	int today = apply_http_today(r);
	struct user *users = NULL;
	size_t nusers = 0;
	const char *page_text = req_query(r, "page");
	size_t page = page_text ? (size_t)req_positive(page_text) : 1;
	if (page == 0)
		return req_error(r, 400, "页码不正确：页码应为正整数。");
	/* the open list is the one the counts come from: read once when it is the list shown */
	if ((filter != APPLY_FILTER_OPEN && apply_counts(db, cal, agency_id, handler, today, &counts) != 0) ||
	    apply_list(db, cal, agency_id, handler, filter, today, &rows, &n) != 0 ||
	    user_list(db, agency_id, &users, &nusers) != 0) {
		free(rows);
		return req_error(r, 500, NULL);
	}
	if (filter == APPLY_FILTER_OPEN)
		apply_counts_of(rows, n, &counts);
	if (filter != APPLY_FILTER_CONCLUDED)
		apply_sort_urgency(rows, n);
	layout_begin(r, &(struct layout){.title = "依申请公开办理",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = list_crumb,
					 .crumb_count = 1,
					 .backoffice = true});
	page_printf(&r->page,
		    "<p class=\"lead\">今天是 %h。期限按工作日计算（节假日和调休按国务院办公厅公布的安排），"
		    "中止期间（补正、征求意见、缴费）不计入，也不算超期。</p>\n",
		    apply_http_iso(r, today));
	if (r->user.roles & ROLE_SUPERVISOR)
		supervisor_overview(r, db, cal, agency_id, filter, today);
	if (agency_id != r->user.agency_id) {
		struct agency shown;
		if (agency_get(db, agency_id, &shown) == 1)
			page_printf(&r->page, "<h2 id=\"shown-agency\">%h</h2>\n", shown.name);
	}
	filter_tabs(r, &counts, filter, mine, agency_id);
	size_t pages = n ? (n + LIST_PER_PAGE - 1) / LIST_PER_PAGE : 1;
	if (page > pages)
		page = pages; /* the list shrank since the link was made: its last page */
	size_t first = (page - 1) * LIST_PER_PAGE, shown = n - first < LIST_PER_PAGE ? n - first : LIST_PER_PAGE;
	list_table(r, n ? rows + first : rows, shown, n, filter, users, nusers);
	if (pages > 1)
		layout_pager(r, arena_printf(&r->arena, "共 %zu 件", n), page, pages,
			     page > 1 ? list_link(r, filter, mine, agency_id, page - 1) : NULL,
			     page < pages ? list_link(r, filter, mine, agency_id, page + 1) : NULL);
	free(rows);
	free(users);
	layout_end(r);
	return 200;
}

/* ---- staff intake ---- */

static const char *form_value(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return v ? v : "";
}

static void intake_text(struct req *r, const struct apply_errors *e, const char *name, const char *label, int maxlength)
{
	const char *msg = e ? apply_error_for(e, name) : NULL;
	page_printf(&r->page, "<p><label for=\"%h\">%h</label>\n", name, label);
	if (msg)
		page_printf(&r->page, "<strong class=\"help\">%h</strong>\n", msg);
	page_printf(&r->page, "<input id=\"%h\" name=\"%h\" value=\"%h\" maxlength=\"%d\"></p>\n", name, name,
		    form_value(r, name), maxlength);
}

static void intake_select(struct req *r, const struct apply_errors *e, const char *name, const char *label,
			  const char *const *values, const char *(*label_of)(const char *))
{
	const char *msg = e ? apply_error_for(e, name) : NULL;
	page_printf(&r->page, "<p><label for=\"%h\">%h</label>\n", name, label);
	if (msg)
		page_printf(&r->page, "<strong class=\"help\">%h</strong>\n", msg);
	page_printf(&r->page, "<select id=\"%h\" name=\"%h\">\n", name, name);
	for (size_t i = 0; values[i]; i++)
		page_printf(&r->page, "<option value=\"%h\"%h>%h</option>\n", values[i],
			    strcmp(form_value(r, name), values[i]) == 0 ? " selected" : "", label_of(values[i]));
	page_raw(&r->page, "</select></p>\n");
}

static const char *intake_label(const char *name)
{
	return apply_intake_label(apply_intake_from_name(name));
}

static const char *type_label(const char *name)
{
	return apply_applicant_type_label(apply_applicant_type_from_name(name));
}

static int render_intake(struct req *r, const struct apply_errors *e)
{
	static const char *const channels[] = {"in_person", "registered_mail", "mail", "fax", "oral", NULL};
	static const char *const types[] = {"natural_person", "commercial", "research", "social_welfare",
					    "legal_service",  "other",	    NULL};
	static const char *const ids[] = {"resident_id", "uscc", "passport", "other", NULL};
	static const char *const forms[] = {"paper", "electronic", NULL};
	static const char *const deliveries[] = {"post", "email", "pickup", "online", NULL};
	layout_begin(r, &(struct layout){.title = "登记申请",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = intake_crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	if (e && (e->n || e->reason[0]))
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%h</p></div>\n",
			    e->reason[0] ? e->reason : "申请未登记，请修改标出的内容。");
	page_raw(&r->page,
		 "<p>收到申请之日（条例第三十一条）：当面、口头提出的为提交之日；挂号信件为签收之日；"
		 "平常信函和传真须与申请人确认，确认之日为收到申请之日（登记后在办理页面记录“确认收到申请”）。</p>\n"
		 "<form class=\"form\" method=\"post\" action=\"/admin/applications/intake\">\n");
	layout_csrf_field(r);
	intake_select(r, e, "channel", "申请渠道", channels, intake_label);
	intake_text(r, e, "received_on", "收到（提交、签收、到达）日期 YYYY-MM-DD", 10);
	intake_select(r, e, "applicant_type", "申请人类型", types, type_label);
	intake_text(r, e, "name", "申请人姓名或名称", 180);
	intake_select(r, e, "id_type", "身份证明类型", ids, apply_id_type_label);
	intake_text(r, e, "id_number", "身份证明号码", 60);
	intake_text(r, e, "phone", "联系电话", 40);
	intake_text(r, e, "email", "电子邮箱", 120);
	intake_text(r, e, "address", "通信地址", 380);
	intake_text(r, e, "description", "所需信息的名称或特征描述", 4000);
	intake_text(r, e, "doc_no", "文号", 180);
	intake_select(r, e, "form", "获取信息的形式", forms, apply_form_label);
	intake_select(r, e, "delivery", "获取信息的方式", deliveries, apply_delivery_label);
	page_raw(&r->page, "<p><button type=\"submit\">登记</button></p>\n</form>\n");
	layout_end(r);
	return 200;
}

int page_apply_intake_form(struct req *r)
{
	return render_intake(r, NULL);
}

int page_apply_intake(struct req *r)
{
	struct apply_input in = {
	    .agency_id = r->user.agency_id,
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
	    .channel = req_form(r, "channel"),
	    .received_on = req_form(r, "received_on"),
	};
	if (!in.channel || !*in.channel)
		in.channel = "in_person";
	struct apply_errors e = {0};
	struct apply_created c;
	struct actor actor = http_actor(r);
	enum apply_status st = apply_submit(r->app->store, &in, &actor, apply_http_today(r), req_now(r), &c, &e);
	if (st == APPLY_INVALID) {
		render_intake(r, &e);
		return 422;
	}
	if (st != APPLY_OK)
		return req_error(r, apply_http_status(st), e.reason[0] ? e.reason : NULL);
	layout_begin(r, &(struct layout){.title = "申请已登记",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = intake_crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	page_printf(&r->page,
		    "<dl class=\"contact\">\n<dt>申请编号</dt><dd id=\"tracking-no\">%h</dd>\n"
		    "<dt>查询码</dt><dd id=\"query-code\">%h</dd>\n</dl>\n"
		    "<p>请将申请编号和查询码告知申请人（查询码只显示这一次）。</p>\n"
		    "<p><a href=\"/admin/applications/view?no=%t\">办理此申请</a></p>\n",
		    c.tracking_no, c.query_code, c.tracking_no);
	layout_end(r);
	return 200;
}
