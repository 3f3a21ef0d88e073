/* page_calendar.c — /admin/calendar, the working-day calendar behind every statutory deadline: which
 * years have a holiday schedule (built into the program or loaded by an administrator) with their
 * counts, and the form that loads a new year's schedule, pasted or uploaded, in the data-file format.
 *
 * The handler only translates: the domain (holidays_load) validates, stores and audits in one write
 * transaction; its Chinese message, naming the line, is shown beside the field. After a load the
 * server calendar is rebuilt at once, so every deadline shown afterwards uses the new schedule. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/calendar_cache.h"
#include "domain/holidays.h"
#include "http/layout.h"
#include "http/page_calendar.h"
#include "http/router.h"
#include "util/china_time.h"

static const struct crumb calendar_crumbs[] = {{"工作台", "/admin"}, {"工作日历", NULL}};

static const char format_help[] =
    "格式与程序内置的 data/holidays-cn.txt 相同，UTF-8 编码，每行一条：先写一行“year 年份 来源”（来源可写国务院办公厅"
    "通知的网址），其后每行“YYYY-MM-DD off 节日名称”表示放假，“YYYY-MM-DD work 节日名称”表示调休上班的周末；"
    "# 开头的行是注释。未列出的日期按周一至周五上班、周六周日休息计算。一次载入一个年度，日期应在该年内"
    "（因元旦调休也可列出上一年 12 月的日期）；载入已有的年度会替换原来的安排。";

static const char format_example[] = "# 国务院办公厅关于2027年部分节假日安排的通知（示例，请以正式通知为准）\n"
				     "year 2027 https://www.gov.cn/…\n"
				     "2027-01-01 off 元旦\n"
				     "2027-01-02 off 元旦\n"
				     "2027-01-03 off 元旦\n"
				     "2027-02-06 off 春节\n"
				     "2027-02-14 work 春节\n";

/* "YYYY-MM-DD HH:MM" in Beijing time (arena string). */
static const char *beijing_time(struct req *r, int64_t unix_seconds)
{
	char text[CHINA_TIME_SIZE];
	return arena_strdup(&r->arena, china_time_format(unix_seconds, CHINA_MINUTE, text));
}

static void source_cell(struct req *r, const struct holidays_year *y)
{
	if (!y->loaded) {
		page_raw(&r->page, "<td>程序内置</td>");
		return;
	}
	page_printf(&r->page, "<td>管理员载入%h：%h，%h</td>", y->builtin ? "（替换内置安排）" : "",
		    y->loaded_by_name[0] ? y->loaded_by_name : "命令行", beijing_time(r, y->loaded_at));
}

static void years_table(struct req *r, const struct holidays_year *v, size_t n)
{
	page_raw(&r->page, "<div class=\"table-wrap\"><table>\n<caption>已有放假安排的年度</caption>\n<thead><tr>"
			   "<th scope=\"col\">年度</th><th scope=\"col\">来源</th><th scope=\"col\">放假（天）</th>"
			   "<th scope=\"col\">调休上班（天）</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		page_printf(&r->page, "<tr><th scope=\"row\">%d</th>", v[i].year);
		source_cell(r, &v[i]);
		page_printf(&r->page, "<td>%d</td><td>%d</td>", v[i].off_days, v[i].work_days);
		if (v[i].loaded)
			page_printf(&r->page,
				    "<td><a href=\"/admin/calendar?year=%d#load\">查看或修改 %d 年的安排</a></td>",
				    v[i].year, v[i].year);
		else
			page_raw(&r->page, "<td>—</td>");
		page_raw(&r->page, "</tr>\n");
	}
	page_raw(&r->page, "</tbody></table></div>\n");
}

static bool has_year(const struct holidays_year *v, size_t n, int year)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].year == year)
			return true;
	return false;
}

