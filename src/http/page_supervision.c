/* page_supervision.c — 督办 across the agency tree in the back office; see page_supervision.h.
 * A supervisor (公开办督查) looks at the whole subtree of the agency acted for (acting.h): the
 * applications that need attention and the notices sent, with the figures of a year per agency for
 * 年度考核 (page, CSV, XLSX). The agency's handlers and leaders answer notices on the application's
 * page. Every write is one store job of src/apply/apply_supervision.c; refusals name the field. */
#include "http/page_supervision.h"

#include <stdlib.h>
#include <string.h>

#include "apply/apply_supervision.h"
#include "http/acting.h"
#include "http/layout.h"
#include "http/page_apply.h"
#include "util/china_time.h"
#include "util/table_export.h"

static const struct crumb supervision_crumb[] = {{"督办", NULL}};
static const struct crumb figures_crumbs[] = {{"督办", "/admin/supervision"}, {"各机关办理情况", NULL}};

static bool is_supervisor(const struct req *r)
{
	return (r->user.roles & ROLE_SUPERVISOR) != 0;
}

static bool answers_notices(const struct req *r)
{
	return (r->user.roles & (ROLE_HANDLER | ROLE_LEADER)) != 0;
}

static const char *minute_text(struct req *r, int64_t t)
{
	char *out = arena_alloc(&r->arena, CHINA_TIME_SIZE);
	return china_time_format(t, CHINA_MINUTE, out);
}

static const char *view_href(struct req *r, const char *tracking_no)
{
	return arena_printf(&r->arena, "/admin/applications/view?no=%s#supervision", tracking_no);
}

/* The state of a notice on today: answered, waiting, or waiting past its deadline. */
static const char *notice_state(const struct apply_supervision *s, int today)
{
	if (s->answered_at)
		return "已答复";
	return today > s->reply_by ? "逾期未答复" : "待答复";
}

/* ---- the application's page ---- */

static void notice_item(struct req *r, const struct apply_supervision *s, bool answer_form, int today)
{
	page_printf(&r->page,
		    "<li class=\"supervision-notice\" id=\"notice-%h\"><p><strong>%h</strong> 于 %h 督办"
		    "（%h），请于 <strong>%h</strong> 前答复：%h</p>\n<p class=\"notice-body\">%h</p>\n",
		    arena_printf(&r->arena, "%lld", (long long)s->id), s->from_agency, minute_text(r, s->sent_at),
		    s->sent_by_name, apply_http_iso(r, s->reply_by), notice_state(s, today), s->body);
	if (s->answered_at)
		page_printf(&r->page, "<p class=\"notice-answer\">%h 于 %h 答复：%h</p>\n",
			    s->answered_by_name[0] ? s->answered_by_name : "系统", minute_text(r, s->answered_at),
			    s->answer);
	else if (answer_form) {
		const char *id = arena_printf(&r->arena, "%lld", (long long)s->id);
		page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/supervision/answer\">\n");
		layout_csrf_field(r);
		page_printf(
		    &r->page,
		    "<input type=\"hidden\" name=\"id\" value=\"%h\">\n<p><label for=\"answer-%h\">答复督办"
		    "（最多 %d 字）</label>\n<textarea id=\"answer-%h\" name=\"answer\" rows=\"3\" maxlength=\"%d\" "
		    "required></textarea></p>\n<p><button type=\"submit\">提交答复</button></p>\n</form>\n",
		    id, id, APPLY_SUPERVISION_CHARS, id, APPLY_SUPERVISION_CHARS);
	}
	page_raw(&r->page, "</li>\n");
}

