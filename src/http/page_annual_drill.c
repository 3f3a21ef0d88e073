/* page_annual_drill.c — the records behind one number of the annual report (/admin/annual/drill):
 * table=apps (table 三: row key + column), table=items (table 二 第二十条第（一）项: row + column) or
 * table=cases (table 四: block + column). The lists come from the same rules that counted the cell
 * (src/annual/drill.c), so their length is the number. Applications and items link to their own
 * back-office pages. Staff see their own agency's records only. */
#include <stdlib.h>
#include <string.h>

#include "http/acting.h"
#include "http/layout.h"
#include "http/page_annual.h"

#define DRILL_PAGE 100

static const char *const applicant_types[APP_COL_TOTAL] = {"自然人",	   "商业企业",	   "科研机构",
							   "社会公益组织", "法律服务机构", "其他"};

static void drill_begin(struct req *r, int year, const char *what)
{
	struct crumb crumbs[] = {{"年度报告", arena_printf(&r->arena, "/admin/annual?year=%d", year)}, {what, NULL}};
	layout_begin(r, &(struct layout){.title = what,
					 .column = COLUMN_ADMIN_ANNUAL,
					 .crumbs = crumbs,
					 .crumb_count = 2,
					 .backoffice = true,
					 .acting = true});
}

static int int_query(struct req *r, const char *name, int fallback)
{
	const char *text = req_query(r, name);
	if (!text || !*text)
		return fallback;
	char *end;
	long v = strtol(text, &end, 10);
	return *end == '\0' && v >= -1 && v < 100000 ? (int)v : -2;
}

/* "共 N 条" and, when there are more, the link to the next page of the same cell. */
static void more_link(struct req *r, size_t page, size_t total)
{
	page_printf(&r->page, "<p>共 %zu 条。", total);
	if (page * DRILL_PAGE < total)
		page_printf(
		    &r->page,
		    " <a "
		    "href=\"/admin/annual/drill?year=%t&amp;table=%t&amp;row=%t&amp;col=%t&amp;page=%zu\">下一页</a>",
		    req_query(r, "year"), req_query(r, "table"), req_query(r, "row"), req_query(r, "col"), page + 1);
	page_raw(&r->page, "</p>\n");
}

static int drill_apps(struct req *r, int year, const char *key, int col, size_t page)
{
	int row = report_app_row_by_key(key);
	if (row < 0 || col < 0 || col >= APP_COL_COUNT)
		return req_error(r, 400, "表三的行或列不存在。");
	struct annual_app_ref *apps;
	size_t n, total;
	if (annual_drill_applications(req_reader(r), acting_agency(r), year, key, col, (page - 1) * DRILL_PAGE,
				      DRILL_PAGE, &apps, &n, &total) < 0)
		return req_error(r, 400, "表三的行或列不存在。");
	const char *label =
	    report_app_rows[row].short_label ? report_app_rows[row].short_label : report_app_rows[row].label;
	drill_begin(r, year, arena_printf(&r->arena, "%d 年表三 %s · %s", year, label, report_app_col_labels[col]));
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">申请编号</th><th scope=\"col\">"
		 "申请人类型</th><th scope=\"col\">收到日期</th><th scope=\"col\">办结日期</th><th scope=\"col\">"
		 "办理结果</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_app_ref *a = &apps[i];
		const char *outcome = a->row >= 0
					  ? (report_app_rows[a->row].short_label ? report_app_rows[a->row].short_label
										 : report_app_rows[a->row].label)
					  : "尚未办结";
		page_printf(&r->page,
			    "<tr><td><a href=\"/admin/applications/view?no=%t\">%h</a></td><td>%h</td><td>%h</td>"
			    "<td>%h</td><td>%h</td></tr>\n",
			    a->tracking_no, a->tracking_no, applicant_types[a->column],
			    annual_http_day(r, a->received_on),
			    a->concluded_on == CAL_NO_DAY ? "—" : annual_http_day(r, a->concluded_on), outcome);
	}
	page_raw(&r->page, "</tbody></table></div>\n");
	more_link(r, page, total);
	layout_end(r);
	free(apps);
	return 200;
}