/* Tells the administrator which of this year and the next lack a schedule: their deadlines are flagged. */
static void missing_years(struct req *r, const struct holidays_year *v, size_t n)
{
	int y, m, d;
	cal_date_from_day(china_day(req_now(r)), &y, &m, &d);
	for (int year = y; year <= y + 1; year++) {
		if (has_year(v, n, year))
			continue;
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>%d 年的放假安排尚未载入：",
			    year);
		page_printf(&r->page, "凡是经过 %d 年（以及 %d 年 12 月 25 日起）的期限都会标明", year, year - 1);
		page_printf(&r->page, "“计算涉及尚未载入放假安排的年份”。国务院办公厅发布 %d 年放假安排后，", year);
		page_raw(&r->page, "请在下方载入。</p></div>\n");
	}
}

static void notice(struct req *r, const char *message)
{
	if (message)
		page_printf(&r->page, "<div class=\"notice\" role=\"status\"><p>%h</p></div>\n", message);
}

/* What the form shows on a GET: the loaded text of ?year=Y, when asked for. Arena string or "". */
static const char *prefill(struct req *r)
{
	const char *y = req_query(r, "year");
	int year = y && strlen(y) == 4 ? atoi(y) : 0;
	char *text = NULL;
	if (year <= 0 || holidays_text(req_reader(r), year, &text) != 1)
		return "";
	const char *copy = arena_strdup(&r->arena, text ? text : "");
	free(text);
	return copy;
}

/* The error of a field, its id, and the attributes that tie them together for screen readers. */
static void field_error(struct req *r, const char *field, const char *error)
{
	if (error)
		page_printf(&r->page, "<strong class=\"help\" id=\"%h-error\">%h</strong>\n", field, error);
}

static void field_attrs(struct req *r, const char *field, const char *error)
{
	page_printf(&r->page, " aria-describedby=\"%h-help", field);
	if (error)
		page_printf(&r->page, " %h-error\" aria-invalid=\"true\"", field);
	else
		page_raw(&r->page, "\"");
}

/* The load form. error_field is "schedule" or "file" when error is set; text refills the textarea. */
static void load_form(struct req *r, const char *text, const char *error_field, const char *error)
{
	const char *text_error = error && strcmp(error_field, "schedule") == 0 ? error : NULL;
	const char *file_error = error && strcmp(error_field, "file") == 0 ? error : NULL;
	page_raw(&r->page, "<section aria-labelledby=\"load\"><h2 id=\"load\">载入一个年度的放假安排</h2>\n");
	page_printf(&r->page, "<p>%h</p>\n<p>示例：</p>\n<pre class=\"example\">%h</pre>\n", format_help,
		    format_example);
	page_raw(&r->page, "<form class=\"form\" method=\"post\" action=\"/admin/calendar\" "
			   "enctype=\"multipart/form-data\">\n");
	layout_csrf_field(r);
	page_raw(&r->page, "<p><label for=\"schedule\">放假安排（粘贴文本）</label>\n"
			   "<span class=\"help\" id=\"schedule-help\">每行一条，格式见上方说明和示例。</span>\n");
	field_error(r, "schedule", text_error);
	page_raw(&r->page, "<textarea id=\"schedule\" name=\"schedule\" rows=\"16\" cols=\"60\" spellcheck=\"false\"");
	field_attrs(r, "schedule", text_error);
	page_printf(&r->page, ">%h</textarea></p>\n", text);
	page_raw(
	    &r->page,
	    "<p><label for=\"file\">或上传文本文件</label>\n"
	    "<span class=\"help\" id=\"file-help\">选择了文件时以文件内容为准（UTF-8 编码的 .txt 文件）。</span>\n");
	field_error(r, "file", file_error);
	page_raw(&r->page, "<input id=\"file\" name=\"file\" type=\"file\" accept=\".txt,text/plain\"");
	field_attrs(r, "file", file_error);
	page_raw(&r->page, "></p>\n<p><button type=\"submit\">载入放假安排</button></p>\n</form>\n</section>\n");
}

