/* report_json.c — canonical JSON writer and reader of the report model (jansson for the parsing
 * and for string escaping; the layout is written by hand so that it is stable and readable). */
#include "report/report_json.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void put_string(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	json_t *j = json_string(s);
	char *text = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	buf_puts(out, text ? text : "null");
	free(text);
	json_decref(j);
}

static void put_cell(struct buf *out, struct rcell c, enum cell_kind kind)
{
	if (!c.present) {
		buf_puts(out, "null");
		return;
	}
	char text[32];
	rcell_format(c, kind, text, sizeof text);
	buf_puts(out, text);
}

static void put_cells(struct buf *out, const struct rcell *cells, int n)
{
	buf_putc(out, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		put_cell(out, cells[i], CELL_COUNT);
	}
	buf_putc(out, ']');
}

static void put_proactive(struct buf *out, const struct report *r)
{
	buf_puts(out, "  \"proactive\": {");
	bool first = true;
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		if (!def)
			continue;
		buf_printf(out, "%s\n    \"%s\": {", first ? "" : ",", def->key);
		first = false;
		for (int c = 0; c < def->ncols; c++) {
			buf_printf(out, "%s\"%s\": ", c ? ", " : "", def->col_keys[c]);
			put_cell(out, r->proactive[p][c], def->kinds[c]);
		}
		if (p == PRO_PROCUREMENT) {
			buf_puts(out, ", \"amount_unit\": ");
			put_string(out, r->procurement_unit);
		}
		buf_putc(out, '}');
	}
	buf_puts(out, first ? "},\n" : "\n  },\n");
}

void report_to_json(const struct report *r, struct buf *out)
{
	buf_puts(out, "{\n  \"format\": \"" REPORT_JSON_FORMAT "\",\n");
	buf_printf(out, "  \"edition\": %d,\n", r->edition);
	if (r->year)
		buf_printf(out, "  \"year\": %d,\n", r->year);
	else
		buf_puts(out, "  \"year\": null,\n");
	buf_puts(out, "  \"agency\": ");
	put_string(out, r->agency);
	buf_puts(out, ",\n");
	put_proactive(out, r);

	buf_puts(out, "  \"applications\": {");
	bool first = true;
	for (int a = 0; a < APP_ROW_COUNT; a++) {
		if (!report_app_row_in(r->edition, a))
			continue;
		buf_printf(out, "%s\n    \"%s\": ", first ? "" : ",", report_app_rows[a].key);
		put_cells(out, r->applications[a], APP_COL_COUNT);
		first = false;
	}
	buf_puts(out, first ? "},\n" : "\n  },\n");

	buf_puts(out, "  \"cases\": {");
	for (int b = 0; b < CASE_BLOCK_COUNT; b++) {
		buf_printf(out, "%s\n    \"%s\": ", b ? "," : "", report_case_block_keys[b]);
		put_cells(out, r->cases[b], CASE_COL_COUNT);
	}
	buf_puts(out, "\n  },\n");

	buf_puts(out, "  \"sections\": {\n    \"overview\": ");
	put_string(out, r->overview);
	buf_puts(out, ",\n    \"problems\": ");
	put_string(out, r->problems);
	buf_puts(out, ",\n    \"other\": ");
	put_string(out, r->other);
	buf_puts(out, ",\n    \"processing_fee_yuan\": ");
	put_cell(out, r->processing_fee, CELL_MONEY);
	buf_puts(out, "\n  }\n}\n");
}

/* ---- reading ---- */

struct reader {
	char *err;
	size_t errsize;
};

static int fail(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct reader *rd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rd->err, rd->errsize, fmt, ap);
	va_end(ap);
	return -1;
}

static int read_cell(struct reader *rd, json_t *v, enum cell_kind kind, struct rcell *out, const char *where)
{
	if (!v || json_is_null(v)) {
		*out = (struct rcell){0};
		return 0;
	}
	if (kind == CELL_MONEY && json_is_number(v)) {
		double d = json_number_value(v);
		if (!isfinite(d) || d < 0 || d > 9e12)
			return fail(rd, "字段 %s 的金额 %g 不在有效范围内", where, d);
		*out = rcell_of(llround(d * REPORT_MONEY_SCALE));
		return 0;
	}
	if (!json_is_integer(v))
		return fail(rd, "字段 %s 应为整数或 null", where);
	json_int_t i = json_integer_value(v);
	if (kind == CELL_COUNT && i < 0)
		return fail(rd, "字段 %s 不能为负数（%lld）", where, (long long)i);
	*out = rcell_of(i);
	return 0;
}