static void send_form(struct req *r, const struct application *a, int today)
{
	char suggested[CAL_ISO_SIZE];
	cal_format_iso(today + 7, suggested);
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/supervision/notice\">\n");
	layout_csrf_field(r);
	page_printf(
	    &r->page,
	    "<input type=\"hidden\" name=\"no\" value=\"%h\">\n"
	    "<p><label for=\"supervise-body\">督办事项（最多 %d 字，申请所属机关的承办人和审批领导可见）</label>\n"
	    "<textarea id=\"supervise-body\" name=\"body\" rows=\"4\" maxlength=\"%d\" required></textarea></p>\n"
	    "<p><label for=\"supervise-reply-by\">答复期限</label>\n"
	    "<input type=\"date\" id=\"supervise-reply-by\" name=\"reply_by\" value=\"%h\" required></p>\n"
	    "<p><button type=\"submit\">发出督办</button></p>\n</form>\n",
	    a->tracking_no, APPLY_SUPERVISION_CHARS, APPLY_SUPERVISION_CHARS, suggested);
}

void page_supervision_block(struct req *r, struct db *db, const struct application *a)
{
	struct apply_supervision *v = NULL;
	size_t n = 0;
	if (apply_supervision_of(db, a->id, &v, &n) != 0)
		return;
	bool handles = r->user.agency_id == a->agency_id && answers_notices(r);
	bool may_send = is_supervisor(r) && agency_within(db, a->agency_id, r->user.agency_id) == 1;
	if (n || may_send) {
		int today = apply_http_today(r);
		page_raw(&r->page, "<section id=\"supervision\" aria-labelledby=\"supervision-title\">\n"
				   "<h2 id=\"supervision-title\">督办</h2>\n");
		if (n) {
			page_raw(&r->page, "<ol class=\"supervision-list\">\n");
			for (size_t i = 0; i < n; i++)
				notice_item(r, &v[i], handles, today);
			page_raw(&r->page, "</ol>\n");
		} else
			page_raw(&r->page, "<p>尚未督办。</p>\n");
		if (may_send)
			send_form(r, a, today);
		page_raw(&r->page, "</section>\n");
	}
	free(v);
}

/* ---- writes ---- */

int page_supervision_send(struct req *r)
{
	struct apply_supervise_job job = {.actor = http_actor(r),
					  .tracking_no = req_form(r, "no"),
					  .body = req_form(r, "body"),
					  .reply_by = req_form(r, "reply_by"),
					  .today = apply_http_today(r),
					  .now = req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, apply_supervise, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out); /* the message names the field */
	return req_redirect(r, view_href(r, job.tracking_no));
}

int page_supervision_answer(struct req *r)
{
	const char *id_text = req_form(r, "id");
	struct apply_supervision_answer_job job = {.actor = http_actor(r),
						   .id = id_text ? atoll(id_text) : 0,
						   .answer = req_form(r, "answer"),
						   .now = req_now(r)};
	struct outcome out;
	if (store_write(r->app->store, apply_supervision_answer, &job, &out) != OUTCOME_OK)
		return http_outcome_fail(r, &out); /* the message names the field */
	struct apply_supervision s;
	if (apply_supervision_get(req_reader(r), job.id, &s) != 1)
		return req_redirect(r, "/admin/supervision");
	return req_redirect(r, view_href(r, s.tracking_no));
}

/* ---- the list page ---- */

