/* cli_report_out.c — what `gongkai report check` prints or writes about a batch of checked files:
 * a line per file and a summary table in Chinese for a clerk; the per-file JSON of --json; and the
 * findings table of --format (one row per finding) as JSON (jansson), CSV (RFC 4180, UTF-8 with a
 * BOM so that Excel reads the Chinese) or XLSX (libxlsxwriter, constant-memory mode, so thousands of
 * rows cost no more than one; the library is opened here, util/xlsx_lib.h). */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_report.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xlsx_lib.h"

static const char *verdict_text(enum verdict v)
{
	static const char *const text[] = {"通过（完整且一致）", "违反勾稽关系或填报规则", "不完整", "无法读取"};
	return text[v];
}

void batch_print_text(FILE *out, const struct checked *files, int n, bool with_findings)
{
	for (int i = 0; i < n; i++) {
		const struct checked *c = &files[i];
		enum verdict v = checked_verdict(c);
		if (!c->readable) {
			fprintf(out, "%s: %s — %s\n", c->path, verdict_text(v), c->error);
			continue;
		}
		fprintf(out, "%s: %s%d 年（%d 版格式）— %s，%zu 个错误，%zu 个警告\n", c->path,
			c->agency ? c->agency : "（未识别机关）", c->year, c->edition, verdict_text(v),
			findings_count(&c->findings, SEV_ERROR), findings_count(&c->findings, SEV_WARNING));
		if (with_findings)
			cli_report_print_findings(out, &c->findings);
	}
}

void batch_print_summary(FILE *out, const struct checked *files, int n)
{
	int count[4] = {0};
	for (int i = 0; i < n; i++)
		count[checked_verdict(&files[i])]++;
	/* labels padded to the same display width (a CJK character is two columns) */
	fprintf(out,
		"共 %d 份：通过 %d，违反规则 %d，不完整 %d，无法读取 %d\n"
		"┌────────────┬────────┐\n"
		"│ 文件       │ %6d │\n"
		"│ 完整且一致 │ %6d │\n"
		"│ 违反规则   │ %6d │\n"
		"│ 不完整     │ %6d │\n"
		"│ 无法读取   │ %6d │\n"
		"└────────────┴────────┘\n",
		n, count[VERDICT_CONSISTENT], count[VERDICT_VIOLATIONS], count[VERDICT_INCOMPLETE],
		count[VERDICT_UNREADABLE], n, count[VERDICT_CONSISTENT], count[VERDICT_VIOLATIONS],
		count[VERDICT_INCOMPLETE], count[VERDICT_UNREADABLE]);
}

static int status_of(const struct checked *c)
{
	return c->readable ? findings_status(&c->findings) : 2;
}

void batch_print_legacy_json(FILE *out, const struct checked *files, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const struct checked *c = &files[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(c->path));
		json_object_set_new(o, "status", json_integer(status_of(c)));
		json_object_set_new(o, "edition", c->readable ? json_integer(c->edition) : json_null());
		json_object_set_new(o, "year", c->year ? json_integer(c->year) : json_null());
		json_object_set_new(o, "agency", json_string_or_null(c->agency));
		json_object_set_new(o, "error", json_string_or_null(c->error));
		struct buf text = {0};
		findings_to_json(&c->findings, &text);
		json_object_set_new(o, "findings", json_loads(text.data, 0, NULL));
		buf_free(&text);
		json_array_append_new(arr, o);
	}
	char *text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	if (text)
		fprintf(out, "%s\n", text);
	free(text);
	json_decref(arr);
}

/* ---- the findings table ---- */

enum column {
	COL_FILE,
	COL_AGENCY,
	COL_YEAR,
	COL_RULE,
	COL_SEVERITY,
	COL_TABLE,
	COL_ROW,
	COL_COLUMN,
	COL_MESSAGE,
	NCOLS
};

static const char *const column_keys[NCOLS] = {"file",	"agency", "year",   "rule",   "severity",
					       "table", "row",	  "column", "message"};
static const char *const column_titles[NCOLS] = {"文件", "机关", "年度", "规则", "性质", "表", "行", "列", "说明"};

/* One row: the fields as strings (NULL when empty); year is a number or NULL. */
struct row {
	const char *cell[NCOLS];
	int year;
	const char *severity_zh;
};

/* Calls emit for every row of the table, in file order then finding order. */
static void for_each_row(const struct checked *files, int n, void (*emit)(const struct row *, void *), void *ctx)
{
	for (int i = 0; i < n; i++) {
		const struct checked *c = &files[i];
		struct row r = {.year = c->year};
		r.cell[COL_FILE] = c->path;
		r.cell[COL_AGENCY] = c->agency;
		if (!c->readable) {
			r.cell[COL_SEVERITY] = "unreadable";
			r.severity_zh = "无法读取";
			r.cell[COL_MESSAGE] = c->error;
			emit(&r, ctx);
			continue;
		}
		for (size_t k = 0; k < c->findings.n; k++) {
			const struct finding *f = &c->findings.v[k];
			bool error = f->severity == SEV_ERROR;
			r.cell[COL_RULE] = f->rule;
			r.cell[COL_SEVERITY] = f->incomplete ? "incomplete" : error ? "error" : "warning";
			r.severity_zh = f->incomplete ? "不完整" : error ? "错误" : "警告";
			r.cell[COL_TABLE] = f->table;
			r.cell[COL_ROW] = f->row;
			r.cell[COL_COLUMN] = f->column;
			r.cell[COL_MESSAGE] = f->message;
			emit(&r, ctx);
		}
	}
}