static int read_array(struct reader *rd, json_t *obj, const char *key, struct rcell *cells, int n, const char *where)
{
	json_t *arr = json_object_get(obj, key);
	if (!arr)
		return fail(rd, "缺少字段 %s.%s", where, key);
	if (!json_is_array(arr) || (int)json_array_size(arr) != n)
		return fail(rd, "字段 %s.%s 应为 %d 个单元格的数组", where, key, n);
	for (int i = 0; i < n; i++) {
		char at[96];
		snprintf(at, sizeof at, "%s.%s[%d]", where, key, i);
		if (read_cell(rd, json_array_get(arr, (size_t)i), CELL_COUNT, &cells[i], at) < 0)
			return -1;
	}
	return 0;
}

static int read_text(struct reader *rd, json_t *obj, const char *key, char **field)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return fail(rd, "字段 sections.%s 应为字符串或 null", key);
	report_set_text(field, json_string_value(v));
	return 0;
}

static int read_proactive(struct reader *rd, json_t *root, struct report *r)
{
	json_t *pro = json_object_get(root, "proactive");
	if (!json_is_object(pro))
		return fail(rd, "缺少对象字段 proactive");
	for (int p = 0; p < PRO_ROW_COUNT; p++) {
		const struct pro_row_def *def = report_pro_row(r->edition, p);
		if (!def)
			continue;
		json_t *row = json_object_get(pro, def->key);
		if (!json_is_object(row))
			return fail(rd, "缺少对象字段 proactive.%s", def->key);
		for (int c = 0; c < def->ncols; c++) {
			char at[96];
			snprintf(at, sizeof at, "proactive.%s.%s", def->key, def->col_keys[c]);
			json_t *v = json_object_get(row, def->col_keys[c]);
			if (!v)
				return fail(rd, "缺少字段 %s", at);
			if (read_cell(rd, v, def->kinds[c], &r->proactive[p][c], at) < 0)
				return -1;
		}
		json_t *unit = json_object_get(row, "amount_unit");
		if (p == PRO_PROCUREMENT && json_is_string(unit) && json_string_length(unit))
			r->procurement_unit = xstrdup(json_string_value(unit));
	}
	return 0;
}

static int read_root(struct reader *rd, json_t *root, struct report *r)
{
	if (!json_is_object(root))
		return fail(rd, "JSON 顶层应为对象");
	const char *format = json_string_value(json_object_get(root, "format"));
	if (!format || strcmp(format, REPORT_JSON_FORMAT) != 0)
		return fail(rd, "字段 format 应为 \"%s\"", REPORT_JSON_FORMAT);
	json_t *ed = json_object_get(root, "edition");
	int edition = json_is_integer(ed) ? (int)json_integer_value(ed) : 0;
	if (edition != REPORT_EDITION_2019 && edition != REPORT_EDITION_2021)
		return fail(rd, "字段 edition 应为 2019 或 2021");
	report_init(r, edition);
	json_t *year = json_object_get(root, "year");
	if (json_is_integer(year) && json_integer_value(year) >= 1990 && json_integer_value(year) <= 2999)
		r->year = (int)json_integer_value(year);
	else if (year && !json_is_null(year))
		return fail(rd, "字段 year 应为 1990–2999 之间的年份或 null");
	json_t *agency = json_object_get(root, "agency");
	if (json_is_string(agency))
		r->agency = xstrdup(json_string_value(agency));
	else if (agency && !json_is_null(agency))
		return fail(rd, "字段 agency 应为字符串或 null");

	if (read_proactive(rd, root, r) < 0)
		return -1;
	json_t *apps = json_object_get(root, "applications");
	if (!json_is_object(apps))
		return fail(rd, "缺少对象字段 applications");
	for (int a = 0; a < APP_ROW_COUNT; a++)
		if (report_app_row_in(edition, a) &&
		    read_array(rd, apps, report_app_rows[a].key, r->applications[a], APP_COL_COUNT, "applications") < 0)
			return -1;
	json_t *cases = json_object_get(root, "cases");
	if (!json_is_object(cases))
		return fail(rd, "缺少对象字段 cases");
	for (int b = 0; b < CASE_BLOCK_COUNT; b++)
		if (read_array(rd, cases, report_case_block_keys[b], r->cases[b], CASE_COL_COUNT, "cases") < 0)
			return -1;
	json_t *sections = json_object_get(root, "sections");
	if (sections && !json_is_object(sections))
		return fail(rd, "字段 sections 应为对象");
	if (read_text(rd, sections, "overview", &r->overview) < 0 ||
	    read_text(rd, sections, "problems", &r->problems) < 0 || read_text(rd, sections, "other", &r->other) < 0)
		return -1;
	return read_cell(rd, json_object_get(sections, "processing_fee_yuan"), CELL_MONEY, &r->processing_fee,
			 "sections.processing_fee_yuan");
}

int report_from_json(const char *text, size_t len, struct report *r, char *err, size_t errsize)
{
	struct reader rd = {err, errsize};
	report_init(r, REPORT_EDITION_UNKNOWN);
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errsize, "JSON 格式错误（第 %d 行第 %d 列）：%s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	int rc = read_root(&rd, root, r);
	json_decref(root);
	if (rc < 0)
		report_free(r);
	return rc;
}