static void urgent_table(struct req *r, struct db *db, int64_t root)
{
	const struct calendar *cal = apply_http_calendar(r);
	struct apply_summary *rows = NULL;
	size_t n = 0, shown = 0;
	struct agency *tree = NULL;
	size_t ntree = 0;
	if (!cal || apply_list_subtree(db, cal, root, APPLY_FILTER_OPEN, apply_http_today(r), &rows, &n) != 0 ||
	    agency_subtree(db, root, false, &tree, &ntree) != 0) {
		page_raw(&r->page, "<p role=\"alert\">无法读取申请。</p>\n");
		free(rows);
		return;
	}
	apply_sort_urgency(rows, n);
	page_raw(&r->page,
		 "<section aria-labelledby=\"urgent-title\"><h2 id=\"urgent-title\">需要督促的申请</h2>\n"
		 "<p>本机关及全部下级机关已超期、5 个工作日内到期和暂停计时的申请，按紧急程度排列。</p>\n"
		 "<div class=\"table-wrap\"><table id=\"urgent\">\n<caption>需要督促的申请</caption>\n<thead><tr>"
		 "<th scope=\"col\">机关</th><th scope=\"col\">申请编号</th><th scope=\"col\">紧急程度</th>"
		 "<th scope=\"col\">答复期限</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct apply_summary *s = &rows[i];
		bool soon = s->due_on != CAL_NO_DAY && s->working_days_left <= APPLY_DUE_SOON_DAYS;
		if (!s->overdue && !s->paused && !soon)
			continue;
		const char *agency = "";
		for (size_t k = 0; k < ntree; k++)
			if (tree[k].id == s->agency_id)
				agency = tree[k].name;
		page_printf(&r->page,
			    "<tr><td>%h</td><td><a href=\"%h\">%h</a></td><td><span class=\"urgency %h\">%h</span></td>"
			    "<td>%h</td></tr>\n",
			    agency, view_href(r, s->tracking_no), s->tracking_no, apply_http_urgency_class(s),
			    apply_http_urgency_word(r, s), apply_http_iso(r, s->due_on));
		shown++;
	}
	if (!shown)
		page_raw(&r->page,
			 "<tr><td colspan=\"4\" id=\"urgent-none\">没有超期、即将到期或暂停计时的申请。</td></tr>\n");
	page_raw(&r->page, "</tbody></table></div></section>\n");
	free(rows);
	free(tree);
}

static void notices_table(struct req *r, const char *id, const char *title, const struct apply_supervision *v, size_t n)
{
	int today = apply_http_today(r);
	page_printf(&r->page,
		    "<section aria-labelledby=\"%h-title\"><h2 id=\"%h-title\">%h</h2>\n<div class=\"table-wrap\">"
		    "<table id=\"%h\">\n<caption>%h（%zu 条）</caption>\n<thead><tr><th scope=\"col\">申请编号</th>"
		    "<th scope=\"col\">机关</th><th scope=\"col\">督办机关</th><th scope=\"col\">答复期限</th>"
		    "<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n",
		    id, id, title, id, title, n);
	for (size_t i = 0; i < n; i++)
		page_printf(&r->page,
			    "<tr><td><a href=\"%h\">%h</a></td><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>\n",
			    view_href(r, v[i].tracking_no), v[i].tracking_no, v[i].agency, v[i].from_agency,
			    apply_http_iso(r, v[i].reply_by), notice_state(&v[i], today));
	if (!n)
		page_raw(&r->page, "<tr><td colspan=\"5\">没有督办。</td></tr>\n");
	page_raw(&r->page, "</tbody></table></div></section>\n");
}

int page_supervision(struct req *r)
{
	struct db *db = req_reader(r);
	if (!db)
		return req_error(r, 503, NULL);
	layout_begin(r, &(struct layout){.title = "督办",
					 .column = COLUMN_ADMIN_APPLY,
					 .column_type = "后台",
					 .crumbs = supervision_crumb,
					 .crumb_count = 1,
					 .backoffice = true,
					 .acting = is_supervisor(r)});
	struct apply_supervision *v = NULL;
	size_t n = 0;
	if (answers_notices(r) && apply_supervision_pending(db, r->user.agency_id, &v, &n) == 0)
		notices_table(r, "pending", "待本机关答复的督办", v, n);
	free(v);
	if (is_supervisor(r)) {
		int64_t root = acting_agency(r);
		page_raw(&r->page, "<p class=\"link-list\"><a href=\"/admin/supervision/figures\">各机关办理情况"
				   "（年度考核，可导出 CSV、XLSX）</a></p>\n");
		urgent_table(r, db, root);
		v = NULL;
		n = 0;
		if (apply_supervision_sent(db, r->user.agency_id, &v, &n) == 0)
			notices_table(r, "sent", "本机关发出的督办", v, n);
		free(v);
	}
	layout_end(r);
	return 200;
}

/* ---- 工作台 ---- */