static void json_row(const struct row *r, void *ctx)
{
	json_t *o = json_object();
	for (int k = 0; k < NCOLS; k++)
		json_object_set_new(o, column_keys[k],
				    k == COL_YEAR ? (r->year ? json_integer(r->year) : json_null())
						  : json_string_or_null(r->cell[k]));
	json_array_append_new(ctx, o);
}

static void csv_row(const struct row *r, void *ctx)
{
	struct buf *out = ctx;
	for (int k = 0; k < NCOLS; k++) {
		if (k)
			buf_puts(out, ",");
		if (k == COL_YEAR && r->year)
			buf_printf(out, "%d", r->year);
		else if (k != COL_YEAR)
			csv_put_field(out, r->cell[k]);
	}
	buf_puts(out, "\r\n");
}

struct xlsx_rows {
	lxw_worksheet *sheet;
	lxw_row_t next;
};

static void xlsx_row(const struct row *r, void *ctx)
{
	struct xlsx_rows *x = ctx;
	for (int k = 0; k < NCOLS; k++) {
		const char *s = k == COL_SEVERITY ? r->severity_zh : r->cell[k];
		if (k == COL_YEAR && r->year)
			worksheet_write_number(x->sheet, x->next, (lxw_col_t)k, r->year, NULL);
		else if (k != COL_YEAR && s)
			worksheet_write_string(x->sheet, x->next, (lxw_col_t)k, s, NULL);
	}
	x->next++;
}

/* The workbook: sheet 发现 (one row per finding, Chinese headings, frozen header, filter) and sheet
 * 文件 (one row per file with its verdict, so that files without findings are listed too). */
static int write_xlsx(const char *path, const struct checked *files, int n)
{
	char err[DL_ERROR_MAX];
	if (gk_xlsx_load(err, sizeof err) < 0) {
		fprintf(stderr, "gongkai report check: %s\n", err);
		return -1;
	}
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
	lxw_workbook *book = workbook_new_opt(path, &opts);
	if (!book) {
		fprintf(stderr, "gongkai report check: 无法创建 %s\n", path);
		return -1;
	}
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	struct xlsx_rows x = {.sheet = workbook_add_worksheet(book, "发现"), .next = 1};
	for (int k = 0; k < NCOLS; k++)
		worksheet_write_string(x.sheet, 0, (lxw_col_t)k, column_titles[k], bold);
	worksheet_freeze_panes(x.sheet, 1, 0);
	worksheet_set_column(x.sheet, COL_FILE, COL_FILE, 40, NULL);
	worksheet_set_column(x.sheet, COL_AGENCY, COL_AGENCY, 30, NULL);
	worksheet_set_column(x.sheet, COL_MESSAGE, COL_MESSAGE, 80, NULL);
	for_each_row(files, n, xlsx_row, &x);
	worksheet_autofilter(x.sheet, 0, 0, x.next - 1, NCOLS - 1);

	lxw_worksheet *sheet = workbook_add_worksheet(book, "文件");
	static const char *const titles[] = {"文件", "机关", "年度", "格式版本", "结论", "错误", "警告"};
	for (int k = 0; k < 7; k++)
		worksheet_write_string(sheet, 0, (lxw_col_t)k, titles[k], bold);
	worksheet_set_column(sheet, 0, 0, 40, NULL);
	worksheet_set_column(sheet, 1, 1, 30, NULL);
	for (int i = 0; i < n; i++) {
		const struct checked *c = &files[i];
		lxw_row_t row = (lxw_row_t)i + 1;
		worksheet_write_string(sheet, row, 0, c->path, NULL);
		if (c->agency)
			worksheet_write_string(sheet, row, 1, c->agency, NULL);
		if (c->year)
			worksheet_write_number(sheet, row, 2, c->year, NULL);
		if (c->readable)
			worksheet_write_number(sheet, row, 3, c->edition, NULL);
		worksheet_write_string(sheet, row, 4, verdict_text(checked_verdict(c)), NULL);
		worksheet_write_number(sheet, row, 5, (double)findings_count(&c->findings, SEV_ERROR), NULL);
		worksheet_write_number(sheet, row, 6, (double)findings_count(&c->findings, SEV_WARNING), NULL);
	}
	lxw_error rc = workbook_close(book);
	if (rc != LXW_NO_ERROR) {
		fprintf(stderr, "gongkai report check: 无法写入 %s：%s\n", path, lxw_strerror(rc));
		return -1;
	}
	return 0;
}

int batch_write_findings(const char *format, const char *path, const struct checked *files, int n)
{
	if (strcmp(format, "xlsx") == 0)
		return write_xlsx(path, files, n);
	struct buf text = {0};
	if (strcmp(format, "csv") == 0) {
		buf_puts(&text, "\xEF\xBB\xBF");
		for (int k = 0; k < NCOLS; k++)
			buf_printf(&text, "%s%s", k ? "," : "", column_keys[k]);
		buf_puts(&text, "\r\n");
		for_each_row(files, n, csv_row, &text);
	} else {
		json_t *arr = json_array();
		for_each_row(files, n, json_row, arr);
		char *s = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_INDENT(2));
		buf_printf(&text, "%s\n", s ? s : "[]");
		free(s);
		json_decref(arr);
	}
	FILE *f = path ? fopen(path, "wb") : stdout;
	bool ok = f && fwrite(text.data, 1, text.len, f) == text.len;
	if (f && path)
		ok = fclose(f) == 0 && ok;
	else if (f)
		ok = fflush(f) == 0 && ok;
	buf_free(&text);
	if (!ok)
		fprintf(stderr, "gongkai report check: 无法写入 %s：%s\n", path ? path : "标准输出", strerror(errno));
	return ok ? 0 : -1;
}