static int drill_items(struct req *r, int year, int row, int col, size_t page)
{
	static const char *const cols[] = {"本年制发件数", "本年废止件数", "现行有效件数"};
	struct annual_item_ref *items;
	size_t n, total;
	if (annual_drill_items(req_reader(r), acting_agency(r), year, row, col, (page - 1) * DRILL_PAGE, DRILL_PAGE,
			       &items, &n, &total) < 0)
		return req_error(r, 400, "表二的行或列不存在。");
	drill_begin(r, year,
		    arena_printf(&r->arena, "%d 年表二 %s · %s", year, report_pro_row(REPORT_EDITION_2021, row)->label,
				 cols[col]));
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">索引号</th><th scope=\"col\">标题"
		 "</th><th scope=\"col\">发布日期</th><th scope=\"col\">有效性</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_item_ref *it = &items[i];
		const char *validity = strcmp(it->validity, "valid") == 0 ? "有效"
				       : strcmp(it->validity, "repealed") == 0
					   ? arena_printf(&r->arena, "%s 废止", annual_http_day(r, it->validity_on))
					   : arena_printf(&r->arena, "%s 失效", annual_http_day(r, it->validity_on));
		page_printf(
		    &r->page,
		    "<tr><td>%h</td><td><a href=\"/admin/info/view?id=%lld\">%h</a></td><td>%h</td><td>%h</td></tr>\n",
		    it->index_no, (long long)it->id, it->title, annual_http_day(r, it->published_on), validity);
	}
	page_raw(&r->page, "</tbody></table></div>\n");
	more_link(r, page, total);
	layout_end(r);
	free(items);
	return 200;
}

static int drill_cases(struct req *r, int year, int block, int col)
{
	struct annual_case *cases;
	size_t n;
	if (annual_drill_cases(req_reader(r), acting_agency(r), year, block, col, &cases, &n) < 0)
		return req_error(r, 400, "表四的类别或列不存在。");
	drill_begin(r, year,
		    arena_printf(&r->arena, "%d 年表四 %s · %s", year,
				 block >= 0 ? report_case_block_labels[block] : "全部", report_case_col_labels[col]));
	page_raw(&r->page,
		 "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">案号</th><th scope=\"col\">类别</th>"
		 "<th scope=\"col\">立案日期</th><th scope=\"col\">本年度计入</th><th scope=\"col\">关联申请</th>"
		 "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct annual_case *c = &cases[i];
		page_printf(&r->page, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td><td>",
			    c->case_no[0] ? c->case_no : "（未填）", report_case_block_labels[c->kind],
			    annual_http_day(r, c->filed_on), report_case_col_labels[c->result]);
		if (c->tracking_no[0])
			page_printf(&r->page, "<a href=\"/admin/applications/view?no=%t\">%h</a>", c->tracking_no,
				    c->tracking_no);
		else
			page_raw(&r->page, "—");
		page_raw(&r->page, "</td></tr>\n");
	}
	page_printf(&r->page, "</tbody></table></div>\n<p>共 %zu 件。</p>\n", n);
	layout_end(r);
	free(cases);
	return 200;
}

int page_annual_drill(struct req *r)
{
	int year = annual_http_year(req_query(r, "year"));
	const char *table = req_query(r, "table");
	int col = int_query(r, "col", APP_COL_TOTAL);
	int page = int_query(r, "page", 1);
	if (!year || !table || col < 0 || page < 1)
		return req_error(r, 400, "请指定年度、表格、行和列。");
	if (strcmp(table, "apps") == 0)
		return drill_apps(r, year, req_query(r, "row") ? req_query(r, "row") : "", col, (size_t)page);
	int row = int_query(r, "row", -1);
	if (strcmp(table, "items") == 0 && row >= 0)
		return drill_items(r, year, row, col, (size_t)page);
	if (strcmp(table, "cases") == 0 && row >= -1)
		return drill_cases(r, year, row, col);
	return req_error(r, 400, "表格只能是 apps、items 或 cases。");
}