/* The whole page with the given status; message is a success notice. */
static int calendar_page(struct req *r, int status, const char *message, const char *text, const char *error_field,
			 const char *error)
{
	struct holidays_year *years = NULL;
	size_t n = 0;
	char err[HOLIDAYS_ERR_SIZE];
	struct db *db = req_reader(r);
	if (!db || holidays_list(db, &years, &n, err, sizeof err) != 0)
		return req_error(r, 500, "无法读取放假安排。");
	const struct calendar *cal = calendar_cache_get(r->app->calendars, r->app->store, r->id);
	layout_begin(r, &(struct layout){.title = "工作日历与放假安排",
					 .column_type = "后台",
					 .crumbs = calendar_crumbs,
					 .crumb_count = 2,
					 .backoffice = true});
	notice(r, message);
	if (error)
		page_printf(&r->page, "<div class=\"notice notice-error\" role=\"alert\"><p>未载入：%h</p></div>\n",
			    error);
	page_raw(&r->page,
		 "<p>依申请公开的答复期限、补正和征求意见期限、主动公开的 20 个工作日都按工作日计算，"
		 "需要国务院办公厅每年公布的放假安排。没有安排的年份不会悄悄按普通周末推算：涉及这些年份的期限会标明"
		 "“计算涉及尚未载入放假安排的年份”，提醒复核。</p>\n");
	if (cal)
		page_printf(&r->page, "<p>当前工作日历版本：<code id=\"calendar-version\">%h</code></p>\n",
			    calendar_version(cal));
	missing_years(r, years, n);
	years_table(r, years, n);
	if (router_user_may(r, "POST", "/admin/calendar"))
		load_form(r, text ? text : "", error_field, error);
	else
		page_raw(&r->page,
			 "<div class=\"notice\"><p>工作日历是全站数据，由本网站所属机关（或其上级机关）的管理员载入。"
			 "</p></div>\n");
	layout_end(r);
	free(years);
	return status;
}

int page_calendar_admin(struct req *r)
{
	const char *loaded = req_query(r, "loaded");
	const char *message = NULL;
	if (loaded && strlen(loaded) == 4 && atoi(loaded) > 0)
		message = arena_printf(&r->arena, "已载入 %d 年度放假安排%s，此后计算的期限都使用新的安排。",
				       atoi(loaded), req_query(r, "replaced") ? "（替换了此前的安排）" : "");
	return calendar_page(r, 200, message, prefill(r), NULL, NULL);
}

/* The uploaded file, when one was chosen. */
static const struct upload *uploaded_file(const struct req *r)
{
	for (size_t i = 0; i < r->uploads.count; i++)
		if (strcmp(r->uploads.items[i].field, "file") == 0 && r->uploads.items[i].size > 0)
			return &r->uploads.items[i];
	return NULL;
}

int page_calendar_load(struct req *r)
{
	const struct upload *file = uploaded_file(r);
	const char *typed = req_form(r, "schedule");
	const char *text = file ? (const char *)file->data : typed ? typed : "";
	size_t len = file ? file->size : strlen(text);
	struct holidays_load_job job = {http_actor(r), text, len, req_now(r), 0, false};
	struct outcome out;
	enum outcome_code code = store_write(r->app->store, holidays_load_job, &job, &out);
	if (code == OUTCOME_STORAGE)
		return http_outcome_fail(r, &out);
	if (code != OUTCOME_OK) {
		const char *message =
		    file ? arena_printf(&r->arena, "文件“%s”：%s", file->filename ? file->filename : "", out.message)
			 : out.message;
		return calendar_page(r, 422, NULL, typed, file ? "file" : "schedule", message);
	}
	calendar_cache_changed(r->app->calendars);
	return req_redirect(
	    r, arena_printf(&r->arena, "/admin/calendar?loaded=%d%s", job.year, job.replaced ? "&replaced=1" : ""));
}
