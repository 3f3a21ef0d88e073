/* collect_export.c — the 年报 collection as the 公开办 files it and scripts read it (collect.h): CSV
 * (util/csv.h fields), XLSX (libxlsxwriter, like the report and findings exports) and the API's JSON.
 * Every export has the same columns, from one table below. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "supervise/collect.h"
#include "util/csv.h"
#include "util/temp_output.h"
#include "util/xlsx_lib.h"

enum column {
	COL_AGENCY,
	COL_LEVEL,
	COL_EXTERNAL,
	COL_STATE,
	COL_PUBLISHED,
	COL_DUE,
	COL_LATE,
	COL_ERRORS,
	COL_WARNINGS,
	COL_RULES,
	COL_NOTICES,
	COL_SOURCE,
	NCOLS
};
static const char *const titles[NCOLS] = {
    "机关",	"层级", "是否外部", "状态",	      "发布（收到）日期",   "法定期限",
    "逾期天数", "错误", "提醒",	    "发现（按规则）", "整改通知（未答复）", "来源"};

static void iso_day(int day, char out[16])
{
	int y, m, d;
	if (day == CAL_NO_DAY) {
		out[0] = 0;
		return;
	}
	cal_date_from_day(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* The text of every column of a row (numbers as text too; XLSX writes those as numbers). */
struct cells {
	char text[NCOLS][256];
	bool number[NCOLS];
};

static void row_cells(const struct collect_row *row, struct cells *c)
{
	memset(c, 0, sizeof *c);
	struct buf rules = {0};
	collect_rules_text(row, &rules);
	snprintf(c->text[COL_AGENCY], sizeof c->text[0], "%s", row->agency.name);
	snprintf(c->text[COL_LEVEL], sizeof c->text[0], "%s", agency_level_name_zh(row->agency.level));
	snprintf(c->text[COL_EXTERNAL], sizeof c->text[0], "%s", row->agency.external ? "是" : "否");
	snprintf(c->text[COL_STATE], sizeof c->text[0], "%s", collect_state_zh(row->state));
	iso_day(row->published_on, c->text[COL_PUBLISHED]);
	iso_day(row->due_on, c->text[COL_DUE]);
	snprintf(c->text[COL_LATE], sizeof c->text[0], "%d", row->days_late);
	snprintf(c->text[COL_ERRORS], sizeof c->text[0], "%zu", row->errors);
	snprintf(c->text[COL_WARNINGS], sizeof c->text[0], "%zu", row->warnings);
	snprintf(c->text[COL_RULES], sizeof c->text[0], "%s", rules.data);
	snprintf(c->text[COL_NOTICES], sizeof c->text[0], "%zu（%zu）", row->notices, row->notices_open);
	snprintf(c->text[COL_SOURCE], sizeof c->text[0], "%s", row->source);
	c->number[COL_LATE] = c->number[COL_ERRORS] = c->number[COL_WARNINGS] = true;
	buf_free(&rules);
}

void collect_export_csv(const struct collect_row *rows, size_t n, int year, struct buf *out)
{
	(void)year;
	buf_puts(out, "\xEF\xBB\xBF");
	for (int k = 0; k < NCOLS; k++) {
		if (k)
			buf_puts(out, ",");
		csv_put_field(out, titles[k]);
	}
	buf_puts(out, "\r\n");
	struct cells c;
	for (size_t i = 0; i < n; i++) {
		row_cells(&rows[i], &c);
		for (int k = 0; k < NCOLS; k++) {
			if (k)
				buf_puts(out, ",");
			csv_put_field(out, c.text[k]);
		}
		buf_puts(out, "\r\n");
	}
}

/* Writes the workbook to path: a title row, the column titles (bold, frozen, filter), one row per agency. */
static int write_workbook(const struct collect_row *rows, size_t n, int year, const char *path)
{
	lxw_workbook *book = workbook_new(path);
	if (!book)
		return -1;
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	lxw_worksheet *sheet = workbook_add_worksheet(book, "年报收集");
	char title[64];
	snprintf(title, sizeof title, "%d 年度政府信息公开工作年度报告收集情况", year);
	worksheet_write_string(sheet, 0, 0, title, bold);
	for (int k = 0; k < NCOLS; k++)
		worksheet_write_string(sheet, 1, (lxw_col_t)k, titles[k], bold);
	worksheet_set_column(sheet, 0, 0, 36, NULL);
	worksheet_freeze_panes(sheet, 2, 1);
	struct cells c;
	for (size_t i = 0; i < n; i++) {
		row_cells(&rows[i], &c);
		lxw_row_t r = (lxw_row_t)(i + 2);
		for (int k = 0; k < NCOLS; k++) {
			if (c.number[k])
				worksheet_write_number(sheet, r, (lxw_col_t)k, strtod(c.text[k], NULL), NULL);
			else if (c.text[k][0])
				worksheet_write_string(sheet, r, (lxw_col_t)k, c.text[k], NULL);
		}
	}
	worksheet_autofilter(sheet, 1, 0, (lxw_row_t)(n + 1), NCOLS - 1);
	return workbook_close(book) == LXW_NO_ERROR ? 0 : -1;
}

struct workbook {
	const struct collect_row *rows;
	size_t n;
	int year;
};

static int write_collection(const char *path, const void *ctx)
{
	const struct workbook *w = ctx;
	return write_workbook(w->rows, w->n, w->year, path);
}

int collect_export_xlsx(const struct collect_row *rows, size_t n, int year, struct buf *out, char *err, size_t errsize)
{
	if (gk_xlsx_load(err, errsize) < 0) /* libxlsxwriter is opened with the first workbook */
		return -1;
	struct workbook w = {rows, n, year};
	return temp_output(write_collection, &w, "XLSX 文件", out, err, errsize);
}

void collect_to_json(const struct collect_row *rows, size_t n, struct buf *out)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct collect_row *row = &rows[i];
		char published[16], due[16];
		iso_day(row->published_on, published);
		iso_day(row->due_on, due);
		json_t *rules = json_object();
		for (size_t k = 0; k < row->nrules; k++)
			json_object_set_new(rules, row->rules[k].rule, json_integer(row->rules[k].count));
		json_array_append_new(
		    list, json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:s, s:i, s:I, s:I, s:o, s:I, s:I, s:o}",
				    "agency_id", (json_int_t)row->agency.id, "agency", row->agency.name, "level",
				    agency_level_name(row->agency.level), "external", row->agency.external, "state",
				    collect_state_name(row->state), "published_on",
				    published[0] ? json_string(published) : json_null(), "due_on", due, "days_late",
				    row->days_late, "errors", (json_int_t)row->errors, "warnings",
				    (json_int_t)row->warnings, "findings", rules, "notices", (json_int_t)row->notices,
				    "notices_open", (json_int_t)row->notices_open, "report_version",
				    row->version ? json_integer(row->version) : json_null()));
	}
	char *text = json_dumps(list, JSON_COMPACT);
	buf_puts(out, text ? text : "[]");
	buf_puts(out, "\n");
	free(text);
	json_decref(list);
}