static size_t supervisor_lines(struct req *r, struct db *db)
{
	const struct calendar *cal = apply_http_calendar(r);
	struct apply_summary *rows = NULL;
	size_t n = 0, overdue = 0, soon = 0, paused = 0, lines = 0;
	if (!cal || apply_list_subtree(db, cal, r->user.agency_id, APPLY_FILTER_OPEN, apply_http_today(r), &rows, &n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].paused)
			paused++;
		else if (rows[i].overdue)
			overdue++;
		else if (rows[i].due_on != CAL_NO_DAY && rows[i].working_days_left <= APPLY_DUE_SOON_DAYS)
			soon++;
	}
	free(rows);
	const struct {
		size_t count;
		const char *text;
	} kinds[] = {{overdue, "本机关及下级机关已超过答复期限的申请"},
		     {soon, "本机关及下级机关 5 个工作日内到期的申请"},
		     {paused, "本机关及下级机关暂停计时的申请"}};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (kinds[k].count) {
			page_printf(
			    &r->page,
			    "<li class=\"supervise-task\"><a href=\"/admin/supervision\">%h：<strong>%zu</strong> "
			    "件</a></li>\n",
			    kinds[k].text, kinds[k].count);
			lines++;
		}
	return lines;
}

static size_t answer_lines(struct req *r, struct db *db)
{
	struct apply_supervision *v = NULL;
	size_t n = 0;
	if (apply_supervision_pending(db, r->user.agency_id, &v, &n) != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		page_printf(
		    &r->page,
		    "<li class=\"supervise-task\"><a href=\"%h\">待答复的督办：申请 %h（%h，%h 前答复）</a></li>\n",
		    view_href(r, v[i].tracking_no), v[i].tracking_no, v[i].from_agency,
		    apply_http_iso(r, v[i].reply_by));
	free(v);
	return n;
}

size_t workbench_supervision_tasks(struct req *r, struct db *db)
{
	size_t lines = 0;
	if (is_supervisor(r))
		lines += supervisor_lines(r, db);
	if (answers_notices(r))
		lines += answer_lines(r, db);
	return lines;
}

/* ---- figures of a year ---- */

enum { FIG_COLS = 9 + MIX_COUNT };

static const char *const fig_header[FIG_COLS] = {"机关",
						 "收到申请",
						 "办结",
						 "答复",
						 "按期答复",
						 "逾期答复",
						 "按期答复率（%）",
						 "答复用时中位数（工作日）",
						 "予以公开",
						 "部分公开",
						 "不予公开",
						 "无法提供",
						 "不予处理",
						 "其他处理",
						 "撤回申请",
						 "目前超期未办结"};

/* The cells of one agency's row (arena strings; "" where there is nothing to count). */
static void fig_cells(struct req *r, const struct apply_figures *f, const char **cells)
{
	int rate = apply_figures_rate_permille(f);
	size_t c = 0;
	cells[c++] = f->agency;
	const int counts[] = {f->received, f->concluded, f->replied, f->on_time, f->late};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		cells[c++] = arena_printf(&r->arena, "%d", counts[i]);
	cells[c++] = rate < 0 ? "" : arena_printf(&r->arena, "%d.%d", rate / 10, rate % 10);
	cells[c++] = f->median_days_x2 < 0	  ? ""
		     : f->median_days_x2 % 2 == 0 ? arena_printf(&r->arena, "%d", f->median_days_x2 / 2)
						  : arena_printf(&r->arena, "%d.5", f->median_days_x2 / 2);
	for (int m = 0; m < MIX_COUNT; m++)
		cells[c++] = arena_printf(&r->arena, "%d", f->mix[m]);
	cells[c++] = arena_printf(&r->arena, "%d", f->open_overdue);
}

static int figures_year(struct req *r)
{
	const char *text = req_query(r, "year");
	int y, m, d;
	cal_date_from_day(apply_http_today(r), &y, &m, &d);
	if (!text || !*text)
		return y - 1;
	char *end;
	long year = strtol(text, &end, 10);
	return *end || year < 2008 || year > y ? 0 : (int)year;
}

static int figures_export(struct req *r, const struct table_export *t, const char *format, int64_t root, int year)
{
	struct buf body = {0};
	char err[160];
	bool csv = strcmp(format, "csv") == 0;
	if (csv)
		table_export_csv(t, &body);
	else if (table_export_xlsx(t, &body, err, sizeof err) != 0) {
		buf_free(&body);
		return req_error(r, 500, err);
	}
	r->content_type =
	    csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_add_header(r, "Content-Disposition",
		       arena_printf(&r->arena, "attachment; filename=\"application-figures-%lld-%d.%s\"",
				    (long long)root, year, format));
	buf_append(&r->page.out, body.data ? body.data : "", body.len);
	buf_free(&body);
	return 200;
}

static void figures_html(struct req *r, const struct apply_figures *v, size_t n, const char *const *cells, int year)
{
	page_printf(
	    &r->page,
	    "<form class=\"form\" method=\"get\" action=\"/admin/supervision/figures\"><p>"
	    "<label for=\"year\">统计年度</label>\n<input id=\"year\" name=\"year\" inputmode=\"numeric\" "
	    "value=\"%d\" size=\"6\"> <button type=\"submit\">查看</button></p></form>\n"
	    "<p class=\"link-list\">导出：<a href=\"/admin/supervision/figures?year=%d&amp;format=csv\">CSV</a> · "
	    "<a href=\"/admin/supervision/figures?year=%d&amp;format=xlsx\">XLSX</a></p>\n",
	    year, year, year);
	page_printf(
	    &r->page,
	    "<p>收到申请按收到申请之日计；办结、答复按办结日期计；按期答复率 = 按期答复 ÷ 答复；答复用时为收到申请之日"
	    "至答复之日的工作日数（含暂停计时的期间）。</p>\n"
	    /* wide: the region scrolls sideways, so it takes the keyboard focus */
	    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"figures-caption\">"
	    "<table id=\"figures\">\n<caption id=\"figures-caption\">%d 年各机关依申请公开办理情况</caption>\n"
	    "<thead><tr>",
	    year);
	for (int c = 0; c < FIG_COLS; c++)
		page_printf(&r->page, "<th scope=\"col\">%h</th>", fig_header[c]);
	page_raw(&r->page, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		page_printf(&r->page, "<tr><th scope=\"row\" class=\"depth-%d\">%h</th>",
			    v[i].depth < 5 ? v[i].depth : 5, v[i].agency);
		for (int c = 1; c < FIG_COLS; c++)
			page_printf(&r->page, "<td>%h</td>", *cells[i * FIG_COLS + c] ? cells[i * FIG_COLS + c] : "—");
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

int page_supervision_figures(struct req *r)
{
	struct db *db = req_reader(r);
	const struct calendar *cal = apply_http_calendar(r);
	if (!db || !cal)
		return req_error(r, 503, NULL);
	int year = figures_year(r);
	const char *format = req_query(r, "format");
	if (!year)
		return req_error(r, 400, "“统计年度”应为 2008 年至今年之间的年份。");
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return req_error(r, 400, "“导出格式”应为 csv 或 xlsx。");
	int64_t root = acting_agency(r);
	struct apply_figures *v = NULL;
	size_t n = 0;
	if (apply_figures_subtree(db, cal, root, year, apply_http_today(r), &v, &n) != 0)
		return req_error(r, 500, NULL);
	const char **cells = arena_alloc(&r->arena, (n ? n : 1) * FIG_COLS * sizeof *cells);
	for (size_t i = 0; i < n; i++)
		fig_cells(r, &v[i], cells + i * FIG_COLS);
	int status = 200;
	if (format) {
		struct table_export t = {.title = arena_printf(&r->arena, "%d 年各机关依申请公开办理情况", year),
					 .header = fig_header,
					 .ncols = FIG_COLS,
					 .cells = cells,
					 .nrows = n};
		status = figures_export(r, &t, format, root, year);
	} else {
		layout_begin(r, &(struct layout){.title = "各机关依申请公开办理情况",
						 .column = COLUMN_ADMIN_APPLY,
						 .column_type = "后台",
						 .crumbs = figures_crumbs,
						 .crumb_count = 2,
						 .backoffice = true,
						 .acting = true});
		figures_html(r, v, n, cells, year);
		layout_end(r);
	}
	free(v);
	return status;
}
